// Package ccaip is a client for the CCAI Platform (formerly UJET) Apps API
// chat endpoints, under https://<host>/apps/api/v1.
//
// # Authentication
//
// [NewClient] takes the installation host (such as
// "acme.uc1.ccaiplatform.com") and an API token from Settings > Developer
// Settings > API Credentials. Requests use HTTP Basic: the username is the
// host's first label, the subdomain ([WithUsername] overrides it), and the
// password is the token. Credentials travel only over https, or to a
// loopback host, unless [WithInsecureHTTP] is given. The token never appears
// in an error string or a log record.
//
// The company secret is a different credential: it signs JWTs. A [Signer]
// holds it, signs custom data ([Signer.SignCustomData], sent by
// [Client.SendSignedCustomData]) and the end-user token the vendor's web and
// mobile SDKs expect ([Signer.SignEndUser]).
//
// # A chat, end to end
//
// Create (or update) the end user with [Client.UpsertEndUser], then
// [Client.CreateChat] with a menu and, for a virtual agent, a context.
// Send messages with [Client.SendText], [Client.SendPhoto] and
// [Client.SendVideo]; [Client.UploadPhoto] and [Client.UploadVideo] run the
// whole media flow (pre-signed URL, streamed POST-policy upload, attach) in
// one call and enforce the documented limits first. Hand the chat to a human
// with [Client.Escalate], follow it with [Client.WatchChat] (tuned by the
// [WatchOption] values every switchboard watcher takes: [WatchInterval],
// [WatchGiveUpAfter], [WatchRetryWait], [WatchFrom]; and [WatchEndOn]), and
// end it with [Client.FinishChat]. A dismissed chat comes back with [Client.ResumeChat].
//
// # Errors
//
// A non-2xx answer is an [*Error] carrying the status and the API's
// {"message": ...}. errors.Is matches [ErrNotFound], [ErrUnauthorized],
// [ErrRateLimited], [ErrInvalidRequest] and [ErrServerError] by status, and
// [ErrSessionEnded], [ErrNotDismissed] and [ErrDuplicateRequest] by the
// documented messages. A 2xx body that cannot be decoded matches
// [ErrMalformedResponse], and one over [WithMaxResponseBytes] matches
// [ErrResponseTooLarge], as in every switchboard package. Transport
// failures stay wrapped, so errors.Is(err, context.Canceled) works. An
// argument refused before anything is sent (an empty token, an id below 1,
// empty text, a photo of the wrong type or size, an upload size its
// content contradicts) gives an error matching [ErrInvalidArgument], which
// names the argument and never a secret.
//
// # Decoding
//
// Answers are decoded tolerantly: unknown keys are ignored, and numbers may
// arrive as strings. The documents never fix a timestamp layout, so
// timestamps are read in any common one (ISO 8601, with or without an
// offset, "2024-01-02 15:04:05 UTC", Unix seconds or milliseconds); one the
// client cannot read leaves its time zero and its text in [Chat.RawTimes],
// and never fails the call.
//
// # Retries and the rate limit
//
// Reads, updates that set fields, and resume are idempotent: they are retried
// on connection errors, 429, 502, 503 and 504 with exponential backoff that
// honours Retry-After. Creating a chat, sending a message or custom data,
// escalating, uploading and attaching are unsafe: they are retried only when
// the request certainly never reached the server, so a customer never sees a
// message twice. A 429 is waited out and sent again for every call, since the
// server processed nothing. The API allows 10 requests per second per
// customer; a client-side [RateLimiter] makes every attempt wait so that no
// rolling second, as the server counts it, holds more than 10 of them
// ([WithRateLimit], or [WithRateLimiter] to share one limiter between
// clients of the same customer). Each attempt is bounded by [WithTimeout].
//
// # Webhooks
//
// [VerifyWebhook] and [WebhookVerifier] check X-Signature against
// X-Signature-Timestamp (HMAC-SHA256 over timestamp + body, base64, primary
// or secondary secret). As in the vendor's guide, a correctly signed request
// is accepted whatever its timestamp; set [WebhookVerifier.ReplayWindow]
// (for example to [DefaultReplayWindow]) to refuse old ones too.
// [WebhookVerifier.Handler] answers 400 or 401 as the guide does and hands
// typed [WebhookEvent] values to your code.
//
// # Per-call options and response metadata
//
// Every method takes the options of package
// github.com/switchboard-go/switchboard/call as its final argument (the
// watcher, [Client.WatchChat], takes them through [WatchCall]):
// call.Timeout, call.MaxRetries and call.Header override the client's
// options for that call, and call.ResponseInto captures the status, headers,
// request id and attempts of its last response, on success and failure. An
// [Error] carries the same RequestID and Header. For an endpoint the package
// does not model, [Client.Raw] reuses the client's credentials, retries,
// redaction, limits and error decoding.
//
// # Testing
//
// Package ccaiptest is a stateful fake of this API, with a storage service
// for uploads, Basic-auth and signed-data checks, a webhook sender, scripting
// of the agent's side and fault injection. Point a client at it with
// WithBaseURL(srv.URL()).
package ccaip
