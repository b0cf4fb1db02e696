package workspacechat_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/httpcore"
	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

func TestConversationAgainstFake(t *testing.T) {
	srv, c := newFake(t)
	ctx := context.Background()
	ch := srv.AddChannel("Site widget", workspacechat.ChannelWidget)
	agent := srv.AddResponder("ana", workspacechat.ResponderAgents)
	squad := srv.AddResponder("billing", workspacechat.ResponderSquads)
	owner := srv.AddOwner("Bruno", "bruno@example.com")

	chat, err := c.CreateChat(ctx, &workspacechat.NewChat{ChannelID: ch, OwnerSuperIdentityID: owner, ResponderSuperIdentityID: agent})
	require.NoError(t, err)
	assert.Equal(t, srv.WorkspaceID(), chat.WorkspaceID)
	assert.Equal(t, agent, chat.ResponderSuperIdentityID)

	_, err = srv.AddMessage(chat.ID, workspacechat.RoleUser, "My invoice is wrong.")
	require.NoError(t, err)
	sent, err := c.CreateChatMessage(ctx, &workspacechat.NewChatMessage{ChatID: chat.ID, Content: "Let me check.", Role: workspacechat.RoleAssistant, ExternalID: "ext-1"})
	require.NoError(t, err)
	assert.Equal(t, agent, sent.SenderSuperIdentityID)
	assert.Equal(t, "ext-1", sent.ExternalID)

	msgs, err := c.ListChatMessages(ctx, chat.ID, &workspacechat.MessageFilter{Joins: []workspacechat.MessageJoin{workspacechat.JoinSenders}})
	require.NoError(t, err)
	require.Len(t, msgs, 2)
	assert.Equal(t, "My invoice is wrong.", msgs[0].Content)
	assert.Equal(t, owner, msgs[0].SenderSuperIdentityID)
	assert.Contains(t, string(msgs[0].Raw), `"sender"`)
	limited, err := c.ListChatMessages(ctx, chat.ID, &workspacechat.MessageFilter{Limit: 1})
	require.NoError(t, err)
	assert.Len(t, limited, 1)

	row, err := c.GetChat(ctx, chat.ID)
	require.NoError(t, err)
	assert.Equal(t, "Let me check.", row.LastMessage.Content)
	assert.Equal(t, "My invoice is wrong.", row.PreviousMessage.Content)
	assert.Equal(t, workspacechat.ChannelWidget, row.ChannelType)
	assert.Equal(t, "Bruno", row.OwnerName)

	title := "Invoice"
	updated, err := c.UpdateChat(ctx, chat.ID, &workspacechat.ChatUpdate{Title: &title, ResponderSuperIdentityID: &squad})
	require.NoError(t, err)
	assert.Equal(t, "Invoice", updated.Title)
	assert.Equal(t, squad, updated.ResponderSuperIdentityID)

	msg, err := c.RemoveChat(ctx, chat.ID)
	require.NoError(t, err)
	assert.Equal(t, "The chat was removed.", msg)
	row, err = c.GetChat(ctx, chat.ID)
	require.NoError(t, err)
	assert.True(t, row.IsRemoved)
	_, err = c.GetChatEntity(ctx, chat.ID)
	assert.ErrorIs(t, err, workspacechat.ErrUnexpectedShape, "the fake answers GET by id with a row by default")
}

