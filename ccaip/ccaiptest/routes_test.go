package ccaiptest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
	"github.com/switchboard-go/switchboard/fake"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// chatID is newChat's id as a number.
func chatID(t *testing.T, id string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(id, 10, 64)
	require.NoError(t, err)
	return n
}

func TestAuth(t *testing.T) {
	srv := newServer(t, ccaiptest.WithCredentials("tenant", "s3cret"))
	get := func(set func(*http.Request)) (*http.Response, []byte) {
		req, err := http.NewRequest(http.MethodGet, srv.URL()+"/apps/api/v1/end_users?id=1", nil)
		require.NoError(t, err)
		set(req)
		return fixture.Do(t, req)
	}
	for name, set := range map[string]func(*http.Request){
		"none":          func(*http.Request) {},
		"wrong token":   func(r *http.Request) { r.SetBasicAuth("tenant", ccaiptest.DefaultToken) },
		"wrong user":    func(r *http.Request) { r.SetBasicAuth(ccaiptest.DefaultUsername, "s3cret") },
		"bearer":        func(r *http.Request) { r.Header.Set("Authorization", "Bearer s3cret") },
		"the defaults":  func(r *http.Request) { r.SetBasicAuth(ccaiptest.DefaultUsername, ccaiptest.DefaultToken) },
		"empty for all": func(r *http.Request) { r.SetBasicAuth("", "") },
	} {
		resp, data := get(set)
		var e map[string]any
		require.NoError(t, json.Unmarshal(data, &e))
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, name)
		assert.Equal(t, `Basic realm="Application"`, resp.Header.Get("WWW-Authenticate"), name)
		assert.Equal(t, map[string]any{"message": "Unauthorized"}, e, name)
	}
	resp, _ := get(func(r *http.Request) { r.SetBasicAuth("tenant", "s3cret") })
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "the configured credentials get through")
}

func TestEndUserRoutes(t *testing.T) {
	srv := newServer(t)
	var u struct {
		ID         int64  `json:"id"`
		Identifier string `json:"identifier"`
	}
	require.Equal(t, 200, call(t, srv, "POST", "/end_users", `{"identifier":"cust-1","name":"Rui","email":"r@example.com"}`, &u))
	assert.Equal(t, "cust-1", u.Identifier)
	first := u.ID
	require.Equal(t, 200, call(t, srv, "POST", "/end_users", `{"identifier":"cust-1","name":"Rui P"}`, &u))
	assert.Equal(t, first, u.ID, "an identifier already known updates its end user")
	rec, ok := srv.EndUser(first)
	require.True(t, ok)
	assert.Equal(t, "Rui P", rec.Name)

	require.Equal(t, 200, call(t, srv, "GET", "/end_users?id="+strconv.FormatInt(first, 10), "", &u))
	assert.Equal(t, "cust-1", u.Identifier)
	require.Equal(t, 200, call(t, srv, "GET", "/end_users?identifier=cust-1", "", &u))
	assert.Equal(t, first, u.ID)
	_, ok = srv.EndUser(first + 100)
	assert.False(t, ok)
}

