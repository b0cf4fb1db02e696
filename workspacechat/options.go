package workspacechat

import (
	"log/slog"
	"net/http"
	"time"
)

// Option configures a [Client].
type Option func(*options)

type options struct {
	baseURL          string
	httpClient       *http.Client
	logger           *slog.Logger
	userAgent        string
	maxRetries       int
	waitMin, waitMax time.Duration
	maxResponseBytes int64
	insecure         bool
	prefetch         bool
}

// WithBaseURL sets the API root. The default is [DefaultBaseURL].
func WithBaseURL(u string) Option { return func(o *options) { o.baseURL = u } }

// WithHTTPClient sets the *http.Client that sends requests. Its transport's
// idle connections are left alone, so a shared client is safe.
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.httpClient = hc } }

// WithLogger logs one Debug record per attempt (method, redacted URL,
// status, attempt, duration). Logging is off by default.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return func(o *options) { o.userAgent = ua } }

// WithMaxRetries sets how many times a retryable request is sent again
// after the first attempt; 0 disables retries. The default is 3.
func WithMaxRetries(n int) Option {
	return func(o *options) {
		if n <= 0 {
			n = -1 // the core reads 0 as "default" and a negative count as "none"
		}
		o.maxRetries = n
	}
}

// WithRetryWait bounds each backoff wait between attempts, including a wait
// asked for by Retry-After.
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return func(o *options) { o.waitMin, o.waitMax = minWait, maxWait }
}

// WithMaxResponseBytes caps how much of a response body is read; past it the
// call fails with a clear error. The default is 16 MiB.
func WithMaxResponseBytes(n int64) Option { return func(o *options) { o.maxResponseBytes = n } }

// WithInsecureHTTP allows the API key to travel over plain http to a host
// that is not loopback. Use it only on a trusted network.
func WithInsecureHTTP() Option { return func(o *options) { o.insecure = true } }

// WithPrefetch makes [Client.AllChats] fetch the next page while the caller
// works through the current one, so a long export runs at the speed of the
// server. At most one request runs beside the caller.
func WithPrefetch() Option { return func(o *options) { o.prefetch = true } }
