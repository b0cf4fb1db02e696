package workspacechattest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/fixture"
	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

// send makes one raw request with key in the authorization header ("" for
// none) and returns the status and the decoded JSON body.
func send(t *testing.T, srv *workspacechattest.Server, key, method, path, body string) (int, map[string]any) {
	t.Helper()
	status, raw := sendRaw(t, srv, key, method, path, body)
	var out map[string]any
	require.NoError(t, json.Unmarshal(raw, &out), "%s", raw)
	return status, out
}

func sendRaw(t *testing.T, srv *workspacechattest.Server, key, method, path, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL()+path, strings.NewReader(body))
	require.NoError(t, err)
	if key != "" {
		req.Header.Set("Authorization", key)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, raw := fixture.Do(t, req)
	return resp.StatusCode, raw
}

// assertError checks the API's error body.
func assertError(t *testing.T, body map[string]any, code, name, message string) {
	t.Helper()
	assert.Equal(t, code, body["code"])
	assert.Equal(t, name, body["name"])
	assert.Equal(t, message, body["message"])
	assert.Equal(t, message, body["feedback"].(map[string]any)["enUs"])
}

// world is a fake holding one chat with one message, and the IDs a test
// needs to name them.
type world struct {
	srv                         *workspacechattest.Server
	channel, owner, responder   string
	chat                        string
	otherResponder, unknownUUID string
}

func newWorld(t *testing.T, opts ...workspacechattest.Option) *world {
	t.Helper()
	srv := workspacechattest.NewServer(opts...)
	t.Cleanup(srv.Close)
	w := &world{srv: srv, unknownUUID: "cccccccc-0000-4000-8000-0000000fffff"}
	w.channel = srv.AddChannel("support", workspacechat.ChannelAPI)
	w.owner = srv.AddOwner("Rui", "+5511999")
	w.responder = srv.AddResponder("ana", workspacechat.ResponderAgents)
	w.otherResponder = srv.AddResponder("bot", workspacechat.ResponderWorkflows)
	var err error
	w.chat, err = srv.AddChat(w.channel, w.owner, w.responder, "Order 7")
	require.NoError(t, err)
	_, err = srv.AddMessage(w.chat, workspacechat.RoleUser, "hello")
	require.NoError(t, err)
	return w
}

func TestAuth(t *testing.T) {
	w := newWorld(t)
	for name, key := range map[string]string{
		"missing": "", "wrong": "wsk_other", "bearer": "Bearer " + workspacechattest.DefaultAPIKey,
	} {
		status, body := send(t, w.srv, key, http.MethodGet, "/api/v1/chats/"+w.chat, "")
		assert.Equal(t, http.StatusUnauthorized, status, name)
		assertError(t, body, "unauthorized", "UnauthorizedError", "Unauthorized.")
	}
	status, _ := send(t, w.srv, workspacechattest.DefaultAPIKey, http.MethodGet, "/api/v1/chats/"+w.chat, "")
	assert.Equal(t, http.StatusOK, status)

	other := workspacechattest.NewServer(workspacechattest.WithCredentials("wsk_mine"))
	defer other.Close()
	status, _ = sendRaw(t, other, workspacechattest.DefaultAPIKey, http.MethodGet, "/api/v1/chats", "")
	assert.Equal(t, http.StatusUnauthorized, status, "WithCredentials replaces the default key")
	status, _ = sendRaw(t, other, "wsk_mine", http.MethodGet, "/api/v1/chats", "")
	assert.Equal(t, http.StatusOK, status)
}

func TestEachRoute(t *testing.T) {
	w := newWorld(t)
	key := workspacechattest.DefaultAPIKey
	chatPath := "/api/v1/chats/" + w.chat

	status, body := send(t, w.srv, key, http.MethodGet, chatPath, "")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, w.chat, body["id"])
	assert.Equal(t, "Order 7", body["title"])
	assert.Equal(t, w.srv.WorkspaceID(), body["workspaceId"])

	status, body = send(t, w.srv, key, http.MethodPatch, chatPath, `{"title":"Order 8","responderSuperIdentityId":"`+w.otherResponder+`"}`)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "Order 8", body["title"])
	assert.Equal(t, w.otherResponder, body["responderSuperIdentityId"])

	status, body = send(t, w.srv, key, http.MethodPost, "/api/v1/chats",
		`{"channelId":"`+w.channel+`","ownerSuperIdentityId":"`+w.owner+`","title":"New"}`)
	require.Equal(t, http.StatusOK, status)
	created := body["id"].(string)
	assert.Equal(t, "New", body["title"])
	assert.Equal(t, false, body["isRemoved"])
	assert.Equal(t, 2, w.srv.ChatCount())

	status, body = send(t, w.srv, key, http.MethodPost, "/api/v1/chat-messages",
		`{"chatId":"`+created+`","content":"hi there","role":"user","externalId":"ext-1"}`)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "hi there", body["content"])
	msgs := w.srv.Messages(created)
	require.Len(t, msgs, 1)
	assert.Equal(t, workspacechat.RoleUser, msgs[0].Role)
	assert.Equal(t, msgs[0].ID, body["id"])

	status, raw := sendRaw(t, w.srv, key, http.MethodGet, "/api/v1/chat-messages?chatId="+created, "")
	require.Equal(t, http.StatusOK, status)
	var list []map[string]any
	require.NoError(t, json.Unmarshal(raw, &list))
	require.Len(t, list, 1)
	assert.Equal(t, "hi there", list[0]["content"])

	status, body = send(t, w.srv, key, http.MethodDelete, "/api/v1/chats/"+created, "")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "The chat was removed.", body["message"])
	_, body = send(t, w.srv, key, http.MethodGet, "/api/v1/chats/"+created, "")
	assert.Equal(t, true, body["isRemoved"], "a removed chat stays, marked removed")

	status, raw = sendRaw(t, w.srv, key, http.MethodGet, "/api/v1/chats?pageSize=100", "")
	require.Equal(t, http.StatusOK, status)
	require.NoError(t, json.Unmarshal(raw, &list))
	assert.Len(t, list, 2)
}

