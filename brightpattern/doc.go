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
// # The event stream: exactly once, in order, resumable
//
// [Client.Events] yields the server's events of a chat; [Client.EventStream]
// does the same from a stored [Position], so that a service that restarts
// continues each chat where it left off.
//
// What is guaranteed: the chat history is the ordered log of the chat, and
// every server event the history keeps is yielded exactly once and in
// history order, whatever happens to the polls (a poll whose connection
// drops after the server took its events, an answer cut off or too late, a
// poll the HTTP transport sent twice, a 5xx). The stream keeps its
// position in the history (how many of its server events were yielded,
// and hashes of the last ones); after any poll that may have lost events,
// any poll that overlapped a send of the same Client or repeats one of the
// last events yielded, and when it starts, it reads the history, yields
// exactly what follows
// its position, and skips those events when a later poll brings them
// again. No event of a poll is yielded ahead of a gap before it. One poll
// is in flight at a time; refusals (5509, a plain 400, 429) are polled
// again after the server's wait, failures after a backoff. The stream ends
// after the chat ends.
//
// Its give-up rule: after a failed request (a connection error, a timeout,
// a 5xx, a malformed answer) the stream waits a random time up to a
// ceiling that starts at the client's [WithRetryWait] minimum (200 ms by
// default) and doubles at each failure in a row up to its maximum (10 s by
// default), and at least what the server asks; after 16 failed requests in
// a row it ends with the last error. A poll that brings nothing is not a
// failure. Unlike the watchers of the other packages, which poll at an
// interval and take WatchOption values (WatchInterval, WatchGiveUpAfter,
// WatchRetryWait, WatchFrom), the stream has no interval: the server holds
// each poll open. Its start point is the [Position] of [Client.EventStream].
//
// What is best effort: typing, not-typing and signaling events, which the
// server keeps out of the history, are yielded when a poll brings them and
// lost with a poll that fails. The customer's own events are not yielded
// (read [Client.History]). The guarantee rests on the server's history:
// that it holds every other server event, in the order sent, each reading
// the same as in a poll. A server that delivers again only events older
// than the last four yielded is not told apart from new events that read
// the same.
//
// The position of an [EventStream] ([EventStream.Position]) can be stored
// as a string after any event and read back with [ParsePosition]; a
// malformed one, or one of another chat, gives a [*PositionError].
//
// # Sending
//
// [Client.SendMessage], [Client.SendFile] and [Client.SendLocation] number
// their msg_id ("1", "3", "5", ... as the web client does; the
// documentation's "(chatId:n)" form is read too) and settle an unknown
// outcome themselves: when a send fails after it may have been processed
// (connection lost or timed out after sending, 502, 503, 504), they read
// the history; a message that is there is a success, one that is not is
// sent again with the same msg_id. Only when the history cannot be read is
// the error one matching [ErrOutcomeUnknown]: the message may or may not
// have been processed, and sending it again may show it twice. Other sends
// ([Client.SendEvents], [Client.EndChat], ...) return an error matching
// [ErrOutcomeUnknown] whenever the outcome is unknown. The settling
// assumes the server finished with a failed request by the time the
// client looks (after a backoff wait).
//
// # Errors and retries
//
// A non-2xx answer is an [*Error] with the server's error_code (the Code
// constants) and message; errors.Is matches [ErrSessionEnded],
// [ErrUploadTooLarge], [ErrUnauthorized], [ErrNotFound], [ErrRateLimited]
// and the other sentinels shared by every switchboard package, among them
// [ErrMalformedResponse] for a 2xx body that cannot be decoded,
// [ErrResponseTooLarge] for one over [WithMaxResponseBytes] and
// [ErrOutcomeUnknown] for an unsafe call that may have been processed.
// Reads are retried on connection errors, 429 and 502-504 with jittered
// backoff; requesting a chat, sending events and uploading are sent again
// after a 429 but never once they may have reached the server (see
// Sending for how the numbered sends settle that). No credential appears
// in an error or a log record. An argument refused before anything is
// sent (an empty app or client id, an empty chat id, an upload that is
// missing, too large or whose declared Size its content contradicts) gives
// an error matching [ErrInvalidArgument], which names the argument.
//
// # Files
//
// [Client.UploadFile] streams a multipart body from any io.Reader without
// holding it in memory, and refuses a file known to exceed 25 MB before
// sending. [Client.GetFile] and [Client.ProfilePhoto] return streams.
//
// # Many streams in one process
//
// A service that bridges customers into the contact center holds one
// [Client] per customer (one client ID each) and one stream per open chat.
// Give every Client the same *http.Client ([WithHTTPClient]) so that they
// share one transport and its connection pool; without it, each Client has
// a transport of its own. An idle stream is one held poll: one connection,
// the transport's two goroutines for it, and the goroutine that ranges over
// the stream; the stream starts no goroutine of its own.
//
// Measured with 10,000 idle streams in one process (BenchmarkIdleStreams;
// see BENCHMARKS.md), a stream holds about 16 KB of heap and 24 KB of
// goroutine stacks on the client side, against 13.5 KB and 17–21 KB for a
// hand-written net/http long poll: about 26,000 streams per GB of Go
// memory, plus the kernel's socket buffers, and one file descriptor each
// (raise the process's open-file limit to match).
//
// Beyond that, or when one connection per chat is too many for the
// network between the service and the tenant, use HTTP/2, which real
// tenants offer over TLS: the held polls are then streams multiplexed over
// a few connections. The default transport negotiates it by itself. A
// transport given its own TLSClientConfig does so only with
// ForceAttemptHTTP2 set:
//
//	tr := &http.Transport{TLSClientConfig: cfg, ForceAttemptHTTP2: true, MaxIdleConnsPerHost: 100}
//	hc := &http.Client{Transport: tr}
//	c, err := brightpattern.NewClient(tenant, appID, clientID, brightpattern.WithHTTPClient(hc))
//
// Go's transport opens another connection when a server's limit of
// concurrent streams per connection (often 100 to 250) is reached. Past a
// few tens of thousands of chats, spread them over several processes.
//
// # Per-call options and response metadata
//
// Every method takes the options of package
// github.com/switchboard-go/switchboard/call as its final argument:
// call.Timeout, call.MaxRetries and call.Header override the client's
// options for that call, and call.ResponseInto captures the status, headers,
// request id and attempts of its last response, on success and failure. An
// [Error] carries the same RequestID and Header. For an endpoint the package
// does not model, [Client.Raw] reuses the client's credentials, retries,
// redaction, limits and error decoding.
//
// # Testing
//
// Package brightpatterntest is a stateful in-process fake of the whole API,
// with a scripted agent and fault injection; pass its URL to [WithBaseURL].
// Its chaos mode (brightpatterntest.WithChaos) makes it misbehave at random
// the way loaded servers do, from a seed, to test your own code against.
package brightpattern
