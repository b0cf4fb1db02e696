package ccaiptest

// What the fake accepts and refuses where the documents are clear, and the
// texts it answers with. Texts the documents give are marked documented;
// the others are the fake's own, in the API's {"message": ...} form.

// Messages of the documented refusals (mid-session authentication page,
// resume page).
const (
	msgChatEnded     = "Chat is already ended"
	msgNotDismissed  = "This chat is not in dismissed state"
	msgMissingIdent  = "param is missing or the value is empty: identifier"
	msgInvalidStatus = "Invalid status"            // the fake's own text
	msgInvalidReason = "Invalid escalation reason" // the fake's own text
)

// ended reports a chat that takes no more messages, escalations or end-user
// updates: finished (documented), and the reporting states Failed and
// Abandoned (their snake-case spellings are UNCONFIRMED).
func ended(status string) bool {
	return status == "finished" || status == "failed" || status == "abandoned"
}

// patchStatuses are the statuses PATCH /chats/:id may set. The chat page's
// example and the integration guide set only "finished"; any other value is
// refused rather than stored, since nothing documents that a client may move
// a chat to another state.
var patchStatuses = map[string]bool{"finished": true}

// escalationReasons are the reasons POST /chats/:id/escalations accepts:
// the names of the virtual-agent reason codes page, over_capacity (the
// integration guide), and after_hours, which the client offers although no
// document confirms it as an escalation reason. Anything else is refused.
var escalationReasons = map[string]bool{
	"unknown": true, "by_end_user_ask": true, "by_end_user_message": true, "by_virtual_agent": true,
	"payload_failure": true, "could_not_resume": true, "by_human_agent": true, "invalid_queue": true,
	"dismissed": true, "over_capacity": true, "after_hours": true,
}
