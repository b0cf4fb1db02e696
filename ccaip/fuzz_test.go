package ccaip

import (
	"encoding/json"
	"testing"

	"github.com/switchboard-go/switchboard/internal/fixture"
)

// seedBodies seeds f with the fixtures' bodies, two malformed bodies and
// more.
func seedBodies(f *testing.F, more ...string) {
	fixture.Seed(f, "ccaip", append([]string{
		`{"id":"x","created_at":1e400,"agent":[],"all_agents":{}}`,
		`<Error><Code>A</Code><Message>m</Message></Error>`,
	}, more...)...)
}

// convert decodes b into a W and, when it decodes, converts it with to.
func convert[W, T any](b []byte, to func(*W) T) {
	var w W
	if json.Unmarshal(b, &w) == nil {
		_ = to(&w)
	}
}

func FuzzDecodeChat(f *testing.F) {
	seedBodies(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		convert(b, (*wireChat).chat)
	})
}

func FuzzDecodeMedia(f *testing.F) {
	seedBodies(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		var l mediaList
		_ = json.Unmarshal(b, &l)
		convert(b, (*wireUploadTarget).target)
	})
}

func FuzzDecodeSmallObjects(f *testing.F) {
	seedBodies(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		convert(b, (*wireEscalation).escalation)
		convert(b, (*wireEndUser).endUser)
		var fl wireCustomerFlags
		_ = json.Unmarshal(b, &fl)
	})
}

func FuzzParseErrorBody(f *testing.F) {
	seedBodies(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = parseErrorBody(b)
	})
}

func FuzzParseWebhookEvent(f *testing.F) {
	seedBodies(f, `{"event_type":"MessageReceivedEvent","chat_id":"9","body":{"sender":{"type":"agent"},"message":{"content":{"media_id":1}}}}`)
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, err := ParseWebhookEvent(b)
		if err == nil && ev == nil {
			t.Fatal("nil event without error")
		}
	})
}
