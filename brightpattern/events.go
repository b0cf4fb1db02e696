package brightpattern

import (
	"encoding/json"
	"time"
)

// EventType is the "event" name of a chat event. The constants list the
// documented names and those real clients handle; the server may send others.
type EventType string

// Event names, sent by the server, by the client, or both.
const (
	TypeStatus                EventType = "chat_session_status"
	TypeEnded                 EventType = "chat_session_ended"
	TypePartyJoined           EventType = "chat_session_party_joined"
	TypePartyLeft             EventType = "chat_session_party_left"
	TypeMessage               EventType = "chat_session_message"
	TypeDelivered             EventType = "chat_session_message_delivered"
	TypeRead                  EventType = "chat_session_message_read"
	TypeTyping                EventType = "chat_session_typing"
	TypeNotTyping             EventType = "chat_session_not_typing"
	TypeFormShow              EventType = "chat_session_form_show"
	TypeSecureFormShow        EventType = "chat_session_secure_form_show"
	TypeTimeoutWarning        EventType = "chat_session_timeout_warning"
	TypeInactivityTimeout     EventType = "chat_session_inactivity_timeout"
	TypeSignaling             EventType = "chat_session_signaling"
	TypeFile                  EventType = "chat_session_file"
	TypeLocation              EventType = "chat_session_location"
	TypeCobrowsingRequested   EventType = "chat_session_cobrowsing_requested"
	TypeCaseSet               EventType = "chat_session_case_set"
	TypeSessionInfo           EventType = "chat_session_info"
	TypeFileURL               EventType = "chat_session_file_url"
	TypeMessageEdit           EventType = "chat_session_message_edit"
	TypeMessageDelete         EventType = "chat_session_message_delete"
	TypeFormData              EventType = "chat_session_form_data"
	TypeSecureFormData        EventType = "chat_session_secure_form_data"
	TypeSecureFormCancel      EventType = "chat_session_secure_form_cancel"
	TypeFormDataCancel        EventType = "chat_form_data_cancel"
	TypeEnd                   EventType = "chat_session_end"
	TypeDisconnect            EventType = "chat_session_disconnect"
	TypeNavigation            EventType = "chat_session_navigation"
	TypeCobrowsingRejected    EventType = "chat_session_cobrowsing_rejected"
	TypeCobrowsingStarted     EventType = "chat_session_cobrowsing_started"
	TypeCobrowsingEnded       EventType = "chat_session_cobrowsing_ended"
	typeInactivityTimeoutTypo EventType = "chat_session_inactvity_timeout" // as misspelled in the v2 docs
)

// ChatState is the state of a chat session.
type ChatState string

// Chat states; the server may send others.
const (
	StateIVR          ChatState = "ivr"
	StateQueued       ChatState = "queued"
	StateEstablishing ChatState = "establishing"
	StateConnecting   ChatState = "connecting"
	StateConnected    ChatState = "connected"
	StateFailed       ChatState = "failed"
	StateCompleted    ChatState = "completed"
)

// PartyType says who a chat party is.
type PartyType string

// Party types; the server may send others (the web client also knows "msteams").
const (
	PartyInternal PartyType = "internal"
	PartyExternal PartyType = "external"
	PartyScenario PartyType = "scenario"
)

// FileType says how a file is shown.
type FileType string

// File types.
const (
	FileImage      FileType = "image"
	FileAttachment FileType = "attachment"
)

// Event is one chat event, as polled, as read from the history, or as sent
// with [Client.SendEvents]. Switch on the concrete type (*MessageEvent,
// *StatusEvent, ...); an event this package does not know is a *RawEvent.
type Event interface {
	// EventType is the event's "event" name.
	EventType() EventType
}

// StatusEvent (chat_session_status) updates the chat state. The session is
// gone once the state is failed or completed.
type StatusEvent struct {
	State ChatState
	// EstimatedWait is the estimated wait in the queue; EstimatedWaitKnown
	// is false when the server sent none (ewt missing or "").
	EstimatedWait      time.Duration
	EstimatedWaitKnown bool
}

// EndedEvent (chat_session_ended) is the normal end of the chat session.
type EndedEvent struct{}

// PartyJoinedEvent (chat_session_party_joined): an agent or another party joined.
type PartyJoinedEvent struct {
	PartyID     string
	FirstName   string
	LastName    string
	DisplayName string
	Type        PartyType
	Time        time.Time
}

// PartyLeftEvent (chat_session_party_left): a party left the chat.
type PartyLeftEvent struct {
	PartyID string
	Type    PartyType
	Time    time.Time
}

// MessageEvent (chat_session_message) is a chat message, from either side.
type MessageEvent struct {
	MsgID   string
	PartyID string
	// Text is the message (msg), possibly HTML; PlainText (msg_text) is
	// its plain-text form when the server sends one.
	Text        string
	PlainText   string
	Channel     string
	DirectiveID string
	Attachments []Attachment
	Time        time.Time
}

