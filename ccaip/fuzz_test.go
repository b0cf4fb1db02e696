package ccaip

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// seedBodies adds every fixture's response body to f's corpus.
func seedBodies(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "ccaip", "*.json"))
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		var ex struct {
			Request struct {
				Body json.RawMessage `json:"body"`
			} `json:"request"`
			Response struct {
				Body json.RawMessage `json:"body"`
			} `json:"response"`
		}
		if err := json.Unmarshal(raw, &ex); err != nil {
			f.Fatal(err)
		}
		f.Add([]byte(ex.Response.Body))
		if len(ex.Request.Body) > 0 {
			f.Add([]byte(ex.Request.Body))
		}
	}
	f.Add([]byte(`{"id":"x","created_at":1e400,"agent":[],"all_agents":{}}`))
	f.Add([]byte(`<Error><Code>A</Code><Message>m</Message></Error>`))
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
	seedBodies(f)
	f.Add([]byte(`{"event_type":"MessageReceivedEvent","chat_id":"9","body":{"sender":{"type":"agent"},"message":{"content":{"media_id":1}}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, err := ParseWebhookEvent(b)
		if err == nil && ev == nil {
			t.Fatal("nil event without error")
		}
	})
}
