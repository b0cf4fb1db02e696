package workspacechat

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// addFixtureBodies seeds f with every response body in testdata, and each
// element of the array bodies.
func addFixtureBodies(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "workspacechat", "*.json"))
	if len(files) == 0 {
		f.Fatal("no fixtures")
	}
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		var ex struct {
			Response struct {
				Body json.RawMessage `json:"body"`
			} `json:"response"`
		}
		if err := json.Unmarshal(raw, &ex); err != nil {
			f.Fatal(err)
		}
		f.Add([]byte(ex.Response.Body))
		var items []json.RawMessage
		if json.Unmarshal(ex.Response.Body, &items) == nil {
			for _, it := range items {
				f.Add([]byte(it))
			}
		}
	}
	for _, s := range []string{`null`, `{}`, `[]`, `{"data":[{}]}`, `{"id":1,"isOwnerBlocked":"maybe"}`, `{"lastChatMessageCreatedAt":"1700000000000"}`} {
		f.Add([]byte(s))
	}
}

func FuzzChatRow(f *testing.F) {
	addFixtureBodies(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var r ChatRow
		if r.UnmarshalJSON(data) == nil {
			_ = r.LastMessageAt()
			if r.ID == "" {
				t.Fatal("a row decoded without an id")
			}
		}
		rows, err := decodeList[ChatRow](data)
		for _, r := range rows {
			if err == nil && r.ID == "" {
				t.Fatal("a list decoded with a row without an id")
			}
		}
	})
}

func FuzzChat(f *testing.F) {
	addFixtureBodies(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var c Chat
		if c.UnmarshalJSON(data) == nil && c.ID == "" {
			t.Fatal("an entity decoded without an id")
		}
		chats, err := decodeList[Chat](data)
		for _, c := range chats {
			if err == nil && c.ID == "" {
				t.Fatal("a list decoded with an entity without an id")
			}
		}
	})
}

func FuzzChatMessage(f *testing.F) {
	addFixtureBodies(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var m ChatMessage
		_ = m.UnmarshalJSON(data)
		_, _ = decodeList[ChatMessage](data)
	})
}

func FuzzErrorBody(f *testing.F) {
	addFixtureBodies(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		err := decodeError(&httpcore.ErrorResponse{StatusCode: 404, Body: data, Method: "GET", URL: "https://x/api/v1/chats"})
		if err == nil || err.Error() == "" {
			t.Fatal("no error")
		}
		var rr removeResult
		_ = json.Unmarshal(data, &rr)
	})
}
