package ccaip

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/flex"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// EndUser is the customer on a chat.
type EndUser struct {
	ID         int64
	Identifier string
	Name       string
	Email      string
	Phone      string
}

type wireEndUser struct {
	ID         flex.Int    `json:"id"`
	Identifier flex.String `json:"identifier"`
	Name       flex.String `json:"name"`
	Email      flex.String `json:"email"`
	Phone      flex.String `json:"phone"`
}

func (w *wireEndUser) endUser() *EndUser {
	if w == nil || !w.ID.Valid && !w.Identifier.Valid {
		return nil
	}
	return &EndUser{ID: w.ID.Value, Identifier: w.Identifier.Value, Name: w.Name.Value, Email: w.Email.Value, Phone: w.Phone.Value}
}

// EndUserRequest identifies an end user. Identifier is required; prefer a
// UUID over an email address, and E.164 for the phone.
type EndUserRequest struct {
	Identifier string `json:"identifier"`
	Name       string `json:"name,omitempty"`
	Email      string `json:"email,omitempty"`
	Phone      string `json:"phone,omitempty"`
}

var errNoIdentifier = httpcore.InvalidArgument("ccaip", "the end user's Identifier is required")

// UpsertEndUser creates the end user with this identifier, or updates it.
//
// POST /end_users — idempotent: an upsert keyed by identifier.
func (c *Client) UpsertEndUser(ctx context.Context, req *EndUserRequest, opts ...call.Option) (*EndUser, error) {
	ctx = callopt.With(ctx, opts)
	if req == nil || req.Identifier == "" {
		return nil, errNoIdentifier
	}
	return c.endUserCall(ctx, &httpcore.Request{Method: http.MethodPost, Path: "end_users", JSON: req, Safety: httpcore.Idempotent})
}

// GetEndUser returns the end user with this id.
//
// GET /end_users?id= — idempotent.
func (c *Client) GetEndUser(ctx context.Context, endUserID int64, opts ...call.Option) (*EndUser, error) {
	ctx = callopt.With(ctx, opts)
	if err := checkID("endUserID", endUserID); err != nil {
		return nil, err
	}
	return c.endUserCall(ctx, &httpcore.Request{
		Method: http.MethodGet, Path: "end_users", Query: url.Values{"id": {id(endUserID)}}, Safety: httpcore.Idempotent,
	})
}

// GetEndUserByIdentifier returns the end user with this identifier.
//
// GET /end_users?identifier= — idempotent.
func (c *Client) GetEndUserByIdentifier(ctx context.Context, identifier string, opts ...call.Option) (*EndUser, error) {
	ctx = callopt.With(ctx, opts)
	if identifier == "" {
		return nil, errNoIdentifier
	}
	return c.endUserCall(ctx, &httpcore.Request{
		Method: http.MethodGet, Path: "end_users", Query: url.Values{"identifier": {identifier}}, Safety: httpcore.Idempotent,
	})
}

func (c *Client) endUserCall(ctx context.Context, r *httpcore.Request) (*EndUser, error) {
	r.Header = jsonHeader()
	var w wireEndUser
	if _, err := c.core.Do(ctx, r, &w); err != nil {
		return nil, err
	}
	u := w.endUser()
	if u == nil {
		return &EndUser{}, nil
	}
	return u, nil
}

// endUserPaths are the two spellings of the mid-session path: the English
// page (mid-session authentication) writes end_user, the chat page's Italian
// copy end-user. end_user is tried first: it is the vendor's own English
// text, and every other path of the API spells words with underscores
// (end_users, customer_flag, custom_data).
var endUserPaths = [2]string{"chats/{chatId}/end_user", "chats/{chatId}/end-user"}

// The client's knowledge of the mid-session path, kept in Client.endUserPath:
// bit 0 is the index in endUserPaths to try first, and endUserConfirmed says
// that the server has answered on that spelling with something other than
// 404, so the route exists there.
const endUserConfirmed = 2

// UpdateChatEndUser identifies (or changes) the end user of a chat in
// progress, and updates the contact on the CRM ticket. The API accepts it
// with 202.
//
// The path is documented both as end_user and as end-user. Until the server
// has answered on one spelling with something other than 404, a 404 may mean
// either that the spelling is not routed or that the chat does not exist
// (both answer {"message": "Not Found"}), so the client tries the other
// spelling once. A 404 means nothing was processed, so the second try cannot
// update the end user twice. A spelling that answers with success or a 400,
// 412 or 422 is remembered, and from then on a 404 is taken as the chat's.
//
// POST /chats/{chatId}/end_user (or end-user) — unsafe: never retried after the
// request may have reached the server (the API refuses a repeat within an
// interval); only a 404, which means nothing was processed, leads to the
// other spelling.
func (c *Client) UpdateChatEndUser(ctx context.Context, chatID int64, req *EndUserRequest, opts ...call.Option) error {
	ctx = callopt.With(ctx, opts)
	if err := checkID("chatID", chatID); err != nil {
		return err
	}
	if req == nil || req.Identifier == "" {
		return errNoIdentifier
	}
	state := c.endUserPath.Load()
	first := state & 1
	err := c.postEndUser(ctx, endUserPaths[first], chatID, req)
	if state&endUserConfirmed != 0 || !errors.Is(err, ErrNotFound) {
		c.learnEndUserPath(state, first, err)
		return err
	}
	other := 1 - first
	err2 := c.postEndUser(ctx, endUserPaths[other], chatID, req)
	if errors.Is(err2, ErrNotFound) {
		return err
	}
	c.learnEndUserPath(state, other, err2)
	return err2
}

// learnEndUserPath records spelling as the confirmed route when err proves
// the server routes it: a success, or a refusal of the request's content.
func (c *Client) learnEndUserPath(old, spelling int32, err error) {
	if err == nil || errors.Is(err, ErrInvalidRequest) {
		c.endUserPath.CompareAndSwap(old, spelling|endUserConfirmed)
	}
}

func (c *Client) postEndUser(ctx context.Context, path string, chatID int64, req *EndUserRequest) error {
	return c.onChat(ctx, chatID, &httpcore.Request{Method: http.MethodPost, Path: path, JSON: req}, nil)
}
