package conformance

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/fixture"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// vendorError has the fields of a vendor's Error.
type vendorError struct {
	StatusCode, Attempts int
	Message, RequestID   string
	Body                 []byte
	Header               http.Header
	wrapped              error
}

func (e *vendorError) Error() string { return "vendor: " + e.Message }
func (e *vendorError) Unwrap() error { return e.wrapped }

// lacking is an error without the Attempts field.
type lacking struct{ StatusCode int }

func (*lacking) Error() string { return "lacking" }

func TestErrorAsReadsEveryField(t *testing.T) {
	e := &vendorError{StatusCode: 503, Attempts: 3, Message: "down", RequestID: "r1", Body: []byte("{}"),
		Header: http.Header{"X": {"1"}}}
	info, ok := ErrorAs[*vendorError](fmt.Errorf("wrapped: %w", e))
	require.True(t, ok)
	assert.Equal(t, ErrorInfo{StatusCode: 503, Attempts: 3, Message: "down", Body: []byte("{}"), RequestID: "r1",
		Header: http.Header{"X": {"1"}}}, info)

	_, ok = ErrorAs[*vendorError](errors.New("other"))
	assert.False(t, ok)
	assert.PanicsWithValue(t, "conformance: conformance.lacking has no field Attempts of type int", func() {
		_, _ = ErrorAs[*lacking](&lacking{})
	})
}

// gaveUp is the error of a watcher that gave up after attempts polls.
func gaveUp(attempts int) error {
	return &vendorError{StatusCode: 503, Attempts: attempts, Message: fmt.Sprintf("down (after %d attempts)", attempts),
		wrapped: httpcore.ErrServerError}
}

func TestGaveUpPassesAWatcherThatGaveUp(t *testing.T) {
	GaveUp(t, []error{gaveUp(3)}, 3, 3, ErrorAs[*vendorError])
}

func TestGaveUpFailsEachViolation(t *testing.T) {
	for name, tc := range map[string]struct {
		errs     []error
		requests int
		want     string
	}{
		"two errors":         {[]error{errors.New("a"), errors.New("b")}, 3, "yielded 2 errors, want one"},
		"no error":           {nil, 3, "yielded 0 errors, want one"},
		"not ErrServerError": {[]error{&vendorError{StatusCode: 503, Attempts: 3}}, 3, "does not match ErrServerError"},
		"more polls":         {[]error{gaveUp(3)}, 4, "received 4 polls, want 3"},
		"no vendor Error":    {[]error{httpcore.ErrServerError}, 3, "holds no vendor Error"},
		"attempts unknown":   {[]error{&vendorError{StatusCode: 503, wrapped: httpcore.ErrServerError}}, 3, "status 503 after 0 attempts"},
		"message silent":     {[]error{&vendorError{StatusCode: 503, Attempts: 3, wrapped: httpcore.ErrServerError}}, 3, "does not say (after 3 attempts)"},
	} {
		failures := fixture.Failures(t, func(tb testing.TB) { GaveUp(tb, tc.errs, tc.requests, 3, ErrorAs[*vendorError]) })
		assert.Contains(t, strings.Join(failures, "\n"), tc.want, name)
	}
}

// urlClient is the configuration of urlRule's client.
type urlClient struct {
	hc      *http.Client
	root    string
	path    []string
	refused bool
}

// urlOption configures a urlClient.
type urlOption func(*urlClient)

// urlRule is the rule of a client that requests root/api/<path...>/x, where
// root is https://host or the base URL.
func urlRule() URLRule[urlOption] {
	refuse := func(c *urlClient) { c.refused = true }
	return URLRule[urlOption]{
		Vendor: "vendor",
		Options: Options[urlOption]{
			WithHTTPClient: func(hc *http.Client) urlOption { return func(c *urlClient) { c.hc = hc } },
			WithBaseURL:    func(base string) urlOption { return func(c *urlClient) { c.root = base } },
		},
		Call: func(host string, opts ...urlOption) error {
			c := &urlClient{root: "https://" + host, path: []string{"api"}}
			for _, o := range opts {
				o(c)
			}
			if c.refused {
				return fmt.Errorf("vendor: %w: refused", httpcore.ErrInvalidArgument)
			}
			resp, err := c.hc.Get(c.root + "/" + strings.Join(append(c.path, "x"), "/") + "?q=1")
			if err != nil {
				return err
			}
			return resp.Body.Close()
		},
		Sends: []URLCase[urlOption]{
			{Name: "default host", Want: "https://acme.example.com/api/x"},
			{Name: "base", Base: "https://proxy.example", Opts: []urlOption{func(c *urlClient) { c.path = append(c.path, "v2") }},
				Want: "https://proxy.example/api/v2/x"},
		},
		Refused: []URLCase[urlOption]{{Name: "refused", Opts: []urlOption{refuse}, Says: "refused"}},
	}
}

