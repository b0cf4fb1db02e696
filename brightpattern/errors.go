package brightpattern

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/internal/flex"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// ErrorCode is the server's error_code. The constants are the documented
// codes; the type is open to others.
type ErrorCode string

// Error codes the server sends in error_code.
const (
	CodeInvalidTenantURL       ErrorCode = "1000" // Missing or invalid tenantUrl
	CodeMissingAuthorization   ErrorCode = "2000" // Authorization header is missing
	CodeBadAuthorizationFormat ErrorCode = "2001" // Authorization parameter format is incorrect
	CodeBadAuthorizationScheme ErrorCode = "2002" // Authorization scheme is incorrect
	CodeMissingAppID           ErrorCode = "2003" // Authorization parameter is missing: appId
	CodeMissingClientID        ErrorCode = "2004" // Authorization parameter is missing: clientId
	CodeInvalidAppID           ErrorCode = "3000" // Missing or invalid application unique id
	CodeChatServerTimeout      ErrorCode = "5000" // Timeout - chat server takes too long to respond
	CodeNoChatServer           ErrorCode = "5001" // No server is available to accept chat connection
	CodeBadJSON                ErrorCode = "5003" // Error decoding JSON request body
	CodeChatServerDisconnected ErrorCode = "5004" // Chat server disconnected
	CodeSessionNotFound        ErrorCode = "5005" // Chat session is not found
	CodeLaunchPointNotFound    ErrorCode = "5006" // Mobile Launch Point (application) is not found
	CodeInternal               ErrorCode = "5500" // internal server error message
	CodeUploadTooLarge         ErrorCode = "5501" // Upload size limit exceeded
	CodeFileNotFound           ErrorCode = "5502" // File not found
	CodeConcurrentPoll         ErrorCode = "5509" // Too many concurrent poll requests for the same session
	CodeNoEvents               ErrorCode = "5511" // No events (when, and with which status, is UNCONFIRMED: read as no events whatever the status)
	CodeFileOperation          ErrorCode = "5558" // file operation error message
	CodeUnspecified            ErrorCode = "5955" // Unspecified server error
	CodeNoCase                 ErrorCode = "5601" // No case is specified for this session (v2)
	CodeCRMError               ErrorCode = "5602" // CRM server responded with error (v2)
	CodeTooManyParameters      ErrorCode = "5603" // Too many parameters (v2)
)

// Error is a non-2xx answer from the server.
type Error struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// Code is the server's error_code (one of the Code constants, or any
	// other value the server sends), empty when the body had none.
	Code ErrorCode
	// Message is the server's error_message.
	Message string
	// Method and URL (credentials redacted) of the request.
	Method string
	URL    string
	// Body is the raw response body, truncated.
	Body []byte
	// Attempts is how many times the request was sent.
	Attempts int
	// RetryAfter is the wait the server asked for, when it sent one.
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

// Error formats the error as
// "brightpattern: <METHOD> <URL>: HTTP <status> <code>: <message>".
func (e *Error) Error() string {
	return httpcore.FormatError("brightpattern", e.Method, e.URL, e.StatusCode, string(e.Code), e.Message, e.Attempts)
}

// Sentinels matched by [Error] through errors.Is. The first seven read
// alike in every switchboard package.
var (
	// ErrNotFound matches a 404.
	ErrNotFound = httpcore.ErrNotFound
	// ErrUnauthorized matches a 401 or 403 (errors 2000-2004 and 3000).
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

	// ErrSessionEnded means the chat session no longer exists (error 5005;
	// [Client.Events] also ends with it on a 404).
	ErrSessionEnded = errors.New("brightpattern: chat session ended or not found")
	// ErrNoActiveChat is returned by [Client.ActiveChat] when the client
	// has no active chat.
	ErrNoActiveChat = errors.New("brightpattern: no active chat")
	// ErrUploadTooLarge is a file over the 25 MB upload limit, refused
	// before sending when its size is known, or by the server: error 5501
	// whatever its status (which status carries it is UNCONFIRMED; the
	// fake sends 400, which PM-v2 lists for uploads), or a bare 413.
	ErrUploadTooLarge = errors.New("brightpattern: upload size limit exceeded")
	// ErrConcurrentPoll is error 5509: another poll of the same chat is
	// held by the server.
	ErrConcurrentPoll = errors.New("brightpattern: too many concurrent poll requests")
	// ErrNoCase is error 5601: the chat has no case (v2).
	ErrNoCase = errors.New("brightpattern: no case is specified for this session")
	// ErrEventsMayBeLost comes with the events of a poll that the HTTP
	// transport had to send twice: the first send may have taken events
	// that only the chat history still holds.
	ErrEventsMayBeLost = errors.New("brightpattern: the poll was resent: events may have been lost (read the history)")
	// ErrRequiresV2 is returned before any I/O by a call that exists only
	// in API version 2 when the client speaks version 1.
	ErrRequiresV2 = errors.New("brightpattern: the call needs API version 2 (WithAPIVersion(2))")
)

// Is matches the sentinels by status and by error code.
func (e *Error) Is(target error) bool {
	if target == ErrOutcomeUnknown {
		return e.OutcomeUnknown
	}
	switch target {
	case ErrSessionEnded:
		return e.Code == CodeSessionNotFound
	case ErrUploadTooLarge:
		return e.Code == CodeUploadTooLarge || e.StatusCode == http.StatusRequestEntityTooLarge
	case ErrConcurrentPoll:
		return e.Code == CodeConcurrentPoll
	case ErrNoCase:
		return e.Code == CodeNoCase
	case ErrUnauthorized:
		switch e.Code {
		case CodeInvalidTenantURL, CodeMissingAuthorization, CodeBadAuthorizationFormat, CodeBadAuthorizationScheme,
			CodeMissingAppID, CodeMissingClientID, CodeInvalidAppID:
			return true
		}
	case ErrNotFound:
		switch e.Code {
		case CodeSessionNotFound, CodeFileNotFound, CodeLaunchPointNotFound:
			return true
		}
	case ErrRateLimited:
		if e.Code == CodeConcurrentPoll {
			return true
		}
	case ErrInvalidRequest:
		if e.Code == CodeBadJSON || e.Code == CodeTooManyParameters {
			return true
		}
	case ErrServerError:
		switch e.Code {
		case CodeChatServerTimeout, CodeNoChatServer, CodeChatServerDisconnected, CodeInternal, CodeFileOperation,
			CodeUnspecified, CodeCRMError:
			return true
		}
	}
	return target != nil && httpcore.StatusSentinel(e.StatusCode) == target
}

// wireError is the documented error body. error_code arrives as a string
// ("5005") in practice and as a number on some 3.x servers.
type wireError struct {
	Code    flex.String `json:"error_code"`
	Message flex.String `json:"error_message"`
}

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
		e.Code, e.Message = ErrorCode(w.Code.Value), w.Message.Value
	}
	return e
}
