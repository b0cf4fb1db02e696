package workspacechat

// The message operations' path and JSON and query names, marked as in
// chats_wire.go.

// pathChatMessages: GET CONFIRMED; POST (create) INFERRED, the docs show
// the operation but not its path.
const pathChatMessages = "api/v1/chat-messages"

// listMessagesQuery is the query of GET /api/v1/chat-messages.
type listMessagesQuery struct {
	ChatID       string        `url:"chatId"`                 // CONFIRMED, required
	ChatThreadID string        `url:"chatThreadId,omitempty"` // CONFIRMED
	Joins        []MessageJoin `url:"joins,omitempty"`        // CONFIRMED
	// pagination is an object parameter {limit}; its query encoding is not
	// given. UNCONFIRMED: dotted form.
	Limit     int      `url:"pagination.limit,omitempty"`
	TicketIDs []string `url:"ticketIds,omitempty"` // CONFIRMED
}

// createMessageBody is the body of POST /api/v1/chat-messages. The fields'
// meanings are documented; their names are INFERRED and the content field's
// name is UNCONFIRMED. Nullable fields are sent as explicit nulls, as the
// API's other request bodies require.
type createMessageBody struct {
	ChatID       string  `json:"chatId"`
	ChatThreadID *string `json:"chatThreadId"`
	Content      string  `json:"content"`
	ExternalID   *string `json:"externalId"`
	Role         Role    `json:"role,omitempty"`
}

// Chat message names: meanings CONFIRMED, names INFERRED (content and
// rawContent UNCONFIRMED).
var (
	msgID                    = names("id")
	msgChatID                = names("chatId")
	msgChatThreadID          = names("chatThreadId")
	msgContent               = names("content")
	msgExternalID            = names("externalId")
	msgRawContent            = names("rawContent")
	msgRole                  = names("role")
	msgSenderSuperIdentityID = names("senderSuperIdentityId")
	msgCreatedAt             = names("createdAt")
	msgUpdatedAt             = names("updatedAt")
)
