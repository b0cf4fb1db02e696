package workspacechat_test

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/roundtrip"
	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

// TestTypesSurviveJSON round-trips every exported struct type of the
// package through json.Marshal and json.Unmarshal.
func TestTypesSurviveJSON(t *testing.T) {
	roundtrip.Check(t, ".", []any{
		workspacechat.ChatRow{}, workspacechat.MessagePreview{}, workspacechat.ChatFilter{},
		workspacechat.Chat{}, workspacechat.NewChat{}, workspacechat.ChatUpdate{},
		workspacechat.Error{}, workspacechat.Feedback{}, workspacechat.CTA{},
		workspacechat.ChatMessage{}, workspacechat.MessageFilter{}, workspacechat.NewChatMessage{},
	}, map[string]string{"Client": "a client, not data"})
}

// TestDecodedValuesSurviveJSON re-encodes what the fake sends, rows with
// and without previews, null keys and zero times included: each value
// decodes back equal but for Raw, which holds the new JSON.
func TestDecodedValuesSurviveJSON(t *testing.T) {
	srv, c := newFake(t, workspacechattest.WithChats(3))
	ctx := context.Background()
	created, err := c.CreateChat(ctx, &workspacechat.NewChat{
		ChannelID:            srv.AddChannel("Support", workspacechat.ChannelWidget),
		OwnerSuperIdentityID: srv.AddOwner("Ana", "+5511999990000"),
	})
	require.NoError(t, err)
	rows, err := c.ListChats(ctx, nil)
	require.NoError(t, err)
	i := slices.IndexFunc(rows, func(r workspacechat.ChatRow) bool { return r.ID == created.ID })
	j := slices.IndexFunc(rows, func(r workspacechat.ChatRow) bool { return r.PreviousMessage != nil })
	require.True(t, i >= 0 && j >= 0, "a row without messages and one with two")
	require.Nil(t, rows[i].LastMessage)
	msgs, err := c.ListChatMessages(ctx, rows[j].ID, nil)
	require.NoError(t, err)
	require.NotEmpty(t, msgs)
	for _, v := range []any{rows[i], rows[j], *created, msgs[0]} {
		data, err := json.Marshal(v)
		require.NoError(t, err)
		got := reflect.New(reflect.TypeOf(v))
		require.NoError(t, json.Unmarshal(data, got.Interface()), "%s", data)
		want := reflect.New(reflect.TypeOf(v))
		want.Elem().Set(reflect.ValueOf(v))
		want.Elem().FieldByName("Raw").Set(reflect.ValueOf(json.RawMessage(data)))
		assert.Equal(t, want.Interface(), got.Interface())
	}
}
