package workspacechat

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// ChatMessage is one message of a chat. Raw keeps the JSON as received,
// including joined data (senders, follow-ups).
type ChatMessage struct {
	ID           string
	ChatID       string
	ChatThreadID string
	// Content is the message text.
	Content string
	// RawContent is the content as the assistant generated it.
	RawContent string
	// ExternalID is the message's reference in an integrated system.
	ExternalID string
	Role       Role
	// SenderSuperIdentityID refers to an agent, squad, user or external
	// user.
	SenderSuperIdentityID string
	CreatedAt             time.Time
	UpdatedAt             time.Time

	// Raw is the message's JSON as received. The values of one list share
	// its body: read Raw, do not write to it. [json.Marshal] does not write
	// Raw; decoding its output sets Raw to that output.
	Raw json.RawMessage
}

// UnmarshalJSON decodes a message tolerantly and keeps the raw JSON. It
// refuses a message without an id ([ErrMissingID]).
func (m *ChatMessage) UnmarshalJSON(data []byte) error {
	return decodeOne(m, "chat message", data)
}

// decodeObject implements objectDecoder.
func (m *ChatMessage) decodeObject(o *object, data, raw []byte) error {
	return o.decode("chat message", data, raw, func(o *object) error { return o.requireID(msgID) }, func(raw []byte) {
		*m = ChatMessage{
			ID:                    o.str(msgID),
			ChatID:                o.str(msgChatID),
			ChatThreadID:          o.str(msgChatThreadID),
			Content:               o.str(msgContent),
			RawContent:            o.str(msgRawContent),
			ExternalID:            o.str(msgExternalID),
			Role:                  Role(o.str(msgRole)),
			SenderSuperIdentityID: o.str(msgSenderSuperIdentityID),
			CreatedAt:             o.time(msgCreatedAt),
			UpdatedAt:             o.time(msgUpdatedAt),
			Raw:                   raw,
		}
	})
}

// MessageFilter narrows [Client.ListChatMessages]. The zero value lists
// the chat's messages up to the server's default limit (250).
type MessageFilter struct {
	ChatThreadID string
	TicketIDs    []string
	Joins        []MessageJoin
	// Limit is 1–1000; zero leaves the server default.
	Limit int
}

// MaxMessageLimit is the largest Limit the message list accepts.
const MaxMessageLimit = 1000

// ListChatMessages lists the messages of a chat.
//
// GET /api/v1/chat-messages — idempotent: retried on connection errors,
// 429, 502, 503 and 504. An unknown chat gives an error matching
// [ErrNotFound].
func (c *Client) ListChatMessages(ctx context.Context, chatID string, filter *MessageFilter, opts ...call.Option) ([]ChatMessage, error) {
	ctx = callopt.With(ctx, opts)
	if err := checkID("chat id", chatID); err != nil {
		return nil, err
	}
	q := &listMessagesQuery{ChatID: chatID}
	if filter != nil {
		if err := checkOptionalID("chat thread id", filter.ChatThreadID); err != nil {
			return nil, err
		}
		if err := checkIDs("ticket id", filter.TicketIDs); err != nil {
			return nil, err
		}
		if filter.Limit < 0 || filter.Limit > MaxMessageLimit {
			return nil, httpcore.InvalidArgument(vendor, "MessageFilter.Limit: message limit %d is outside 1–%d", filter.Limit, MaxMessageLimit)
		}
		q.ChatThreadID, q.TicketIDs, q.Joins, q.Limit = filter.ChatThreadID, filter.TicketIDs, filter.Joins, filter.Limit
	}
	req := &httpcore.Request{Method: http.MethodGet, Path: pathChatMessages, Query: q, Safety: httpcore.Idempotent}
	return doList[ChatMessage](ctx, c, req)
}

// NewChatMessage is what [Client.CreateChatMessage] sends.
type NewChatMessage struct {
	// ChatID is the chat to post into. Required.
	ChatID string
	// ChatThreadID places the message in a thread; empty sends null.
	ChatThreadID string
	// Content is the message text. Required.
	Content string
	// ExternalID is the message's reference in your system; empty sends
	// null.
	ExternalID string
	// Role is the role the message is created with.
	Role Role
}

// CreateChatMessage posts a message into a chat.
//
// POST /api/v1/chat-messages (path INFERRED) — unsafe: never retried after
// the request may have reached the server, so a customer never gets a
// message twice.
func (c *Client) CreateChatMessage(ctx context.Context, in *NewChatMessage, opts ...call.Option) (*ChatMessage, error) {
	ctx = callopt.With(ctx, opts)
	if in == nil {
		return nil, httpcore.InvalidArgument(vendor, "CreateChatMessage: nil NewChatMessage")
	}
	if err := checkID("chat id", in.ChatID); err != nil {
		return nil, err
	}
	if in.Content == "" {
		return nil, httpcore.InvalidArgument(vendor, "CreateChatMessage: NewChatMessage.Content is empty")
	}
	if err := checkOptionalID("chat thread id", in.ChatThreadID); err != nil {
		return nil, err
	}
	body := createMessageBody{ChatID: in.ChatID, Content: in.Content, Role: in.Role}
	if in.ChatThreadID != "" {
		body.ChatThreadID = &in.ChatThreadID
	}
	if in.ExternalID != "" {
		body.ExternalID = &in.ExternalID
	}
	req := &httpcore.Request{Method: http.MethodPost, Path: pathChatMessages, JSON: body, Safety: httpcore.Unsafe}
	return doObject[ChatMessage](ctx, c, req)
}
