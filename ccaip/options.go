package ccaip

import (
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/time/rate"
)

// DefaultRateLimit is the API's published limit: 10 requests per second per
// customer.
const DefaultRateLimit rate.Limit = 10

// DefaultWatchInterval is how often [Client.WatchChat] polls a chat.
const DefaultWatchInterval = 2 * time.Second

// Option configures a [Client].
type Option func(*options)

type options struct {
	baseURL       string
	httpClient    *http.Client
	logger        *slog.Logger
	userAgent     string
	maxRetries    int
	waitMin       time.Duration
	waitMax       time.Duration
	maxBytes      int64
	insecure      bool
	username      string
	limiter       *rate.Limiter
	limiterSet    bool
	signer        *Signer
	watchInterval time.Duration
}

// WithBaseURL replaces https://<host>/apps/api/v1 as the root of every
// request (a test server, a proxy).
func WithBaseURL(u string) Option { return func(o *options) { o.baseURL = u } }

// WithHTTPClient sends requests through hc. Its transport is never closed.
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.httpClient = hc } }

// WithLogger logs one Debug record per attempt (never a credential or a body).
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return func(o *options) { o.userAgent = ua } }

// WithMaxRetries sets how many times a retryable request is retried after
// the first attempt (default 3); zero or a negative value disables retries.
func WithMaxRetries(n int) Option {
	return func(o *options) {
		if n == 0 {
			n = -1
		}
		o.maxRetries = n
	}
}

// WithRetryWait bounds each backoff wait between attempts, including one a
// Retry-After header asks for.
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return func(o *options) { o.waitMin, o.waitMax = minWait, maxWait }
}

// WithMaxResponseBytes caps how much of a response body is read.
func WithMaxResponseBytes(n int64) Option { return func(o *options) { o.maxBytes = n } }

// WithInsecureHTTP allows credentials over plain http to a host that is not
// loopback.
func WithInsecureHTTP() Option { return func(o *options) { o.insecure = true } }

// WithUsername replaces the Basic-auth username, which defaults to the
// host's first label (the installation subdomain).
func WithUsername(u string) Option { return func(o *options) { o.username = u } }

// WithRateLimit sets the client-side limiter applied before every attempt
// sent to the API: limit requests per second with the given burst.
// rate.Inf disables it. The default is [DefaultRateLimit] with a burst of 10.
func WithRateLimit(limit rate.Limit, burst int) Option {
	return func(o *options) {
		o.limiter = rate.NewLimiter(limit, max(burst, 1))
		o.limiterSet = true
	}
}

// WithRateLimiter shares l between clients (the limit is per customer, not
// per client). Nil disables client-side limiting.
func WithRateLimiter(l *rate.Limiter) Option {
	return func(o *options) { o.limiter, o.limiterSet = l, true }
}

// WithSigner sets the company-secret signer used by
// [Client.SendSignedCustomData].
func WithSigner(s *Signer) Option { return func(o *options) { o.signer = s } }

// WithWatchInterval sets how often [Client.WatchChat] polls.
func WithWatchInterval(d time.Duration) Option { return func(o *options) { o.watchInterval = d } }
