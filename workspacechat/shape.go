package workspacechat

import (
	"errors"
	"fmt"
)

// Seed 003 describes a chat in two shapes, and GET /api/v1/chats in two
// variants: one answers with chat rows, and the one that takes channelIds,
// channelTypes and ownerIds answers with chat entities. GET
// /api/v1/chats/{chatId} too is described once with a row and once with an
// entity. Which one a server speaks is up to the server, so every decoder
// checks the shape of what it got: a row decoded from an entity would have
// every field empty, and an entity decoded from a row would have no owner
// or responder.

// ErrUnexpectedShape matches a 2xx answer whose chat is not in the shape
// asked for: a chat entity where [Client.GetChat], [Client.ListChats],
// [Client.AllChats] or [Client.WatchChats] expect a row (use
// [Client.GetChatEntity], [Client.ListChatEntities] or
// [Client.AllChatEntities]), a row where an entity is expected, or an
// object that is neither. It also matches [ErrMalformedResponse].
var ErrUnexpectedShape = errors.New("chat not in the shape asked for")

// ErrMissingID matches a 2xx answer holding a chat or a message without an
// id. It also matches [ErrMalformedResponse].
var ErrMissingID = errors.New("object without an id")

// rowOnly are the row names an entity does not have; entityOnly the
// entity names a row does not have. The API marks every property of its
// rows required, nullable ones included (reference §4, from the ticket
// row), so a row is expected to carry all of rowOnly and an entity all of
// entityOnly; one present key, null or not, is enough to recognise the
// shape.
var (
	rowOnly = []field{
		rowChannelName, rowChannelType, rowOwnerBlocked, rowLastContent, rowLastCreatedAt, rowLastRole,
		rowOwnerIdentifier, rowOwnerName, rowPrevContent, rowPrevCreatedAt, rowPrevRole, rowResponderEntity,
		rowResponderID, rowResponderName, rowResponderPicture, rowResponderVersionID, rowResponderVersionNumber,
		rowTicketID, rowTicketStatus,
	}
	entityOnly = []field{entOwnerSuperIdentityID, entResponderSuperIdentityID}
)

// shape names what o holds: "row", "entity", "row and entity" (an object
// that carries both, which either decoder reads) or "" (neither).
func (o *object) shape() string {
	row, ent := o.hasAny(rowOnly), o.hasAny(entityOnly)
	switch {
	case row && ent:
		return "row and entity"
	case row:
		return "row"
	case ent:
		return "entity"
	}
	return ""
}

// hasAny reports whether any name of any of the fields is a key of o, null
// or not.
func (o *object) hasAny(fields []field) bool {
	for _, f := range fields {
		if o.has(f) {
			return true
		}
	}
	return false
}

// expect refuses an object that is not of the shape want ("row" or
// "entity") or has no id.
func (o *object) expect(want string) error {
	got := o.shape()
	switch {
	case got == "":
		return fmt.Errorf("%w: want a chat %s, got an object with neither row nor entity fields", ErrUnexpectedShape, want)
	case got != want && got != "row and entity":
		return fmt.Errorf("%w: want a chat %s, got a chat %s", ErrUnexpectedShape, want, got)
	}
	return o.requireID(rowID)
}

// requireID refuses an object whose id is missing, null or empty.
func (o *object) requireID(id field) error {
	if _, ok := o.pick(id); !ok || o.str(id) == "" {
		return ErrMissingID
	}
	return nil
}
