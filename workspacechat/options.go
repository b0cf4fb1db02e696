package workspacechat

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// Option configures a [Client].
type Option func(*options)

type options struct {
	httpcore.Settings
	prefetch      bool
	watchInterval time.Duration
}

// WithBaseURL replaces [DefaultBaseURL] as the API root, the URL every
// request path (api/v1/chats, ...) is joined to (a fake server, a proxy).
// The rule is the same in every package: a URL with no path gets the API
// root path appended, which for this API is the server's root, so such a
// URL is used as it is; a URL with a path is the API root as it is. u must
// be an absolute http or https URL with no query or fragment; plain http
// also needs [WithInsecureHTTP] unless the host is loopback.
func WithBaseURL(u string) Option { return func(o *options) { o.BaseURL = u } }

// WithHTTPClient sends requests through hc. The client never closes hc's
// idle connections, so a shared *http.Client is safe to pass.
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.HTTPClient = hc } }

// WithLogger logs to l, the same records in every package, each naming
// the operation: the method and path template ("GET api/v1/chats"). At Debug: one
// record per HTTP attempt ("workspacechat http attempt": operation, method,
// redacted URL, status or error, attempt number, duration), each backoff
// wait before a retry ("workspacechat http retry wait": the wait and the outcome
// that caused it) and each failure not retried although a retry might
// have fixed it ("workspacechat http give up": the reason, such as no retries left
// or a request not safe to send again). At Warn, once per call: the final
// failure ("workspacechat call failed": the attempts and the error), at Debug
// instead when the call's context ended. A watcher adds, at Debug, each
// wait after a failed poll ("workspacechat watch retry wait") and the failure that
// ends it ("workspacechat watch give up"), named by the watcher's method.
// Credentials and bodies are never logged. Logging is off by default.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.Logger = l } }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return func(o *options) { o.UserAgent = ua } }

// WithMaxRetries sets how many times a retry-safe request is sent again
// after the first attempt: 3 by default, and zero or a negative n disables
// retries. A request that is not retry-safe is never sent again once it may
// have reached the server, whatever n is.
func WithMaxRetries(n int) Option { return func(o *options) { o.SetMaxRetries(n) } }

// WithRetryWait bounds each backoff wait between attempts, including a wait
// the server asks for with Retry-After (250 ms to 10 s by default).
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return func(o *options) { o.SetRetryWait(minWait, maxWait) }
}

// WithMaxResponseBytes caps how much of a response body is read (16 MiB by
// default); a larger body fails the call with an error matching
// [ErrResponseTooLarge].
func WithMaxResponseBytes(n int64) Option { return func(o *options) { o.MaxResponseBytes = n } }

// DefaultTimeout bounds each attempt of a call unless [WithTimeout] sets
// another bound: 30 seconds.
const DefaultTimeout = httpcore.DefaultTimeout

// WithTimeout bounds each attempt of a call: the request must be answered,
// and the whole answer read, within d, or the attempt fails with an error
// matching [ErrTimeout], and a retry-safe call is sent again. A downloaded
// stream is held to d per read instead, however long the whole takes. The
// default is [DefaultTimeout]; zero or a negative d removes the bound,
// leaving only the context. Long polls, which the server holds open on
// purpose, keep their own bound.
func WithTimeout(d time.Duration) Option { return func(o *options) { o.SetTimeout(d) } }

// WithInsecureHTTP allows the credentials to travel over plain http to a
// host that is not loopback. Loopback hosts (a local fake server) never
// need it.
func WithInsecureHTTP() Option { return func(o *options) { o.AllowInsecure = true } }

// WithPrefetch makes [Client.AllChats] and [Client.AllChatEntities] fetch
// the next two pages while the caller works through the current one, so a
// long export runs at the speed of the server, or faster than one page at
// a time when the server's latency is the larger cost. At most two
// requests run beside the caller; breaking out of the loop cancels them.
func WithPrefetch() Option { return func(o *options) { o.prefetch = true } }

// WithWatchInterval sets how often [Client.WatchChats] polls when
// given no [WatchInterval] ([DefaultWatchInterval] by default).
func WithWatchInterval(d time.Duration) Option { return func(o *options) { o.watchInterval = d } }
