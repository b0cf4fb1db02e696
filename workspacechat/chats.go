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

// ChatRow is the denormalized list view of a chat: the chat with its
// channel, owner, responder, ticket and the previews of its last two
// messages. Field names on the wire are partly unconfirmed (see chats_wire.go);
// Raw keeps the JSON as received.
type ChatRow struct {
	ID          string
	WorkspaceID string
	Title       string
	CreatedAt   time.Time

	ChannelID   string
	ChannelName string
	ChannelType ChannelType

	// IsOwnerBlocked says whether the external chat owner is blocked.
	IsOwnerBlocked bool
	// IsRemoved says whether the chat has been soft removed.
	IsRemoved bool

	// LastMessage previews the latest message; nil when there is none.
	LastMessage *MessagePreview
	// PreviousMessage previews the message before the latest one.
	PreviousMessage *MessagePreview

	// OwnerEmail is set when the owner is a platform user.
	OwnerEmail string
	// OwnerExternalUserID and OwnerIdentifier are set when the owner is an
	// external user.
	OwnerExternalUserID string
	OwnerIdentifier     string
	// OwnerName is resolved from external users or users.
	OwnerName string

	ResponderEntity        ResponderEntity
	ResponderID            string
	ResponderName          string
	ResponderPicture       string
	ResponderVersionID     string
	ResponderVersionNumber int64

	// TicketID and TicketStatus describe the linked ticket, when one exists.
	TicketID     string
	TicketStatus TicketStatus

	// Raw is the row's JSON as received. The values of one list share
	// its body: read Raw, do not write to it. [json.Marshal] does not write
	// Raw; decoding its output sets Raw to that output.
	Raw json.RawMessage
}

// MessagePreview is a message as the chat row shows it.
type MessagePreview struct {
	Content   string
	CreatedAt time.Time
	Role      Role
}

// LastMessageAt is when the latest message was created, or the zero time.
func (r *ChatRow) LastMessageAt() time.Time {
	if r.LastMessage == nil {
		return time.Time{}
	}
	return r.LastMessage.CreatedAt
}

// UnmarshalJSON decodes a chat row tolerantly and keeps the raw JSON. It
// refuses a chat entity or an object with no row field
// ([ErrUnexpectedShape]) and a row without an id ([ErrMissingID]), rather
// than return a row with every field empty.
func (r *ChatRow) UnmarshalJSON(data []byte) error {
	return decodeOne(r, "chat row", data)
}

// decodeObject implements objectDecoder.
func (r *ChatRow) decodeObject(o *object, data, raw []byte) error {
	return o.decode("chat row", data, raw, func(o *object) error { return o.expect("row") }, func(raw []byte) {
		*r = ChatRow{
			ID:                     o.str(rowID),
			WorkspaceID:            o.str(rowWorkspaceID),
			Title:                  o.str(rowTitle),
			CreatedAt:              o.time(rowCreatedAt),
			ChannelID:              o.str(rowChannelID),
			ChannelName:            o.str(rowChannelName),
			ChannelType:            ChannelType(o.str(rowChannelType)),
			IsOwnerBlocked:         o.boolean(rowOwnerBlocked),
			IsRemoved:              o.boolean(rowIsRemoved),
			LastMessage:            o.preview(rowLastContent, rowLastCreatedAt, rowLastRole),
			PreviousMessage:        o.preview(rowPrevContent, rowPrevCreatedAt, rowPrevRole),
			OwnerEmail:             o.str(rowOwnerEmail),
			OwnerExternalUserID:    o.str(rowOwnerExternalUserID),
			OwnerIdentifier:        o.str(rowOwnerIdentifier),
			OwnerName:              o.str(rowOwnerName),
			ResponderEntity:        ResponderEntity(o.str(rowResponderEntity)),
			ResponderID:            o.str(rowResponderID),
			ResponderName:          o.str(rowResponderName),
			ResponderPicture:       o.str(rowResponderPicture),
			ResponderVersionID:     o.str(rowResponderVersionID),
			ResponderVersionNumber: o.integer(rowResponderVersionNumber),
			TicketID:               o.str(rowTicketID),
			TicketStatus:           TicketStatus(o.str(rowTicketStatus)),
			Raw:                    raw,
		}
	})
}

// preview returns nil when none of the three fields is present.
func (o *object) preview(content, createdAt, role field) *MessagePreview {
	_, hasContent := o.pick(content)
	_, hasTime := o.pick(createdAt)
	_, hasRole := o.pick(role)
	if !hasContent && !hasTime && !hasRole {
		return nil
	}
	return &MessagePreview{Content: o.str(content), CreatedAt: o.time(createdAt), Role: Role(o.str(role))}
}

// ChatFilter selects chats for [Client.ListChats], [Client.AllChats],
// [Client.ListChatEntities], [Client.AllChatEntities] and
// [Client.WatchChats]. The zero value selects every chat. Array filters
// match any of their values.
type ChatFilter struct {
	ChannelIDs []string
	// ChannelTypes empty means all five types. Seed 003 documents
	// channelTypes and ownerIds only on the variant of the list that
	// answers with chat entities: a server that follows it answers a
	// filter on them with entities, which the row methods report as
	// [ErrUnexpectedShape].
	ChannelTypes []ChannelType
	OwnerIDs     []string
	// ResponderIDs and TicketIDs go out under names the docs do not show
	// (see chats_wire.go); a server that does not know them may ignore them.
	ResponderIDs []string
	TicketIDs    []string
	// LastMessageFrom and LastMessageTo bound when the chat's latest message
	// was created. Zero means unbounded.
	LastMessageFrom time.Time
	LastMessageTo   time.Time
	// PageNumber (from 1) and PageSize (1–100, server default 10) pick the
	// page for ListChats; AllChats starts at PageNumber and reads on.
	PageNumber int
	PageSize   int
	// MaxPages bounds how many pages AllChats and AllChatEntities read
	// (requests, for ExportChats); when the bound is reached and the last
	// page was full they yield [ErrPageLimit]. Zero means no bound. The
	// other methods ignore it.
	MaxPages int
}

