package httpcore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Defaults applied by [New] to a zero [Config] field.
const (
	defaultMaxRetries       = 3
	defaultRetryWaitMin     = 250 * time.Millisecond
	defaultRetryWaitMax     = 10 * time.Second
	defaultMaxResponseBytes = 16 << 20
)

// Config describes one vendor client: the shared [Settings] plus what only
// the vendor package knows.
type Config struct {
	// Vendor names the package in error strings ("brightpattern").
	Vendor string
	Settings
	// Authenticate adds the vendor's credentials to a request.
	Authenticate func(*http.Request) error
	// SecretQuery names the query parameters whose values are redacted in
	// logs and errors.
	SecretQuery []string
	// Secrets are the literal credential values (an API key, a password,
	// the base64 of a Basic credential) that must never appear, in any form
	// [Client.RedactString] knows, in logs or errors. Header values are
	// never logged, but a server may echo one back. New reads them once:
	// the client's redactor never changes after.
	Secrets []string
	// DecodeError turns a non-2xx response into the vendor's error. Nil
	// gives a *statusError.
	DecodeError func(*ErrorResponse) error
	// Throttle, when set, is called before each attempt (a client-side
	// rate limit). It may wait, and returns either an error that fails the
	// attempt (the context's, when it ends first) or done, called once the
	// attempt has its answer's headers or has failed. Its wait is not part
	// of the attempt's timeout.
	Throttle func(ctx context.Context, req *http.Request) (done func(), err error)
	// ExpectedError, when set, reports a failure that is an ordinary
	// answer (Bright Pattern's "no events"): its final-failure record is
	// logged at Debug rather than Warn.
	ExpectedError func(error) bool
}

// Client sends requests for one vendor client. It is safe for concurrent use.
type Client struct {
	vendor       string
	base         *url.URL
	baseRoot     string // the base URL without query or trailing slash
	retry        *retryablehttp.Client
	logger       *slog.Logger
	expected     func(error) bool // see Config.ExpectedError
	userAgent    string
	maxRetries   int
	waitMin      time.Duration
	waitMax      time.Duration
	maxBody      int64
	timeout      time.Duration // per attempt; zero: none
	authenticate func(*http.Request) error
	insecure     bool
	redactor     *redactor
	decodeError  func(*ErrorResponse) error
}

// New validates cfg and builds a Client. It does no I/O.
func New(cfg Config) (*Client, error) {
	base, err := url.Parse(cfg.BaseURL)
	if err != nil {
		return nil, InvalidArgument(cfg.Vendor, "invalid base URL: %w", err)
	}
	if base.Scheme != "http" && base.Scheme != "https" || base.Host == "" {
		return nil, InvalidArgument(cfg.Vendor, "base URL %q must be absolute http or https", cfg.BaseURL)
	}
	if err := checkTransportSecurity(base, cfg.AllowInsecure); err != nil {
		return nil, InvalidArgument(cfg.Vendor, "%w", err)
	}
	if err := CheckHeaderValue("User-Agent", cfg.UserAgent); err != nil {
		return nil, InvalidArgument(cfg.Vendor, "%w", err)
	}
	c := &Client{
		vendor:       cfg.Vendor,
		base:         base,
		baseRoot:     strings.TrimSuffix((&url.URL{Scheme: base.Scheme, User: base.User, Host: base.Host, Path: base.Path, RawPath: base.RawPath}).String(), "/"),
		logger:       cfg.Logger,
		expected:     cfg.ExpectedError,
		userAgent:    cfg.UserAgent,
		maxRetries:   defaultMaxRetries,
		waitMin:      cfg.RetryWaitMin,
		waitMax:      cfg.RetryWaitMax,
		maxBody:      cfg.MaxResponseBytes,
		timeout:      DefaultTimeout,
		authenticate: cfg.Authenticate,
		insecure:     cfg.AllowInsecure,
		redactor:     newRedactor(cfg.SecretQuery, cfg.Secrets),
		decodeError:  cfg.DecodeError,
	}
	if cfg.MaxRetries != nil {
		c.maxRetries = max(*cfg.MaxRetries, 0)
	}
	if c.waitMin <= 0 {
		c.waitMin = defaultRetryWaitMin
	}
	if c.waitMax <= 0 {
		c.waitMax = defaultRetryWaitMax
	}
	if c.waitMax < c.waitMin {
		return nil, InvalidArgument(cfg.Vendor, "retry wait max %v is below min %v", c.waitMax, c.waitMin)
	}
	if c.maxBody <= 0 {
		c.maxBody = defaultMaxResponseBytes
	}
	if cfg.Timeout != 0 {
		c.timeout = max(cfg.Timeout, 0)
	}
	if c.decodeError == nil {
		c.decodeError = func(r *ErrorResponse) error { return r.statusError() }
	}
	c.retry = &retryablehttp.Client{
		HTTPClient: attemptClient(cfg.HTTPClient, cfg.Throttle),
		// The attempt count is enforced per request by checkRetry.
		RetryMax:       math.MaxInt32,
		CheckRetry:     c.checkRetry,
		Backoff:        waitedInCheckRetry,
		ErrorHandler:   retryablehttp.PassthroughErrorHandler,
		RequestLogHook: startAttempt,
		// Logger stays nil: retryablehttp's default logger prints every
		// request to stderr. Attempts are logged by checkRetry instead.
	}
	return c, nil
}

