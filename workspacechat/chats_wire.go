package workspacechat

// The chat operations' paths and JSON and query names. Each *_wire.go file
// holds every path and name its operations use, so that they can be checked
// against the server's OpenAPI file (https://api.endless.zaia.app/openapi).
// Each is marked:
//
//   - CONFIRMED: seen in an archived copy of the vendor's own docs;
//   - INFERRED / UNCONFIRMED: worked out from sibling endpoints or from the
//     alphabetical order of the documented field descriptions, never seen.
//
// Where a name is unconfirmed and a second name is as plausible, the decoder
// accepts both (first listed wins). Every decoded object also keeps its raw
// JSON, so a field whose name is wrong here is still reachable.

import (
	"time"

	"github.com/switchboard-go/switchboard/internal/flex"
)

// Paths of the chat operations, relative to the base URL.
const (
	// pathChats: GET CONFIRMED ("Retrieves multiple chats."); POST (create)
	// UNCONFIRMED, only the seed document says it exists.
	pathChats = "api/v1/chats"
	// pathChat: GET/PATCH/DELETE by id. The operations are described by the
	// seed; the path string is INFERRED from GET
	// /api/v1/tickets/{id}/details.
	pathChat = "api/v1/chats/{chatId}"
)

// listChatsQuery is the query of GET /api/v1/chats. Arrays go as repeated
// keys (the OpenAPI default, form + explode); a single value is allowed.
type listChatsQuery struct {
	ChannelIDs   []string      `url:"channelIds,omitempty"`   // CONFIRMED
	ChannelTypes []ChannelType `url:"channelTypes,omitempty"` // CONFIRMED
	// Bounds are RFC 3339 date-times (CONFIRMED); inclusive or exclusive is
	// UNCONFIRMED, so the watcher tolerates both.
	End        string   `url:"lastChatMessageCreatedAtEnd,omitempty"`   // CONFIRMED
	Start      string   `url:"lastChatMessageCreatedAtStart,omitempty"` // CONFIRMED
	OwnerIDs   []string `url:"ownerIds,omitempty"`                      // CONFIRMED
	PageNumber int      `url:"pageNumber,omitempty"`                    // CONFIRMED
	PageSize   int      `url:"pageSize,omitempty"`                      // CONFIRMED
	// MaxPages bounds AllChats, AllChatEntities and ExportChats; it is
	// not sent.
	MaxPages int `url:"-"`
	// The docs show two more UUID-array filters after pageSize without
	// their names; these two fit the alphabetical order and the row's
	// fields. UNCONFIRMED.
	ResponderIDs []string `url:"responderIds,omitempty"`
	TicketIDs    []string `url:"ticketIds,omitempty"`
}

// createChatBody is the body of POST /api/v1/chats. UNCONFIRMED: the seed
// describes a UUID (the channel) and the owner's super-identity ID; the
// responder is implied by the 404 "Channel or responder not found.".
type createChatBody struct {
	ChannelID                string `json:"channelId"`
	OwnerSuperIdentityID     string `json:"ownerSuperIdentityId"`
	ResponderSuperIdentityID string `json:"responderSuperIdentityId,omitempty"`
}

// updateChatBody is the body of PATCH /api/v1/chats/{chatId}. UNCONFIRMED: the
// docs show no body; the title is the row's one plainly editable field, and
// the responder is the one a chat is reassigned by.
type updateChatBody struct {
	Title                    *string `json:"title,omitempty"`
	ResponderSuperIdentityID *string `json:"responderSuperIdentityId,omitempty"`
}

// Chat row names (the denormalized list view). The set of fields, their
// order and meaning are CONFIRMED; the names are INFERRED from the
// alphabetical order of the descriptions and from the ticket-detail row,
// which shares their wording.
var (
	rowChannelID   = names("channelId")   // near-certain
	rowChannelName = names("channelName") // near-certain
	rowChannelType = names("channelType") // near-certain
	rowCreatedAt   = names("createdAt")   // near-certain
	rowID          = names("id")          // near-certain
	// UNCONFIRMED: both names fit the order; tickets use isOwnerBlocked.
	rowOwnerBlocked = names("isExternalChatOwnerBlocked", "isOwnerBlocked")
	rowIsRemoved    = names("isRemoved", "chatIsRemoved") // likely
	// UNCONFIRMED: the list filter's lastChatMessageCreatedAt* hints at
	// this prefix; "latestMessage..." is the other reading.
	rowLastContent   = names("lastChatMessageContentPreview", "latestMessageContentPreview", "lastChatMessageContent")
	rowLastCreatedAt = names("lastChatMessageCreatedAt", "latestMessageCreatedAt")
	rowLastRole      = names("lastChatMessageRole", "latestMessageRole")
	rowOwnerEmail    = names("ownerEmail") // near-certain
	// UNCONFIRMED: must sort between ownerEmail and ownerIdentifier.
	rowOwnerExternalUserID = names("ownerExternalUserId")
	rowOwnerIdentifier     = names("ownerIdentifier") // near-certain
	rowOwnerName           = names("ownerName")       // likely
	// UNCONFIRMED, like the latest-message names.
	rowPrevContent   = names("previousChatMessageContentPreview", "previousMessageContentPreview", "previousChatMessageContent")
	rowPrevCreatedAt = names("previousChatMessageCreatedAt", "previousMessageCreatedAt")
	rowPrevRole      = names("previousChatMessageRole", "previousMessageRole")
	// likely: responderEntity parallels the tickets' ownerEntity.
	rowResponderEntity        = names("responderEntity")
	rowResponderID            = names("responderId")            // likely
	rowResponderName          = names("responderName")          // likely
	rowResponderPicture       = names("responderPicture")       // likely
	rowResponderVersionID     = names("responderVersionId")     // likely
	rowResponderVersionNumber = names("responderVersionNumber") // likely
	rowTicketID               = names("ticketId")               // likely
	rowTicketStatus           = names("ticketStatus")           // likely
	rowTitle                  = names("title")                  // likely
	rowWorkspaceID            = names("workspaceId")            // near-certain
)

// Chat entity names. Seed 003 shows the entity's described fields in this
// order: three UUIDs, the owner's super-identity ID, the responder's
// super-identity ID, one more UUID. The API lists an entity's fields as
// createdAt, id, updatedAt (undescribed but for the id), then the rest
// alphabetically, so the first UUID is the id, the last is workspaceId and
// the two before ownerSuperIdentityId are channelId and one whose name the
// docs do not show. All names INFERRED; the super-identity names and the
// external user's are UNCONFIRMED.
var (
	entID        = names("id")
	entChannelID = names("channelId")
	// UNCONFIRMED: the fourth UUID. It must sort before
	// ownerSuperIdentityId. Of the chat row's UUIDs the entity does not
	// otherwise carry (the owner's external user, the responder's version,
	// the ticket), only "The external user ID that owns the chat" sorts
	// there, under either spelling.
	entOwnerExternalUserID      = names("externalUserId", "ownerExternalUserId")
	entWorkspaceID              = names("workspaceId")
	entOwnerSuperIdentityID     = names("ownerSuperIdentityId")
	entResponderSuperIdentityID = names("responderSuperIdentityId")
	entTitle                    = names("title")
	entIsRemoved                = names("isRemoved")
	entCreatedAt                = names("createdAt")
	entUpdatedAt                = names("updatedAt")
)

// removeResult is the {message} body of calls with no result (CONFIRMED on
// sibling calls; for DELETE /api/v1/chats/{chatId} INFERRED).
type removeResult struct {
	Message flex.String `json:"message"`
}

// formatTime is how a time goes on the query string.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
