package brightpattern_test

import (
	"encoding/json"
	"testing"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

// onePoll is one poll's answer holding a single chat message, the common
// case of a held poll that an event ends.
var onePoll = []byte(`{"events":[{"event":"chat_session_message","party_id":"3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c",` +
	`"msg_id":"12","msg":"Your parcel is on its way.","channel":"web","timestamp":"1700000000"}]}`)

// decodeSDK decodes body with the package's decoder.
func decodeSDK(tb testing.TB, body []byte) {
	events, err := brightpattern.DecodeEvents(body)
	if err != nil || len(events) != 1 {
		tb.Fatalf("%d events: %v", len(events), err)
	}
}

// decodePlain decodes body with one json.Unmarshal into a plain struct of
// the same fields, as strings: the floor.
func decodePlain(tb testing.TB, body []byte) {
	var page bareEvents
	if err := json.Unmarshal(body, &page); err != nil || len(page.Events) != 1 {
		tb.Fatalf("%d events: %v", len(page.Events), err)
	}
}

// BenchmarkDecodeEvents decodes one poll's answer holding a single chat
// message through the package's decoder (sdk: tolerant of numbers for
// strings, of seconds or milliseconds, of odd events) and through one
// json.Unmarshal into a plain struct (plain).
func BenchmarkDecodeEvents(b *testing.B) {
	fixture.BenchAgainstPlain(b, onePoll, decodeSDK, decodePlain)
}

// TestDecodeEventsAllocations pins the allocations of decoding a poll's
// answer to those of one plain json.Unmarshal of the same body, measured in
// the same test: at most 1.5 times as many allocations and bytes.
func TestDecodeEventsAllocations(t *testing.T) {
	fixture.AllocsWithin(t, 200, decodeSDK, decodePlain, onePoll)
}
