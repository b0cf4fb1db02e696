package conformance

import (
	"context"
	"iter"
	"log/slog"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/fake"
)

// Fake is what the suite needs of a vendor's fake server: the methods
// every <vendor>test.Server declares.
type Fake interface {
	URL() string
	InjectFault(fake.Fault)
	Count(method, path string) int
	Received() []fake.Received
	Close()
}

// Settings are the client options the suite sets. The vendor maps each to
// its own With* option.
type Settings struct {
	// HTTPClient is passed to WithHTTPClient. The suite owns its
	// transport and closes its idle connections.
	HTTPClient *http.Client
	// Logger is passed to WithLogger; it logs at Debug.
	Logger *slog.Logger
	// MaxRetries is passed to WithMaxRetries (0 means no retries).
	MaxRetries int
	// RetryWaitMin and RetryWaitMax are passed to WithRetryWait.
	RetryWaitMin, RetryWaitMax time.Duration
	// MaxResponseBytes is passed to WithMaxResponseBytes; zero leaves the
	// package's default.
	MaxResponseBytes int64
	// Timeout is passed to WithTimeout. It is httpcore.DefaultTimeout
	// unless a check sets another.
	Timeout time.Duration
	// BadCredentials asks for a client whose credentials the fake refuses
	// (401 or 403). They must be listed in Vendor.Secrets too.
	BadCredentials bool
}

// Vendor describes one vendor package to the suite: C is its client type,
// F its fake server.
type Vendor[C any, F Fake] struct {
	// Name is the package name, which every error string names.
	Name string
	// NewFake starts a fake server; the suite closes it.
	NewFake func() F
	// NewClient returns a client for f configured with s.
	NewClient func(f F, s Settings) (C, error)
	// Idempotent is a read, retried on 429, 502, 503, 504 and dropped
	// connections.
	Idempotent Call[C, F]
	// Unsafe is a write (send a message, create a chat) that must never be
	// sent twice.
	Unsafe Call[C, F]
	// Stream is one of the package's iterators.
	Stream Stream[C, F]
	// LongPoll, when the package has one, is a single long poll: a request
	// the server holds open on purpose, bounded by its own timeout rather
	// than WithTimeout's.
	LongPoll Call[C, F]
	// Secrets are the credential strings the clients use (good and bad
	// ones), which must appear in no log and no error string, in any
	// encoding. Each is at least 8 characters long, so that no ordinary
	// text contains it.
	Secrets []string
	// BadSecrets are those of Secrets that the client made with
	// Settings.BadCredentials uses; the others are the good client's. A
	// client can only redact the credentials it was given.
	BadSecrets []string
	// ErrorBody is the body of the vendor's error answer with message, a
	// JSON string literal (quotes included), as the text the package reads
	// into its Error's Message.
	ErrorBody func(message string) string
	// FailureEnvelope, when the vendor has one, is a body answered with
	// status 200 that still says the call failed, with message (a JSON
	// string literal) as the failure's text.
	FailureEnvelope func(message string) string
	// ErrServerError is the package's ErrServerError sentinel.
	ErrServerError error
	// VendorError reads the package's *Error out of err with errors.As.
	VendorError func(err error) (ErrorInfo, bool)
}

// ErrorInfo is what the suite reads from a vendor's *Error; [ErrorAs]
// reads it.
type ErrorInfo struct {
	StatusCode int
	Attempts   int
	// Message and Body are the Error's Message and Body.
	Message string
	Body    []byte
	// RequestID and Header are the Error's RequestID and Header.
	RequestID string
	Header    http.Header
}

// Call is one call of a vendor's client.
type Call[C any, F Fake] struct {
	// Method and Path select the call's requests on the fake, as
	// fake.Fault and Count take them (Path is a substring of the URL
	// path).
	Method, Path string
	// Prepare does what the call needs first (a chat to read, say: on the
	// fake or through c) and returns the call itself. The suite counts
	// requests and injects faults after Prepare returns.
	Prepare func(ctx context.Context, c C, f F) (func(context.Context) error, error)
}

// Stream is one iterator of a vendor's client.
type Stream[C any, F Fake] struct {
	// Method and Path select the iterator's polls on the fake.
	Method, Path string
	// Open does what the iterator needs first and returns it, bound to
	// ctx. The iterator must yield at least one item at once when nothing
	// fails; [Items] adapts a typed iterator.
	Open func(ctx context.Context, c C, f F) (iter.Seq2[any, error], error)
}

// Items adapts a typed iterator to the iter.Seq2[any, error] that
// [Stream.Open] returns.
func Items[T any](seq iter.Seq2[T, error]) iter.Seq2[any, error] {
	return func(yield func(any, error) bool) {
		for v, err := range seq {
			if !yield(v, err) {
				return
			}
		}
	}
}
