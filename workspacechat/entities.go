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

// Chat is the chat entity: the chat itself, with its owner and responder as
// super-identity IDs, as the create, get, update and entity-list
// operations return it. Raw keeps the JSON as received, including the
// fields the docs do not name.
type Chat struct {
	ID          string
	WorkspaceID string
	ChannelID   string
	// OwnerSuperIdentityID refers to a user or an external user.
	OwnerSuperIdentityID string
	// OwnerExternalUserID is the entity's fourth UUID, which seed 003
	// shows without its name or meaning. Its place in the field order
	// (before ownerSuperIdentityId) fits, of the chat row's UUIDs, only
	// "The external user ID that owns the chat"; it is read from
	// "externalUserId" or "ownerExternalUserId". UNCONFIRMED: name and
	// meaning; check Raw.
	OwnerExternalUserID string
	// ResponderSuperIdentityID refers to an agent or a squad.
	ResponderSuperIdentityID string
	Title                    string
	IsRemoved                bool
	CreatedAt                time.Time
	UpdatedAt                time.Time

	// Raw is the entity's JSON as received. The values of one list share
	// its body: read Raw, do not write to it. [json.Marshal] does not write
	// Raw; decoding its output sets Raw to that output.
	Raw json.RawMessage
}

// UnmarshalJSON decodes a chat entity tolerantly and keeps the raw JSON.
// It refuses a chat row or an object with no entity field
// ([ErrUnexpectedShape]) and an entity without an id ([ErrMissingID]).
func (ch *Chat) UnmarshalJSON(data []byte) error {
	return decodeOne(ch, "chat", data)
}

// decodeObject implements objectDecoder.
func (ch *Chat) decodeObject(o *object, data, raw []byte) error {
	return o.decode("chat", data, raw, func(o *object) error { return o.expect("entity") }, func(raw []byte) {
		*ch = Chat{
			ID:                       o.str(entID),
			WorkspaceID:              o.str(entWorkspaceID),
			ChannelID:                o.str(entChannelID),
			OwnerSuperIdentityID:     o.str(entOwnerSuperIdentityID),
			OwnerExternalUserID:      o.str(entOwnerExternalUserID),
			ResponderSuperIdentityID: o.str(entResponderSuperIdentityID),
			Title:                    o.str(entTitle),
			IsRemoved:                o.boolean(entIsRemoved),
			CreatedAt:                o.time(entCreatedAt),
			UpdatedAt:                o.time(entUpdatedAt),
			Raw:                      raw,
		}
	})
}

// GetChatEntity fetches one chat as an entity. The docs show two revisions
// of this operation on the same path, one answering with a row
// ([Client.GetChat]) and one with an entity; use the one your server
// speaks.
//
// GET /api/v1/chats/{chatId} — idempotent: retried on connection errors, 429,
// 502, 503 and 504.
func (c *Client) GetChatEntity(ctx context.Context, id string, opts ...call.Option) (*Chat, error) {
	return getChat[Chat](callopt.With(ctx, opts), c, id)
}

// ListChatEntities fetches one page of chats as entities: seed 003's
// variant of the list that takes channelIds, channelTypes and ownerIds.
// Use [Client.AllChatEntities] to read every page. A server that answers
// with chat rows gives an error matching [ErrUnexpectedShape].
//
// GET /api/v1/chats — idempotent: retried on connection errors, 429, 502,
// 503 and 504.
func (c *Client) ListChatEntities(ctx context.Context, filter *ChatFilter, opts ...call.Option) ([]Chat, error) {
	return listChats[Chat](callopt.With(ctx, opts), c, filter)
}

// NewChat is what [Client.CreateChat] sends.
type NewChat struct {
	// ChannelID is the channel the chat runs on. Required.
	ChannelID string
	// OwnerSuperIdentityID is the user or external user who owns the chat.
	// Required.
	OwnerSuperIdentityID string
	// ResponderSuperIdentityID assigns an agent or squad; empty leaves the
	// choice to the server.
	ResponderSuperIdentityID string
}

// CreateChat creates a chat. An unknown channel or responder gives an error
// matching [ErrNotFound]; invalid data one matching [ErrInvalidData].
//
// POST /api/v1/chats — unsafe: never retried after the request may have
// reached the server.
func (c *Client) CreateChat(ctx context.Context, in *NewChat, opts ...call.Option) (*Chat, error) {
	ctx = callopt.With(ctx, opts)
	if in == nil {
		return nil, httpcore.InvalidArgument(vendor, "CreateChat: nil NewChat")
	}
	if err := checkID("channel id", in.ChannelID); err != nil {
		return nil, err
	}
	if err := checkID("owner super-identity id", in.OwnerSuperIdentityID); err != nil {
		return nil, err
	}
	if err := checkOptionalID("responder super-identity id", in.ResponderSuperIdentityID); err != nil {
		return nil, err
	}
	req := &httpcore.Request{Method: http.MethodPost, Path: pathChats, Safety: httpcore.Unsafe, JSON: createChatBody{
		ChannelID:                in.ChannelID,
		OwnerSuperIdentityID:     in.OwnerSuperIdentityID,
		ResponderSuperIdentityID: in.ResponderSuperIdentityID,
	}}
	return doObject[Chat](ctx, c, req)
}

// ChatUpdate is what [Client.UpdateChat] changes; nil fields are left as
// they are.
type ChatUpdate struct {
	Title *string
	// ResponderSuperIdentityID reassigns the chat to an agent or squad.
	ResponderSuperIdentityID *string
}

// UpdateChat changes a chat and returns it as updated.
//
// PATCH /api/v1/chats/{chatId} — unsafe: never retried after the request may
// have reached the server.
func (c *Client) UpdateChat(ctx context.Context, id string, in *ChatUpdate, opts ...call.Option) (*Chat, error) {
	ctx = callopt.With(ctx, opts)
	if err := checkID("chat id", id); err != nil {
		return nil, err
	}
	if in == nil || (in.Title == nil && in.ResponderSuperIdentityID == nil) {
		return nil, httpcore.InvalidArgument(vendor, "UpdateChat: the ChatUpdate has nothing to change")
	}
	if in.ResponderSuperIdentityID != nil {
		if err := checkID("responder super-identity id", *in.ResponderSuperIdentityID); err != nil {
			return nil, err
		}
	}
	req := &httpcore.Request{
		Method: http.MethodPatch, Path: pathChat, PathParams: []string{id}, Safety: httpcore.Unsafe,
		JSON: updateChatBody{Title: in.Title, ResponderSuperIdentityID: in.ResponderSuperIdentityID},
	}
	return doObject[Chat](ctx, c, req)
}

// RemoveChat removes (soft-deletes) a chat and returns the server's
// informative message.
//
// DELETE /api/v1/chats/{chatId} — idempotent: retried on connection errors,
// 429, 502, 503 and 504.
func (c *Client) RemoveChat(ctx context.Context, id string, opts ...call.Option) (string, error) {
	ctx = callopt.With(ctx, opts)
	if err := checkID("chat id", id); err != nil {
		return "", err
	}
	req := &httpcore.Request{Method: http.MethodDelete, Path: pathChat, PathParams: []string{id}, Safety: httpcore.Idempotent}
	var out removeResult
	if _, err := c.core.Do(ctx, req, &out); err != nil {
		return "", err
	}
	return out.Message.Value, nil
}
