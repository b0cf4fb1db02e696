package ccaiptest_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

// apiRequest is a JSON request to the fake's API, with its default
// credentials.
func apiRequest(t *testing.T, srv *ccaiptest.Server, method, path, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL()+"/apps/api/v1"+path, strings.NewReader(body))
	require.NoError(t, err)
	req.SetBasicAuth(ccaiptest.DefaultUsername, ccaiptest.DefaultToken)
	req.Header.Set("Content-Type", "application/json")
	return req
}

// newServer starts a fake that the test's cleanup closes, with the
// default client's connections to it.
func newServer(t *testing.T, opts ...ccaiptest.Option) *ccaiptest.Server {
	t.Helper()
	t.Cleanup(http.DefaultClient.CloseIdleConnections)
	srv := ccaiptest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// call sends one authenticated JSON request to the fake's API.
func call(t *testing.T, srv *ccaiptest.Server, method, path, body string, out any) int {
	t.Helper()
	resp, data := fixture.Do(t, apiRequest(t, srv, method, path, body))
	if out != nil {
		require.NoError(t, json.Unmarshal(data, out), "%s", data)
	}
	return resp.StatusCode
}

type target struct {
	URL    string            `json:"url"`
	Fields map[string]string `json:"fields"`
}

// newChat creates an end user and a chat and returns the chat id as text.
func newChat(t *testing.T, srv *ccaiptest.Server) string {
	t.Helper()
	var u struct{ ID int64 }
	require.Equal(t, 200, call(t, srv, "POST", "/end_users", `{"identifier":"x"}`, &u))
	var c struct{ ID int64 }
	body, _ := json.Marshal(map[string]any{"chat": map[string]any{"menu_id": 1, "end_user_id": u.ID}})
	require.Equal(t, 201, call(t, srv, "POST", "/chats", string(body), &c))
	return strconv.FormatInt(c.ID, 10)
}

// uploadTarget asks for a pre-signed upload of a "photos" or "videos" file
// to chat id.
func uploadTarget(t *testing.T, srv *ccaiptest.Server, id, kind string) target {
	t.Helper()
	var tg target
	require.Equal(t, 200, call(t, srv, "POST", "/chats/"+id+"/"+kind+"/upload", "", &tg))
	return tg
}

// post uploads file with fields (skipping the named one) to the storage URL.
func post(t *testing.T, tg target, skip, contentType string, file []byte) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range tg.Fields {
		if k != skip {
			require.NoError(t, w.WriteField(k, v))
		}
	}
	h := make(map[string][]string)
	h["Content-Disposition"] = []string{`form-data; name="file"; filename="f"`}
	h["Content-Type"] = []string{contentType}
	part, err := w.CreatePart(h)
	require.NoError(t, err)
	_, _ = part.Write(file)
	require.NoError(t, w.Close())
	resp, err := http.Post(tg.URL, w.FormDataContentType(), &buf)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestStorageChecksPolicy(t *testing.T) {
	srv := newServer(t)
	id := newChat(t, srv)
	tg := uploadTarget(t, srv, id, "photos")

	status, body := post(t, tg, "policy", "image/jpeg", []byte("x"))
	assert.Equal(t, 403, status)
	assert.Contains(t, body, "AccessDenied")
	status, _ = post(t, tg, "", "image/png", []byte("x"))
	assert.Equal(t, 403, status)
	status, body = post(t, tg, "", "image/jpeg", make([]byte, ccaiptest.MaxPhotoBytes+1))
	assert.Equal(t, 400, status)
	assert.Contains(t, body, "EntityTooLarge")
	status, _ = post(t, tg, "", "image/jpeg", []byte("jpeg bytes"))
	assert.Equal(t, 201, status)
	got, ok := srv.Object(tg.Fields["key"])
	require.True(t, ok)
	assert.Equal(t, "jpeg bytes", string(got))
	status, _ = post(t, tg, "", "image/jpeg", []byte("again"))
	assert.Equal(t, 403, status, "a pre-signed form serves one file")

	var m struct {
		MediaID int64  `json:"media_id"`
		URL     string `json:"url"`
	}
	require.Equal(t, 200, call(t, srv, "POST", "/chats/"+id+"/photos", `{"photo":[{"s3_path":"`+tg.Fields["key"]+`"}]}`, &m))
	assert.NotZero(t, m.MediaID)
	resp, err := http.Get(m.URL)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	assert.Equal(t, "jpeg bytes", string(b))
	var e struct{ Message string }
	assert.Equal(t, 400, call(t, srv, "POST", "/chats/"+id+"/videos", `{"video":{"s3_path":"`+tg.Fields["key"]+`"}}`, &e))
	assert.Equal(t, "Invalid s3_path", e.Message)
}

func TestStorageExpiry(t *testing.T) {
	var skew atomic.Int64
	srv := newServer(t, ccaiptest.WithClock(func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }))
	tg := uploadTarget(t, srv, newChat(t, srv), "videos")
	skew.Store(int64(6 * time.Minute))
	status, body := post(t, tg, "", "video/mp4", []byte("x"))
	assert.Equal(t, 403, status)
	assert.Contains(t, body, "expired")
}

