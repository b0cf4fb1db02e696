package brightpattern

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/fixture"
	"github.com/switchboard-go/switchboard/internal/flex"
)

// FuzzDecodeBatch holds the one-pass decoding of a poll's answer to the
// element-by-element decoding: whenever the one pass accepts a body, both
// give the same events.
func FuzzDecodeBatch(f *testing.F) {
	for _, body := range fixture.Bodies(f, "brightpattern") {
		f.Add(body)
	}
	f.Add([]byte(`{"events":[{"event":"chat_session_message","msg":"a\u00e9\n","msg_id":12,"timestamp":1700000000123}]}`))
	f.Add([]byte(`{"events":[{"event":"chat_session_status","state":"queued","ewt":"30"},{"event":"chat_session_ended"}]}`))
	f.Add([]byte(`{"events":[{"event":"chat_session_message","msg":" x ","timestamp":" 1700000000 "}],"Events":null}`))
	f.Add([]byte(`{"events":[{"event":"chat_session_form_data","data":{"a":1}},{"event":"chat_session_message","msg":true}]}`))
	f.Add([]byte(`{"events":[{"event":"x_unknown"},null,{"event":"chat_session_file","session_id":"p1"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		fast, ok := decodeBatch(body)
		if !ok {
			return
		}
		var w struct {
			Events []json.RawMessage `json:"events"`
		}
		require.NoError(t, json.Unmarshal(body, &w), "the one pass accepted a body the list decoding refuses")
		assert.Equal(t, decodeEventList(w.Events), fast)
	})
}

// FuzzWireText holds wireText to flex.String: the same value, or an error
// for both.
func FuzzWireText(f *testing.F) {
	for _, s := range []string{`"abc"`, `""`, `"a\"b"`, `"\u00e9"`, `"é"`, "\"\x7f\"", `" x "`, `12`, `1.50`, `true`, `null`, `{}`, `[1]`, `"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return // encoding/json hands UnmarshalJSON only valid values
		}
		var want flex.String
		wantErr := want.UnmarshalJSON(data)
		var got wireText
		gotErr := got.UnmarshalJSON(data)
		require.Equal(t, wantErr != nil, gotErr != nil, "error for %q: %v, want %v", data, gotErr, wantErr)
		if wantErr == nil {
			assert.Equal(t, want.Value, got.Value, "value of %q", data)
		}
	})
}

// FuzzWireTime holds wireTime to flex.Time: the same instant, or an error
// for both.
func FuzzWireTime(f *testing.F) {
	for _, s := range []string{`1700000000`, `"1700000000"`, `1700000000123`, `"1700000000123"`, `99999999999`, `100000000000`,
		`0`, `"007"`, `999999999999999`, `9999999999999999`, `"2021-03-29T18:42:57Z"`, `""`, `" 1 "`, `1.5`, `-1`, `null`, `"x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		var want flex.Time
		wantErr := want.UnmarshalJSON(data)
		var got wireTime
		gotErr := got.UnmarshalJSON(data)
		require.Equal(t, wantErr != nil, gotErr != nil, "error for %q: %v, want %v", data, gotErr, wantErr)
		if wantErr == nil {
			assert.True(t, want.Value.Equal(got.Value) && want.Value.Location() == got.Value.Location(),
				"time of %q: %v, want %v", data, got.Value, want.Value)
		}
	})
}
