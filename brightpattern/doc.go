// Package brightpattern is a client for the Bright Pattern Contact Center
// Mobile/Web Messaging API (v1, and v2 with [WithAPIVersion]): the API a
// customer-facing mobile or web application uses to chat with a contact
// center's agents.
//
// # Credentials
//
// A [Client] speaks for one client application to one Messaging/Chat
// scenario entry of one tenant:
//
//	c, err := brightpattern.NewClient("acme.brightpattern.com", appID, clientID)
//
// Every request carries the header
// Authorization: MOBILE-API-140-327-PLAIN appId="…", clientId="…", the
// tenantUrl query parameter and User-Agent: MobileClient. The client id
// identifies the application instance: generate one with [NewClientID] and
// keep it, or use [WebChatClientID], with which the server identifies the
// client by HTTP cookie (the client then keeps a cookie jar). A client has
// one active chat at a time: [Client.RequestChat] returns the existing one
// with IsNewChat false.
//
// # Chatting
//
// [Client.RequestChat] starts a chat; [Client.Events] yields what the agent
// and the server send; [Client.SendMessage], [Client.SendTyping],
// [Client.SendFile], [Client.SendLocation], [Client.SendFormData],
// [Client.EndChat] and [Client.SendEvents] speak for the customer.
// Events are Go types ([MessageEvent], [StatusEvent], [PartyJoinedEvent],
// ...); an unknown event is a [RawEvent] and never fails its batch. Times
// are time.Time whether the server sends seconds or milliseconds, numbers or
// strings.
//
// # The event iterator
//
// [Client.Events] long polls with one poll in flight, re-polls after an
// empty answer, backs off after 429, 5509 and server errors, and ends after
// the chat ends. When a poll fails after it may have taken events (the
// connection dropped while the server held it), the iterator reads the chat
// history and yields, in order, what it missed, and nothing twice.
//
// # Errors and retries
//
// A non-2xx answer is an [*Error] with the server's error_code (the Code
// constants) and message; errors.Is matches [ErrSessionEnded],
// [ErrUploadTooLarge], [ErrUnauthorized], [ErrNotFound], [ErrRateLimited]
// and the other sentinels shared by every switchboard package, among them
// [ErrMalformedResponse] for a 2xx body that cannot be decoded and
// [ErrResponseTooLarge] for one over [WithMaxResponseBytes]. Reads are
// retried on connection errors, 429 and 502-504 with jittered backoff;
// requesting a chat, sending events and uploading are never resent once
// they may have reached the server. No credential appears in an error or a
// log record. An argument refused before anything is sent (an empty app or
// client id, an empty chat id, an upload that is missing, too large or
// whose declared Size its content contradicts) gives an error matching
// [ErrInvalidArgument], which names the argument.
//
// # Files
//
// [Client.UploadFile] streams a multipart body from any io.Reader without
// holding it in memory, and refuses a file known to exceed 25 MB before
// sending. [Client.GetFile] and [Client.ProfilePhoto] return streams.
//
// # Testing
//
// Package brightpatterntest is a stateful in-process fake of the whole API,
// with a scripted agent and fault injection; pass its URL to [WithBaseURL].
package brightpattern
