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

func FuzzDecodeChat(f *testing.F) {
	seedBodies(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		var w wireChat
		if json.Unmarshal(b, &w) == nil {
			_ = w.chat()
		}
	})
}

func FuzzDecodeMedia(f *testing.F) {
	seedBodies(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		var l mediaList
		_ = json.Unmarshal(b, &l)
		var u wireUploadTarget
		if json.Unmarshal(b, &u) == nil {
			_ = u.target()
		}
	})
}

func FuzzDecodeSmallObjects(f *testing.F) {
	seedBodies(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		var e wireEscalation
		if json.Unmarshal(b, &e) == nil {
			_ = e.escalation()
		}
		var u wireEndUser
		if json.Unmarshal(b, &u) == nil {
			_ = u.endUser()
		}
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
