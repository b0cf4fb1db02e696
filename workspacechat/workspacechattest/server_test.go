package workspacechattest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

func get(t *testing.T, srv *workspacechattest.Server, path string) (int, []map[string]any) {
	t.Helper()
	req, err := http.NewRequest("GET", srv.URL()+path, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", srv.APIKey())
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out []map[string]any
	if resp.StatusCode == http.StatusOK {
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	}
	return resp.StatusCode, out
}

func TestSeedAndPaging(t *testing.T) {
	srv := workspacechattest.NewServer(workspacechattest.WithChats(25), workspacechattest.WithAPIKey("k-123456"))
	defer srv.Close()
	more := srv.Seed(5)
	assert.Equal(t, 30, srv.ChatCount())
	assert.Equal(t, "k-123456", srv.APIKey())

	status, page := get(t, srv, "/api/v1/chats")
	require.Equal(t, http.StatusOK, status)
	require.Len(t, page, 10, "default page size")
	assert.Equal(t, more[4], page[0]["id"], "newest first")
	assert.Equal(t, "Conversation 30", page[0]["title"])
	assert.Equal(t, "2025-01-01T00:30:00.000Z", page[0]["lastChatMessageCreatedAt"])

	_, page = get(t, srv, "/api/v1/chats?pageSize=7&pageNumber=5")
	assert.Len(t, page, 2)
	_, page = get(t, srv, "/api/v1/chats?pageNumber=9")
	assert.Empty(t, page)
	_, page = get(t, srv, "/api/v1/chats?pageSize=100&channelTypes=api&channelTypes=waha")
	assert.Len(t, page, 12)
	_, page = get(t, srv, "/api/v1/chats?pageSize=100&lastChatMessageCreatedAtEnd=2025-01-01T00:05:00Z")
	assert.Len(t, page, 5)
	ticketID := page[4]["ticketId"] // the oldest, chat 1, has a ticket
	_, page = get(t, srv, "/api/v1/chats?ticketIds="+ticketID.(string))
	assert.Len(t, page, 1)
}

func TestScripting(t *testing.T) {
	srv := workspacechattest.NewServer()
	defer srv.Close()
	_, err := srv.AddChat("aaaaaaaa-0000-4000-8000-000000000999", "x", "", "t")
	assert.ErrorIs(t, err, workspacechattest.ErrUnknown)
	ch := srv.AddChannel("c", workspacechat.ChannelAPI)
	owner := srv.AddOwner("o", "+1")
	_, err = srv.AddChat(ch, owner, "", "t")
	assert.ErrorIs(t, err, workspacechattest.ErrUnknown, "no responder yet")
	srv.AddResponder("r", workspacechat.ResponderAgents)
	id, err := srv.AddChat(ch, owner, "", "t")
	require.NoError(t, err)
	_, err = srv.AddMessage(id, workspacechat.RoleUser, "one")
	require.NoError(t, err)
	_, err = srv.AddMessage(id, workspacechat.RoleAssistant, "two")
	require.NoError(t, err)
	msgs := srv.Messages(id)
	require.Len(t, msgs, 2)
	assert.True(t, msgs[1].CreatedAt.After(msgs[0].CreatedAt))
	ticket, err := srv.SetTicket(id, "ongoing")
	require.NoError(t, err)
	_, err = srv.SetTicket("nope", "x")
	assert.Error(t, err)
	_, err = srv.AddMessage("nope", workspacechat.RoleUser, "x")
	assert.Error(t, err)
	assert.Nil(t, srv.Messages("nope"))

	status, page := get(t, srv, "/api/v1/chat-messages?chatId="+id+"&pagination[limit]=1&joins=senders")
	require.Equal(t, http.StatusOK, status)
	require.Len(t, page, 1)
	assert.Equal(t, "one", page[0]["content"])
	assert.NotNil(t, page[0]["sender"])
	_, page = get(t, srv, "/api/v1/chat-messages?chatId="+id+"&ticketIds="+ticket)
	assert.Empty(t, page, "messages predate the ticket")
	for _, q := range []string{"", "chatId=x", "chatId=" + id + "&joins=all", "chatId=" + id + "&pagination.limit=0"} {
		status, _ := get(t, srv, "/api/v1/chat-messages?"+q)
		assert.Equal(t, http.StatusBadRequest, status, q)
	}
	status, _ = get(t, srv, "/api/v1/nothing")
	assert.Equal(t, http.StatusNotFound, status)
	status, _ = get(t, srv, "/api/v1/chats/"+strings.Repeat("z", 36))
	assert.Equal(t, http.StatusBadRequest, status)
	http.DefaultClient.CloseIdleConnections()
}

// Rows and entities are rendered apart, paired with requests as seed 003
// pairs them, never merged into one object.
func TestShapeBySeed(t *testing.T) {
	srv := workspacechattest.NewServer(workspacechattest.WithChats(3))
	defer srv.Close()
	_, rows := get(t, srv, "/api/v1/chats?channelIds=aaaaaaaa-0000-4000-8000-000000000001")
	require.Len(t, rows, 1)
	assert.Contains(t, rows[0], "channelName")
	assert.Contains(t, rows[0], "lastChatMessageCreatedAt")
	assert.NotContains(t, rows[0], "ownerSuperIdentityId")
	for _, q := range []string{"channelTypes=widget", "ownerIds=" + rows[0]["ownerExternalUserId"].(string)} {
		_, ents := get(t, srv, "/api/v1/chats?"+q)
		require.Len(t, ents, 1, q)
		assert.Contains(t, ents[0], "ownerSuperIdentityId", q)
		assert.Contains(t, ents[0], "responderSuperIdentityId", q)
		assert.Contains(t, ents[0], "externalUserId", q)
		assert.NotContains(t, ents[0], "channelName", q)
		assert.NotContains(t, ents[0], "lastChatMessageCreatedAt", q)
	}
}