func TestBaseURLRulePassesAClientThatFollowsIt(t *testing.T) {
	BaseURLRule(t, urlRule())
}

func TestBaseURLsFailsAWrongURLAndAnError(t *testing.T) {
	r := urlRule()
	r.Sends[0].Want = "https://acme.example.com/other"
	r.Sends = append(r.Sends, r.Refused...)
	assert.Equal(t, []string{
		"default host: requested https://acme.example.com/api/x, want https://acme.example.com/other",
		"refused: vendor: invalid argument: refused",
	}, fixture.Failures(t, func(tb testing.TB) { BaseURLs(tb, r) }))
}

func TestOptionsForPassesEverySetting(t *testing.T) {
	o := Options[string]{
		WithBaseURL:          func(u string) string { return "base " + u },
		WithHTTPClient:       func(hc *http.Client) string { return fmt.Sprint("client ", hc.Timeout) },
		WithLogger:           func(l *slog.Logger) string { return fmt.Sprint("logger ", l != nil) },
		WithMaxRetries:       func(n int) string { return fmt.Sprint("retries ", n) },
		WithRetryWait:        func(minWait, maxWait time.Duration) string { return fmt.Sprint("wait ", minWait, " ", maxWait) },
		WithMaxResponseBytes: func(n int64) string { return fmt.Sprint("bytes ", n) },
		WithTimeout:          func(d time.Duration) string { return fmt.Sprint("timeout ", d) },
	}
	assert.Equal(t, []string{"base https://x", "client 1s", "logger true", "retries 2", "wait 1ms 5ms", "bytes 9", "timeout 3s"},
		o.For("https://x", Settings{HTTPClient: &http.Client{Timeout: time.Second}, Logger: slog.Default(), MaxRetries: 2,
			RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond, MaxResponseBytes: 9, Timeout: 3 * time.Second}))
}

// measuredUpload follows the size convention: it measures what it can and
// refuses a one-shot reader whose size its content contradicts.
func measuredUpload(content io.Reader, size int64) error {
	if _, ok := content.(io.Seeker); ok {
		return nil
	}
	n, _ := io.Copy(io.Discard, content)
	if n != size {
		return fmt.Errorf("vendor: %w: size %d, content %d bytes", httpcore.ErrInvalidArgument, size, n)
	}
	return nil
}

func TestUploadSizesPassesTheConvention(t *testing.T) {
	UploadSizes(t, []byte("0123456789"), []string{"s3cret-token"}, measuredUpload)
}

func TestUploadSizesFailsEachViolation(t *testing.T) {
	for name, tc := range map[string]struct {
		upload func(io.Reader, int64) error
		want   string
	}{
		"zero refused": {func(r io.Reader, size int64) error {
			if size == 0 {
				return errors.New("size 0")
			}
			return measuredUpload(r, size)
		}, "bytes.Reader, size 0: size 0"},
		"one-shot taken": {func(io.Reader, int64) error { return nil }, "want one matching ErrInvalidArgument"},
		"transport message": {func(r io.Reader, size int64) error {
			if _, ok := r.(io.Seeker); ok {
				return nil
			}
			return fmt.Errorf("%w: http: ContentLength=5 with Body length 10", httpcore.ErrInvalidArgument)
		}, "the transport's message leaks out"},
		"secret in the error": {func(r io.Reader, size int64) error {
			if _, ok := r.(io.Seeker); ok {
				return nil
			}
			return fmt.Errorf("%w: token s3cret-token", httpcore.ErrInvalidArgument)
		}, "reveals a secret"},
	} {
		failures := fixture.Failures(t, func(tb testing.TB) {
			UploadSizes(tb, []byte("0123456789"), []string{"s3cret-token"}, tc.upload)
		})
		assert.Contains(t, strings.Join(failures, "\n"), tc.want, name)
	}
}
