package anycom

import (
	"log/slog"
	"net/http"
	"time"
)

// DefaultBaseURL is where AnyCom Web Services answers.
const DefaultBaseURL = "https://ws.anycom.io/"

// Option configures a [Client].
type Option func(*options)

type options struct {
	baseURL          string
	httpClient       *http.Client
	logger           *slog.Logger
	userAgent        string
	maxRetries       int
	retryWaitMin     time.Duration
	retryWaitMax     time.Duration
	maxResponseBytes int64
	insecure         bool
	bodyAuth         bool
}

// WithBaseURL sends requests to url instead of [DefaultBaseURL] (a fake
// server, a proxy).
func WithBaseURL(url string) Option { return func(o *options) { o.baseURL = url } }

// WithHTTPClient sends requests through hc. Its transport is shared, never
// closed by the client.
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.httpClient = hc } }

// WithLogger logs one Debug record per attempt (method, redacted URL,
// status, attempt, duration). Credentials and bodies are never logged.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return func(o *options) { o.userAgent = ua } }

// WithMaxRetries sets how many times a retryable command is sent again; a
// negative n disables retries.
func WithMaxRetries(n int) Option {
	return func(o *options) {
		if n == 0 {
			n = -1
		}
		o.maxRetries = n
	}
}

// WithRetryWait bounds the backoff between retries.
func WithRetryWait(min, max time.Duration) Option {
	return func(o *options) { o.retryWaitMin, o.retryWaitMax = min, max }
}

// WithMaxResponseBytes caps how much of a response body is read.
func WithMaxResponseBytes(n int64) Option { return func(o *options) { o.maxResponseBytes = n } }

// WithInsecureHTTP allows the credentials to travel over plain http to a
// host that is not loopback.
func WithInsecureHTTP() Option { return func(o *options) { o.insecure = true } }

// WithBodyAuth sends the credentials in the JSON body, in the documented
// form {"Authentication": {"auth_key", "auth_user"}, "Request": {...}},
// instead of the auth_key and auth_user headers the docs prefer.
func WithBodyAuth() Option { return func(o *options) { o.bodyAuth = true } }