// Attachment is rich content referenced from a message's HTML.
type Attachment struct {
	ID          string          `json:"id"`
	ContentType string          `json:"contentType"`
	Name        string          `json:"name"`
	Content     json.RawMessage `json:"content"`
}

// DeliveredEvent (chat_session_message_delivered, v2) is a delivery receipt.
type DeliveredEvent struct {
	RefMsgID string
	PartyID  string
	Time     time.Time
}

// ReadEvent (chat_session_message_read, v2) is a read receipt.
type ReadEvent struct {
	RefMsgID string
	PartyID  string
	Time     time.Time
}

// TypingEvent (chat_session_typing): a party started typing.
type TypingEvent struct {
	PartyID string
	// Draft is the text typed so far, which the web client sends.
	Draft string
	Time  time.Time
}

// NotTypingEvent (chat_session_not_typing): a party stopped typing.
type NotTypingEvent struct {
	PartyID string
	Time    time.Time
}

// FormShowEvent (chat_session_form_show) asks the client to show a
// predefined form and answer with [FormDataEvent].
type FormShowEvent struct {
	FormRequestID string
	FormName      string
	// Timeout is form_timeout, read as seconds (the unit is undocumented).
	Timeout time.Duration
	Channel string
	Time    time.Time
}

// SecureFormShowEvent (chat_session_secure_form_show) asks for a secure form.
type SecureFormShowEvent struct {
	FormRequestID string
	FormID        string
	Time          time.Time
}

// TimeoutWarningEvent (chat_session_timeout_warning) is an inactivity warning.
type TimeoutWarningEvent struct {
	Text string
	Time time.Time
}

// InactivityTimeoutEvent (chat_session_inactivity_timeout) ends the session
// for inactivity.
type InactivityTimeoutEvent struct {
	Text string
	Time time.Time
}

// SignalingEvent (chat_session_signaling) carries a WebRTC signaling message.
type SignalingEvent struct {
	MsgID              string
	PartyID            string
	DestinationPartyID string
	// Signal is the decoded payload; an unknown or undecodable payload is
	// a *RawSignal.
	Signal Signal
	Time   time.Time
}

// FileEvent (chat_session_file) announces an uploaded file.
type FileEvent struct {
	MsgID    string
	PartyID  string
	FileID   string
	FileType FileType
	FileName string
	Time     time.Time
}

// LocationEvent (chat_session_location) is a geographical location.
type LocationEvent struct {
	MsgID     string
	PartyID   string
	URL       string
	Latitude  float64
	Longitude float64
	Time      time.Time
}

// CobrowsingRequestedEvent (chat_session_cobrowsing_requested) asks for a
// co-browsing session.
type CobrowsingRequestedEvent struct{ MsgID string }

// CaseSetEvent (chat_session_case_set, v2) attaches a case to the chat; an
// empty CaseID clears it.
type CaseSetEvent struct {
	CaseID string
	Time   time.Time
}

// SessionInfoEvent (chat_session_info, undocumented) names the service.
type SessionInfoEvent struct{ ServiceName string }

// FileURLEvent (chat_session_file_url, undocumented) shares a file by URL.
type FileURLEvent struct {
	FileURL string
	PartyID string
	Time    time.Time
}

// MessageEditEvent (chat_session_message_edit, undocumented) replaces the
// text of an earlier message.
type MessageEditEvent struct {
	RefMsgID string
	Text     string
	PartyID  string
	Time     time.Time
}

// MessageDeleteEvent (chat_session_message_delete, undocumented) withdraws
// an earlier message.
type MessageDeleteEvent struct {
	RefMsgID string
	PartyID  string
	Time     time.Time
}

// FormDataEvent (chat_session_form_data) answers a [FormShowEvent].
type FormDataEvent struct {
	FormRequestID string
	FormName      string
	Data          map[string]any
}

// SecureFormDataEvent (chat_session_secure_form_data) answers a
// [SecureFormShowEvent].
type SecureFormDataEvent struct {
	FormRequestID string
	FormName      string
	Data          map[string]any
}

// SecureFormCancelEvent (chat_session_secure_form_cancel) cancels a secure form.
type SecureFormCancelEvent struct {
	FormRequestID string
	FormName      string
}

// FormDataCancelEvent (chat_form_data_cancel, undocumented, sent by the
// web client) cancels a form.
type FormDataCancelEvent struct {
	FormRequestID string
	FormName      string
}

// EndEvent (chat_session_end) ends the chat session.
type EndEvent struct{}

// DisconnectEvent (chat_session_disconnect) ends the conversation but keeps
// the session, for a survey for instance.
type DisconnectEvent struct{}

