package brightpattern

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/switchboard-go/switchboard/internal/flex"
)

// wireEvent holds every field any event carries, decoded tolerantly.
type wireEvent struct {
	Event              wireText        `json:"event"`
	State              wireText        `json:"state"`
	EWT                flex.Seconds    `json:"ewt"`
	PartyID            wireText        `json:"party_id"`
	SessionID          wireText        `json:"session_id"` // chat_session_file's party_id on old servers
	FirstName          wireText        `json:"first_name"`
	LastName           wireText        `json:"last_name"`
	DisplayName        wireText        `json:"display_name"`
	Type               wireText        `json:"type"`
	Timestamp          wireTime        `json:"timestamp"`
	MsgID              wireText        `json:"msg_id"`
	RefMsgID           wireText        `json:"ref_msg_id"`
	Msg                wireText        `json:"msg"`
	MsgText            wireText        `json:"msg_text"`
	Channel            wireText        `json:"channel"`
	DirectiveID        wireText        `json:"directive_id"`
	Attachments        []Attachment    `json:"attachments"`
	FormRequestID      wireText        `json:"form_request_id"`
	FormName           wireText        `json:"form_name"`
	FormID             wireText        `json:"form_id"`
	FormTimeout        flex.Seconds    `json:"form_timeout"`
	Data               json.RawMessage `json:"data"`
	DestinationPartyID wireText        `json:"destination_party_id"`
	FileID             wireText        `json:"file_id"`
	FileType           wireText        `json:"file_type"`
	FileName           wireText        `json:"file_name"`
	FileURL            wireText        `json:"file_url"`
	URL                wireText        `json:"url"`
	Latitude           flex.Float      `json:"latitude"`
	Longitude          flex.Float      `json:"longitude"`
	CaseID             wireText        `json:"case_id"`
	ServiceName        wireText        `json:"service_name"`
	Page               wireText        `json:"page"`
	Title              wireText        `json:"title"`
	ProviderType       wireText        `json:"provider_type"`
	CobrowsingURL      wireText        `json:"cobrowsing_url"`
	CobrowsingID       wireText        `json:"cobrowsing_id"`
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
		Event wireText `json:"event"`
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
	if events, ok := decodeBatch(body); ok {
		return events, nil
	}
	var w struct {
		Events []json.RawMessage `json:"events"`
	}
	if err := json.Unmarshal(body, &w); err != nil {
		return nil, fmt.Errorf("brightpattern: decode events: %w", err)
	}
	return decodeEventList(w.Events), nil
}

// wireBatch is a poll's answer decoded in one pass.
type wireBatch struct {
	Events []wireEvent `json:"events"`
}

// batchPool recycles the decoding structs of small batches (a poll's answer
// holds one event or a few).
var batchPool = sync.Pool{New: func() any { return new(wireBatch) }}

// maxPooledBatch is the most events a pooled batch keeps room for.
const maxPooledBatch = 16

// decodeBatch decodes the common answer, a batch of well-formed known
// events, in one pass. It reports false for anything else (an element that
// is not an event object, an unknown event, a field that does not decode),
// which the caller decodes element by element, with the same result.
func decodeBatch(body []byte) ([]Event, bool) {
	b := batchPool.Get().(*wireBatch)
	defer func() {
		clear(b.Events[:cap(b.Events)]) // the events built keep their slices
		b.Events = b.Events[:0]
		if cap(b.Events) <= maxPooledBatch {
			batchPool.Put(b)
		}
	}()
	if json.Unmarshal(body, b) != nil {
		return nil, false
	}
	out := make([]Event, len(b.Events))
	for i := range b.Events {
		w := &b.Events[i]
		if w.Event.Value == "" {
			return nil, false
		}
		if out[i] = w.typed(); out[i] == nil {
			return nil, false
		}
	}
	return out, true
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

// wireText is a [flex.String] that reads a plain JSON string (printable
// ASCII, no escapes), the common case, without decoding it a second time.
type wireText struct{ Value string }

// UnmarshalJSON accepts what flex.String accepts, with the same result.
func (s *wireText) UnmarshalJSON(data []byte) error {
	if text, ok := plainString(data); ok {
		s.Value = text
		return nil
	}
	var f flex.String
	if err := f.UnmarshalJSON(data); err != nil {
		return err
	}
	s.Value = f.Value
	return nil
}

// plainString returns the text of a JSON string literal made of printable
// ASCII with no escape, which is the literal's bytes between the quotes.
func plainString(data []byte) (string, bool) {
	if len(data) < 2 || data[0] != '"' || data[len(data)-1] != '"' {
		return "", false
	}
	inner := data[1 : len(data)-1]
	for _, c := range inner {
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return "", false
		}
	}
	return string(inner), true
}

// wireTime is a [flex.Time] that reads Unix seconds or milliseconds sent as
// digits, quoted or not, the common case, without a second decoding pass.
type wireTime struct{ Value time.Time }

// UnmarshalJSON accepts what flex.Time accepts, with the same result.
func (t *wireTime) UnmarshalJSON(data []byte) error {
	digits := data
	if len(digits) >= 2 && digits[0] == '"' && digits[len(digits)-1] == '"' {
		digits = digits[1 : len(digits)-1]
	}
	if n, ok := unixDigits(digits); ok {
		if n >= msThreshold {
			t.Value = time.UnixMilli(n).UTC()
		} else {
			t.Value = time.Unix(n, 0).UTC()
		}
		return nil
	}
	var f flex.Time
	if err := f.UnmarshalJSON(data); err != nil {
		return err
	}
	t.Value = f.Value
	return nil
}

// msThreshold is flex's limit between Unix seconds and milliseconds.
const msThreshold = 1e11

// unixDigits reads 1 to 15 decimal digits, a count that float64, through
// which flex reads a time, holds exactly.
func unixDigits(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 15 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}
