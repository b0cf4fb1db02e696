package ccaip

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// DefaultWatchInterval is how often [Client.WatchChat] polls a chat.
const DefaultWatchInterval = 2 * time.Second

// Option configures a [Client].
type Option func(*options)

type options struct {
	httpcore.Settings
	username      string
	limiter       *RateLimiter
	limiterSet    bool
	limiterErr    error
	signer        *Signer
	watchInterval time.Duration
}

// WithBaseURL replaces https://<host>/apps/api/v1 as the API root, the URL
// every request path is joined to (a test server, a proxy). The rule is the
// same in every package: a URL with no path (or only "/"), such as a
// ccaiptest server's, gets the API root path /apps/api/v1 appended; a URL
// with a path is the API root as it is. u must be an absolute http or https
// URL with no query or fragment; plain http also needs [WithInsecureHTTP]
// unless the host is loopback.
func WithBaseURL(u string) Option { return func(o *options) { o.BaseURL = u } }

// WithHTTPClient sends requests through hc. The client never closes hc's
// idle connections, so a shared *http.Client is safe to pass.
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.HTTPClient = hc } }

// WithLogger logs to l, the same records in every package, each naming
// the operation: the method and path template ("GET chats/{id}"). At Debug: one
// record per HTTP attempt ("ccaip http attempt": operation, method,
// redacted URL, status or error, attempt number, duration), each backoff
// wait before a retry ("ccaip http retry wait": the wait and the outcome
// that caused it) and each failure not retried although a retry might
// have fixed it ("ccaip http give up": the reason, such as no retries left
// or a request not safe to send again). At Warn, once per call: the final
// failure ("ccaip call failed": the attempts and the error), at Debug
// instead when the call's context ended. A watcher adds, at Debug, each
// wait after a failed poll ("ccaip watch retry wait") and the failure that
// ends it ("ccaip watch give up"), named by the watcher's method.
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

// WithUsername replaces the Basic-auth username, which defaults to the
// host's first label (the installation subdomain).
func WithUsername(u string) Option { return func(o *options) { o.username = u } }

// WithRateLimit keeps the client under n requests in any window of the
// given length, counted as the server counts them (see [RateLimiter]); each
// attempt sent to the API waits for it. The default is the API's published
// limit, [DefaultRateLimit] requests per [DefaultRateWindow]. A count or
// window that is not positive makes NewClient fail. A 429 is waited out
// and sent again, for every call.
func WithRateLimit(n int, window time.Duration) Option {
	return func(o *options) {
		o.limiter, o.limiterErr = NewRateLimiter(n, window)
		o.limiterSet = true
	}
}

// WithRateLimiter shares l between clients (the limit is per customer, not
// per client). Nil disables client-side limiting.
func WithRateLimiter(l *RateLimiter) Option {
	return func(o *options) { o.limiter, o.limiterErr, o.limiterSet = l, nil, true }
}

// WithSigner sets the company-secret signer used by
// [Client.SendSignedCustomData].
func WithSigner(s *Signer) Option { return func(o *options) { o.signer = s } }

// WithWatchInterval sets how often [Client.WatchChat] polls when given no
// [WatchInterval] ([DefaultWatchInterval] by default).
func WithWatchInterval(d time.Duration) Option { return func(o *options) { o.watchInterval = d } }
