package conformance

import (
	"log/slog"
	"net/http"
	"time"
)

// Options are a package's With* options for what the checks configure. O
// is the package's Option type.
type Options[O any] struct {
	WithBaseURL          func(string) O
	WithHTTPClient       func(*http.Client) O
	WithLogger           func(*slog.Logger) O
	WithMaxRetries       func(int) O
	WithRetryWait        func(minWait, maxWait time.Duration) O
	WithMaxResponseBytes func(int64) O
	WithTimeout          func(time.Duration) O
}

// For returns the options of a client of the server at base with the
// settings s.
func (o Options[O]) For(base string, s Settings) []O {
	return []O{
		o.WithBaseURL(base),
		o.WithHTTPClient(s.HTTPClient),
		o.WithLogger(s.Logger),
		o.WithMaxRetries(s.MaxRetries),
		o.WithRetryWait(s.RetryWaitMin, s.RetryWaitMax),
		o.WithMaxResponseBytes(s.MaxResponseBytes),
		o.WithTimeout(s.Timeout),
	}
}
