package brightpattern_test

import (
	"testing"

	"github.com/switchboard-go/switchboard/brightpattern"
)

// onePoll is one poll's answer holding a single chat message, the common
// case of a held poll that an event ends.
var onePoll = []byte(`{"events":[{"event":"chat_session_message","party_id":"3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c",` +
	`"msg_id":"12","msg":"Your parcel is on its way.","channel":"web","timestamp":"1700000000"}]}`)

// BenchmarkDecodeEvents decodes one poll's answer holding a single chat
// message.
func BenchmarkDecodeEvents(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := brightpattern.DecodeEvents(onePoll); err != nil {
			b.Fatal(err)
		}
	}
}