func TestAuthAndErrors(t *testing.T) {
	srv := newServer(t)
	req := apiRequest(t, srv, "GET", "/chats/1", "")
	req.SetBasicAuth("acme", "nope")
	resp, _ := fixture.Do(t, req)
	assert.Equal(t, 401, resp.StatusCode)

	var e struct{ Message string }
	assert.Equal(t, 404, call(t, srv, "GET", "/chats/1", "", &e))
	assert.Equal(t, 400, call(t, srv, "POST", "/chats", `{"chat":{"menu_id":1,"end_user_id":9}}`, &e))
	assert.Equal(t, 400, call(t, srv, "POST", "/end_users", `{}`, &e))
	assert.Equal(t, "param is missing or the value is empty: identifier", e.Message)
	assert.Equal(t, 400, call(t, srv, "POST", "/end_users", `not json`, &e))
	requireUnknownChat(t, srv, 1)
}

// requireUnknownChat checks that the scripting methods refuse chat id, and
// that there is no record of it.
func requireUnknownChat(t *testing.T, srv *ccaiptest.Server, id int64) {
	t.Helper()
	_, err := srv.AgentJoins(id, "x")
	require.ErrorIs(t, err, ccaiptest.ErrUnknownChat)
	require.ErrorIs(t, srv.SetStatus(id, "finished"), ccaiptest.ErrUnknownChat)
	_, err = srv.AddAgentMedia(id, "image/png", nil)
	require.ErrorIs(t, err, ccaiptest.ErrUnknownChat)
	_, ok := srv.Chat(id)
	assert.False(t, ok)
}

func TestFaultInjection(t *testing.T) {
	srv := newServer(t)
	srv.InjectFault(ccaiptest.Fault{Method: "GET", Path: "/end_users", Status: 503, Body: `{"message":"down"}`})
	var e struct{ Message string }
	assert.Equal(t, 503, call(t, srv, "GET", "/end_users?id=1", "", &e))
	assert.Equal(t, "down", e.Message)
	assert.Equal(t, 404, call(t, srv, "GET", "/end_users?id=1", "", &e))
	assert.Equal(t, 2, srv.Count("GET", "/end_users"))
}

// TestSign checks the header against HMAC-SHA256 values computed
// independently, and against the documented recipe: base64 of
// HMAC(secret, timestamp+body).
func TestSign(t *testing.T) {
	const (
		macA = "QysTqw/VWKMipx4KVpexeeUs/cZiXFr9iYzwd/QVK6g="
		macB = "mzhq7CS6+JQ8s87b3zXygig3DW5IKhpM5sF/3xmfdDo="
	)
	mac := func(secret string) string {
		h := hmac.New(sha256.New, []byte(secret))
		h.Write([]byte("1700000000{}"))
		return base64.StdEncoding.EncodeToString(h.Sum(nil))
	}
	require.Equal(t, macA, mac("a"))
	require.Equal(t, macB, mac("b"))
	for _, tc := range []struct {
		secrets []string
		want    string
		why     string
	}{
		{[]string{"a"}, "primary=" + macA, ""},
		{[]string{"a", "b"}, "primary=" + macA + " secondary=" + macB, ""},
		{[]string{"b"}, "primary=" + macB, "the first secret is the primary"},
		{[]string{"a", "b", "c"}, "primary=" + macA + " secondary=" + macB, "a third secret is not sent"},
	} {
		assert.Equal(t, tc.want, ccaiptest.Sign("1700000000", []byte("{}"), tc.secrets...), tc.why)
	}
}

