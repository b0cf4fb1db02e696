package brightpattern_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
		brightpattern.SMSRequest{}, brightpattern.SMSError{}, brightpattern.Position{}, brightpattern.PositionError{},
	}, map[string]string{
		"Client":      "a client, not data",
		"EventStream": "a stream bound to its client; its Position is the data to store",
	})
}

func TestPositionSurvivesJSON(t *testing.T) {
	const stored = "bp1:5:0a1b2c3d:0000000000000001,0000000000000002,0000000000000003,0000000000000004"
	pos, err := brightpattern.ParsePosition(stored)
	require.NoError(t, err)
	type state struct{ Chat, Position brightpattern.Position }
	b, err := json.Marshal(state{Position: pos})
	require.NoError(t, err)
	assert.JSONEq(t, `{"Chat":"","Position":"`+stored+`"}`, string(b))
	var back state
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, pos, back.Position)
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"Position":"bp1:x"}`), &back), brightpattern.ErrInvalidPosition)
}
