package httpcore

import (
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
	DefaultMaxRetries       = 3
	DefaultRetryWaitMin     = 250 * time.Millisecond
	DefaultRetryWaitMax     = 10 * time.Second
	DefaultMaxResponseBytes = 16 << 20
)

// Config describes one vendor client: the shared [Settings] plus what only
// the vendor package knows.
type Config struct {
	// Vendor names the package in error strings ("brightpattern").
	Vendor string
	Settings
	// Authenticate adds the vendor's credentials to a request.
	Authenticate func(*http.Request) error
	// SecretHeaders and SecretQuery name what is redacted in logs and errors.
	SecretHeaders, SecretQuery []string
	// DecodeError turns a non-2xx response into the vendor's error. Nil
	// gives a *StatusError.
	DecodeError func(*ErrorResponse) error
}

// Client sends requests for one vendor client. It is safe for concurrent use.
type Client struct {
	vendor       string
	base         *url.URL
	baseRoot     string // the base URL without query or trailing slash
	retry        *retryablehttp.Client
	logger       *slog.Logger
	userAgent    string
	maxRetries   int
	waitMin      time.Duration
	waitMax      time.Duration
	maxBody      int64
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
		userAgent:    cfg.UserAgent,
		maxRetries:   DefaultMaxRetries,
		waitMin:      cfg.RetryWaitMin,
		waitMax:      cfg.RetryWaitMax,
		maxBody:      cfg.MaxResponseBytes,
		authenticate: cfg.Authenticate,
		insecure:     cfg.AllowInsecure,
		redactor:     newRedactor(cfg.SecretHeaders, cfg.SecretQuery),
		decodeError:  cfg.DecodeError,
	}
	if cfg.MaxRetries != nil {
		c.maxRetries = max(*cfg.MaxRetries, 0)
	}
	if c.waitMin <= 0 {
		c.waitMin = DefaultRetryWaitMin
	}
	if c.waitMax <= 0 {
		c.waitMax = DefaultRetryWaitMax
	}
	if c.waitMax < c.waitMin {
		return nil, InvalidArgument(cfg.Vendor, "retry wait max %v is below min %v", c.waitMax, c.waitMin)
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxResponseBytes
	}
	if c.decodeError == nil {
		c.decodeError = func(r *ErrorResponse) error { return r.StatusError() }
	}
	c.retry = &retryablehttp.Client{
		HTTPClient: keepIdleConnections(cfg.HTTPClient),
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

// RedactString removes every secret the client knows of from s.
func (c *Client) RedactString(s string) string { return c.redactor.text(s) }

// AddSecret registers a literal secret value (an API key, a password) that
// must never appear in logs or error strings.
func (c *Client) AddSecret(secret string) { c.redactor.addValue(secret) }

// keepIdleConnections wraps hc so that retryablehttp's habit of calling
// CloseIdleConnections after every failed request does not reach a transport
// the caller may share with the rest of the program.
func keepIdleConnections(hc *http.Client) *http.Client {
	if hc == nil {
		return &http.Client{Transport: idleKeeper{newTransport()}}
	}
	cp := *hc
	rt := cp.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	cp.Transport = idleKeeper{rt}
	return &cp
}

func newTransport() http.RoundTripper {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 16
	return t
}

// idleKeeper hides the wrapped transport's CloseIdleConnections method.
type idleKeeper struct{ http.RoundTripper }

// ErrInsecureTransport is returned when credentials would travel over plain
// http to a host that is not loopback.
var ErrInsecureTransport = errors.New("credentials refused over plain http to a non-loopback host (use https, or the WithInsecureHTTP option)")

func checkTransportSecurity(u *url.URL, allowInsecure bool) error {
	if u.Scheme == "https" || allowInsecure || IsLoopback(u.Hostname()) {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrInsecureTransport, u.Host)
}

// IsLoopback reports whether host names this machine: localhost or a
// loopback address.
func IsLoopback(host string) bool {
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
