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

// decodeWithIDs decodes data as one T and as a list of T, and fails t when
// either decodes a T without an id. It returns the one T, or nil when data
// is not one.
func decodeWithIDs[T any, P interface {
	*T
	json.Unmarshaler
}](t *testing.T, data []byte, id func(*T) string) *T {
	list, err := decodeList[T](data)
	for i := range list {
		if err == nil && id(&list[i]) == "" {
			t.Fatalf("a list decoded with a %T without an id", list[i])
		}
	}
	var one T
	if P(&one).UnmarshalJSON(data) != nil {
		return nil
	}
	if id(&one) == "" {
		t.Fatalf("a %T decoded without an id", one)
	}
	return &one
}

func FuzzChatRow(f *testing.F) {
	addFixtureBodies(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if r := decodeWithIDs(t, data, func(r *ChatRow) string { return r.ID }); r != nil {
			_ = r.LastMessageAt()
		}
	})
}

func FuzzChat(f *testing.F) {
	addFixtureBodies(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		decodeWithIDs(t, data, func(c *Chat) string { return c.ID })
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