func TestChatRoutes(t *testing.T) {
	srv := newServer(t)
	id := newChat(t, srv)
	path := "/chats/" + id

	var chat map[string]any
	require.Equal(t, 200, call(t, srv, "GET", path, "", &chat))
	assert.Equal(t, "va_assigned", chat["status"])
	assert.Equal(t, "en", chat["lang"])
	assert.Equal(t, ccaiptest.VirtualAgentName, chat["virtual_agent"].(map[string]any)["name"])

	var empty map[string]any
	require.Equal(t, 200, call(t, srv, "POST", path+"/message", `{"from_user_id":3,"message":{"type":"text","content":"hello"}}`, &empty))
	rec, ok := srv.Chat(chatID(t, id))
	require.True(t, ok)
	require.Len(t, rec.Messages, 1)
	assert.Equal(t, ccaiptest.Message{FromUserID: 3, Type: "text", Text: "hello"}, rec.Messages[0])

	require.Equal(t, 200, call(t, srv, "POST", path+"/customer_flag", `{"verified_customer":true,"repeat_customers":true}`, &empty))
	var flags map[string]bool
	require.Equal(t, 200, call(t, srv, "GET", path+"/customer_flag", "", &flags))
	assert.Equal(t, map[string]bool{"verified_customer": true, "bad_actor": false, "repeat_customer": true}, flags)

	require.Equal(t, 200, call(t, srv, "POST", path+"/custom_data", `{"signed":false,"data":{"plan":{"label":"Plan","value":"gold"}}}`, &empty))
	token, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iss": "acme", "iat": time.Now().Unix(), "exp": time.Now().Add(time.Minute).Unix(),
		"custom_data": map[string]any{"tier": map[string]any{"label": "Tier", "value": "1"}},
	}).SignedString([]byte(ccaiptest.DefaultCompanySecret))
	require.NoError(t, err)
	require.Equal(t, 200, call(t, srv, "POST", path+"/custom_data", `{"signed":true,"signed_data":"`+token+`"}`, &empty))
	var e struct{ Message string }
	bad, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iat": time.Now().Unix(), "exp": time.Now().Add(time.Minute).Unix(), "custom_data": map[string]any{"x": 1},
	}).SignedString([]byte("not the company secret"))
	require.NoError(t, err)
	assert.Equal(t, 400, call(t, srv, "POST", path+"/custom_data", `{"signed":true,"signed_data":"`+bad+`"}`, &e))
	assert.Equal(t, "Invalid signed_data", e.Message)

	var accepted map[string]string
	require.Equal(t, 202, call(t, srv, "POST", path+"/end_user", `{"identifier":"cust-2","name":"Ana"}`, &accepted))
	require.Equal(t, 202, call(t, srv, "POST", path+"/end-user", `{"identifier":"cust-3"}`, &accepted), "both spellings by default")

	rec, _ = srv.Chat(chatID(t, id))
	assert.Equal(t, ccaiptest.Flags{VerifiedCustomer: true, RepeatCustomer: true}, rec.Flags)
	require.Len(t, rec.CustomData, 2)
	assert.False(t, rec.CustomData[0].Signed)
	assert.True(t, rec.CustomData[1].Signed)
	assert.Equal(t, map[string]any{"tier": map[string]any{"label": "Tier", "value": "1"}}, rec.CustomData[1].Data)
	require.Len(t, rec.EndUserUpdates, 2)
	assert.Equal(t, "Ana", rec.EndUserUpdates[0].Name)

	require.NoError(t, srv.SetStatus(chatID(t, id), "dismissed"))
	require.Equal(t, 200, call(t, srv, "PATCH", path+"/resume", "", &chat))
	assert.Equal(t, "va_assigned", chat["status"], "resumed to the virtual agent it had")
	assert.Equal(t, 400, call(t, srv, "PATCH", path+"/resume", "", &e))
	assert.Equal(t, "This chat is not in dismissed state", e.Message)
}

