package workspacechat

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// ErrorCode is the API's error "code". The constants are the codes seen in
// recorded answers; the type is open to others.
type ErrorCode string

// The error codes.
const (
	CodeInvalidData  ErrorCode = "invalid-data" // 400
	CodeUnauthorized ErrorCode = "unauthorized" // 401
	CodeNotFound     ErrorCode = "not-found"    // 404
)

// Error is a non-2xx answer from the API, with the decoded error body
// {code, name, message, feedback{enUs, esEs, ptBr}, cta{type, url}}.
// Use errors.As(err, new(*workspacechat.Error)) to reach it.
type Error struct {
	StatusCode int
	// Code is the API's error code: one of the Code constants, or another
	// the API sends.
	Code ErrorCode
	// Message is the API's error message.
	Message string
	// Method and URL (with secrets redacted) of the request.
	Method string
	URL    string
	// Body is the raw response body, truncated to 64 KiB.
	Body []byte
	// Attempts is how many times the request was sent.
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

	// Name is the API's error name.
	Name string
	// Feedback is user-facing text in the API's three locales.
	Feedback Feedback
	// CTA is the call to action the API suggests, when it sends one.
	CTA *CTA
}

// Feedback is localized user-facing error text.
type Feedback struct {
	EnUS string
	EsES string
	PtBR string
}

// CTA is a call to action attached to an error, such as contacting support.
type CTA struct {
	// Type is the action; the docs list "support-contact".
	Type string
	URL  string
}

// Error formats as "workspacechat: <METHOD> <URL>: HTTP <status> <code>: <message>".
func (e *Error) Error() string {
	return httpcore.FormatError(vendor, e.Method, e.URL, e.StatusCode, string(e.Code), e.Message, e.Attempts)
}

// Is matches the sentinel for the status: [ErrNotFound] for 404,
// [ErrUnauthorized] for 401 and 403, [ErrInvalidData] for 400 and 422,
// [ErrRateLimited] for 429, [ErrServerError] for 5xx.
func (e *Error) Is(target error) bool {
	if target == ErrOutcomeUnknown {
		return e.OutcomeUnknown
	}
	s := httpcore.StatusSentinel(e.StatusCode)
	return s != nil && s == target
}

// Sentinels for errors.Is. They are shared with the other switchboard
// packages, so one test reads the same everywhere.
var (
	// ErrNotFound: the chat, channel or responder does not exist (404).
	ErrNotFound = httpcore.ErrNotFound
	// ErrUnauthorized: the API key is missing, wrong or not allowed (401, 403).
	ErrUnauthorized = httpcore.ErrUnauthorized
	// ErrInvalidRequest: the server refused the request's data (400).
	ErrInvalidRequest = httpcore.ErrInvalidRequest
	// ErrInvalidData is the API's own name for [ErrInvalidRequest]
	// ("Invalid data provided."); both match the same errors.
	ErrInvalidData = httpcore.ErrInvalidRequest
	// ErrRateLimited: too many requests (429).
	ErrRateLimited = httpcore.ErrRateLimited
	// ErrServerError: the server failed (5xx).
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

// ErrInvalidID is returned, before anything is sent, for an ID that is not
// a UUID.
var ErrInvalidID = errors.New("workspacechat: invalid UUID")

// decodeError is the core's DecodeError hook.
func decodeError(r *httpcore.ErrorResponse) error {
	e := &Error{
		StatusCode:     r.StatusCode,
		Method:         r.Method,
		URL:            r.URL,
		Body:           r.Body,
		Attempts:       r.Attempts,
		RetryAfter:     r.RetryAfter,
		OutcomeUnknown: r.OutcomeUnknown,
		RequestID:      r.RequestID,
		Header:         r.Header,
	}
	var w wireError
	if json.Unmarshal(r.Body, &w) == nil {
		w.fill(e)
	}
	return e
}
