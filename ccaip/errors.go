package ccaip

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// ErrorCode is the code of an [Error]. The API documents none; a storage
// service behind an upload may send its own.
type ErrorCode string

// Error is a non-2xx answer from the API (or from the storage service during
// an upload). The API's error body is {"message": "..."}.
type Error struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// Code is the vendor's error code; the API sends none, so it is empty
	// unless a storage service answered with one ("AccessDenied").
	Code ErrorCode
	// Message is the body's "message".
	Message string
	// Method and URL (redacted) of the request.
	Method string
	URL    string
	// Body is the raw response body, truncated.
	Body []byte
	// Attempts is how many times the request was sent.
	Attempts int
	// RetryAfter is the wait the server asked for, if any.
	RetryAfter time.Duration
	// OutcomeUnknown reports a request that is never resent (a send, a
	// create) answered 502, 503 or 504: it may have been processed. The
	// error then matches [ErrOutcomeUnknown].
	OutcomeUnknown bool
	// RequestID is the vendor's id for the request: the first of
	// X-Request-Id, Request-Id and X-Correlation-Id the answer carried.
	RequestID string
	// Header holds the failing answer's headers.
	Header http.Header
}

// Error formats "ccaip: <METHOD> <URL>: HTTP <status> <code>: <message>".
func (e *Error) Error() string {
	return httpcore.FormatError("ccaip", e.Method, e.URL, e.StatusCode, string(e.Code), e.Message, e.Attempts)
}

// Is matches the shared status sentinels and the vendor ones below.
func (e *Error) Is(target error) bool {
	if target == ErrOutcomeUnknown {
		return e.OutcomeUnknown
	}
	switch target {
	case ErrSessionEnded:
		return strings.Contains(strings.ToLower(e.Message), "already ended")
	case ErrNotDismissed:
		return strings.Contains(strings.ToLower(e.Message), "not in dismissed state")
	case ErrDuplicateRequest:
		return strings.HasPrefix(strings.ToLower(e.Message), "duplicate request")
	}
	return target != nil && httpcore.StatusSentinel(e.StatusCode) == target
}

// Sentinels matched by [Error] through errors.Is. They read alike in every
// switchboard package.
var (
	// ErrNotFound matches a 404.
	ErrNotFound = httpcore.ErrNotFound
	// ErrUnauthorized matches a 401 or 403.
	ErrUnauthorized = httpcore.ErrUnauthorized
	// ErrRateLimited matches a 429.
	ErrRateLimited = httpcore.ErrRateLimited
	// ErrInvalidRequest matches a 400, 412 or 422.
	ErrInvalidRequest = httpcore.ErrInvalidRequest
	// ErrServerError matches any 5xx.
	ErrServerError = httpcore.ErrServerError
	// ErrMalformedResponse matches a 2xx answer whose body could not be
	// decoded.
	ErrMalformedResponse = httpcore.ErrMalformedResponse
	// ErrResponseTooLarge matches a response body over the
	// [WithMaxResponseBytes] cap.
	ErrResponseTooLarge = httpcore.ErrResponseTooLarge
	// ErrOutcomeUnknown matches the error of a call that is never resent
	// (a send, a create) when the request may have been processed: the
	// connection was lost or timed out after the request was handed to
	// it, or the answer was 502, 503 or 504. It does not match when the
	// request certainly never reached the server or was refused (4xx).
	ErrOutcomeUnknown = httpcore.ErrOutcomeUnknown
	// ErrTimeout matches an attempt that got no complete answer within
	// its bound ([WithTimeout]). It does not match
	// context.DeadlineExceeded: the caller's context did not end.
	ErrTimeout = httpcore.ErrTimeout
)

// Vendor sentinels, matched on the documented messages.
var (
	// ErrSessionEnded: "Chat is already ended".
	ErrSessionEnded = errors.New("ccaip: chat already ended")
	// ErrNotDismissed: resuming a chat that is not dismissed ("This chat is
	// not in dismissed state").
	ErrNotDismissed = errors.New("ccaip: chat not in dismissed state")
	// ErrDuplicateRequest: "Duplicate request: Please wait for the interval
	// to expire".
	ErrDuplicateRequest = errors.New("ccaip: duplicate request")
)

// Errors returned before any request is sent.
var (
	// ErrUploadTooLarge: a photo over 2 MB or a video over 20 MB.
	ErrUploadTooLarge = errors.New("ccaip: upload exceeds the media size limit")
	// ErrMediaType: a photo that is not image/jpeg or a video that is not
	// video/mp4.
	ErrMediaType = errors.New("ccaip: media type not accepted")
	// ErrNoSigner: signing was asked of a client without [WithSigner].
	ErrNoSigner = errors.New("ccaip: no signer configured (WithSigner)")
)

// decodeError maps a non-2xx answer to *Error. It never fails: a body that is
// not the documented JSON leaves Message empty (or takes a storage service's
// XML <Message>).
func decodeError(r *httpcore.ErrorResponse) error {
	e := &Error{
		StatusCode: r.StatusCode, Method: r.Method, URL: r.URL,
		Body: r.Body, Attempts: r.Attempts, RetryAfter: r.RetryAfter,
		OutcomeUnknown: r.OutcomeUnknown, RequestID: r.RequestID, Header: r.Header,
	}
	code, msg := parseErrorBody(r.Body)
	e.Code, e.Message = ErrorCode(code), msg
	if e.Message == "" && e.Code == "" {
		e.Message = http.StatusText(r.StatusCode)
	}
	return e
}

// parseErrorBody reads {"message": "..."} (also "error" or "errors"), or an
// S3/GCS XML error's <Code> and <Message>.
func parseErrorBody(body []byte) (code, message string) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return "", ""
	}
	if body[0] == '<' {
		return xmlElement(body, "Code"), xmlElement(body, "Message")
	}
	var wire struct {
		Message json.RawMessage `json:"message"`
		Error   json.RawMessage `json:"error"`
		Errors  json.RawMessage `json:"errors"`
	}
	if json.Unmarshal(body, &wire) != nil {
		return "", ""
	}
	for _, raw := range []json.RawMessage{wire.Message, wire.Error, wire.Errors} {
		if m := text(raw); m != "" {
			return "", m
		}
	}
	return "", ""
}

// text renders a JSON string as itself and anything else (an array of
// messages, an object) as compact JSON.
func text(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return strings.Join(list, "; ")
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return ""
	}
	return buf.String()
}

// xmlElement returns the text of the first <name>...</name> in body.
func xmlElement(body []byte, name string) string {
	_, rest, ok := bytes.Cut(body, []byte("<"+name+">"))
	if !ok {
		return ""
	}
	inner, _, ok := bytes.Cut(rest, []byte("</"+name+">"))
	if !ok {
		return ""
	}
	return string(bytes.TrimSpace(inner))
}
