package brightpattern_test

import (
	"testing"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/internal/roundtrip"
)

// TestTypesSurviveJSON round-trips every exported struct type of the
// package through json.Marshal and json.Unmarshal.
func TestTypesSurviveJSON(t *testing.T) {
	roundtrip.Check(t, ".", []any{
		brightpattern.CaseSession{}, brightpattern.Availability{}, brightpattern.Parameter{}, brightpattern.ChatRequest{},
		brightpattern.Chat{}, brightpattern.ICEServer{}, brightpattern.WidgetConfiguration{}, brightpattern.Widget{},
		brightpattern.WidgetDefinition{}, brightpattern.ContactTab{}, brightpattern.Font{}, brightpattern.Error{},
		brightpattern.StatusEvent{}, brightpattern.EndedEvent{}, brightpattern.PartyJoinedEvent{}, brightpattern.PartyLeftEvent{},
		brightpattern.MessageEvent{}, brightpattern.Attachment{}, brightpattern.DeliveredEvent{}, brightpattern.ReadEvent{},
		brightpattern.TypingEvent{}, brightpattern.NotTypingEvent{}, brightpattern.FormShowEvent{}, brightpattern.SecureFormShowEvent{},
		brightpattern.TimeoutWarningEvent{}, brightpattern.InactivityTimeoutEvent{}, brightpattern.SignalingEvent{}, brightpattern.FileEvent{},
		brightpattern.LocationEvent{}, brightpattern.CobrowsingRequestedEvent{}, brightpattern.CaseSetEvent{}, brightpattern.SessionInfoEvent{},
		brightpattern.FileURLEvent{}, brightpattern.MessageEditEvent{}, brightpattern.MessageDeleteEvent{}, brightpattern.FormDataEvent{},
		brightpattern.SecureFormDataEvent{}, brightpattern.SecureFormCancelEvent{}, brightpattern.FormDataCancelEvent{}, brightpattern.EndEvent{},
		brightpattern.DisconnectEvent{}, brightpattern.NavigationEvent{}, brightpattern.CobrowsingRejectedEvent{}, brightpattern.CobrowsingStartedEvent{},
		brightpattern.CobrowsingEndedEvent{}, brightpattern.RawEvent{}, brightpattern.Upload{}, brightpattern.UploadedFile{},
		brightpattern.File{}, brightpattern.PushSubscription{}, brightpattern.RequestCallSignal{}, brightpattern.CallRejectedSignal{},
		brightpattern.OfferCallSignal{}, brightpattern.AnswerCallSignal{}, brightpattern.ICECandidateSignal{}, brightpattern.EndCallSignal{},
		brightpattern.CallStateSignal{}, brightpattern.RequestPhoneCallSignal{}, brightpattern.RequestSMSSignal{}, brightpattern.RawSignal{},
		brightpattern.SMSRequest{}, brightpattern.SMSError{},
	}, map[string]string{
		"Client": "a client, not data",
	})
}