func TestMediaRoutes(t *testing.T) {
	srv := newServer(t)
	id := newChat(t, srv)
	tg := uploadTarget(t, srv, id, "videos")
	assert.Equal(t, srv.StorageURL()+"/upload", tg.URL)
	status, _ := post(t, tg, "", "video/mp4", []byte("mp4 bytes"))
	require.Equal(t, 201, status)
	var m struct {
		MediaID int64 `json:"media_id"`
	}
	require.Equal(t, 200, call(t, srv, "POST", "/chats/"+id+"/videos", `{"video":{"s3_path":"`+tg.Fields["key"]+`"}}`, &m))

	var list []map[string]any
	require.Equal(t, 200, call(t, srv, "GET", "/chats/"+id+"/videos", "", &list))
	require.Len(t, list, 1)
	assert.EqualValues(t, m.MediaID, list[0]["media_id"])
	require.Equal(t, 200, call(t, srv, "GET", "/chats/"+id+"/photos", "", &list))
	assert.Empty(t, list)

	agentMedia, err := srv.AddAgentMedia(chatID(t, id), "image/png", []byte("png bytes"))
	require.NoError(t, err)
	resp, body := fixture.Do(t, apiRequest(t, srv, http.MethodGet, "/chats/"+id+"/media/"+strconv.FormatInt(agentMedia, 10), ""))
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "image/png", resp.Header.Get("Content-Type"))
	assert.Equal(t, "png bytes", string(body))

	other := newChat(t, srv)
	var e map[string]any
	assert.Equal(t, 404, call(t, srv, "GET", "/chats/"+other+"/media/"+strconv.FormatInt(agentMedia, 10), "", &e),
		"another chat's media is not found")

	req, err := http.NewRequest(http.MethodGet, srv.StorageURL()+"/no/such/key", nil)
	require.NoError(t, err)
	resp, body = fixture.Do(t, req)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Contains(t, string(body), "NoSuchKey")
}

func TestDocumentedRefusals(t *testing.T) {
	srv := newServer(t, ccaiptest.WithEndUserPath("end_user"))
	id := newChat(t, srv)
	for _, tc := range []struct{ method, path, body, message string }{
		{"POST", "/chats", `{"chat":{"menu_id":0,"end_user_id":1001}}`, "menu_id is required"},
		{"POST", "/chats", `{"chat":{"menu_id":1,"end_user_id":99}}`, "end_user_id is invalid"},
		{"POST", "/chats", `not json`, "Invalid JSON body"},
		{"POST", "/chats/" + id + "/message", `{"message":{"type":"text","content":""}}`, "content is required"},
		{"POST", "/chats/" + id + "/message", `{"message":{"type":"sticker","content":"x"}}`, "Invalid message type"},
		{"POST", "/chats/" + id + "/message", `{"message":{"type":"photo","content":{"media_id":1}}}`, "media_id is invalid"},
		{"POST", "/chats/" + id + "/custom_data", `{"signed":false,"data":{}}`, "param is missing or the value is empty: data"},
		{"POST", "/chats/" + id + "/photos", `{}`, "param is missing or the value is empty: photo"},
		{"POST", "/chats/" + id + "/end_user", `{"identifier":""}`, "param is missing or the value is empty: identifier"},
	} {
		var e struct{ Message string }
		assert.Equal(t, 400, call(t, srv, tc.method, tc.path, tc.body, &e), tc.path+" "+tc.body)
		assert.Equal(t, tc.message, e.Message, tc.path+" "+tc.body)
	}
	var e map[string]any
	assert.Equal(t, 404, call(t, srv, "POST", "/chats/"+id+"/end-user", `{"identifier":"x"}`, &e),
		"WithEndUserPath serves one spelling only")

	require.NoError(t, srv.SetStatus(chatID(t, id), "abandoned"))
	for _, tc := range []struct{ method, path, body string }{
		{"POST", "/chats/" + id + "/message", `{"message":{"type":"text","content":"x"}}`},
		{"POST", "/chats/" + id + "/escalations", `{"reason":"by_end_user_ask"}`},
		{"POST", "/chats/" + id + "/end_user", `{"identifier":"x"}`},
		{"PATCH", "/chats/" + id, `{"chat":{"status":"finished"}}`},
	} {
		var e struct{ Message string }
		assert.Equal(t, 400, call(t, srv, tc.method, tc.path, tc.body, &e), tc.path)
		assert.Equal(t, "Chat is already ended", e.Message, tc.path)
	}
}

