package brightpattern

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/switchboard-go/switchboard/internal/flex"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// requireV2 refuses a v2-only call on a v1 client, before any I/O.
func (c *Client) requireV2() error {
	if c.apiVersion < 2 {
		return ErrRequiresV2
	}
	return nil
}

// Version returns the server version string, such as "5.5.6.12345 (Stable)".
// API v2 only.
//
// GET version — idempotent: retried on connection errors, 429 and 5xx
// gateway errors.
func (c *Client) Version(ctx context.Context) (string, error) {
	if err := c.requireV2(); err != nil {
		return "", err
	}
	var w struct {
		ServerVersion flex.String `json:"server_version"`
	}
	if _, err := c.core.Do(ctx, &httpcore.Request{Method: "GET", Path: "version", Safety: httpcore.Idempotent}, &w); err != nil {
		return "", err
	}
	return w.ServerVersion.Value, nil
}

// PushSubscription names the device to notify of new events of a chat. Set
// one kind of token: APNs (with the bundle id), iOS Firebase or Android
// Firebase. The zero value unsubscribes. The push payload carries the chat
// id under the key "chatID".
type PushSubscription struct {
	APNSDeviceToken        string `json:"ios_apns_device_token,omitempty"`
	AppBundleID            string `json:"ios_app_bundle_id,omitempty"`
	IOSFirebaseDeviceToken string `json:"ios_firebase_device_token,omitempty"`
	AndroidFirebaseToken   string `json:"android_firebase_device_token,omitempty"`
}

// SubscribeNotifications subscribes a device to push notifications for
// chatID; a zero sub unsubscribes. API v2 only. Too many tokens at once is
// error 5603.
//
// POST chats/{chatId}/notifications — idempotent: the subscription is
// replaced, so a resend changes nothing; retried on connection errors, 429
// and 5xx gateway errors.
func (c *Client) SubscribeNotifications(ctx context.Context, chatID string, sub PushSubscription) error {
	if err := c.requireV2(); err != nil {
		return err
	}
	_, err := c.core.Do(ctx, &httpcore.Request{
		Method: "POST", Path: "chats/{chatId}/notifications", PathParams: []string{chatID},
		JSON: sub, Safety: httpcore.Idempotent,
	}, nil)
	return err
}

// CaseSession is one past chat session of the chat's case.
type CaseSession struct {
	ChatID  string
	Created time.Time
	Events  []Event
}

// CaseHistory returns the sessions of the case attached to chatID (see
// [CaseSetEvent]). API v2 only. Without a case, the error matches
// [ErrNoCase] (5601). The path is chats/{chatId}/casehistory as the
// official clients call it (the v2 collection shows no chat id).
//
// GET chats/{chatId}/casehistory — idempotent: retried on connection
// errors, 429 and 5xx gateway errors.
func (c *Client) CaseHistory(ctx context.Context, chatID string) ([]CaseSession, error) {
	if err := c.requireV2(); err != nil {
		return nil, err
	}
	body, _, err := c.core.DoRaw(ctx, &httpcore.Request{
		Method: "GET", Path: "chats/{chatId}/casehistory", PathParams: []string{chatID}, Safety: httpcore.Idempotent,
	})
	if err != nil {
		return nil, err
	}
	return decodeCaseHistory(body)
}

func decodeCaseHistory(body []byte) ([]CaseSession, error) {
	var w struct {
		Sessions []struct {
			ChatID      flex.String       `json:"chat_id"`
			CreatedTime flex.Time         `json:"created_time"`
			Events      []json.RawMessage `json:"events"`
		} `json:"sessions"`
	}
	if len(body) == 0 {
		return nil, nil
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, fmt.Errorf("brightpattern: decode case history: %w", err)
	}
	out := make([]CaseSession, 0, len(w.Sessions))
	for _, s := range w.Sessions {
		out = append(out, CaseSession{ChatID: s.ChatID.Value, Created: s.CreatedTime.Value, Events: decodeEventList(s.Events)})
	}
	return out, nil
}

// CloseCase closes the case attached to chatID. API v2 only. Without a
// case, the error matches [ErrNoCase]; a CRM failure is error 5602.
//
// POST chats/{chatId}/closecase — unsafe: never retried after the request
// may have reached the server.
func (c *Client) CloseCase(ctx context.Context, chatID string) error {
	if err := c.requireV2(); err != nil {
		return err
	}
	_, err := c.core.Do(ctx, &httpcore.Request{
		Method: "POST", Path: "chats/{chatId}/closecase", PathParams: []string{chatID}, Safety: httpcore.Unsafe,
	}, nil)
	return err
}

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

func (e *SMSError) Error() string {
	return fmt.Sprintf("brightpattern: SMS chat request refused: sms_error_code %d: %s", e.Code, e.Message)
}

// RequestSMSChat starts an SMS chat session (BP 3.14 and later). A refusal
// in a 200 answer is an *SMSError; an HTTP error is an *Error.
//
// POST requestsms — unsafe: never retried after the request may have
// reached the server.
func (c *Client) RequestSMSChat(ctx context.Context, req *SMSRequest) error {
	if req == nil || req.PhoneNumber == "" {
		return errors.New("brightpattern: RequestSMSChat: a phone number is required")
	}
	var w struct {
		Code    flex.Int    `json:"sms_error_code"`
		Message flex.String `json:"error_message"`
	}
	if _, err := c.core.Do(ctx, &httpcore.Request{Method: "POST", Path: "requestsms", JSON: req, Safety: httpcore.Unsafe}, &w); err != nil {
		return err
	}
	if w.Code.Value != 0 {
		return &SMSError{Code: int(w.Code.Value), Message: w.Message.Value}
	}
	return nil
}