func TestDocumentedErrors(t *testing.T) {
	w := newWorld(t)
	key := workspacechattest.DefaultAPIKey
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		message                  string
	}{
		{"get unknown chat", "GET", "/api/v1/chats/" + w.unknownUUID, "", 404, "Chat not found."},
		{"patch unknown chat", "PATCH", "/api/v1/chats/" + w.unknownUUID, `{"title":"x"}`, 404, "The chat was not found."},
		{"delete unknown chat", "DELETE", "/api/v1/chats/" + w.unknownUUID, "", 404, "Chat not found."},
		{"messages of unknown chat", "GET", "/api/v1/chat-messages?chatId=" + w.unknownUUID, "", 404, "Chat not found."},
		{"message to unknown chat", "POST", "/api/v1/chat-messages", `{"chatId":"` + w.unknownUUID + `","content":"x"}`, 404, "Chat not found."},
		{"create on unknown channel", "POST", "/api/v1/chats", `{"channelId":"` + w.unknownUUID + `","ownerSuperIdentityId":"` + w.owner + `"}`, 404, "Channel or responder not found."},
		{"unknown route", "GET", "/api/v1/nothing", "", 404, "Route not found."},
		{"chat id not a UUID", "GET", "/api/v1/chats/42", "", 400, "Invalid data provided."},
		{"create for unknown owner", "POST", "/api/v1/chats", `{"channelId":"` + w.channel + `","ownerSuperIdentityId":"` + w.unknownUUID + `"}`, 400, "Invalid data provided."},
		{"create with bad JSON", "POST", "/api/v1/chats", `{`, 400, "Invalid data provided."},
		{"patch to unknown responder", "PATCH", "/api/v1/chats/" + w.chat, `{"responderSuperIdentityId":"` + w.unknownUUID + `"}`, 400, "Invalid data provided."},
		{"message without content", "POST", "/api/v1/chat-messages", `{"chatId":"` + w.chat + `","content":""}`, 400, "Invalid data provided."},
		{"message with an unknown role", "POST", "/api/v1/chat-messages", `{"chatId":"` + w.chat + `","content":"x","role":"system"}`, 400, "Invalid data provided."},
		{"page size too large", "GET", "/api/v1/chats?pageSize=101", "", 400, "Invalid data provided."},
		{"page number zero", "GET", "/api/v1/chats?pageNumber=0", "", 400, "Invalid data provided."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := send(t, w.srv, key, tc.method, tc.path, tc.body)
			assert.Equal(t, tc.status, status)
			code, name := "invalid-data", "BadRequestError"
			if tc.status == 404 {
				code, name = "not-found", "NotFoundError"
			}
			assertError(t, body, code, name, tc.message)
		})
	}
	assert.Equal(t, 1, w.srv.ChatCount(), "no refused request created a chat")
	assert.Len(t, w.srv.Messages(w.chat), 1, "or a message")
}

