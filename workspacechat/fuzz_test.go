package workspacechat

import (
	"encoding/json"
	"testing"

	"github.com/switchboard-go/switchboard/internal/httpcore"

	"github.com/switchboard-go/switchboard/internal/fixture"
)

// addFixtureBodies seeds f with every request and response body in
// testdata, each element of the array bodies, and bodies that bend the
// types.
func addFixtureBodies(f *testing.F) {
	fixture.Seed(f, "workspacechat", `null`, `{}`, `[]`, `{"data":[{}]}`, `{"id":1,"isOwnerBlocked":"maybe"}`,
		`{"lastChatMessageCreatedAt":"1700000000000"}`)
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