// BaseURL returns a copy of the client's base URL.
func (c *Client) BaseURL() *url.URL {
	u := *c.base
	return &u
}

// Redact returns rawURL with the configured secret query parameters and any
// user info replaced, for logs and error strings.
func (c *Client) Redact(rawURL string) string { return c.redactor.url(rawURL) }

// RedactString removes every form of every secret the client knows of from
// s: as it is, URL-escaped, JSON-escaped, as character references, and
// base64-encoded, alone or inside a longer value (a Basic credential).
func (c *Client) RedactString(s string) string { return c.redactor.text(s) }

// RedactBody is RedactString for a response body kept in an error: it
// redacts b, then truncates it to maxErrorBody. A vendor reads the body it
// keeps with the error through it, and decodes the message from the result.
func (c *Client) RedactBody(b []byte) []byte { return c.redactor.body(b) }

// attemptClient returns a copy of hc (nil: a private client with a pooled
// transport) whose transport is wrapped by an attemptTransport.
func attemptClient(hc *http.Client, throttle func(context.Context, *http.Request) (func(), error)) *http.Client {
	var cp http.Client
	if hc != nil {
		cp = *hc
	}
	rt := cp.Transport
	switch {
	case hc == nil:
		rt = newTransport()
	case rt == nil:
		rt = http.DefaultTransport
	}
	cp.Transport = attemptTransport{next: rt, throttle: throttle}
	return &cp
}

// maxIdleConnsPerHost is how many idle connections the private transport
// keeps to the API host: enough for an event stream and the calls a chat
// makes beside it, where net/http's default keeps two.
const maxIdleConnsPerHost = 16

// newTransport is the private transport of a client given no http.Client.
func newTransport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = maxIdleConnsPerHost
	return t
}

// ErrInsecureTransport is returned when credentials would travel over plain
// http to a host that is not loopback.
var ErrInsecureTransport = errors.New("credentials refused over plain http to a non-loopback host (use https, or the WithInsecureHTTP option)")

func checkTransportSecurity(u *url.URL, allowInsecure bool) error {
	if u.Scheme == "https" || allowInsecure || isLoopback(u.Hostname()) {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrInsecureTransport, u.Host)
}

// isLoopback reports whether host names this machine: localhost or a
// loopback address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ErrInvalidHeader is returned for a header value that would break the
// request: it holds a CR, LF or NUL. It matches [ErrInvalidArgument].
var ErrInvalidHeader = ArgumentSentinel("invalid header value")

// CheckHeaderValue refuses a value containing CR, LF or NUL. The value itself
// is never echoed, since it may be a credential.
func CheckHeaderValue(name, value string) error {
	if strings.ContainsAny(value, "\r\n\x00") {
		return fmt.Errorf("%w: %s contains a control character", ErrInvalidHeader, name)
	}
	return nil
}

// CheckQuotedValue refuses a value that cannot stand between double quotes
// in a header parameter: CR, LF, NUL, a quote or a backslash.
func CheckQuotedValue(name, value string) error {
	if err := CheckHeaderValue(name, value); err != nil {
		return err
	}
	if strings.ContainsAny(value, `"\`) {
		return fmt.Errorf("%w: %s contains a quote or backslash", ErrInvalidHeader, name)
	}
	return nil
}
