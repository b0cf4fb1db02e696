package ccaip

import (
	"context"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/flex"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// ChatStatus is a chat's state. The type is open: the API may send values
// not listed here.
type ChatStatus string

// Known chat statuses. Finished, Dismissed and VADismissed are documented;
// the others follow the reporting states in the API's snake-case style.
const (
	ChatQueued      ChatStatus = "queued"
	ChatAssigned    ChatStatus = "assigned"
	ChatVAAssigned  ChatStatus = "va_assigned"
	ChatFinished    ChatStatus = "finished"
	ChatDismissed   ChatStatus = "dismissed"
	ChatVADismissed ChatStatus = "va_dismissed"
	ChatAbandoned   ChatStatus = "abandoned"
	ChatDeflected   ChatStatus = "deflected"
	ChatFailed      ChatStatus = "failed"
)

// Ended reports whether the chat can change no more (finished, failed or
// abandoned).
func (s ChatStatus) Ended() bool {
	return s == ChatFinished || s == ChatFailed || s == ChatAbandoned
}

// DeflectionChannel says where an escalation or chat was deflected to.
type DeflectionChannel string

// Documented deflection channels.
const (
	DeflectEmail        DeflectionChannel = "email"
	DeflectHumanAgent   DeflectionChannel = "human_agent"
	DeflectExternalLink DeflectionChannel = "external_link"
)

// Chat is the chat object.
type Chat struct {
	ID               int64
	Status           ChatStatus
	StatusText       string
	Features         []string
	CreatedAt        time.Time
	EndsAt           time.Time
	TimeoutAt        time.Time
	Agent            *Agent // nil when no human agent is assigned
	VirtualAgent     *VirtualAgent
	AllAgents        []Agent
	AllVirtualAgents []VirtualAgent
	Lang             string
	Menus            []Menu
	EndUser          *EndUser
	// RawTimes holds, by JSON key ("created_at", "ends_at", "timeout_at"),
	// the text of each timestamp in a layout the client could not read; the
	// matching time field is then zero. It is nil when every timestamp was
	// read: an unexpected layout never fails the call.
	RawTimes map[string]string
}

// Agent is a human agent on a chat.
type Agent struct {
	ID        int64
	Name      string
	FirstName string
	AvatarURL string
	Status    string
}

// VirtualAgent is a virtual agent on a chat.
type VirtualAgent struct {
	ID        int64
	Name      string
	AvatarURL string
	Status    string
}

// Menu is a queue (menu) the chat went through.
type Menu struct {
	ID   int64
	Name string
}

type wireAgent struct {
	ID        flex.Int    `json:"id"`
	Name      flex.String `json:"name"`
	FirstName flex.String `json:"first_name"`
	AvatarURL flex.String `json:"avatar_url"`
	Status    flex.String `json:"status"`
}

func (w *wireAgent) agent() *Agent {
	if w == nil || !w.ID.Valid && !w.Name.Valid {
		return nil
	}
	return &Agent{ID: w.ID.Value, Name: w.Name.Value, FirstName: w.FirstName.Value, AvatarURL: w.AvatarURL.Value, Status: w.Status.Value}
}

func (w *wireAgent) virtual() *VirtualAgent {
	if w == nil || !w.ID.Valid && !w.Name.Valid {
		return nil
	}
	return &VirtualAgent{ID: w.ID.Value, Name: w.Name.Value, AvatarURL: w.AvatarURL.Value, Status: w.Status.Value}
}

type wireChat struct {
	ID               flex.Int      `json:"id"`
	Status           flex.String   `json:"status"`
	StatusText       flex.String   `json:"status_text"`
	Features         []flex.String `json:"features"`
	CreatedAt        wireTime      `json:"created_at"`
	EndsAt           wireTime      `json:"ends_at"`
	TimeoutAt        wireTime      `json:"timeout_at"`
	Agent            *wireAgent    `json:"agent"`
	VirtualAgent     *wireAgent    `json:"virtual_agent"`
	AllAgents        []wireAgent   `json:"all_agents"`
	AllVirtualAgents []wireAgent   `json:"all_virtual_agents"`
	Lang             flex.String   `json:"lang"`
	Menus            []struct {
		ID   flex.Int    `json:"id"`
		Name flex.String `json:"name"`
	} `json:"menus"`
	EndUser *wireEndUser `json:"end_user"`
}

func (w *wireChat) chat() *Chat {
	c := &Chat{
		ID: w.ID.Value, Status: ChatStatus(w.Status.Value), StatusText: w.StatusText.Value,
		CreatedAt: w.CreatedAt.Value, EndsAt: w.EndsAt.Value, TimeoutAt: w.TimeoutAt.Value,
		Agent: w.Agent.agent(), VirtualAgent: w.VirtualAgent.virtual(), Lang: w.Lang.Value,
		EndUser:  w.EndUser.endUser(),
		RawTimes: rawTimes(map[string]wireTime{"created_at": w.CreatedAt, "ends_at": w.EndsAt, "timeout_at": w.TimeoutAt}),
	}
	for _, f := range w.Features {
		c.Features = append(c.Features, f.Value)
	}
	for i := range w.AllAgents {
		if a := w.AllAgents[i].agent(); a != nil {
			c.AllAgents = append(c.AllAgents, *a)
		}
	}
	for i := range w.AllVirtualAgents {
		if a := w.AllVirtualAgents[i].virtual(); a != nil {
			c.AllVirtualAgents = append(c.AllVirtualAgents, *a)
		}
	}
	for _, m := range w.Menus {
		c.Menus = append(c.Menus, Menu{ID: m.ID.Value, Name: m.Name.Value})
	}
	return c
}

// CreateChatRequest is the body of POST /chats. The end user must exist
// first (see [Client.UpsertEndUser]).
type CreateChatRequest struct {
	MenuID    int64
	EndUserID int64
	Lang      string
	Email     string
	// Context is passed to a virtual agent as unsigned data, sent as
	// {"context": {"value": Context}} and read as $session.params.context.<key>.
	Context map[string]any
	// Transcript imports an earlier conversation; it is sent as given (the
	// API publishes its schema separately).
	Transcript any
	// EndUserPhone is sent as end_user.phone.
	EndUserPhone string
}

type wireCreateChat struct {
	Chat struct {
		MenuID     int64        `json:"menu_id,omitempty"`
		EndUserID  int64        `json:"end_user_id,omitempty"`
		Lang       string       `json:"lang,omitempty"`
		Email      string       `json:"email,omitempty"`
		Context    *wireContext `json:"context,omitempty"`
		Transcript any          `json:"transcript,omitempty"`
	} `json:"chat"`
	EndUser *struct {
		Phone string `json:"phone"`
	} `json:"end_user,omitempty"`
}

type wireContext struct {
	Value map[string]any `json:"value"`
}

// CreateChat starts a chat session.
//
// POST /chats — unsafe: never retried after the request may have reached
// the server.
func (c *Client) CreateChat(ctx context.Context, req *CreateChatRequest, opts ...call.Option) (*Chat, error) {
	ctx = callopt.With(ctx, opts)
	if req == nil {
		req = &CreateChatRequest{}
	}
	var body wireCreateChat
	body.Chat.MenuID, body.Chat.EndUserID = req.MenuID, req.EndUserID
	body.Chat.Lang, body.Chat.Email, body.Chat.Transcript = req.Lang, req.Email, req.Transcript
	if req.Context != nil {
		body.Chat.Context = &wireContext{Value: req.Context}
	}
	if req.EndUserPhone != "" {
		body.EndUser = &struct {
			Phone string `json:"phone"`
		}{req.EndUserPhone}
	}
	return c.chatCall(ctx, &httpcore.Request{Method: http.MethodPost, Path: "chats", JSON: body})
}

// GetChat returns the chat object.
//
// GET /chats/{chatId} — idempotent: retried on connection errors, 429, 502,
// 503 and 504.
func (c *Client) GetChat(ctx context.Context, chatID int64, opts ...call.Option) (*Chat, error) {
	ctx = callopt.With(ctx, opts)
	if err := checkID("chatID", chatID); err != nil {
		return nil, err
	}
	return c.chatCall(ctx, &httpcore.Request{
		Method: http.MethodGet, Path: "chats/{chatId}", PathParams: []string{id(chatID)}, Safety: httpcore.Idempotent,
	})
}

// UpdateChatRequest is the body of PATCH /chats/{chatId}. Zero fields are left
// out.
type UpdateChatRequest struct {
	// FinishedByUserID is the user who finished the chat.
	FinishedByUserID  int64
	Status            ChatStatus
	DeflectionChannel DeflectionChannel
	EscalationID      int64
}

type wireUpdateChat struct {
	FinishedByUserID int64 `json:"finished_by_user_id,omitempty"`
	Chat             struct {
		DeflectionChannel DeflectionChannel `json:"deflection_channel,omitempty"`
		Status            ChatStatus        `json:"status,omitempty"`
		EscalationID      int64             `json:"escalation_id,omitempty"`
	} `json:"chat"`
}

// UpdateChat finishes or deflects a chat.
//
// PATCH /chats/{chatId} — idempotent: it sets fields, so it is retried on
// connection errors, 429, 502, 503 and 504.
func (c *Client) UpdateChat(ctx context.Context, chatID int64, req *UpdateChatRequest, opts ...call.Option) (*Chat, error) {
	ctx = callopt.With(ctx, opts)
	if err := checkID("chatID", chatID); err != nil {
		return nil, err
	}
	if req == nil {
		req = &UpdateChatRequest{}
	}
	var body wireUpdateChat
	body.FinishedByUserID = req.FinishedByUserID
	body.Chat.DeflectionChannel, body.Chat.Status, body.Chat.EscalationID = req.DeflectionChannel, req.Status, req.EscalationID
	return c.chatCall(ctx, &httpcore.Request{
		Method: http.MethodPatch, Path: "chats/{chatId}", PathParams: []string{id(chatID)},
		JSON: body, Safety: httpcore.Idempotent,
	})
}

// FinishChat ends a chat: UpdateChat with status finished.
//
// PATCH /chats/{chatId} — idempotent.
func (c *Client) FinishChat(ctx context.Context, chatID, finishedByUserID int64, opts ...call.Option) (*Chat, error) {
	ctx = callopt.With(ctx, opts)
	return c.UpdateChat(ctx, chatID, &UpdateChatRequest{FinishedByUserID: finishedByUserID, Status: ChatFinished})
}

// ResumeChat reactivates a dismissed (or va_dismissed) chat; the chat keeps
// its id. Any other state gives an error matching [ErrNotDismissed].
//
// PATCH /chats/{chatId}/resume — idempotent.
func (c *Client) ResumeChat(ctx context.Context, chatID int64, opts ...call.Option) error {
	ctx = callopt.With(ctx, opts)
	if err := checkID("chatID", chatID); err != nil {
		return err
	}
	return c.onChat(ctx, chatID, &httpcore.Request{
		Method: http.MethodPatch, Path: "chats/{chatId}/resume", Safety: httpcore.Idempotent,
	}, nil)
}

// chatCall sends r and decodes a chat object.
func (c *Client) chatCall(ctx context.Context, r *httpcore.Request) (*Chat, error) {
	r.Header = jsonHeader()
	var w wireChat
	if _, err := c.core.Do(ctx, r, &w); err != nil {
		return nil, err
	}
	return w.chat(), nil
}

// onChat sends r as a JSON request whose one path parameter is chatID, and
// decodes a 2xx answer into out (nil discards it).
func (c *Client) onChat(ctx context.Context, chatID int64, r *httpcore.Request, out any) error {
	r.PathParams, r.Header = []string{id(chatID)}, jsonHeader()
	_, err := c.core.Do(ctx, r, out)
	return err
}
