package anycom

import (
	"context"
	"net/http"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// ChannelsService sends the commands of the "chan" group.
type ChannelsService struct{ c *Client }

// StateArgs are the arguments of [ChannelsService.SetState].
type StateArgs struct {
	// ChanType is the channel type (whatsapp).
	ChanType ChannelType `json:"chan_type"`
	// ChanID is the channel ID.
	ChanID int64 `json:"chan_id"`
	// ChanUser is the full customer channel username ("554432328668@c.us").
	ChanUser string `json:"chan_user"`
	// NewState is the state to move the session to.
	NewState State `json:"new_state"`
}

// SessionArgs name a customer session: the arguments of
// [ChannelsService.RemoveSession], [BotService.RemoveSession],
// [ChatService.Close] and [ChatService.Drop].
type SessionArgs struct {
	// ChanType is the channel type (whatsapp).
	ChanType ChannelType `json:"chan_type"`
	// ChanID is the channel ID.
	ChanID int64 `json:"chan_id"`
	// ChanUser is the full customer channel username.
	ChanUser string `json:"chan_user"`
}

// CheckArgs are the arguments of [ChannelsService.Check].
type CheckArgs struct {
	// ChanType is the channel type (whatsapp).
	ChanType ChannelType `json:"chan_type"`
	// ChanID is the channel ID.
	ChanID int64 `json:"chan_id"`
	// User is the customer's number (554432328668).
	User int64 `json:"user"`
}

// ReloadChannelArgs are the arguments of [ChannelsService.Reload].
type ReloadChannelArgs struct {
	// ChanType is the channel type (whatsapp).
	ChanType ChannelType `json:"chan_type"`
	// ChanID is the channel ID.
	ChanID int64 `json:"chan_id"`
}

// MessageArgs are the arguments of [ChannelsService.SendMessage].
type MessageArgs struct {
	// ChanType is the channel type (whatsapp).
	ChanType ChannelType `json:"chan_type"`
	// ChanID is the channel ID.
	ChanID int64 `json:"chan_id"`
	// User is the customer's number.
	User int64 `json:"user"`
	// Flow is the flow to run if the customer answers.
	Flow int64 `json:"flow"`
	// Message is the text to send.
	Message string `json:"message"`
}

// Users lists the current users on every channel.
//
// POST {"group": "chan", "cmd": "show"} — read-only: retried on connection
// errors, 429, 502, 503 and 504.
func (s *ChannelsService) Users(ctx context.Context, opts ...call.Option) ([]User, error) {
	ctx = callopt.With(ctx, opts)
	return list(ctx, s.c, "chan", "show", nil, (*wireUser).user)
}

// SetState moves a customer session to a new state and returns the
// server's message.
//
// POST {"group": "chan", "cmd": "state"} — unsafe: never retried after the
// request may have reached the server.
func (s *ChannelsService) SetState(ctx context.Context, args StateArgs, opts ...call.Option) (string, error) {
	ctx = callopt.With(ctx, opts)
	return s.c.message(ctx, "chan", "state", args, httpcore.Unsafe)
}

// RemoveSession removes an active customer session and returns the
// server's message.
//
// POST {"group": "chan", "cmd": "rem"} — unsafe: never retried after the
// request may have reached the server.
func (s *ChannelsService) RemoveSession(ctx context.Context, args SessionArgs, opts ...call.Option) (string, error) {
	ctx = callopt.With(ctx, opts)
	return s.c.message(ctx, "chan", "rem", args, httpcore.Unsafe)
}

// Check tells whether a customer number is a valid WhatsApp number. An
// answer with no entry is an error matching [ErrEmptyResponse].
//
// POST {"group": "chan", "cmd": "check"} — read-only: retried on connection
// errors, 429, 502, 503 and 504.
func (s *ChannelsService) Check(ctx context.Context, args CheckArgs, opts ...call.Option) (*CheckResult, error) {
	ctx = callopt.With(ctx, opts)
	results, err := list(ctx, s.c, "chan", "check", args, (*wireCheck).check)
	if err != nil {
		return nil, err
	}
	if len(results) == 0 {
		e := newError(204, "", "")
		e.Method, e.URL, e.Group, e.Command = http.MethodPost, s.c.endpoint, "chan", "check"
		return nil, e
	}
	return &results[0], nil
}

// Reload reloads a channel and returns the server's message.
//
// POST {"group": "chan", "cmd": "reload"} — unsafe: never retried after the
// request may have reached the server.
func (s *ChannelsService) Reload(ctx context.Context, args ReloadChannelArgs, opts ...call.Option) (string, error) {
	ctx = callopt.With(ctx, opts)
	return s.c.message(ctx, "chan", "reload", args, httpcore.Unsafe)
}

// SendMessage sends a message to a customer and returns the server's
// message.
//
// POST {"group": "chan", "cmd": "message"} — unsafe: never retried after
// the request may have reached the server, so the customer never receives
// the message twice.
func (s *ChannelsService) SendMessage(ctx context.Context, args MessageArgs, opts ...call.Option) (string, error) {
	ctx = callopt.With(ctx, opts)
	return s.c.message(ctx, "chan", "message", args, httpcore.Unsafe)
}
