// Package workspacechat is a client for the workspace chat API: the Chats
// resource of Zaia's Public API (https://api.endless.zaia.app) and the
// chat messages that go with it.
//
// # Authentication
//
// Create an API key in the API-keys section of the workspace settings page
// and pass it to [NewClient]. It is sent in the authorization header (the
// header the docs declare), bare, with no "Bearer" prefix (the docs never
// mention one; whether the server also accepts it is unconfirmed), only
// over https unless the host is loopback or [WithInsecureHTTP] is given,
// and it never appears in a log or an error.
//
//	c, err := workspacechat.NewClient(apiKey)
//	row, err := c.GetChat(ctx, chatID)
//
// # Chats and messages
//
// The API describes a chat in two shapes: the [ChatRow], a denormalized
// list view with the channel, owner, responder, ticket and previews of the
// last two messages ([Client.GetChat], [Client.ListChats],
// [Client.AllChats], [Client.ExportChats]); and the [Chat] entity, with the
// owner and responder as super-identity IDs ([Client.GetChatEntity],
// [Client.ListChatEntities], [Client.AllChatEntities], [Client.CreateChat],
// [Client.UpdateChat]). Seed 003 documents the list and the GET by id once
// answering rows and once entities (the list's entity variant is the one
// that takes channelTypes and ownerIds); which one a server answers is up
// to the server, so each decoder checks what it got and refuses the other
// shape with [ErrUnexpectedShape] instead of returning empty fields. [Client.RemoveChat] soft-
// deletes a chat. [Client.ListChatMessages] and [Client.CreateChatMessage]
// read and post messages.
//
// Many JSON names of this API are not published; the ones this package
// infers are gathered, and marked, next to each resource (chats_wire.go,
// messages_wire.go, errors_wire.go). Every decoded object keeps its JSON in
// a Raw field, so a field whose name was guessed wrong is still reachable. IDs are checked to be UUIDs before anything is
// sent ([ErrInvalidID]).
//
// # Iterators
//
// [Client.AllChats] and [Client.AllChatEntities] read every page as the
// caller ranges over them. They never yield a chat twice (the IDs yielded
// are kept, about 100 bytes per chat), stop on a short or empty page, and
// end with [ErrPageRepeated] rather than loop or repeat on a server that
// ignores the page number or reorders the list; [ChatFilter].MaxPages
// bounds them ([ErrPageLimit]), and an empty or null page is
// [ErrMalformedResponse], not the end. With [WithPrefetch] they fetch the
// next two pages while the caller works. Paging by number cannot see a chat
// that leaves the list ahead of the reader, which makes a later one
// skipped; [Client.ExportChats] walks the list back in time by its
// latest-message bound instead, so that no chat of the snapshot taken at
// its start is skipped whatever happens to the others.
// [Client.WatchChats] polls for chats with new messages and yields each
// new latest message once; it takes the [WatchOption] values every
// switchboard watcher takes ([WatchInterval], [WatchGiveUpAfter],
// [WatchRetryWait], [WatchFrom]) and its own [WatchFilter] and
// [WatchOverlap]. All of them stop when the caller breaks, yield
// an error at most once, and leave no goroutine behind.
//
// # Errors and retries
//
// A non-2xx answer is an [*Error] holding the API's error body (code, name,
// message, localized feedback, call to action). Test it with errors.Is
// against [ErrNotFound], [ErrUnauthorized], [ErrInvalidData] (also
// [ErrInvalidRequest]), [ErrRateLimited] or [ErrServerError], and a 2xx
// body that cannot be decoded against [ErrMalformedResponse] (one over
// [WithMaxResponseBytes]: [ErrResponseTooLarge]); a connection failure
// keeps its cause, so errors.Is(err, context.Canceled) works. An argument
// refused before anything is sent (an empty API key, an ID that is not a
// UUID, a page size out of range) gives an error matching
// [ErrInvalidArgument], which names the argument and never the key.
// Reads and deletes are retried on connection errors, 429, 502, 503 and
// 504, with capped exponential backoff that honours Retry-After; creates
// and updates are never sent twice once they may have reached the server.
//
// # Per-call options and response metadata
//
// Every method takes the options of package
// github.com/switchboard-go/switchboard/call as its final argument (a watcher, such as [Client.WatchChats], takes them through [WatchCall]):
// call.Timeout, call.MaxRetries and call.Header override the client's
// options for that call, and call.ResponseInto captures the status, headers,
// request id and attempts of its last response, on success and failure. An
// [Error] carries the same RequestID and Header. For an endpoint the package
// does not model, [Client.Raw] reuses the client's credentials, retries,
// redaction, limits and error decoding.
//
// # Testing
//
// Package workspacechattest is a stateful fake of the API: start one with
// workspacechattest.NewServer, point the client at it with [WithBaseURL]
// and its APIKey, seed it with generated chats, script messages, and inject
// faults. The examples below run against it.
package workspacechat
