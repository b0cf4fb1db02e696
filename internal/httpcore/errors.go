package httpcore

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// maxErrorBody is how much of an error response body is kept.
const maxErrorBody = 64 << 10

// ErrorResponse is a non-2xx answer, handed to the vendor's DecodeError.
type ErrorResponse struct {
	Vendor     string
	StatusCode int
	Header     http.Header
	// RequestID is the vendor's id for the request, from [RequestID].
	RequestID string
	// Body is the response body, truncated to maxErrorBody, with known
	// secrets redacted.
	Body []byte
	// Method and URL (redacted) of the request.
	Method string
	URL    string
	// Attempts is how many times the request was sent.
	Attempts int
	// RetryAfter is the server's Retry-After, when it sent one.
	RetryAfter time.Duration
	// OutcomeUnknown reports an unsafe request answered 502, 503 or 504:
	// a gateway may have passed it on before failing, so it may have been
	// processed. Vendors copy it into their Error, which then matches
	// [ErrOutcomeUnknown].
	OutcomeUnknown bool
}

// statusError is the generic error for a non-2xx answer, used when a vendor
// gives no DecodeError.
type statusError struct{ *ErrorResponse }

// statusError wraps r as a *statusError.
func (r *ErrorResponse) statusError() error { return &statusError{r} }

// Is matches the shared sentinel for the status, and [ErrOutcomeUnknown].
func (e *statusError) Is(target error) bool {
	if target == ErrOutcomeUnknown {
		return e.OutcomeUnknown
	}
	return target != nil && StatusSentinel(e.StatusCode) == target
}

func (e *statusError) Error() string {
	return fmt.Sprintf("%s: %s %s: HTTP %d%s", e.Vendor, e.Method, e.URL, e.StatusCode, AttemptsSuffix(e.Attempts))
}

// FormatError is the one error string of every vendor's Error type:
// "<vendor>: <METHOD> <URL>: HTTP <status> <code>: <message> (after N
// attempts)". An empty code is left out, an empty message becomes the
// status text, and the attempts show only when there were several.
func FormatError(vendor, method, url string, status int, code, message string, attempts int) string {
	if message == "" {
		message = http.StatusText(status)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s %s: HTTP %d", vendor, method, url, status)
	if code != "" {
		b.WriteString(" " + code)
	}
	if message != "" {
		b.WriteString(": " + OneLine(message))
	}
	b.WriteString(AttemptsSuffix(attempts))
	return b.String()
}

// AttemptsSuffix is the " (after N attempts)" every error string carries when
// a request was sent more than once.
func AttemptsSuffix(attempts int) string {
	if attempts > 1 {
		return fmt.Sprintf(" (after %d attempts)", attempts)
	}
	return ""
}

// TransportError is a request that got no usable response: the connection
// failed, the context ended, or the body could not be read. It wraps the
// cause, so errors.Is(err, context.Canceled) holds.
type TransportError struct {
	Vendor   string
	Method   string
	URL      string // redacted
	Attempts int
	// Last describes the previous attempt's outcome when it differs from
	// Err (a 503 before the context was cancelled during the wait).
	Last string
	// OutcomeUnknown reports an unsafe request whose last attempt may
	// have reached the server: a connection was handed to it before it
	// failed. The error then matches [ErrOutcomeUnknown].
	OutcomeUnknown bool
	Err            error
}

func (e *TransportError) Error() string {
	msg := fmt.Sprintf("%s: %s %s: %v%s", e.Vendor, e.Method, e.URL, e.Err, AttemptsSuffix(e.Attempts))
	if e.Last != "" {
		msg += "; last response: " + OneLine(e.Last)
	}
	return msg
}

func (e *TransportError) Unwrap() error { return e.Err }

// Is matches [ErrOutcomeUnknown] when the request may have been processed.
func (e *TransportError) Is(target error) bool {
	return target == ErrOutcomeUnknown && e.OutcomeUnknown
}

// ErrOutcomeUnknown is matched by the error of an unsafe call (one that is
// never resent, such as sending a message) when the request may have been
// processed although no success came back: the connection was lost or
// timed out after the request was handed to it, or the answer was 502, 503
// or 504. It is not matched when the request certainly never reached the
// server (refused dial, DNS, TLS handshake) or was refused (4xx, 429).
var ErrOutcomeUnknown = errors.New("outcome unknown: the request may have been processed")

// outcomeUnknownStatus reports whether status, answered to an unsafe
// request, leaves its outcome unknown: 502, 503 or 504.
func outcomeUnknownStatus(status int) bool {
	return status == http.StatusBadGateway || status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout
}

// ErrResponseTooLarge is returned when a response body exceeds the
// configured cap.
var ErrResponseTooLarge = errors.New("response body exceeds the configured size limit")

// ErrMalformedResponse is matched by every error about a 2xx answer whose
// body could not be decoded ([DecodeError], and the vendors' own checks of
// what a body holds).
var ErrMalformedResponse = errors.New("malformed response body")

// DecodeError is a 2xx response whose body could not be decoded. It matches
// [ErrMalformedResponse] and unwraps to the decoder's error.
type DecodeError struct {
	Vendor, Method, URL string
	StatusCode          int
	Body                []byte // truncated to maxErrorBody
	Err                 error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s: %s %s: decode HTTP %d response: %v", e.Vendor, e.Method, e.URL, e.StatusCode, e.Err)
}

func (e *DecodeError) Unwrap() error { return e.Err }

// Is matches [ErrMalformedResponse].
func (e *DecodeError) Is(target error) bool { return target == ErrMalformedResponse }

// Sentinels shared by every vendor package (each re-exports them), so that
// errors.Is(err, brightpattern.ErrNotFound) and the same test on another
// package's error read alike. A vendor's Error matches them through its Is
// method.
var (
	ErrNotFound       = errors.New("not found")
	ErrUnauthorized   = errors.New("unauthorized")
	ErrRateLimited    = errors.New("rate limited")
	ErrInvalidRequest = errors.New("invalid request")
	ErrServerError    = errors.New("server error")
)

// StatusSentinel returns the shared sentinel for an HTTP status, or nil.
func StatusSentinel(status int) error {
	switch {
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return ErrUnauthorized
	case status == http.StatusTooManyRequests:
		return ErrRateLimited
	case status == http.StatusBadRequest || status == http.StatusPreconditionFailed || status == http.StatusUnprocessableEntity:
		return ErrInvalidRequest
	case status >= 500:
		return ErrServerError
	}
	return nil
}
