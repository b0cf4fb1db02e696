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
	fixture.Seed(f, "brightpattern",
		`{"events":[{"event":"chat_session_message","msg":"a\u00e9\n","msg_id":12,"timestamp":1700000000123}]}`,
		`{"events":[{"event":"chat_session_status","state":"queued","ewt":"30"},{"event":"chat_session_ended"}]}`,
		`{"events":[{"event":"chat_session_message","msg":" x ","timestamp":" 1700000000 "}],"Events":null}`,
		`{"events":[{"event":"chat_session_form_data","data":{"a":1}},{"event":"chat_session_message","msg":true}]}`,
		`{"events":[{"event":"x_unknown"},null,{"event":"chat_session_file","session_id":"p1"}]}`,
	)
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
		var want flex.String
		var got wireText
		if bothDecode(t, data, &want, &got) {
			assert.Equal(t, want.Value, got.Value, "value of %q", data)
		}
	})
}

// bothDecode decodes a valid JSON value with want's UnmarshalJSON and got's,
// requires both to fail or neither, and reports whether both decoded it.
// Invalid JSON is skipped: encoding/json hands UnmarshalJSON only valid
// values.
func bothDecode(t *testing.T, data []byte, want, got json.Unmarshaler) bool {
	t.Helper()
	if !json.Valid(data) {
		return false
	}
	wantErr := want.UnmarshalJSON(data)
	gotErr := got.UnmarshalJSON(data)
	require.Equal(t, wantErr != nil, gotErr != nil, "error for %q: %v, want %v", data, gotErr, wantErr)
	return wantErr == nil
}

// FuzzWireTime holds wireTime to flex.Time: the same instant, or an error
// for both.
func FuzzWireTime(f *testing.F) {
	for _, s := range []string{`1700000000`, `"1700000000"`, `1700000000123`, `"1700000000123"`, `99999999999`, `100000000000`,
		`0`, `"007"`, `999999999999999`, `9999999999999999`, `"2021-03-29T18:42:57Z"`, `""`, `" 1 "`, `1.5`, `-1`, `null`, `"x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want flex.Time
		var got wireTime
		if bothDecode(t, data, &want, &got) {
			assert.True(t, want.Value.Equal(got.Value) && want.Value.Location() == got.Value.Location(),
				"time of %q: %v, want %v", data, got.Value, want.Value)
		}
	})
}
