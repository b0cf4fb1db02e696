package anycom

import (
	"context"
	"encoding/json"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// BotService sends the commands of the "bot" group.
type BotService struct{ c *Client }

// FlowArgs are the arguments of [BotService.SetFlow].
type FlowArgs struct {
	// ChanType is the channel type (whatsapp).
	ChanType ChannelType `json:"chan_type"`
	// ChanID is the channel ID.
	ChanID int64 `json:"chan_id"`
	// ChanUser is the full customer channel username.
	ChanUser string `json:"chan_user"`
	// Flow is the new flow ID.
	Flow int64 `json:"flow"`
	// Item is the new flow item ID.
	Item int64 `json:"item"`
}

// ReloadArgs are the arguments of [BotService.Reload].
type ReloadArgs struct {
	// Target is what to reload.
	Target ReloadTarget
	// ID is the service or function ID. It is sent only for
	// [ReloadService] and [ReloadFunction].
	ID int64
}

// MarshalJSON sends "id" only for the targets that take one.
func (a ReloadArgs) MarshalJSON() ([]byte, error) {
	if a.Target.takesID() {
		return json.Marshal(struct {
			Target ReloadTarget `json:"target"`
			ID     int64        `json:"id"`
		}{a.Target, a.ID})
	}
	return json.Marshal(struct {
		Target ReloadTarget `json:"target"`
	}{a.Target})
}

// ValidateArgs are the arguments of [BotService.Validate].
type ValidateArgs struct {
	// Target is [ReloadService] or [ReloadFunction].
	Target ReloadTarget `json:"target"`
	// ID is the service or function ID.
	ID int64 `json:"id"`
}

// Sessions lists the current customer sessions on the bot.
//
// POST {"group": "bot", "cmd": "show"} — read-only: retried on connection
// errors, 429, 502, 503 and 504.
func (s *BotService) Sessions(ctx context.Context, opts ...call.Option) ([]BotSession, error) {
	ctx = callopt.With(ctx, opts)
	return list(ctx, s.c, "bot", "show", nil, (*wireBotSession).session)
}

// SetFlow changes the current flow of a customer session and returns the
// server's message.
//
// POST {"group": "bot", "cmd": "flow"} — unsafe: never retried after the
// request may have reached the server.
func (s *BotService) SetFlow(ctx context.Context, args FlowArgs, opts ...call.Option) (string, error) {
	ctx = callopt.With(ctx, opts)
	return s.c.message(ctx, "bot", "flow", args, httpcore.Unsafe)
}

// Reload reloads bot services, functions, macros or globals and returns the
// server's message. A service or function reload needs a non-zero ID.
//
// POST {"group": "bot", "cmd": "reload"} — unsafe: never retried after the
// request may have reached the server.
func (s *BotService) Reload(ctx context.Context, args ReloadArgs, opts ...call.Option) (string, error) {
	ctx = callopt.With(ctx, opts)
	if args.Target.takesID() && args.ID == 0 {
		return "", httpcore.InvalidArgument("anycom", "Bot.Reload: a %s reload needs ReloadArgs.ID: %w", args.Target, ErrInvalidRequest)
	}
	return s.c.message(ctx, "bot", "reload", args, httpcore.Unsafe)
}

// RemoveSession removes a customer's bot session and returns the server's
// message.
//
// POST {"group": "bot", "cmd": "rem"} — unsafe: never retried after the
// request may have reached the server.
func (s *BotService) RemoveSession(ctx context.Context, args SessionArgs, opts ...call.Option) (string, error) {
	ctx = callopt.With(ctx, opts)
	return s.c.message(ctx, "bot", "rem", args, httpcore.Unsafe)
}

// Validate compiles a bot service or function and returns the server's
// message.
//
// POST {"group": "bot", "cmd": "validate"} — unsafe: never retried after
// the request may have reached the server (validation compiles the service,
// which the docs do not show to be free of effects).
func (s *BotService) Validate(ctx context.Context, args ValidateArgs, opts ...call.Option) (string, error) {
	ctx = callopt.With(ctx, opts)
	return s.c.message(ctx, "bot", "validate", args, httpcore.Unsafe)
}
