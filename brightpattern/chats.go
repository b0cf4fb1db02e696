package brightpattern

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"sync/atomic"
	"time"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/flex"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// AvailabilityStatus says whether the scenario entry is within its hours.
type AvailabilityStatus string

// Availability statuses; some servers send "unavailable".
const (
	Available    AvailabilityStatus = "available"
	NotAvailable AvailabilityStatus = "notAvailable"
)

// Availability is the scenario entry's hours-of-operation status. It does
// not say whether agents are logged in.
type Availability struct {
	Status AvailabilityStatus
	// EstimatedWait is the estimated queue wait; EstimatedWaitKnown is false
	// when the server has no estimate (ewt missing or "").
	EstimatedWait      time.Duration
	EstimatedWaitKnown bool
}

// Available reports whether the service is open.
func (a *Availability) Available() bool { return a.Status == Available }

type wireAvailability struct {
	Chat flex.String  `json:"chat"`
	EWT  flex.Seconds `json:"ewt"`
}

// Availability returns the scenario entry's availability.
//
// GET availability — idempotent: retried on connection errors, 429, 502, 503
// and 504.
func (c *Client) Availability(ctx context.Context, opts ...call.Option) (*Availability, error) {
	ctx = callopt.With(ctx, opts)
	var w wireAvailability
	if _, err := c.core.Do(ctx, &httpcore.Request{Method: http.MethodGet, Path: "availability", Safety: httpcore.Idempotent}, &w); err != nil {
		return nil, err
	}
	return &Availability{Status: AvailabilityStatus(w.Chat.Value), EstimatedWait: w.EWT.Value, EstimatedWaitKnown: w.EWT.Valid}, nil
}

// ParameterType is the type of an expected chat parameter.
type ParameterType string

// Parameter types.
const (
	ParamPhone     ParameterType = "PHONE"
	ParamText      ParameterType = "TEXT"
	ParamEmail     ParameterType = "EMAIL"
	ParamFirstName ParameterType = "FIRST_NAME"
	ParamLastName  ParameterType = "LAST_NAME"
	ParamAccount   ParameterType = "ACCOUNT"
	ParamCompany   ParameterType = "COMPANY"
)

// Parameter is one parameter the scenario entry expects in [ChatRequest].
type Parameter struct {
	Name string
	Type ParameterType
}

// ExpectedParameters returns the parameters the scenario entry expects with
// a chat request, in the server's order.
//
// GET parameters — idempotent: retried on connection errors, 429, 502, 503
// and 504.
func (c *Client) ExpectedParameters(ctx context.Context, opts ...call.Option) ([]Parameter, error) {
	ctx = callopt.With(ctx, opts)
	var w struct {
		Parameters []any `json:"parameters"`
	}
	if _, err := c.core.Do(ctx, &httpcore.Request{Method: http.MethodGet, Path: "parameters", Safety: httpcore.Idempotent}, &w); err != nil {
		return nil, err
	}
	var out []Parameter
	for _, item := range w.Parameters {
		obj, ok := item.(map[string]any) // each element is {"<name>": "<type>"}
		if !ok {
			continue
		}
		names := make([]string, 0, len(obj))
		for name := range obj {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			t, _ := obj[name].(string)
			out = append(out, Parameter{Name: name, Type: ParameterType(t)})
		}
	}
	return out, nil
}

// ChatRequest starts a chat session.
type ChatRequest struct {
	// PhoneNumber is the number for a callback, if any.
	PhoneNumber string `json:"phone_number,omitempty"`
	// From is put in the scenario variable $(item.from).
	From string `json:"from,omitempty"`
	// Parameters go to $(item.externalChatData); values may be nested
	// objects (user_platform, location).
	Parameters map[string]any `json:"parameters,omitempty"`
	// InitialMessage is sent as the first message (web client extension).
	InitialMessage string `json:"initial_message,omitempty"`
}

// Chat is a chat session's properties.
type Chat struct {
	ID    string
	State ChatState
	// EstimatedWait is the estimated queue wait; EstimatedWaitKnown is false
	// when the server sent none.
	EstimatedWait      time.Duration
	EstimatedWaitKnown bool
	// IsNewChat is false when the server returned the client's existing
	// session; read [Client.History] to show what was said.
	IsNewChat   bool
	PhoneNumber string
}

type wireChat struct {
	ChatID      flex.String  `json:"chat_id"`
	State       flex.String  `json:"state"`
	EWT         flex.Seconds `json:"ewt"`
	IsNewChat   flex.Bool    `json:"is_new_chat"`
	PhoneNumber flex.String  `json:"phone_number"`
}

// errNoChatID is why an answer that should describe a chat was refused.
var errNoChatID = errors.New("the answer has no chat_id")

