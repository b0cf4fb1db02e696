package httpcore

import (
	"log/slog"
	"net/http"
	"time"
)

// Settings are the options every vendor package offers under the same
// names (WithBaseURL, WithHTTPClient, WithLogger, WithUserAgent,
// WithMaxRetries, WithRetryWait, WithMaxResponseBytes, WithTimeout,
// WithInsecureHTTP).
// A vendor's options struct embeds Settings, each of those options sets one
// field, and [Config] embeds it in turn, so the four packages read their
// shared options the same way.
type Settings struct {
	// BaseURL is the root every relative request path is joined to.
	BaseURL string
	// HTTPClient sends the requests. Nil means a private client with a
	// pooled transport. Its transport's idle connections are never closed
	// by the core, so a shared client is safe to pass.
	HTTPClient *http.Client
	// Logger receives one Debug record per attempt. Nil disables logging.
	Logger *slog.Logger
	// UserAgent is sent on every request unless the request sets its own.
	UserAgent string
	// MaxRetries is the number of retries after the first attempt; nil
	// means 3. Set it with SetMaxRetries.
	MaxRetries *int
	// RetryWaitMin and RetryWaitMax bound each backoff wait, including one
	// asked for by Retry-After. Zero means 250 ms and 10 s.
	RetryWaitMin, RetryWaitMax time.Duration
	// MaxResponseBytes caps how much of a response body is read. Zero
	// means 16 MiB.
	MaxResponseBytes int64
	// Timeout bounds each attempt of a call that sets no bound of its own
	// (see [DefaultTimeout]). Zero means DefaultTimeout, a negative value
	// no bound. Set it with SetTimeout.
	Timeout time.Duration
	// AllowInsecure lets credentials travel over plain http to a host that
	// is not loopback.
	AllowInsecure bool
}

// SetMaxRetries sets the number of retries after the first attempt; zero or
// a negative n means none.
func (s *Settings) SetMaxRetries(n int) {
	n = max(n, 0)
	s.MaxRetries = &n
}

// SetRetryWait bounds each backoff wait.
func (s *Settings) SetRetryWait(minWait, maxWait time.Duration) {
	s.RetryWaitMin, s.RetryWaitMax = minWait, maxWait
}

// SetTimeout bounds each attempt of a call; zero or a negative d removes the
// bound, leaving only the context.
func (s *Settings) SetTimeout(d time.Duration) {
	if d <= 0 {
		d = -1
	}
	s.Timeout = d
}