func TestFaults(t *testing.T) {
	w := newWorld(t)
	key := workspacechattest.DefaultAPIKey
	create := `{"channelId":"` + w.channel + `","ownerSuperIdentityId":"` + w.owner + `"}`

	createRequest := func() *http.Request {
		req, err := http.NewRequest(http.MethodPost, w.srv.URL()+"/api/v1/chats", strings.NewReader(create))
		require.NoError(t, err)
		req.Header.Set("Authorization", key)
		return req
	}

	w.srv.InjectFault(workspacechattest.Fault{Method: http.MethodPost, Path: "/api/v1/chats", Status: http.StatusTooManyRequests,
		RetryAfter: "2", Body: `{"code":"rate-limited"}`})
	resp, raw := fixture.Do(t, createRequest())
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	assert.Equal(t, "2", resp.Header.Get("Retry-After"))
	assert.JSONEq(t, `{"code":"rate-limited"}`, string(raw))
	assert.Equal(t, 1, w.srv.ChatCount(), "a status fault does not handle the request")

	post := func() error {
		resp, err := http.DefaultClient.Do(createRequest())
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	w.srv.InjectFault(workspacechattest.Fault{DropBefore: true})
	require.Error(t, post())
	assert.Equal(t, 1, w.srv.ChatCount(), "dropped before handling")
	w.srv.InjectFault(workspacechattest.Fault{DropAfter: true})
	require.Error(t, post())
	assert.Equal(t, 2, w.srv.ChatCount(), "handled, then dropped")
	w.srv.InjectFault(workspacechattest.Fault{Method: http.MethodGet, DropBefore: true})
	require.NoError(t, post(), "a GET fault leaves a POST alone")
	assert.Equal(t, 3, w.srv.ChatCount())
	// A fresh connection: Go's transport would resend a GET that failed on
	// a reused one.
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	_, err := fresh.Get(w.srv.URL() + "/api/v1/chats/" + w.chat)
	require.Error(t, err, "the next GET takes it")

	w.srv.InjectFault(workspacechattest.Fault{Delay: 30 * time.Millisecond, Path: "/api/v1/chats/"})
	start := time.Now()
	status, _ := send(t, w.srv, key, http.MethodGet, "/api/v1/chats/"+w.chat, "")
	assert.Equal(t, http.StatusOK, status)
	assert.GreaterOrEqual(t, time.Since(start), 30*time.Millisecond)

	got := w.srv.Received()
	require.Len(t, got, 6)
	assert.Equal(t, http.MethodGet, got[5].Method)
	assert.Equal(t, "/api/v1/chats/"+w.chat, got[5].Path)
	assert.False(t, got[5].At.Before(got[0].At))
	assert.Equal(t, 4, w.srv.Count(http.MethodPost, "/api/v1/chats"))
	assert.Equal(t, 2, w.srv.Count("", "/api/v1/chats/"))
	http.DefaultClient.CloseIdleConnections()
}

func TestMessageListFilters(t *testing.T) {
	w := newWorld(t)
	key := workspacechattest.DefaultAPIKey
	thread := "dddddddd-0000-4000-8000-00000000abcd"
	for i, body := range []string{
		`{"chatId":"` + w.chat + `","content":"in thread","chatThreadId":"` + thread + `"}`,
		`{"chatId":"` + w.chat + `","content":"outside"}`,
	} {
		status, _ := send(t, w.srv, key, http.MethodPost, "/api/v1/chat-messages", body)
		require.Equal(t, http.StatusOK, status, i)
	}
	list := func(query string) []string {
		t.Helper()
		status, raw := sendRaw(t, w.srv, key, http.MethodGet, "/api/v1/chat-messages?chatId="+w.chat+query, "")
		require.Equal(t, http.StatusOK, status, "%s", raw)
		var page []map[string]any
		require.NoError(t, json.Unmarshal(raw, &page))
		var out []string
		for _, m := range page {
			out = append(out, m["content"].(string))
		}
		return out
	}
	assert.Equal(t, []string{"hello", "in thread", "outside"}, list(""), "oldest first")
	assert.Equal(t, []string{"in thread"}, list("&chatThreadId="+thread))
	assert.Equal(t, []string{"hello", "in thread"}, list("&pagination.limit=2"))
	assert.Equal(t, []string{"hello"}, list("&pagination[limit]=1"))
	assert.Equal(t, []string{"hello", "in thread", "outside"}, list("&joins=chat-message-follow-ups"))
	status, _ := sendRaw(t, w.srv, key, http.MethodGet, "/api/v1/chat-messages?chatId="+w.chat+"&joins=followUps", "")
	assert.Equal(t, http.StatusBadRequest, status, "an unknown join")
	msgs := w.srv.Messages(w.chat)
	require.Len(t, msgs, 3)
	assert.Equal(t, workspacechat.RoleAssistant, msgs[2].Role, "the role defaults to assistant")
}

func TestConcurrentScriptingAndReads(t *testing.T) {
	w := newWorld(t)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 50 {
			_, err := w.srv.AddMessage(w.chat, workspacechat.RoleUser, fmt.Sprint("m", i))
			assert.NoError(t, err)
		}
	}()
	for range 20 {
		status, _ := sendRaw(t, w.srv, workspacechattest.DefaultAPIKey, http.MethodGet, "/api/v1/chat-messages?chatId="+w.chat, "")
		assert.Equal(t, http.StatusOK, status)
	}
	<-done
	assert.Len(t, w.srv.Messages(w.chat), 51)
	http.DefaultClient.CloseIdleConnections()
}