func TestFakeErrors(t *testing.T) {
	srv, c := newFake(t, workspacechattest.WithChats(3))
	ctx := context.Background()
	missing := "cccccccc-0000-4000-8000-0000000fffff"
	_, err := c.GetChat(ctx, missing)
	assert.ErrorIs(t, err, workspacechat.ErrNotFound)
	_, err = c.RemoveChat(ctx, missing)
	assert.ErrorIs(t, err, workspacechat.ErrNotFound)
	title := "x"
	_, err = c.UpdateChat(ctx, missing, &workspacechat.ChatUpdate{Title: &title})
	assert.ErrorIs(t, err, workspacechat.ErrNotFound)
	_, err = c.ListChatMessages(ctx, missing, nil)
	assert.ErrorIs(t, err, workspacechat.ErrNotFound)
	_, err = c.CreateChatMessage(ctx, &workspacechat.NewChatMessage{ChatID: missing, Content: "x"})
	assert.ErrorIs(t, err, workspacechat.ErrNotFound)
	_, err = c.CreateChat(ctx, &workspacechat.NewChat{ChannelID: missing, OwnerSuperIdentityID: missing})
	assert.ErrorIs(t, err, workspacechat.ErrInvalidData)

	rows, err := c.ListChats(ctx, nil)
	require.NoError(t, err)
	require.Len(t, rows, 3)
	owner := srv.AddOwner("Carla", "+1")
	_, err = c.CreateChat(ctx, &workspacechat.NewChat{ChannelID: missing, OwnerSuperIdentityID: owner})
	var e *workspacechat.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "Channel or responder not found.", e.Message)
	_, err = c.CreateChatMessage(ctx, &workspacechat.NewChatMessage{ChatID: rows[0].ID, Content: "x", Role: "robot"})
	assert.ErrorIs(t, err, workspacechat.ErrInvalidData)

	bad, err := workspacechat.NewClient("wsk_wrong", workspacechat.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	_, err = bad.ListChats(ctx, nil)
	require.ErrorAs(t, err, &e)
	assert.ErrorIs(t, err, workspacechat.ErrUnauthorized)
	assert.Equal(t, "Unauthorized.", e.Message)
	assert.Equal(t, "support-contact", e.CTA.Type)
}

func TestFakeRefusesBearerPrefix(t *testing.T) {
	srv := workspacechattest.NewServer()
	defer srv.Close()
	req, err := http.NewRequest("GET", srv.URL()+"/api/v1/chats", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+workspacechattest.DefaultAPIKey)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	for _, q := range []string{"pageSize=0", "pageSize=101", "pageNumber=0", "channelTypes=fax", "ownerIds=x", "lastChatMessageCreatedAtStart=yesterday"} {
		req, _ := http.NewRequest("GET", srv.URL()+"/api/v1/chats?"+q, nil)
		req.Header.Set("Authorization", workspacechattest.DefaultAPIKey)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusBadRequest, resp.StatusCode, q)
	}
	http.DefaultClient.CloseIdleConnections()
}

func TestReadsAreRetried(t *testing.T) {
	srv, c := newFake(t, workspacechattest.WithChats(2))
	srv.InjectFault(workspacechattest.Fault{Method: "GET", Path: "/api/v1/chats", Status: 503, Times: 2})
	srv.InjectFault(workspacechattest.Fault{Method: "GET", Path: "/api/v1/chats", Status: 429, RetryAfter: "0"})
	rows, err := c.ListChats(context.Background(), nil)
	require.NoError(t, err)
	assert.Len(t, rows, 2)
	assert.Equal(t, 4, srv.Count("GET", "/api/v1/chats"))

	srv.InjectFault(workspacechattest.Fault{Method: "DELETE", DropBefore: true})
	_, err = c.RemoveChat(context.Background(), rows[0].ID)
	require.NoError(t, err)
	assert.Equal(t, 2, srv.Count("DELETE", ""))
}

func TestWritesAreNeverResent(t *testing.T) {
	srv, c := newFake(t, workspacechattest.WithChats(1))
	ctx := context.Background()
	rows, err := c.ListChats(ctx, nil)
	require.NoError(t, err)
	id := rows[0].ID

	srv.InjectFault(workspacechattest.Fault{Method: "POST", Path: "/chat-messages", DropAfter: true})
	_, err = c.CreateChatMessage(ctx, &workspacechat.NewChatMessage{ChatID: id, Content: "once"})
	var te *httpcore.TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 1, srv.Count("POST", "/chat-messages"))
	assert.Len(t, srv.Messages(id), 3, "the dropped request took effect once")

	srv.InjectFault(workspacechattest.Fault{Method: "PATCH", Status: 503})
	title := "t"
	_, err = c.UpdateChat(ctx, id, &workspacechat.ChatUpdate{Title: &title})
	assert.ErrorIs(t, err, workspacechat.ErrServerError)
	assert.Equal(t, 1, srv.Count("PATCH", ""))
}

