package brightpattern

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/httpcore"

	"github.com/switchboard-go/switchboard/internal/fixture"
)

func FuzzDecodeEvents(f *testing.F) {
	fixture.Seed(f, "brightpattern",
		`{"events":[1,"x",null,{"event":7},{"event":"chat_session_status","ewt":{}}]}`,
	)
	f.Fuzz(func(t *testing.T, body []byte) {
		events, err := DecodeEvents(body)
		if err != nil {
			return
		}
		for _, ev := range events {
			_ = ev.EventType()
			_ = eventHash(ev)
			_, _ = encodeEvent(ev)
		}
	})
}

func FuzzDecodeEvent(f *testing.F) {
	f.Add([]byte(`{"event":"chat_session_signaling","data":"{\"type\":\"ICE_CANDIDATE\",\"sdpMLineIndex\":\"0\"}"}`))
	f.Add([]byte(`{"event":"chat_session_form_data","data":[1]}`))
	f.Add([]byte(`{"event":"chat_session_location","latitude":"x"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, err := DecodeEvent(data)
		if err == nil {
			_ = ev.EventType()
		}
	})
}

func FuzzDecodeSignal(f *testing.F) {
	f.Add([]byte(`{"type":"OFFER_CALL","offerVideo":"true","sdp":"v=0"}`))
	f.Add([]byte(`"{\"type\":\"CALL_REJECTED\",\"reason_code\":\"1\"}"`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := DecodeSignal(data)
		require.NotNil(t, s)
		_, _ = encodeSignal(s)
	})
}

func FuzzDecodeOtherBodies(f *testing.F) {
	fixture.Seed(f, "brightpattern",
		`"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"`,
	)
	f.Fuzz(func(t *testing.T, body []byte) {
		_, _ = decodeICEServers(body, "chat")
		_, _ = decodeCaseHistory(body)
		err := decodeError(&httpcore.ErrorResponse{StatusCode: 400, Body: body})
		require.NotEmpty(t, err.Error())
		var w wireChat
		if json.Unmarshal(body, &w) == nil {
			_, _ = w.chat()
		}
	})
}

func TestDecodeEventTolerance(t *testing.T) {
	ev, err := DecodeEvent([]byte(`{"event":"chat_session_status","state":"queued","ewt":15}`))
	require.NoError(t, err)
	assert.Equal(t, &StatusEvent{State: StateQueued, EstimatedWait: 15 * time.Second, EstimatedWaitKnown: true}, ev)

	// A known event whose fields do not decode is kept raw, not failed.
	ev, err = DecodeEvent([]byte(`{"event":"chat_session_location","latitude":"north"}`))
	require.NoError(t, err)
	assert.IsType(t, &RawEvent{}, ev)
	assert.Equal(t, TypeLocation, ev.EventType())

	_, err = DecodeEvent([]byte(`{"msg":"no name"}`))
	assert.Error(t, err)
	_, err = DecodeEvent([]byte(`[`))
	assert.Error(t, err)

	events, err := DecodeEvents([]byte(`{"events":[42,{"event":"chat_session_ended"}]}`))
	require.NoError(t, err)
	require.Len(t, events, 2)
	assert.IsType(t, &RawEvent{}, events[0])
	assert.IsType(t, &EndedEvent{}, events[1])

	events, err = DecodeEvents([]byte(` `))
	require.NoError(t, err)
	assert.Empty(t, events)
	_, err = DecodeEvents([]byte(`{"events":`))
	assert.Error(t, err)

	ev, err = DecodeEvent([]byte(`{"event":"chat_session_form_data","form_request_id":17,"form_name":"RequestLocation","data":{"location_lat":"1"}}`))
	require.NoError(t, err)
	assert.Equal(t, &FormDataEvent{FormRequestID: "17", FormName: "RequestLocation", Data: map[string]any{"location_lat": "1"}}, ev)
}

func TestSignals(t *testing.T) {
	for _, s := range []Signal{
		&RequestCallSignal{OfferVideo: true}, &CallRejectedSignal{ReasonCode: "1", Reason: "busy"},
		&OfferCallSignal{OfferVideo: false, SDP: "v=0"}, &AnswerCallSignal{SDP: "v=0"},
		&ICECandidateSignal{SDPMid: "0", SDPMLineIndex: 1, Candidate: "candidate:1"}, &EndCallSignal{},
		&CallStateSignal{AudioEnabled: true}, &RequestPhoneCallSignal{Number: "1"}, &RequestSMSSignal{Number: "2"},
	} {
		data, err := encodeSignal(s)
		require.NoError(t, err)
		quoted, err := json.Marshal(data)
		require.NoError(t, err)
		assert.Equal(t, s, DecodeSignal(quoted), "through a JSON string")
		assert.Equal(t, s, DecodeSignal([]byte(data)), "as an object")
	}
	raw := DecodeSignal([]byte(`{"type":"NEW_THING","x":1}`))
	assert.Equal(t, SignalType("NEW_THING"), raw.SignalType())
	assert.IsType(t, &RawSignal{}, DecodeSignal([]byte(`nonsense`)))
}

func TestEncodeClientEvents(t *testing.T) {
	cases := []struct {
		ev   Event
		want string
	}{
		{&MessageEvent{MsgID: "1", Text: "hi"}, `{"event":"chat_session_message","msg_id":"1","msg":"hi"}`},
		{&TypingEvent{Draft: "h"}, `{"event":"chat_session_typing","msg":"h"}`},
		{&NotTypingEvent{}, `{"event":"chat_session_not_typing"}`},
		{&DeliveredEvent{RefMsgID: "2"}, `{"event":"chat_session_message_delivered","ref_msg_id":"2"}`},
		{&ReadEvent{RefMsgID: "2"}, `{"event":"chat_session_message_read","ref_msg_id":"2"}`},
		{&FormDataEvent{FormRequestID: "7", FormName: "f"}, `{"event":"chat_session_form_data","form_request_id":"7","form_name":"f","data":{}}`},
		{&SecureFormDataEvent{FormRequestID: "7", FormName: "f", Data: map[string]any{"a": "b"}}, `{"event":"chat_session_secure_form_data","form_request_id":"7","form_name":"f","data":{"a":"b"}}`},
		{&SecureFormCancelEvent{FormRequestID: "7"}, `{"event":"chat_session_secure_form_cancel","form_request_id":"7"}`},
		{&FormDataCancelEvent{FormRequestID: "7", FormName: "f"}, `{"event":"chat_form_data_cancel","form_request_id":"7","form_name":"f"}`},
		{&EndEvent{}, `{"event":"chat_session_end"}`},
		{&DisconnectEvent{}, `{"event":"chat_session_disconnect"}`},
		{&SignalingEvent{MsgID: "3", DestinationPartyID: "p", Signal: &EndCallSignal{}}, `{"event":"chat_session_signaling","msg_id":"3","destination_party_id":"p","data":"{\"type\":\"END_CALL\"}"}`},
		{&FileEvent{MsgID: "5", FileID: "f1", FileType: FileImage, FileName: "a.png"}, `{"event":"chat_session_file","msg_id":"5","file_id":"f1","file_type":"image","file_name":"a.png"}`},
		{&LocationEvent{MsgID: "7", Latitude: 37.5, Longitude: -122.25}, `{"event":"chat_session_location","msg_id":"7","latitude":"37.5","longitude":"-122.25"}`},
		{&NavigationEvent{MsgID: "9", Page: "/cart", Title: "Cart"}, `{"event":"chat_session_navigation","msg_id":"9","page":"/cart","title":"Cart"}`},
		{&CobrowsingRejectedEvent{}, `{"event":"chat_session_cobrowsing_rejected"}`},
		{&CobrowsingStartedEvent{ProviderType: "surfly", CobrowsingURL: "https://x"}, `{"event":"chat_session_cobrowsing_started","provider_type":"surfly","cobrowsing_url":"https://x"}`},
		{&CobrowsingEndedEvent{}, `{"event":"chat_session_cobrowsing_ended"}`},
		{&RawEvent{Type: "x", JSON: json.RawMessage(`{"event":"x","y":1}`)}, `{"event":"x","y":1}`},
	}
	for _, tc := range cases {
		m, err := encodeEvent(tc.ev)
		require.NoError(t, err)
		got, err := json.Marshal(m)
		require.NoError(t, err)
		assert.JSONEq(t, tc.want, string(got))
	}
	_, err := encodeEvent(&StatusEvent{})
	assert.Error(t, err, "a server event is not sent")
}

func TestErrorFormatAndSentinels(t *testing.T) {
	e := &Error{StatusCode: 404, Code: CodeSessionNotFound, Message: "Chat session is not found", Method: "GET",
		URL: "https://acme/clientweb/api/v1/chats/x/events?tenantUrl=acme", Attempts: 2}
	assert.Equal(t, "brightpattern: GET https://acme/clientweb/api/v1/chats/x/events?tenantUrl=acme: HTTP 404 5005: Chat session is not found (after 2 attempts)", e.Error())
	assert.ErrorIs(t, e, ErrSessionEnded)
	assert.ErrorIs(t, e, ErrNotFound)
	assert.NotErrorIs(t, e, ErrUnauthorized)
	assert.Equal(t, "brightpattern: GET u: HTTP 502: Bad Gateway", (&Error{StatusCode: 502, Method: "GET", URL: "u"}).Error())
	for code, target := range map[ErrorCode]error{
		CodeInvalidTenantURL: ErrUnauthorized, CodeMissingClientID: ErrUnauthorized, CodeUploadTooLarge: ErrUploadTooLarge,
		CodeConcurrentPoll: ErrRateLimited, CodeBadJSON: ErrInvalidRequest, CodeUnspecified: ErrServerError,
		CodeNoCase: ErrNoCase, CodeFileNotFound: ErrNotFound,
	} {
		assert.ErrorIs(t, &Error{StatusCode: 400, Code: code}, target, code)
	}
	assert.ErrorIs(t, &Error{StatusCode: 413}, ErrUploadTooLarge)
	assert.ErrorIs(t, &Error{StatusCode: 403}, ErrUnauthorized)
}

func TestEncryptedICEServers(t *testing.T) {
	chatID := "d6c1adc2-385b-42e5-9e0a-1883c2bc5f81"
	salt, iv := []byte("0123456789abcdef"), []byte("0123456789ab")
	key, err := pbkdf2.Key(sha256.New, chatID, salt, 65536, 32)
	require.NoError(t, err)
	block, err := aes.NewCipher(key)
	require.NoError(t, err)
	gcm, err := cipher.NewGCM(block)
	require.NoError(t, err)
	plain := `[{"url":"turn:t.example.com","username":"u","credential":"c"},{"urls":["stun:a","stun:b"]}]`
	sealed := append(append(append([]byte{}, salt...), iv...), gcm.Seal(nil, iv, []byte(plain), nil)...)
	body := []byte(`"` + base64.StdEncoding.EncodeToString(sealed) + `"`)

	servers, err := decodeICEServers(body, chatID)
	require.NoError(t, err)
	assert.Equal(t, []ICEServer{{URLs: []string{"turn:t.example.com"}, Username: "u", Credential: "c"},
		{URLs: []string{"stun:a", "stun:b"}}}, servers)
	_, err = decodeICEServers(body, "another chat")
	assert.Error(t, err)
	_, err = decodeICEServers(body, "")
	assert.Error(t, err)
}