func (w *wireChat) chat() (*Chat, error) {
	if w.ChatID.Value == "" {
		return nil, errNoChatID
	}
	return &Chat{ID: w.ChatID.Value, State: ChatState(w.State.Value), EstimatedWait: w.EWT.Value,
		EstimatedWaitKnown: w.EWT.Valid, IsNewChat: w.IsNewChat.Value, PhoneNumber: w.PhoneNumber.Value}, nil
}

// RequestChat starts a chat session, or returns the client's existing one
// with IsNewChat false (a client has one active session at a time). An
// answer without a chat id matches [ErrMalformedResponse].
//
// POST chats — unsafe: never retried after the request may have reached the
// server.
func (c *Client) RequestChat(ctx context.Context, req *ChatRequest, opts ...call.Option) (*Chat, error) {
	ctx = callopt.With(ctx, opts)
	if req == nil {
		req = &ChatRequest{}
	}
	return c.doChat(ctx, &httpcore.Request{Method: http.MethodPost, Path: "chats", JSON: req, Safety: httpcore.Unsafe})
}

// doChat sends r and decodes the chat session it answers; an answer with no
// chat id is malformed.
func (c *Client) doChat(ctx context.Context, r *httpcore.Request) (*Chat, error) {
	return doDecodeAs(ctx, c, r, func(body []byte) (*Chat, error) {
		var w wireChat
		if err := jsonInto(&w)(body); err != nil {
			return nil, err
		}
		return w.chat()
	})
}

// ActiveChat returns the client's active chat session. With none, the error
// matches [ErrNoActiveChat] (and is still an *Error with status 404); its
// message is one line.
//
// GET chats/active — idempotent: retried on connection errors, 429, 502, 503
// and 504.
func (c *Client) ActiveChat(ctx context.Context, opts ...call.Option) (*Chat, error) {
	ctx = callopt.With(ctx, opts)
	chat, err := c.doChat(ctx, &httpcore.Request{Method: http.MethodGet, Path: "chats/active", Safety: httpcore.Idempotent})
	var e *Error
	if errors.As(err, &e) && (e.StatusCode == http.StatusNotFound || e.Code == CodeSessionNotFound) {
		return nil, alsoMatching(ErrNoActiveChat, err)
	}
	return chat, err
}

// History returns every client and server event of the chat session so far.
//
// GET chats/{chatId}/history — idempotent: retried on connection errors,
// 429, 502, 503 and 504.
func (c *Client) History(ctx context.Context, chatID string, opts ...call.Option) ([]Event, error) {
	ctx = callopt.With(ctx, opts)
	return doDecodeAs(ctx, c, &httpcore.Request{
		Method: http.MethodGet, Path: "chats/{chatId}/history", PathParams: []string{chatID}, Safety: httpcore.Idempotent,
	}, DecodeEvents)
}

// PollEvents makes one long poll for new events of chatID. The server holds
// it for about 5–15 s when it has nothing to send; the poll is bounded by
// the poll timeout ([WithPollTimeout]). An empty answer, a 204 and error
// 5511 all give no events. [Client.Events] loops over it.
//
// When the connection closed before the answer and the HTTP transport
// resent the poll by itself (Go's transport does that for a GET on a reused
// connection), the events returned come with an error matching
// [ErrEventsMayBeLost]: the first send may have taken events, which only
// [Client.History] still holds.
//
// GET chats/{chatId}/events — never retried by this package: a poll that
// may have reached the server may have taken events, which only a history
// read can recover (as [Client.Events] does).
func (c *Client) PollEvents(ctx context.Context, chatID string, opts ...call.Option) ([]Event, error) {
	ctx = callopt.With(ctx, opts)
	return c.pollEvents(ctx, chatID, nil)
}

// Read-only request settings every poll shares.
var (
	pollHeader = http.Header{"Cache-Control": {"no-cache"}}
	noRetries  = 0
)

// pollEvents is PollEvents; when sends is set, it counts every time the
// transport wrote the poll, which tells a resend even when the poll fails.
func (c *Client) pollEvents(ctx context.Context, chatID string, sends *atomic.Int32) ([]Event, error) {
	// Operation is the name the core would give the poll, written out so
	// that a held poll holds no name built for it.
	body, resp, err := c.core.DoRaw(ctx, &httpcore.Request{
		Method: http.MethodGet, Path: "chats/{chatId}/events", PathParams: []string{chatID}, Header: pollHeader,
		Safety: httpcore.Idempotent, MaxRetries: &noRetries, Timeout: c.pollTimeout, Sends: sends,
		Operation: "GET chats/{chatId}/events",
	})
	if err != nil {
		if e := (*Error)(nil); errors.As(err, &e) && e.Code == CodeNoEvents {
			return nil, nil // error 5511: no events
		}
		return nil, err
	}
	events, err := DecodeEvents(body)
	if err != nil {
		return nil, resp.DecodeError(body, err)
	}
	if resp.Resent {
		return events, ErrEventsMayBeLost
	}
	return events, nil
}