func TestContextCancelled(t *testing.T) {
	srv, c := newFake(t, workspacechattest.WithChats(1))
	srv.InjectFault(workspacechattest.Fault{Delay: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.ListChats(ctx, nil)
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
}

func TestLogsHoldNoSecret(t *testing.T) {
	srv := workspacechattest.NewServer(workspacechattest.WithChats(1))
	defer srv.Close()
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := clientFor(t, srv, workspacechat.WithLogger(logger), workspacechat.WithUserAgent("acme-sync/1.0"),
		workspacechat.WithMaxResponseBytes(1<<20), workspacechat.WithRetryWait(time.Millisecond, 2*time.Millisecond),
		workspacechat.WithMaxRetries(1))
	srv.InjectFault(workspacechattest.Fault{Status: 502, Times: 2})
	_, err := c.ListChats(context.Background(), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "(after 2 attempts)")
	assert.Equal(t, 2, srv.Count("GET", ""))
	assert.Contains(t, buf.String(), "/api/v1/chats")
	assert.NotContains(t, buf.String(), workspacechattest.DefaultAPIKey)
	assert.NotContains(t, err.Error(), workspacechattest.DefaultAPIKey)
}

func TestResponseCap(t *testing.T) {
	srv := workspacechattest.NewServer(workspacechattest.WithChats(50))
	defer srv.Close()
	_, err := clientFor(t, srv, workspacechat.WithMaxResponseBytes(1024)).ListChats(context.Background(), nil)
	assert.ErrorIs(t, err, httpcore.ErrResponseTooLarge)
}

// The fake answers every operation's 401 as the recordings do.
func TestFakeUnauthorizedEveryOperation(t *testing.T) {
	srv, _ := newFake(t, workspacechattest.WithChats(1))
	c, err := workspacechat.NewClient("wsk_wrong_key_000000", workspacechat.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	ctx := context.Background()
	id := "cccccccc-0000-4000-8000-000000000001"
	title := "x"
	calls := map[string]func() error{
		"GetChat":          func() error { _, err := c.GetChat(ctx, id); return err },
		"GetChatEntity":    func() error { _, err := c.GetChatEntity(ctx, id); return err },
		"ListChats":        func() error { _, err := c.ListChats(ctx, nil); return err },
		"ListChatEntities": func() error { _, err := c.ListChatEntities(ctx, nil); return err },
		"CreateChat": func() error {
			_, err := c.CreateChat(ctx, &workspacechat.NewChat{ChannelID: id, OwnerSuperIdentityID: id})
			return err
		},
		"UpdateChat":       func() error { _, err := c.UpdateChat(ctx, id, &workspacechat.ChatUpdate{Title: &title}); return err },
		"RemoveChat":       func() error { _, err := c.RemoveChat(ctx, id); return err },
		"ListChatMessages": func() error { _, err := c.ListChatMessages(ctx, id, nil); return err },
		"CreateChatMessage": func() error {
			_, err := c.CreateChatMessage(ctx, &workspacechat.NewChatMessage{ChatID: id, Content: "x"})
			return err
		},
	}
	for name, call := range calls {
		err := call()
		var e *workspacechat.Error
		require.ErrorAs(t, err, &e, name)
		assert.Equal(t, http.StatusUnauthorized, e.StatusCode, name)
		assert.Equal(t, "Unauthorized.", e.Message, name)
		assert.Equal(t, workspacechat.CodeUnauthorized, e.Code, name)
	}
}