// NavigationEvent (chat_session_navigation) reports the page the user is on.
type NavigationEvent struct {
	MsgID string
	Page  string
	Title string
}

// CobrowsingRejectedEvent (chat_session_cobrowsing_rejected).
type CobrowsingRejectedEvent struct{}

// CobrowsingStartedEvent (chat_session_cobrowsing_started).
type CobrowsingStartedEvent struct {
	ProviderType  string
	CobrowsingURL string
	CobrowsingID  string
}

// CobrowsingEndedEvent (chat_session_cobrowsing_ended).
type CobrowsingEndedEvent struct{}

// RawEvent is an event this package does not know, kept as it came.
type RawEvent struct {
	Type EventType
	JSON json.RawMessage
}

// EventType returns TypeStatus.
func (*StatusEvent) EventType() EventType { return TypeStatus }

// EventType returns TypeEnded.
func (*EndedEvent) EventType() EventType { return TypeEnded }

// EventType returns TypePartyJoined.
func (*PartyJoinedEvent) EventType() EventType { return TypePartyJoined }

// EventType returns TypePartyLeft.
func (*PartyLeftEvent) EventType() EventType { return TypePartyLeft }

// EventType returns TypeMessage.
func (*MessageEvent) EventType() EventType { return TypeMessage }

// EventType returns TypeDelivered.
func (*DeliveredEvent) EventType() EventType { return TypeDelivered }

// EventType returns TypeRead.
func (*ReadEvent) EventType() EventType { return TypeRead }

// EventType returns TypeTyping.
func (*TypingEvent) EventType() EventType { return TypeTyping }

// EventType returns TypeNotTyping.
func (*NotTypingEvent) EventType() EventType { return TypeNotTyping }

// EventType returns TypeFormShow.
func (*FormShowEvent) EventType() EventType { return TypeFormShow }

// EventType returns TypeSecureFormShow.
func (*SecureFormShowEvent) EventType() EventType { return TypeSecureFormShow }

// EventType returns TypeTimeoutWarning.
func (*TimeoutWarningEvent) EventType() EventType { return TypeTimeoutWarning }

// EventType returns TypeInactivityTimeout.
func (*InactivityTimeoutEvent) EventType() EventType { return TypeInactivityTimeout }

// EventType returns TypeSignaling.
func (*SignalingEvent) EventType() EventType { return TypeSignaling }

// EventType returns TypeFile.
func (*FileEvent) EventType() EventType { return TypeFile }

// EventType returns TypeLocation.
func (*LocationEvent) EventType() EventType { return TypeLocation }

// EventType returns TypeCobrowsingRequested.
func (*CobrowsingRequestedEvent) EventType() EventType { return TypeCobrowsingRequested }

// EventType returns TypeCaseSet.
func (*CaseSetEvent) EventType() EventType { return TypeCaseSet }

// EventType returns TypeSessionInfo.
func (*SessionInfoEvent) EventType() EventType { return TypeSessionInfo }

// EventType returns TypeFileURL.
func (*FileURLEvent) EventType() EventType { return TypeFileURL }

// EventType returns TypeMessageEdit.
func (*MessageEditEvent) EventType() EventType { return TypeMessageEdit }

// EventType returns TypeMessageDelete.
func (*MessageDeleteEvent) EventType() EventType { return TypeMessageDelete }

// EventType returns TypeFormData.
func (*FormDataEvent) EventType() EventType { return TypeFormData }

// EventType returns TypeSecureFormData.
func (*SecureFormDataEvent) EventType() EventType { return TypeSecureFormData }

// EventType returns TypeSecureFormCancel.
func (*SecureFormCancelEvent) EventType() EventType { return TypeSecureFormCancel }

// EventType returns TypeFormDataCancel.
func (*FormDataCancelEvent) EventType() EventType { return TypeFormDataCancel }

// EventType returns TypeEnd.
func (*EndEvent) EventType() EventType { return TypeEnd }

// EventType returns TypeDisconnect.
func (*DisconnectEvent) EventType() EventType { return TypeDisconnect }

// EventType returns TypeNavigation.
func (*NavigationEvent) EventType() EventType { return TypeNavigation }

// EventType returns TypeCobrowsingRejected.
func (*CobrowsingRejectedEvent) EventType() EventType { return TypeCobrowsingRejected }

// EventType returns TypeCobrowsingStarted.
func (*CobrowsingStartedEvent) EventType() EventType { return TypeCobrowsingStarted }

// EventType returns TypeCobrowsingEnded.
func (*CobrowsingEndedEvent) EventType() EventType { return TypeCobrowsingEnded }

// EventType returns e.Type.
func (e *RawEvent) EventType() EventType { return e.Type }
