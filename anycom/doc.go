// Package anycom is a typed client for AnyCom Web Services, the command API
// of the AnyCom contact center (WhatsApp channels, the LiveFlow bot and
// LiveChat attendants).
//
// Every call is a POST to https://ws.anycom.io/ with a body {"group",
// "cmd", "args"}; the package gives each of the documented commands a
// typed method, grouped as the docs group them:
//
//   - [Client.Channels] ("chan"): [ChannelsService.Users],
//     [ChannelsService.SetState], [ChannelsService.RemoveSession],
//     [ChannelsService.Check], [ChannelsService.Reload],
//     [ChannelsService.SendMessage];
//   - [Client.Status] ("status");
//   - [Client.Bot] ("bot"): [BotService.Sessions], [BotService.SetFlow],
//     [BotService.Reload], [BotService.RemoveSession], [BotService.Validate];
//   - [Client.Chat] ("chat"): [ChatService.Connect], [ChatService.Close],
//     [ChatService.Drop], [ChatService.Invite], [ChatService.Disconnect],
//     [ChatService.Attendants], [ChatService.Awaiting],
//     [ChatService.Conversations].
//
// [Client.Do] sends any other command and returns its raw [Result].
//
// # Authentication
//
// [NewClient] takes the auth key (shown on the AnyCom parameters menu) and
// an AnyCom user. They travel in the auth_key and auth_user headers, as
// the docs prefer, named exactly so on the wire (not Go's canonical
// Auth_key and Auth_user); [WithBodyAuth] sends them in the documented body form
// {"Authentication": {...}, "Request": {...}} instead. Credentials go only
// over https, or to a loopback host, unless [WithInsecureHTTP] is given.
// The key never appears in an error or a log record.
//
// # Results
//
// A command documented to return a message returns it as a string. A
// command documented to return a list returns typed structs; an empty list,
// an empty result or an HTTP 204 is an empty slice. Timestamps sent as
// strings of Unix seconds become [time.Time], IDs sent as strings or
// numbers become int64, and "last_elapsed" is kept as sent in
// [Stamp.LastElapsed] and read into [Stamp.Elapsed].
//
// # Errors
//
// A refused command is an [*Error] carrying the status, a code, the
// server's detail and the raw body. errors.Is matches the documented
// statuses: [ErrEmptyResponse] (204), [ErrMissingAuthKey] (400),
// [ErrUnauthorized] (401, and 400), [ErrInvalidMethod] and [ErrNotFound]
// (404), [ErrPreconditionFailed] (412), as well as [ErrRateLimited] and
// [ErrServerError]. An envelope whose "status" disagrees with the HTTP
// status is an error too, matching [ErrStatusMismatch] and the sentinel of
// the body's status. A 2xx body that cannot be decoded matches
// [ErrMalformedResponse], and one over [WithMaxResponseBytes] matches
// [ErrResponseTooLarge], as in every switchboard package. An argument
// refused before anything is sent (an empty credential, a command without
// a group, a service reload without its ID) gives an error matching
// [ErrInvalidArgument], which names the argument and never its value when
// that is a credential.
//
// # Retries
//
// Every command is a POST, so each method declares its own safety. The
// read-only commands (the shows, the status and the number check) are
// retried on connection errors and on 429, 502, 503 and 504, with
// exponential backoff and jitter ([WithMaxRetries], [WithRetryWait]). Every
// command that changes state is retried only when the request certainly
// never reached the server: a 502 on [ChannelsService.SendMessage] never
// makes the customer receive the message twice.
//
// # Watchers
//
// [ChatService.WatchAwaiting], [ChatService.WatchAttendants] and
// [Client.WatchStatus] poll at an interval and yield changes (a customer
// starts waiting or leaves the queue, an attendant comes online or goes
// offline, a channel goes UP or DOWN or its client count changes) as
// iter.Seq2 iterators that stop when the loop breaks or the context ends.
// Each takes the [WatchOption] values every switchboard watcher takes:
// [WatchInterval] (by default the client's [WithWatchInterval]),
// [WatchGiveUpAfter] and [WatchRetryWait] (the give-up rule), and
// [WatchFrom] (the state to resume from).
//
// # Per-call options and response metadata
//
// Every method takes the options of package
// github.com/switchboard-go/switchboard/call as its final argument (a watcher, such as [ChatService.WatchAwaiting], takes them through [WatchCall]):
// call.Timeout, call.MaxRetries and call.Header override the client's
// options for that call, and call.ResponseInto captures the status, headers,
// request id and attempts of its last response, on success and failure. An
// [Error] carries the same RequestID and Header. For an endpoint the package
// does not model, [Client.Do] and [Client.Raw] reuse the client's credentials, retries,
// redaction, limits and error decoding.
//
// # Testing
//
// Package anycomtest is a stateful fake of the service: point
// [WithBaseURL] at its URL, script customers, attendants and channels, and
// inject faults. It starts with the collection's examples, so every request
// of the collection, sent as written, gets its documented result.
package anycom
