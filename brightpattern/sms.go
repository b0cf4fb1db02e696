package brightpattern

import (
	"context"
	"fmt"
	"net/http"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/flex"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// SMSRequest starts an SMS conversation with a phone number, as if the
// customer had sent an empty SMS.
type SMSRequest struct {
	PhoneNumber string         `json:"phone_number"`
	From        string         `json:"from,omitempty"`
	Parameters  map[string]any `json:"parameters,omitempty"`
}

// SMS result codes of [SMSError].
const (
	SMSInvalidAccessNumber = 5  // invalid access number (no SMPP gateway)
	SMSDatabaseError       = 6  // cannot connect to database
	SMSServerTimeout       = 10 // SMS server command timeout
	SMSSessionExists       = 11 // a customer-initiated session already exists
	SMSInvalidLaunchPoint  = 21 // invalid launch point ID
)

// SMSError is a refused SMS chat request: the server answered 200 with a
// non-zero sms_error_code.
type SMSError struct {
	Code    int
	Message string
}

// Error describes the refusal with its sms_error_code.
func (e *SMSError) Error() string {
	return fmt.Sprintf("brightpattern: SMS chat request refused: sms_error_code %d: %s", e.Code, httpcore.OneLine(e.Message))
}

// RequestSMSChat starts an SMS chat session (BP 3.14 and later). A refusal
// in a 200 answer is an *SMSError; an HTTP error is an *Error.
//
// POST requestsms — unsafe: never retried after the request may have
// reached the server.
func (c *Client) RequestSMSChat(ctx context.Context, req *SMSRequest, opts ...call.Option) error {
	ctx = callopt.With(ctx, opts)
	if req == nil || req.PhoneNumber == "" {
		return httpcore.InvalidArgument("brightpattern", "RequestSMSChat: SMSRequest.PhoneNumber is required")
	}
	var w struct {
		Code    flex.Int    `json:"sms_error_code"`
		Message flex.String `json:"error_message"`
	}
	if _, err := c.core.Do(ctx, &httpcore.Request{Method: http.MethodPost, Path: "requestsms", JSON: req, Safety: httpcore.Unsafe}, &w); err != nil {
		return err
	}
	if w.Code.Value != 0 {
		return &SMSError{Code: int(w.Code.Value), Message: w.Message.Value}
	}
	return nil
}