// Every 404 has the documented body, whether the chat, the escalation, the
// media or the route is missing: the API does not say which.
func TestNotFoundBody(t *testing.T) {
	srv := newServer(t, ccaiptest.WithEndUserPath("end-user"))
	id := newChat(t, srv)
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/chats/999", ""},
		{"GET", "/chats/abc", ""},
		{"PATCH", "/chats/999", `{"chat":{"status":"finished"}}`},
		{"POST", "/chats/999/message", `{"message":{"type":"text","content":"x"}}`},
		{"PATCH", "/chats/" + id + "/escalations/1", `{"deflection_channel":"email"}`},
		{"GET", "/chats/" + id + "/media/1", ""},
		{"GET", "/end_users?id=999", ""},
		{"POST", "/chats/" + id + "/end_user", `{"identifier":"x"}`},
		{"GET", "/no/such/route", ""},
		{"DELETE", "/chats/" + id, ""},
	} {
		var e map[string]any
		require.Equal(t, 404, call(t, srv, c.method, c.path, c.body, &e), c.path)
		assert.Equal(t, map[string]any{"message": "Not Found"}, e, c.method+" "+c.path)
	}
}

func TestPatchChatStatus(t *testing.T) {
	srv := newServer(t)
	id := newChat(t, srv)
	var e struct{ Message string }
	for _, status := range []string{"queued", "assigned", "va_assigned", "dismissed", "failed", "deflected", "FINISHED"} {
		assert.Equal(t, 400, call(t, srv, "PATCH", "/chats/"+id, `{"chat":{"status":"`+status+`"}}`, &e), status)
		assert.Equal(t, "Invalid status", e.Message)
	}
	var chat struct {
		Status string `json:"status"`
		EndsAt any    `json:"ends_at"`
	}
	require.Equal(t, 200, call(t, srv, "GET", "/chats/"+id, "", &chat))
	assert.Equal(t, "va_assigned", chat.Status)
	assert.Nil(t, chat.EndsAt)
	require.Equal(t, 200, call(t, srv, "PATCH", "/chats/"+id, `{"finished_by_user_id":1,"chat":{"status":"finished","escalation_id":5}}`, &chat))
	assert.Equal(t, "finished", chat.Status)
	assert.NotNil(t, chat.EndsAt)
	n, _ := strconv.ParseInt(id, 10, 64)
	rec, _ := srv.Chat(n)
	assert.Equal(t, int64(5), rec.EscalationID)
	assert.Equal(t, 400, call(t, srv, "POST", "/chats/"+id+"/message", `{"message":{"type":"text","content":"x"}}`, &e))
	assert.Equal(t, "Chat is already ended", e.Message)
}

func TestEscalationAnswerKeys(t *testing.T) {
	srv := newServer(t)
	id := newChat(t, srv)
	var esc map[string]any
	require.Equal(t, 200, call(t, srv, "POST", "/chats/"+id+"/escalations", `{"reason":"by_end_user_ask","force_escalate":true}`, &esc))
	assert.ElementsMatch(t, []string{"id", "chat_id", "status"}, keys(esc), "the chat page's keys")
	eid := strconv.FormatInt(int64(esc["id"].(float64)), 10)
	require.Equal(t, 200, call(t, srv, "PATCH", "/chats/"+id+"/escalations/"+eid, `{"deflection_channel":"human_agent"}`, &esc))
	assert.ElementsMatch(t, []string{"id", "chat_id", "status"}, keys(esc))
	var e struct{ Message string }
	assert.Equal(t, 400, call(t, srv, "POST", "/chats/"+id+"/escalations", `{"reason":"by_consumer"}`, &e))
	assert.Equal(t, "Invalid escalation reason", e.Message)
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
