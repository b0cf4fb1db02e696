package brightpattern

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/switchboard-go/switchboard/internal/flex"
)

// wireEvent holds every field any event carries, decoded tolerantly.
type wireEvent struct {
	Event              flex.String     `json:"event"`
	State              flex.String     `json:"state"`
	EWT                flex.Seconds    `json:"ewt"`
	PartyID            flex.String     `json:"party_id"`
	SessionID          flex.String     `json:"session_id"` // chat_session_file's party_id on old servers
	FirstName          flex.String     `json:"first_name"`
	LastName           flex.String     `json:"last_name"`
	DisplayName        flex.String     `json:"display_name"`
	Type               flex.String     `json:"type"`
	Timestamp          flex.Time       `json:"timestamp"`
	MsgID              flex.String     `json:"msg_id"`
	RefMsgID           flex.String     `json:"ref_msg_id"`
	Msg                flex.String     `json:"msg"`
	MsgText            flex.String     `json:"msg_text"`
	Channel            flex.String     `json:"channel"`
	DirectiveID        flex.String     `json:"directive_id"`
	Attachments        []Attachment    `json:"attachments"`
	FormRequestID      flex.String     `json:"form_request_id"`
	FormName           flex.String     `json:"form_name"`
	FormID             flex.String     `json:"form_id"`
	FormTimeout        flex.Seconds    `json:"form_timeout"`
	Data               json.RawMessage `json:"data"`
	DestinationPartyID flex.String     `json:"destination_party_id"`
	FileID             flex.String     `json:"file_id"`
	FileType           flex.String     `json:"file_type"`
	FileName           flex.String     `json:"file_name"`
	FileURL            flex.String     `json:"file_url"`
	URL                flex.String     `json:"url"`
	Latitude           flex.Float      `json:"latitude"`
	Longitude          flex.Float      `json:"longitude"`
	CaseID             flex.String     `json:"case_id"`
	ServiceName        flex.String     `json:"service_name"`
	Page               flex.String     `json:"page"`
	Title              flex.String     `json:"title"`
	ProviderType       flex.String     `json:"provider_type"`
	CobrowsingURL      flex.String     `json:"cobrowsing_url"`
	CobrowsingID       flex.String     `json:"cobrowsing_id"`
}