func TestScripting(t *testing.T) {
	srv := newServer(t)
	id := newChat(t, srv)
	n := chatID(t, id)
	var esc map[string]any
	require.Equal(t, 200, call(t, srv, "POST", "/chats/"+id+"/escalations", `{"reason":"by_end_user_ask"}`, &esc))
	assert.Equal(t, "escalating", esc["status"])

	agent, err := srv.AgentJoins(n, "Maria Rossi")
	require.NoError(t, err)
	var chat map[string]any
	require.Equal(t, 200, call(t, srv, "GET", "/chats/"+id, "", &chat))
	assert.Equal(t, "assigned", chat["status"])
	assert.EqualValues(t, agent.ID, chat["agent"].(map[string]any)["id"])
	assert.Equal(t, "Maria", chat["agent"].(map[string]any)["first_name"])
	assert.Nil(t, chat["virtual_agent"], "the virtual agent left")
	rec, _ := srv.Chat(n)
	assert.Equal(t, "escalated", rec.Escalations[0].Status)

	require.NoError(t, srv.SetStatus(n, "finished"))
	require.Equal(t, 200, call(t, srv, "GET", "/chats/"+id, "", &chat))
	assert.Equal(t, "finished", chat["status"])
	assert.NotNil(t, chat["ends_at"])

	const unknown = 424242
	_, err = srv.AgentJoins(unknown, "x")
	assert.ErrorIs(t, err, fake.ErrUnknownChat, "the same error as every fake's")
	assert.EqualError(t, err, "ccaiptest: chat 424242: unknown chat")
	requireUnknownChat(t, srv, unknown)
}

func TestWebhooks(t *testing.T) {
	srv := newServer(t, ccaiptest.WithWebhookSecrets("one", "two"))
	var got *http.Request
	var body []byte
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		body, _ = io.ReadAll(r.Body)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer recv.Close()
	status, err := srv.SendWebhook(context.Background(), recv.URL, ccaiptest.Webhook{
		EventType: "message_received", ChatID: 7, SenderType: "agent", SenderID: 3, MessageType: "text", Text: "hi"})
	require.NoError(t, err)
	assert.Equal(t, http.StatusNoContent, status)
	ts := got.Header.Get("X-Signature-Timestamp")
	assert.Equal(t, ccaiptest.Sign(ts, body, "one", "two"), got.Header.Get("X-Signature"))
	var ev map[string]any
	require.NoError(t, json.Unmarshal(body, &ev))
	assert.Equal(t, "message_received", ev["event_type"])
	assert.EqualValues(t, 7, ev["chat_id"])
	assert.Equal(t, "hi", ev["body"].(map[string]any)["message"].(map[string]any)["content"])
}

func TestFaultKinds(t *testing.T) {
	srv := newServer(t)
	id := newChat(t, srv)
	n := chatID(t, id)
	send := func() error {
		req := apiRequest(t, srv, http.MethodPost, "/chats/"+id+"/message", `{"message":{"type":"text","content":"x"}}`)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	messages := func() int { c, _ := srv.Chat(n); return len(c.Messages) }

	srv.InjectFault(ccaiptest.Fault{Method: http.MethodPost, Path: "/message", DropBefore: true})
	require.Error(t, send())
	assert.Equal(t, 0, messages(), "dropped before handling")
	srv.InjectFault(ccaiptest.Fault{Method: http.MethodPost, Path: "/message", DropAfter: true})
	require.Error(t, send())
	assert.Equal(t, 1, messages(), "handled, then dropped")
	srv.InjectFault(ccaiptest.Fault{Path: "/message", Status: http.StatusTooManyRequests, RetryAfter: "1"})
	require.NoError(t, send())
	assert.Equal(t, 1, messages(), "a status fault does not handle the request")
	srv.InjectFault(ccaiptest.Fault{Path: "/message", Delay: 30 * time.Millisecond})
	start := time.Now()
	require.NoError(t, send())
	assert.GreaterOrEqual(t, time.Since(start), 30*time.Millisecond)
	assert.Equal(t, 2, messages(), "a delayed request is handled")

	got := srv.Received()
	require.Len(t, got, 6, "two to create the chat, four sends")
	assert.Equal(t, "/apps/api/v1/chats/"+id+"/message", got[5].Path)
	assert.Equal(t, 4, srv.Count(http.MethodPost, "/message"))
}
