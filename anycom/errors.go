package anycom

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// Error is a command AnyCom refused: a non-2xx HTTP status, an envelope
// whose "status" disagrees with the HTTP status, an empty (204) answer to a
// command that must return something, or a body that could not be read.
// Match it with errors.As, or its kind with errors.Is and the sentinels.
type Error struct {
	// StatusCode is the failing status: the HTTP status, or the body's
	// status when the two disagree.
	StatusCode int
	// Code names the status: one of the Code constants, or another
	// value the server sent.
	Code ErrorCode
	// Message is the server's detail (the envelope's result string), or
	// the documented text of the status when the server sent none.
	Message string
	// Method and URL (redacted) of the request.
	Method string
	URL    string
	// Body is the raw response body, truncated, with secrets redacted.
	Body []byte
	// Attempts is how many times the command was sent.
	Attempts int
	// RetryAfter is the server's Retry-After, when it sent one.
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
	// HTTPStatus is the HTTP status when the body's status disagreed with
	// it, zero otherwise.
	HTTPStatus int
	// Group and Command name the command that failed ("chan", "state").
	Group   string
	Command string
}

// Sentinels for the documented statuses, matched by [Error] through
// errors.Is. The first seven read alike in every switchboard package;
// ErrMalformedResponse also matches a result of the wrong shape.
var (
	// ErrNotFound matches 404, which AnyCom uses for an unknown group or
	// command (also matched by ErrInvalidMethod).
	ErrNotFound = httpcore.ErrNotFound
	// ErrUnauthorized matches 401, and 400 (missing authentication key).
	ErrUnauthorized = httpcore.ErrUnauthorized
	// ErrRateLimited matches 429.
	ErrRateLimited = httpcore.ErrRateLimited
	// ErrInvalidRequest matches 400 and 412.
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

	// ErrEmptyResponse matches 204 (empty response), AnyCom's documented
	// status for a command that has no result to return.
	ErrEmptyResponse = errors.New("anycom: empty response")
	// ErrMissingAuthKey matches 400: the request carried no auth key.
	ErrMissingAuthKey = errors.New("anycom: missing authentication key")
	// ErrInvalidMethod matches 404: the group or command does not exist.
	ErrInvalidMethod = errors.New("anycom: invalid method")
	// ErrPreconditionFailed matches 412: a required argument is missing or
	// refers to nothing.
	ErrPreconditionFailed = errors.New("anycom: precondition failed")
	// ErrStatusMismatch matches an envelope whose status disagrees with
	// the HTTP status.
	ErrStatusMismatch = errors.New("anycom: body status disagrees with HTTP status")
)

// ErrorCode names the status of an [Error]. The constants are the
// documented statuses and the package's own readings of an answer; the
// type is open to other values.
type ErrorCode string

// The error codes.
const (
	CodeEmptyResponse      ErrorCode = "empty_response"      // 204
	CodeMissingAuthKey     ErrorCode = "missing_auth_key"    // 400
	CodeUnauthorized       ErrorCode = "unauthorized"        // 401
	CodeInvalidMethod      ErrorCode = "invalid_method"      // 404
	CodePreconditionFailed ErrorCode = "precondition_failed" // 412
	CodeRateLimited        ErrorCode = "rate_limited"        // 429
	CodeServerError        ErrorCode = "server_error"        // any 5xx
	// CodeMalformedResponse is a 2xx answer whose body could not be read.
	CodeMalformedResponse ErrorCode = "malformed_response"
	// CodeUnexpectedResult is a 2xx envelope whose result is not what the
	// command returns.
	CodeUnexpectedResult ErrorCode = "unexpected_result"
)

// documentedStatus is a documented status's code and the text the docs give.
type documentedStatus struct {
	code ErrorCode
	text string
}

var documentedStatuses = map[int]documentedStatus{
	http.StatusNoContent:          {CodeEmptyResponse, "Empty response."},
	http.StatusBadRequest:         {CodeMissingAuthKey, "Missing authentication key!"},
	http.StatusUnauthorized:       {CodeUnauthorized, "Unauthorized! The authentication key does not exist or is not active."},
	http.StatusNotFound:           {CodeInvalidMethod, "Invalid method."},
	http.StatusPreconditionFailed: {CodePreconditionFailed, "Precondition Failed."},
	http.StatusTooManyRequests:    {CodeRateLimited, "Too Many Requests"},
}

// newError builds an Error for status; an empty code or message is filled
// from the documented table.
func newError(status int, code ErrorCode, msg string) *Error {
	doc, ok := documentedStatuses[status]
	if !ok && status >= 500 {
		doc = documentedStatus{CodeServerError, http.StatusText(status)}
	}
	if code == "" {
		code = doc.code
	}
	if strings.TrimSpace(msg) == "" {
		msg = doc.text
	}
	return &Error{StatusCode: status, Code: code, Message: msg}
}

// Error formats as "anycom: POST <url>: HTTP <status> <code>: <message>".
func (e *Error) Error() string {
	msg := e.Message
	if e.HTTPStatus != 0 {
		msg += fmt.Sprintf(" (HTTP status line %d)", e.HTTPStatus)
	}
	return httpcore.FormatError("anycom", e.Method, e.URL, e.StatusCode, string(e.Code), msg, e.Attempts)
}

// Is matches the sentinels of the error's status.
func (e *Error) Is(target error) bool {
	if target == ErrOutcomeUnknown {
		return e.OutcomeUnknown
	}
	switch target {
	case ErrStatusMismatch:
		return e.HTTPStatus != 0
	case ErrMalformedResponse:
		return e.Code == CodeMalformedResponse || e.Code == CodeUnexpectedResult
	case ErrEmptyResponse:
		return e.StatusCode == http.StatusNoContent
	case ErrMissingAuthKey:
		return e.StatusCode == http.StatusBadRequest
	case ErrInvalidMethod:
		return e.StatusCode == http.StatusNotFound
	case ErrPreconditionFailed:
		return e.StatusCode == http.StatusPreconditionFailed
	case ErrUnauthorized:
		if e.StatusCode == http.StatusBadRequest {
			return true
		}
	}
	if s := httpcore.StatusSentinel(e.StatusCode); s != nil {
		return s == target
	}
	return false
}

// decodeHTTPError is the core's hook for a non-2xx answer: it keeps the
// envelope's detail when the body has one.
func decodeHTTPError(r *httpcore.ErrorResponse) error {
	msg := ""
	if res, err := parseEnvelope(r.Body, r.StatusCode); err == nil {
		msg = res.Message
		if res.IsList {
			b, _ := json.Marshal(res.Items)
			msg = string(b)
		}
	} else {
		msg = strings.TrimSpace(string(r.Body))
		if len(msg) > 200 {
			msg = msg[:200] + "..."
		}
	}
	e := newError(r.StatusCode, "", msg)
	e.Method = r.Method
	e.URL = r.URL
	e.Body = r.Body
	e.Attempts = r.Attempts
	e.RetryAfter = r.RetryAfter
	e.OutcomeUnknown = r.OutcomeUnknown
	e.RequestID, e.Header = r.RequestID, r.Header
	return e
}