// DecodeEvent decodes one event object. An event whose name is unknown, or
// whose fields do not decode as that event's, is returned as a *RawEvent
// with no error; only a value that is not a JSON object with an "event"
// name is an error.
func DecodeEvent(data []byte) (Event, error) {
	// One pass decodes the common case, a well-formed event; the name
	// alone is read again only when that pass fails.
	w := wirePool.Get().(*wireEvent)
	defer func() {
		*w = wireEvent{} // the event built from w keeps its slices
		wirePool.Put(w)
	}()
	if err := json.Unmarshal(data, w); err == nil {
		if w.Event.Value == "" {
			return nil, errNoEventName
		}
		if ev := w.typed(); ev != nil {
			return ev, nil
		}
		return &RawEvent{Type: EventType(w.Event.Value), JSON: json.RawMessage(bytes.Clone(data))}, nil
	}
	var head struct {
		Event flex.String `json:"event"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("brightpattern: decode event: %w", err)
	}
	if head.Event.Value == "" {
		return nil, errNoEventName
	}
	return &RawEvent{Type: EventType(head.Event.Value), JSON: json.RawMessage(bytes.Clone(data))}, nil
}

// wirePool recycles the decoding struct, a kilobyte and more, across events.
var wirePool = sync.Pool{New: func() any { return new(wireEvent) }}

var errNoEventName = errors.New("brightpattern: decode event: no event name")

// typed builds the Go value of a known event, or nil.
func (w *wireEvent) typed() Event {
	t := w.Timestamp.Value
	switch EventType(w.Event.Value) {
	case TypeStatus:
		return &StatusEvent{State: ChatState(w.State.Value), EstimatedWait: w.EWT.Value, EstimatedWaitKnown: w.EWT.Valid}
	case TypeEnded:
		return &EndedEvent{}
	case TypePartyJoined:
		return &PartyJoinedEvent{PartyID: w.PartyID.Value, FirstName: w.FirstName.Value, LastName: w.LastName.Value,
			DisplayName: w.DisplayName.Value, Type: PartyType(w.Type.Value), Time: t}
	case TypePartyLeft:
		return &PartyLeftEvent{PartyID: w.PartyID.Value, Type: PartyType(w.Type.Value), Time: t}
	case TypeMessage:
		return &MessageEvent{MsgID: w.MsgID.Value, PartyID: w.PartyID.Value, Text: w.Msg.Value, PlainText: w.MsgText.Value,
			Channel: w.Channel.Value, DirectiveID: w.DirectiveID.Value, Attachments: w.Attachments, Time: t}
	case TypeDelivered:
		return &DeliveredEvent{RefMsgID: w.refMsgID(), PartyID: w.PartyID.Value, Time: t}
	case TypeRead:
		return &ReadEvent{RefMsgID: w.refMsgID(), PartyID: w.PartyID.Value, Time: t}
	case TypeTyping:
		return &TypingEvent{PartyID: w.PartyID.Value, Draft: w.Msg.Value, Time: t}
	case TypeNotTyping:
		return &NotTypingEvent{PartyID: w.PartyID.Value, Time: t}
	case TypeFormShow:
		return &FormShowEvent{FormRequestID: w.FormRequestID.Value, FormName: w.FormName.Value,
			Timeout: w.FormTimeout.Value, Channel: w.Channel.Value, Time: t}
	case TypeSecureFormShow:
		return &SecureFormShowEvent{FormRequestID: w.FormRequestID.Value, FormID: w.FormID.Value, Time: t}
	case TypeTimeoutWarning:
		return &TimeoutWarningEvent{Text: w.Msg.Value, Time: t}
	case TypeInactivityTimeout, typeInactivityTimeoutTypo:
		return &InactivityTimeoutEvent{Text: w.Msg.Value, Time: t}
	case TypeSignaling:
		return &SignalingEvent{MsgID: w.MsgID.Value, PartyID: w.PartyID.Value, DestinationPartyID: w.DestinationPartyID.Value,
			Signal: DecodeSignal(w.Data), Time: t}
	case TypeFile:
		return &FileEvent{MsgID: w.MsgID.Value, PartyID: cmp.Or(w.PartyID.Value, w.SessionID.Value), FileID: w.FileID.Value,
			FileType: FileType(w.FileType.Value), FileName: w.FileName.Value, Time: t}
	case TypeLocation:
		return &LocationEvent{MsgID: w.MsgID.Value, PartyID: w.PartyID.Value, URL: w.URL.Value,
			Latitude: w.Latitude.Value, Longitude: w.Longitude.Value, Time: t}
	case TypeCobrowsingRequested:
		return &CobrowsingRequestedEvent{MsgID: w.MsgID.Value}
	case TypeCaseSet:
		return &CaseSetEvent{CaseID: w.CaseID.Value, Time: t}
	case TypeSessionInfo:
		return &SessionInfoEvent{ServiceName: w.ServiceName.Value}
	case TypeFileURL:
		return &FileURLEvent{FileURL: w.FileURL.Value, PartyID: w.PartyID.Value, Time: t}
	case TypeMessageEdit:
		return &MessageEditEvent{RefMsgID: w.RefMsgID.Value, Text: w.Msg.Value, PartyID: w.PartyID.Value, Time: t}
	case TypeMessageDelete:
		return &MessageDeleteEvent{RefMsgID: w.RefMsgID.Value, PartyID: w.PartyID.Value, Time: t}
	case TypeFormData, TypeSecureFormData:
		data, ok := w.dataObject()
		if !ok {
			return nil
		}
		if w.Event.Value == string(TypeFormData) {
			return &FormDataEvent{FormRequestID: w.FormRequestID.Value, FormName: w.FormName.Value, Data: data}
		}
		return &SecureFormDataEvent{FormRequestID: w.FormRequestID.Value, FormName: w.FormName.Value, Data: data}
	case TypeSecureFormCancel:
		return &SecureFormCancelEvent{FormRequestID: w.FormRequestID.Value, FormName: w.FormName.Value}
	case TypeFormDataCancel:
		return &FormDataCancelEvent{FormRequestID: w.FormRequestID.Value, FormName: w.FormName.Value}
	case TypeEnd:
		return &EndEvent{}
	case TypeDisconnect:
		return &DisconnectEvent{}
	case TypeNavigation:
		return &NavigationEvent{MsgID: w.MsgID.Value, Page: w.Page.Value, Title: w.Title.Value}
	case TypeCobrowsingRejected:
		return &CobrowsingRejectedEvent{}
	case TypeCobrowsingStarted:
		return &CobrowsingStartedEvent{ProviderType: w.ProviderType.Value, CobrowsingURL: w.CobrowsingURL.Value,
			CobrowsingID: w.CobrowsingID.Value}
	case TypeCobrowsingEnded:
		return &CobrowsingEndedEvent{}
	}
	return nil
}

// refMsgID reads the receipt's message reference: ref_msg_id as the SDKs
// decode it, or msg_id as the iOS SDK's own test fixture sends it.
func (w *wireEvent) refMsgID() string {
	if w.RefMsgID.Value != "" {
		return w.RefMsgID.Value
	}
	return w.MsgID.Value
}

// dataObject decodes a form's data object; absent data is an empty map.
func (w *wireEvent) dataObject() (map[string]any, bool) {
	data := map[string]any{}
	if len(w.Data) == 0 || string(w.Data) == "null" {
		return data, true
	}
	if json.Unmarshal(w.Data, &data) != nil {
		return nil, false
	}
	return data, true
}

// DecodeEvents decodes an {"events":[...]} body. An empty body, a missing
// or null list all give no events. An element that is not an event object
// is kept as a *RawEvent, so one odd event never fails its batch.
func DecodeEvents(body []byte) ([]Event, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, nil
	}
	var w struct {
		Events []json.RawMessage `json:"events"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, fmt.Errorf("brightpattern: decode events: %w", err)
	}
	return decodeEventList(w.Events), nil
}

func decodeEventList(list []json.RawMessage) []Event {
	out := make([]Event, 0, len(list))
	for _, raw := range list {
		ev, err := DecodeEvent(raw)
		if err != nil {
			ev = &RawEvent{JSON: json.RawMessage(bytes.Clone(raw))}
		}
		out = append(out, ev)
	}
	return out
}