// MaxPageSize is the largest page the list operation serves.
const MaxPageSize = 100

func (f *ChatFilter) query() (*listChatsQuery, error) {
	if f == nil {
		return &listChatsQuery{}, nil
	}
	for _, c := range []struct {
		what string
		ids  []string
	}{{"channel id", f.ChannelIDs}, {"owner id", f.OwnerIDs}, {"responder id", f.ResponderIDs}, {"ticket id", f.TicketIDs}} {
		if err := checkIDs(c.what, c.ids); err != nil {
			return nil, err
		}
	}
	if f.PageNumber < 0 {
		return nil, httpcore.InvalidArgument(vendor, "ChatFilter.PageNumber: page number %d is below 1", f.PageNumber)
	}
	if f.PageSize < 0 || f.PageSize > MaxPageSize {
		return nil, httpcore.InvalidArgument(vendor, "ChatFilter.PageSize: page size %d is outside 1–%d", f.PageSize, MaxPageSize)
	}
	if f.MaxPages < 0 {
		return nil, httpcore.InvalidArgument(vendor, "ChatFilter.MaxPages: page bound %d is negative", f.MaxPages)
	}
	return &listChatsQuery{
		ChannelIDs:   f.ChannelIDs,
		ChannelTypes: f.ChannelTypes,
		End:          formatTime(f.LastMessageTo),
		Start:        formatTime(f.LastMessageFrom),
		OwnerIDs:     f.OwnerIDs,
		PageNumber:   f.PageNumber,
		PageSize:     f.PageSize,
		MaxPages:     f.MaxPages,
		ResponderIDs: f.ResponderIDs,
		TicketIDs:    f.TicketIDs,
	}, nil
}

// GetChat fetches one chat as a row. A server that answers with a chat
// entity gives an error matching [ErrUnexpectedShape]; use
// [Client.GetChatEntity] with it.
//
// GET /api/v1/chats/{chatId} — idempotent: retried on connection errors, 429,
// 502, 503 and 504. A missing chat gives an error matching [ErrNotFound].
func (c *Client) GetChat(ctx context.Context, id string, opts ...call.Option) (*ChatRow, error) {
	return getChat[ChatRow](callopt.With(ctx, opts), c, id)
}

// ListChats fetches one page of chat rows. Use [Client.AllChats] to read
// every page. A server that answers with chat entities (see
// [ChatFilter].ChannelTypes) gives an error matching [ErrUnexpectedShape];
// an empty body or null, one matching [ErrMalformedResponse].
//
// GET /api/v1/chats — idempotent: retried on connection errors, 429, 502,
// 503 and 504.
func (c *Client) ListChats(ctx context.Context, filter *ChatFilter, opts ...call.Option) ([]ChatRow, error) {
	return listChats[ChatRow](callopt.With(ctx, opts), c, filter)
}

// listChats sends GET /api/v1/chats with filter and decodes one page of T.
func listChats[T any](ctx context.Context, c *Client, filter *ChatFilter) ([]T, error) {
	q, err := filter.query()
	if err != nil {
		return nil, err
	}
	return listAt[T](ctx, c, q)
}

// listAt sends GET /api/v1/chats with q and decodes the list.
func listAt[T any](ctx context.Context, c *Client, q *listChatsQuery) ([]T, error) {
	req := &httpcore.Request{Method: http.MethodGet, Path: pathChats, Query: q, Safety: httpcore.Idempotent}
	return doList[T](ctx, c, req)
}

// doList sends req and decodes a list body. The items' Raw fields share
// the body.
func doList[T any](ctx context.Context, c *Client, req *httpcore.Request) ([]T, error) {
	raw, resp, err := c.core.DoRaw(ctx, req)
	if err != nil {
		return nil, err
	}
	items, err := decodeList[T](raw)
	if err != nil {
		return nil, resp.DecodeError(raw, err)
	}
	return items, nil
}

// getChat sends GET /api/v1/chats/{chatId} and decodes one T.
func getChat[T any, P unmarshaler[T]](ctx context.Context, c *Client, id string) (*T, error) {
	if err := checkID("chat id", id); err != nil {
		return nil, err
	}
	req := &httpcore.Request{Method: http.MethodGet, Path: pathChat, PathParams: []string{id}, Safety: httpcore.Idempotent}
	return doObject[T, P](ctx, c, req)
}

// unmarshaler is a pointer to T that decodes JSON into its T.
type unmarshaler[T any] interface {
	*T
	json.Unmarshaler
}

// doObject sends req and decodes one T, refusing an empty body.
func doObject[T any, P unmarshaler[T]](ctx context.Context, c *Client, req *httpcore.Request) (*T, error) {
	var raw json.RawMessage
	resp, err := c.core.Do(ctx, req, &raw)
	if err != nil {
		return nil, err
	}
	if len(raw) == 0 {
		return nil, resp.DecodeError(raw, errEmptyBody)
	}
	out := new(T)
	if err := P(out).UnmarshalJSON(raw); err != nil {
		return nil, resp.DecodeError(raw, err)
	}
	return out, nil
}
