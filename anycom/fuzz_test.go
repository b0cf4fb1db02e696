package anycom

import (
	"encoding/json"
	"testing"

	"github.com/switchboard-go/switchboard/internal/fixture"
)

// FuzzParseEnvelope: any body decodes to a result or an error.
func FuzzParseEnvelope(f *testing.F) {
	fixture.Seed(f, "anycom", `{"status":"204","result":null}`, `{"status":1e99,"result":7}`)
	f.Fuzz(func(t *testing.T, body []byte) {
		res, err := parseEnvelope(body, 200)
		if err == nil && res == nil {
			t.Fatal("nil result without error")
		}
	})
}

// FuzzDecodeEntries decodes every entry of a result list with every wire
// type, as the list commands do.
func FuzzDecodeEntries(f *testing.F) {
	fixture.Seed(f, "anycom", `{"result":[{"send":{"last":"x","last_elapsed":{}},"group":{"alternative_groups":["1",null,2]}}]}`)
	f.Fuzz(func(t *testing.T, body []byte) {
		res, err := parseEnvelope(body, 200)
		if err != nil {
			return
		}
		for _, item := range res.Items {
			decodeAs(item, (*wireUser).user)
			decodeAs(item, (*wireCheck).check)
			decodeAs(item, (*wireStatus).status)
			decodeAs(item, (*wireBotSession).session)
			decodeAs(item, (*wireAttendant).attendant)
			decodeAs(item, (*wireAwaiting).awaiting)
			decodeAs(item, (*wireConversation).conversation)
		}
	})
}

func decodeAs[W, T any](item json.RawMessage, conv func(*W) T) {
	var w W
	if json.Unmarshal(item, &w) == nil {
		conv(&w)
	}
}

// FuzzParseElapsed: any text gives a non-negative duration or false.
func FuzzParseElapsed(f *testing.F) {
	for _, s := range []string{"90 days, 4:11:48", "38", "1 day, 0:00:01.5", "4:11:48", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := ParseElapsed(s); ok && d < 0 {
			t.Fatalf("%q: negative %v", s, d)
		}
	})
}
