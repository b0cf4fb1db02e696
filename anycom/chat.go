package anycom

import (
	"context"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// ChatService sends the commands of the "chat" group.
type ChatService struct{ c *Client }

// ConnectArgs are the arguments of [ChatService.Connect].
type ConnectArgs struct {
	// ChanType is the channel type (whatsapp).
	ChanType ChannelType `json:"chan_type"`
	// ChanID is the channel ID.
	ChanID int64 `json:"chan_id"`
	// ChanUser is the full customer channel username.
	ChanUser string `json:"chan_user"`
	// ChatUser is the attendant's username.
	ChatUser string `json:"chat_user"`
}

// InviteArgs are the arguments of [ChatService.Invite]. Every field is
// sent, as the docs require.
type InviteArgs struct {
	// ChanType is the channel type (whatsapp).
	ChanType ChannelType `json:"chan_type"`
	// ChanID is the channel ID.
	ChanID int64 `json:"chan_id"`
	// ChanUser is the customer's number (an integer, unlike the other
	// commands' full username).
	ChanUser int64 `json:"chan_user"`
	// ChatGroup is the chat group ID.
	ChatGroup int64 `json:"chat_group"`
	// ChatUser is the attendant to invite; when set it is preferred over
	// the group.
	ChatUser string `json:"chat_user"`
	// ChatSubj is the subject shown to the attendant.
	ChatSubj string `json:"chat_subj"`
	// ChatGreet is sent to the customer when the attendant accepts.
	ChatGreet string `json:"chat_greet"`
	// CustomerFT is the ERP customer type.
	CustomerFT string `json:"customer_ft"`
	// CustomerFK is the ERP customer number.
	CustomerFK int64 `json:"customer_fk"`
	// SessionFK is the ERP ticket number.
	SessionFK int64 `json:"session_fk"`
}

// DisconnectArgs are the arguments of [ChatService.Disconnect].
type DisconnectArgs struct {
	// ChatUser is the attendant's username.
	ChatUser string `json:"chat_user"`
}

// showArgs selects what "chat show" lists.
type showArgs struct {
	Target string `json:"target"`
}

// Connect connects a customer directly with an attendant and returns the
// server's message.
//
// POST {"group": "chat", "cmd": "connect"} — unsafe: never retried after
// the request may have reached the server.
func (s *ChatService) Connect(ctx context.Context, args ConnectArgs, opts ...call.Option) (string, error) {
	ctx = callopt.With(ctx, opts)
	return s.c.message(ctx, "chat", "connect", args, httpcore.Unsafe)
}

// Close closes a customer's chat session and returns the server's message.
//
// POST {"group": "chat", "cmd": "close"} — unsafe: never retried after the
// request may have reached the server.
func (s *ChatService) Close(ctx context.Context, args SessionArgs, opts ...call.Option) (string, error) {
	ctx = callopt.With(ctx, opts)
	return s.c.message(ctx, "chat", "close", args, httpcore.Unsafe)
}

// Drop drops a customer's chat session and returns the server's message.
//
// POST {"group": "chat", "cmd": "drop"} — unsafe: never retried after the
// request may have reached the server.
func (s *ChatService) Drop(ctx context.Context, args SessionArgs, opts ...call.Option) (string, error) {
	ctx = callopt.With(ctx, opts)
	return s.c.message(ctx, "chat", "drop", args, httpcore.Unsafe)
}

// Invite sends a new chat invite, with the ERP fields, and returns the
// server's message.
//
// POST {"group": "chat", "cmd": "invite"} — unsafe: never retried after the
// request may have reached the server.
func (s *ChatService) Invite(ctx context.Context, args InviteArgs, opts ...call.Option) (string, error) {
	ctx = callopt.With(ctx, opts)
	return s.c.message(ctx, "chat", "invite", args, httpcore.Unsafe)
}

// Disconnect disconnects an attendant from chat and returns the server's
// message.
//
// POST {"group": "chat", "cmd": "rem"} — unsafe: never retried after the
// request may have reached the server.
func (s *ChatService) Disconnect(ctx context.Context, args DisconnectArgs, opts ...call.Option) (string, error) {
	ctx = callopt.With(ctx, opts)
	return s.c.message(ctx, "chat", "rem", args, httpcore.Unsafe)
}

// Attendants lists the online chat attendants.
//
// POST {"group": "chat", "cmd": "show", "args": {"target": "user"}} —
// read-only: retried on connection errors, 429, 502, 503 and 504.
func (s *ChatService) Attendants(ctx context.Context, opts ...call.Option) ([]Attendant, error) {
	ctx = callopt.With(ctx, opts)
	return list(ctx, s.c, "chat", "show", showArgs{"user"}, (*wireAttendant).attendant)
}

// Awaiting lists the customers waiting for an attendant.
//
// POST {"group": "chat", "cmd": "show", "args": {"target": "awaiting"}} —
// read-only: retried on connection errors, 429, 502, 503 and 504.
func (s *ChatService) Awaiting(ctx context.Context, opts ...call.Option) ([]AwaitingCustomer, error) {
	ctx = callopt.With(ctx, opts)
	return list(ctx, s.c, "chat", "show", showArgs{"awaiting"}, (*wireAwaiting).awaiting)
}

// Conversations lists the customers chatting with an attendant.
//
// POST {"group": "chat", "cmd": "show", "args": {"target": "conversation"}}
// — read-only: retried on connection errors, 429, 502, 503 and 504.
func (s *ChatService) Conversations(ctx context.Context, opts ...call.Option) ([]Conversation, error) {
	ctx = callopt.With(ctx, opts)
	return list(ctx, s.c, "chat", "show", showArgs{"conversation"}, (*wireConversation).conversation)
}
