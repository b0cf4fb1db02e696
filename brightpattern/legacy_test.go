package brightpattern

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Old servers sent session_id where the seed writes party_id on
// chat_session_file (reference §1.9, AND-v1 "TODO fix to partyId after
// server fix"); it is read as the party id, and party_id wins when both
// come.
func TestFileEventSessionIDIsThePartyID(t *testing.T) {
	ev, err := DecodeEvent([]byte(`{"event":"chat_session_file","session_id":"FA713225-A136-4EE4-AF5A-467019A84D67",` +
		`"msg_id":"4","file_id":"6fdadd52","file_type":"attachment","timestamp":"1614739612"}`))
	require.NoError(t, err)
	assert.Equal(t, &FileEvent{MsgID: "4", PartyID: "FA713225-A136-4EE4-AF5A-467019A84D67", FileID: "6fdadd52",
		FileType: FileAttachment, Time: time.Unix(1614739612, 0).UTC()}, ev)

	ev, err = DecodeEvent([]byte(`{"event":"chat_session_file","session_id":"old","party_id":"new","file_id":"f"}`))
	require.NoError(t, err)
	assert.Equal(t, "new", ev.(*FileEvent).PartyID)

	ev, err = DecodeEvent([]byte(`{"event":"chat_session_message","session_id":"old","msg":"hi"}`))
	require.NoError(t, err)
	assert.Empty(t, ev.(*MessageEvent).PartyID, "only the file event had the old name")

	events, err := DecodeEvents([]byte(`{"events":[{"event":"chat_session_file","session_id":"S","file_id":"f"}]}`))
	require.NoError(t, err)
	assert.Equal(t, "S", events[0].(*FileEvent).PartyID)
}

// A signal whose type is known but one of whose fields does not decode is a
// RawSignal that keeps the type, whether it came as an object or as a JSON
// string holding one.
func TestRawSignalKeepsItsType(t *testing.T) {
	obj := `{"type":"OFFER_CALL","offerVideo":"maybe","sdp":"v=0"}`
	quoted, err := json.Marshal(obj)
	require.NoError(t, err)
	for _, data := range [][]byte{[]byte(obj), quoted} {
		s := DecodeSignal(data)
		raw, ok := s.(*RawSignal)
		require.True(t, ok, "%T", s)
		assert.Equal(t, SignalOfferCall, raw.SignalType())
		assert.JSONEq(t, obj, string(raw.JSON))
	}

	s := DecodeSignal([]byte(`{"type":"ICE_CANDIDATE","sdpMLineIndex":{"n":1}}`))
	assert.Equal(t, SignalICECandidate, s.SignalType())
	assert.IsType(t, &RawSignal{}, s)

	s = DecodeSignal([]byte(`{"type":{"name":"END_CALL"}}`))
	assert.Equal(t, SignalType(""), s.SignalType(), "a type that is not text is not guessed")

	ev, err := DecodeEvent([]byte(`{"event":"chat_session_signaling","msg_id":"2","data":` + string(quoted) + `}`))
	require.NoError(t, err)
	assert.Equal(t, SignalOfferCall, ev.(*SignalingEvent).Signal.SignalType())

	wire, err := encodeSignal(DecodeSignal([]byte(obj)))
	require.NoError(t, err)
	assert.JSONEq(t, obj, wire, "a raw signal is sent back as it came")
}
