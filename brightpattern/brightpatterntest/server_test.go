package brightpatterntest_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const (
	tenant = "acme.example.com"
	authOK = `MOBILE-API-140-327-PLAIN appId="app", clientId="client-1"`
)

// newServer starts a fake that holds a poll for 1 ms, closed with the
// test.
func newServer(t *testing.T) *brightpatterntest.Server {
	srv := brightpatterntest.NewServer(brightpatterntest.WithHold(time.Millisecond))
	t.Cleanup(srv.Close)
	return srv
}

// send sends one raw request to the fake's target (a path and query),
// with the Authorization and Content-Type headers given (none when empty),
// and returns the answer with its body read.
func send(t *testing.T, srv *brightpatterntest.Server, method, target, auth, contentType string, body io.Reader) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL()+target, body)
	require.NoError(t, err)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return fixture.Do(t, req)
}

// call sends one raw request to the fake's v1 path, with tenantUrl and the
// given Authorization header (none when empty), and returns the status and
// body.
func call(t *testing.T, srv *brightpatterntest.Server, method, path, auth, contentType string, body io.Reader) (int, []byte) {
	t.Helper()
	resp, data := send(t, srv, method, "/clientweb/api/v1/"+path+"?tenantUrl="+tenant, auth, contentType, body)
	return resp.StatusCode, data
}

func callJSON(t *testing.T, srv *brightpatterntest.Server, method, path, body string) (int, map[string]any) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	status, data := call(t, srv, method, path, authOK, "application/json", r)
	out := map[string]any{}
	if len(bytes.TrimSpace(data)) > 0 {
		require.NoError(t, json.Unmarshal(data, &out), "%s", data)
	}
	return status, out
}

func requestChat(t *testing.T, srv *brightpatterntest.Server) string {
	t.Helper()
	status, body := callJSON(t, srv, "POST", "chats", `{}`)
	require.Equal(t, http.StatusOK, status, body)
	return body["chat_id"].(string)
}

// joinAgent makes the agent Ann Lee join chatID and returns her party id.
func joinAgent(t *testing.T, srv *brightpatterntest.Server, chatID string) string {
	t.Helper()
	party, err := srv.Join(chatID, "Ann", "Lee")
	require.NoError(t, err)
	return party
}

// poll makes one poll and returns its events.
func poll(t *testing.T, srv *brightpatterntest.Server, chatID string) []map[string]any {
	t.Helper()
	status, data := call(t, srv, "GET", "chats/"+chatID+"/events", authOK, "", nil)
	require.Equal(t, http.StatusOK, status, "%s", data)
	var body struct {
		Events []map[string]any `json:"events"`
	}
	require.NoError(t, json.Unmarshal(data, &body), "%s", data)
	return body.Events
}

// pollAsync makes one poll in a goroutine; the events or the failure come
// on the channel.
func pollAsync(srv *brightpatterntest.Server, chatID string) <-chan []string {
	out := make(chan []string, 1)
	go func() {
		defer close(out)
		req, err := http.NewRequest("GET", srv.URL()+"/clientweb/api/v1/chats/"+chatID+"/events?tenantUrl="+tenant, nil)
		if err != nil {
			return
		}
		req.Header.Set("Authorization", authOK)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return
		}
		defer resp.Body.Close()
		var body struct {
			Events []map[string]any `json:"events"`
		}
		if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&body) != nil {
			return
		}
		out <- eventNames(body.Events)
	}()
	return out
}

// waitHeld waits until the fake holds a poll, for 5 s at most.
func waitHeld(t *testing.T, srv *brightpatterntest.Server) {
	t.Helper()
	require.Eventually(t, func() bool { return srv.HeldPolls() > 0 }, 5*time.Second, time.Millisecond, "no poll is held")
}

// pollUntil polls until a poll brings an event that matches done and
// returns every event polled, in order, that poll's later events included
// (a poll takes them from the server: none may be dropped).
func pollUntil(t *testing.T, srv *brightpatterntest.Server, chatID string, done func(map[string]any) bool) []map[string]any {
	t.Helper()
	var all []map[string]any
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		events := poll(t, srv, chatID)
		all = append(all, events...)
		if slices.ContainsFunc(events, done) {
			return all
		}
	}
	require.FailNow(t, "the awaited event never came", "%v", all)
	return nil
}

func named(name string) func(map[string]any) bool {
	return func(ev map[string]any) bool { return ev["event"] == name }
}

func eventNames(events []map[string]any) []string {
	out := make([]string, 0, len(events))
	for _, ev := range events {
		out = append(out, ev["event"].(string))
	}
	return out
}

func errorCode(t *testing.T, data []byte) string {
	t.Helper()
	var body struct {
		Code string `json:"error_code"`
	}
	require.NoError(t, json.Unmarshal(data, &body), "%s", data)
	return body.Code
}

func TestAuthErrors(t *testing.T) {
	srv := brightpatterntest.NewServer(brightpatterntest.WithCredentials(tenant, "app"))
	defer srv.Close()
	for _, tc := range []struct {
		name, query, auth string
		status            int
		code              string
	}{
		{"no tenant", "", authOK, http.StatusForbidden, "1000"},
		{"other tenant", "?tenantUrl=other.example.com", authOK, http.StatusForbidden, "1000"},
		{"no header", "?tenantUrl=" + tenant, "", http.StatusUnauthorized, "2000"},
		{"bad parameters", "?tenantUrl=" + tenant, `MOBILE-API-140-327-PLAIN appId`, http.StatusUnauthorized, "2001"},
		{"bad scheme", "?tenantUrl=" + tenant, `Bearer abc`, http.StatusUnauthorized, "2002"},
		{"no appId", "?tenantUrl=" + tenant, `MOBILE-API-140-327-PLAIN clientId="c"`, http.StatusUnauthorized, "2003"},
		{"no clientId", "?tenantUrl=" + tenant, `MOBILE-API-140-327-PLAIN appId="app"`, http.StatusUnauthorized, "2004"},
		{"unknown appId", "?tenantUrl=" + tenant, `MOBILE-API-140-327-PLAIN appId="other", clientId="c"`, http.StatusForbidden, "3000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, data := send(t, srv, "GET", "/clientweb/api/v1/availability"+tc.query, tc.auth, "", nil)
			assert.Equal(t, tc.status, resp.StatusCode)
			assert.Equal(t, tc.code, errorCode(t, data))
		})
	}
	t.Run("unquoted values accepted", func(t *testing.T) {
		status, _ := call(t, srv, "GET", "availability", `MOBILE-API-140-327-PLAIN appId=app, clientId=c`, "", nil)
		assert.Equal(t, http.StatusOK, status)
	})
}

func TestOneActiveChatPerClient(t *testing.T) {
	srv := brightpatterntest.NewServer(brightpatterntest.WithEWT("7"))
	defer srv.Close()
	status, first := callJSON(t, srv, "POST", "chats", `{"phone_number":"3001"}`)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, true, first["is_new_chat"])
	assert.Equal(t, "queued", first["state"])
	assert.Equal(t, "7", first["ewt"])

	_, again := callJSON(t, srv, "POST", "chats", `{}`)
	assert.Equal(t, first["chat_id"], again["chat_id"])
	assert.Equal(t, false, again["is_new_chat"])

	status, active := callJSON(t, srv, "GET", "chats/active", "")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, first["chat_id"], active["chat_id"])

	other := `MOBILE-API-140-327-PLAIN appId="app", clientId="client-2"`
	_, data := call(t, srv, "POST", "chats", other, "application/json", strings.NewReader(`{}`))
	var second map[string]any
	require.NoError(t, json.Unmarshal(data, &second))
	assert.NotEqual(t, first["chat_id"], second["chat_id"], "another client gets its own chat")

	require.NoError(t, srv.End(first["chat_id"].(string)))
	status, data = call(t, srv, "GET", "chats/active", authOK, "", nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "5005", errorCode(t, data))
	_, next := callJSON(t, srv, "POST", "chats", `{}`)
	assert.Equal(t, true, next["is_new_chat"])
	assert.NotEqual(t, first["chat_id"], next["chat_id"])
}

func TestChatOfAnotherClientIsNotFound(t *testing.T) {
	srv := newServer(t)
	chatID := requestChat(t, srv)
	other := `MOBILE-API-140-327-PLAIN appId="app", clientId="client-2"`
	for _, path := range []string{"chats/" + chatID + "/events", "chats/" + chatID + "/history"} {
		status, data := call(t, srv, "GET", path, other, "", nil)
		assert.Equal(t, http.StatusNotFound, status, path)
		assert.Equal(t, "5005", errorCode(t, data), path)
	}
}

func TestPollHoldsUntilAnEvent(t *testing.T) {
	const hold = 30 * time.Millisecond
	srv := brightpatterntest.NewServer(brightpatterntest.WithHold(hold))
	defer srv.Close()
	chatID := requestChat(t, srv)
	assert.Equal(t, []string{"chat_session_status"}, eventNames(poll(t, srv, chatID)), "queued events are answered at once")

	start := time.Now()
	assert.Empty(t, poll(t, srv, chatID), "nothing to send")
	assert.GreaterOrEqual(t, time.Since(start), hold, "an empty poll is held")

	srv2 := brightpatterntest.NewServer(brightpatterntest.WithHold(time.Minute))
	defer srv2.Close()
	chatID = requestChat(t, srv2)
	poll(t, srv2, chatID)
	got := pollAsync(srv2, chatID)
	waitHeld(t, srv2)
	_, err := srv2.Join(chatID, "Ann", "Lee")
	require.NoError(t, err)
	names := <-got
	require.NotEmpty(t, names, "the event ends the hold")
	if !slices.Contains(names, "chat_session_party_joined") {
		// Join emits two events; a poll woken by the first may leave the
		// second to the next poll, which answers at once.
		names = append(names, eventNames(pollUntil(t, srv2, chatID, named("chat_session_party_joined")))...)
	}
	assert.Equal(t, []string{"chat_session_status", "chat_session_party_joined"}, names)
	assert.Zero(t, srv2.HeldPolls())
}

func TestConcurrentPollIs5509(t *testing.T) {
	srv := brightpatterntest.NewServer(brightpatterntest.WithHold(time.Minute))
	defer srv.Close()
	chatID := requestChat(t, srv)
	poll(t, srv, chatID)
	first := pollAsync(srv, chatID)
	waitHeld(t, srv)
	status, data := call(t, srv, "GET", "chats/"+chatID+"/events", authOK, "", nil)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "5509", errorCode(t, data))

	require.NoError(t, srv.Emit(chatID, map[string]any{"event": "chat_session_timeout_warning", "msg": "Still there?"}))
	assert.Equal(t, []string{"chat_session_timeout_warning"}, <-first, "the held poll still gets the event")
}

func TestEndedChatPollsAnswer5005AfterTheEnd(t *testing.T) {
	srv := newServer(t)
	chatID := requestChat(t, srv)
	require.NoError(t, srv.End(chatID))
	assert.Equal(t, []string{"chat_session_status", "chat_session_ended"}, eventNames(poll(t, srv, chatID)))
	status, data := call(t, srv, "GET", "chats/"+chatID+"/events", authOK, "", nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "5005", errorCode(t, data))
	assert.ErrorIs(t, srv.End(chatID), brightpatterntest.ErrUnknownChat)
	_, err := srv.Say(chatID, "p", "late")
	assert.ErrorIs(t, err, brightpatterntest.ErrUnknownChat)
}

func TestHistoryHoldsBothSidesButNotTyping(t *testing.T) {
	srv := newServer(t)
	chatID := requestChat(t, srv)
	party := joinAgent(t, srv, chatID)
	require.NoError(t, srv.Typing(chatID, party, true))
	_, err := srv.Say(chatID, party, "Hello")
	require.NoError(t, err)
	status, _ := callJSON(t, srv, "POST", "chats/"+chatID+"/events",
		`{"events":[{"event":"chat_session_typing"},{"event":"chat_session_message","msg_id":"1","msg":"Hi"}]}`)
	require.Equal(t, http.StatusOK, status)

	status, body := callJSON(t, srv, "GET", "chats/"+chatID+"/history", "")
	require.Equal(t, http.StatusOK, status)
	var events []map[string]any
	for _, ev := range body["events"].([]any) {
		events = append(events, ev.(map[string]any))
	}
	assert.Equal(t, []string{"chat_session_status", "chat_session_status", "chat_session_party_joined",
		"chat_session_message", "chat_session_message"}, eventNames(events))
	assert.Equal(t, party, events[3]["party_id"])
	assert.Equal(t, chatID, events[4]["party_id"], "the customer's events carry the chat id as party id")
	assert.Equal(t, "Hi", events[4]["msg"])

	sent := srv.ClientEvents(chatID)
	require.Len(t, sent, 1)
	assert.Equal(t, "Hi", sent[0]["msg"])

	status, data := call(t, srv, "POST", "chats/"+chatID+"/events", authOK, "application/json", strings.NewReader(`{`))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "5003", errorCode(t, data))
}

func TestCustomerEndsTheChat(t *testing.T) {
	srv := newServer(t)
	chatID := requestChat(t, srv)
	party := joinAgent(t, srv, chatID)
	poll(t, srv, chatID)
	status, _ := callJSON(t, srv, "POST", "chats/"+chatID+"/events", `{"events":[{"event":"chat_session_end"}]}`)
	require.Equal(t, http.StatusOK, status)
	events := poll(t, srv, chatID)
	assert.Equal(t, []string{"chat_session_party_left", "chat_session_ended"}, eventNames(events))
	assert.Equal(t, party, events[0]["party_id"])
	status, data := call(t, srv, "POST", "chats/"+chatID+"/events", authOK, "application/json",
		strings.NewReader(`{"events":[{"event":"chat_session_message","msg":"late"}]}`))
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "5005", errorCode(t, data))
}

// multipartFile builds an upload of one file field.
func multipartFile(t *testing.T, field, name, contentType string, content io.Reader) (io.Reader, string) {
	t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		h := make(map[string][]string)
		h["Content-Disposition"] = []string{fmt.Sprintf(`form-data; name=%q; filename=%q`, field, name)}
		h["Content-Type"] = []string{contentType}
		part, err := mw.CreatePart(h)
		if err == nil {
			_, err = io.Copy(part, content)
		}
		if err == nil {
			err = mw.Close()
		}
		pw.CloseWithError(err)
	}()
	return pr, mw.FormDataContentType()
}

func upload(t *testing.T, srv *brightpatterntest.Server, field, name string, content io.Reader) (int, []byte) {
	t.Helper()
	body, ct := multipartFile(t, field, name, "text/plain", content)
	return call(t, srv, "POST", "files", authOK, ct, body)
}

func TestFiles(t *testing.T) {
	srv := newServer(t)
	chatID := requestChat(t, srv)

	status, data := upload(t, srv, "file-upload-input", "note.txt", strings.NewReader("hello"))
	require.Equal(t, http.StatusOK, status, "%s", data)
	var up struct {
		FileID   string `json:"file_id"`
		FileName string `json:"file_name"`
	}
	require.NoError(t, json.Unmarshal(data, &up))
	assert.Equal(t, "note.txt", up.FileName)

	status, data = call(t, srv, "GET", "chats/"+chatID+"/files/"+up.FileID, authOK, "", nil)
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "hello", string(data))

	status, data = call(t, srv, "GET", "chats/"+chatID+"/files/nope", authOK, "", nil)
	assert.Equal(t, http.StatusNotFound, status)
	assert.Equal(t, "5502", errorCode(t, data))

	status, data = call(t, srv, "POST", "files", authOK, "application/json", strings.NewReader(`{}`))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "5558", errorCode(t, data))

	party := joinAgent(t, srv, chatID)
	fileID, err := srv.SendFile(chatID, party, "photo.png", "image/png", []byte("png"))
	require.NoError(t, err)
	events := pollUntil(t, srv, chatID, named("chat_session_file"))
	last := events[len(events)-1]
	assert.Equal(t, fileID, last["file_id"])
	assert.Equal(t, "image", last["file_type"])

	status, data = call(t, srv, "GET", "chats/"+chatID+"/profilephotos/"+party, authOK, "", nil)
	assert.Equal(t, http.StatusOK, status)
	assert.True(t, bytes.HasPrefix(data, []byte("\x89PNG")))
	status, _ = call(t, srv, "GET", "chats/"+chatID+"/profilephotos/stranger", authOK, "", nil)
	assert.Equal(t, http.StatusNotFound, status)
}

func TestUploadLimit(t *testing.T) {
	srv := brightpatterntest.NewServer()
	defer srv.Close()
	status, _ := upload(t, srv, "file", "max.bin", fixture.Zeros(brightpatterntest.MaxFileSize))
	assert.Equal(t, http.StatusOK, status, "exactly 25 MB is accepted")
	status, data := upload(t, srv, "file", "big.bin", fixture.Zeros(brightpatterntest.MaxFileSize+1))
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "5501", errorCode(t, data))
	recorded := fixture.Load(t, "../../testdata/brightpattern/upload_file_too_large.json")
	assert.Equal(t, recorded.Response.Status, status, "the fake answers as the recording")
	assert.Equal(t, errorCode(t, recorded.Response.Body), errorCode(t, data))
	assert.Equal(t, 1, srv.Files())
}

func TestFileCapDropsTheOldest(t *testing.T) {
	srv := brightpatterntest.NewServer()
	defer srv.Close()
	chatID := requestChat(t, srv)
	var first string
	for i := range brightpatterntest.MaxFiles + 1 {
		status, data := upload(t, srv, "file", fmt.Sprint("f", i), strings.NewReader("x"))
		require.Equal(t, http.StatusOK, status)
		if i == 0 {
			var up struct {
				FileID string `json:"file_id"`
			}
			require.NoError(t, json.Unmarshal(data, &up))
			first = up.FileID
		}
	}
	assert.Equal(t, brightpatterntest.MaxFiles, srv.Files())
	status, _ := call(t, srv, "GET", "chats/"+chatID+"/files/"+first, authOK, "", nil)
	assert.Equal(t, http.StatusNotFound, status, "the oldest file made room")
}

func TestScriptedAgent(t *testing.T) {
	srv := brightpatterntest.NewServer(brightpatterntest.WithHold(20*time.Millisecond),
		brightpatterntest.WithAgent(brightpatterntest.Agent{FirstName: "Ann", LastName: "Lee", Greeting: "Hello!",
			Delay: time.Millisecond, Reply: func(text string) string { return "Re: " + text }}))
	defer srv.Close()
	chatID := requestChat(t, srv)
	isText := func(text string) func(map[string]any) bool {
		return func(ev map[string]any) bool { return ev["event"] == "chat_session_message" && ev["msg"] == text }
	}
	events := pollUntil(t, srv, chatID, isText("Hello!"))
	assert.Equal(t, []string{"chat_session_status", "chat_session_status", "chat_session_party_joined", "chat_session_message"},
		eventNames(events))
	assert.Equal(t, "connected", events[1]["state"])
	agent := events[2]["party_id"]

	send := func(events string) {
		status, _ := callJSON(t, srv, "POST", "chats/"+chatID+"/events", `{"events":[`+events+`]}`)
		require.Equal(t, http.StatusOK, status)
	}
	send(`{"event":"chat_session_message","msg":"Where is my parcel?"}`)
	events = pollUntil(t, srv, chatID, isText("Re: Where is my parcel?"))
	assert.Equal(t, []string{"chat_session_typing", "chat_session_not_typing", "chat_session_message"}, eventNames(events))
	assert.Equal(t, agent, events[2]["party_id"])

	send(`{"event":"chat_session_location","latitude":1.5,"longitude":2}`)
	pollUntil(t, srv, chatID, isText("Thanks, I see you at 1.5, 2."))
	send(`{"event":"chat_session_file","file_id":"f","file_name":"a.txt"}`)
	pollUntil(t, srv, chatID, isText("Thanks, I received a.txt."))

	send(`{"event":"chat_session_message","msg":"bye"}`)
	events = pollUntil(t, srv, chatID, named("chat_session_ended"))
	assert.Equal(t, []string{"chat_session_typing", "chat_session_not_typing", "chat_session_message",
		"chat_session_party_left", "chat_session_ended"}, eventNames(events))
	assert.Equal(t, "Goodbye!", events[2]["msg"])
}

func TestScriptedQueue(t *testing.T) {
	srv := brightpatterntest.NewServer(brightpatterntest.WithHold(20*time.Millisecond), brightpatterntest.WithEWT("30"),
		brightpatterntest.WithAgent(brightpatterntest.Agent{FirstName: "Ann", LastName: "Lee", Greeting: "Hello!",
			Delay: time.Millisecond, QueueAhead: 2}))
	defer srv.Close()
	chatID := requestChat(t, srv)
	events := pollUntil(t, srv, chatID, func(ev map[string]any) bool { return ev["msg"] == "Hello!" })
	type step struct{ event, detail string }
	var got []step
	for _, ev := range events {
		s := step{event: ev["event"].(string)}
		switch s.event {
		case "chat_session_status":
			s.detail = fmt.Sprint(ev["state"], " ", ev["ewt"])
		case "chat_session_message":
			s.detail = ev["msg"].(string)
		case "chat_session_party_joined":
			s.detail = ev["type"].(string)
		}
		got = append(got, s)
	}
	assert.Equal(t, []step{
		{"chat_session_status", "queued 30"},
		{"chat_session_party_joined", "scenario"},
		{"chat_session_status", "queued 30"},
		{"chat_session_message", "You are number 3 in the queue."},
		{"chat_session_status", "queued 15"},
		{"chat_session_message", "You are number 2 in the queue."},
		{"chat_session_status", "connected "},
		{"chat_session_party_joined", "internal"},
		{"chat_session_message", "Hello!"},
	}, got)
	scenario := events[1]["party_id"]
	assert.Equal(t, scenario, events[3]["party_id"], "the scenario announces the place")
}

func TestFaults(t *testing.T) {
	srv := newServer(t)

	t.Run("status with Retry-After", func(t *testing.T) {
		srv.InjectFault(brightpatterntest.Fault{Method: "GET", Path: "/availability", Status: http.StatusTooManyRequests,
			RetryAfter: "2", Body: `{"error_code":"429","error_message":"slow down"}`, Times: 2})
		for range 2 {
			resp, data := send(t, srv, "GET", "/clientweb/api/v1/availability?tenantUrl="+tenant, authOK, "", nil)
			assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
			assert.Equal(t, "2", resp.Header.Get("Retry-After"))
			assert.Equal(t, "429", errorCode(t, data))
		}
		status, _ := call(t, srv, "GET", "availability", authOK, "", nil)
		assert.Equal(t, http.StatusOK, status, "the fault applied twice, then the server answers")
	})

	t.Run("delay", func(t *testing.T) {
		srv.InjectFault(brightpatterntest.Fault{Path: "/parameters", Delay: 20 * time.Millisecond})
		start := time.Now()
		status, _ := call(t, srv, "GET", "parameters", authOK, "", nil)
		assert.Equal(t, http.StatusOK, status)
		assert.GreaterOrEqual(t, time.Since(start), 20*time.Millisecond)
	})

	for _, tc := range []struct {
		name    string
		fault   brightpatterntest.Fault
		created int
		why     string
	}{
		{"drop-before", brightpatterntest.Fault{Method: "POST", Path: "/chats", DropBefore: true}, 0, "nothing happened on the server"},
		{"drop-after", brightpatterntest.Fault{Method: "POST", Path: "/chats", DropAfter: true}, 1, "the chat was created, the answer lost"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv.InjectFault(tc.fault)
			before := len(srv.Chats())
			req, err := http.NewRequest("POST", srv.URL()+"/clientweb/api/v1/chats?tenantUrl="+tenant, strings.NewReader(`{}`))
			require.NoError(t, err)
			req.Header.Set("Authorization", `MOBILE-API-140-327-PLAIN appId="app", clientId="`+tc.name+`"`)
			_, err = http.DefaultClient.Do(req)
			require.Error(t, err)
			assert.Len(t, srv.Chats(), before+tc.created, tc.why)
		})
	}

	t.Run("match", func(t *testing.T) {
		srv.InjectFault(brightpatterntest.Fault{Status: http.StatusBadGateway,
			Match: func(r *http.Request) bool { return r.Header.Get("X-Fail") == "yes" }})
		status, _ := call(t, srv, "GET", "availability", authOK, "", nil)
		assert.Equal(t, http.StatusOK, status, "a request the fault does not match")
		req, err := http.NewRequest("GET", srv.URL()+"/clientweb/api/v1/availability?tenantUrl="+tenant, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", authOK)
		req.Header.Set("X-Fail", "yes")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
	})

	assert.Equal(t, 5, srv.Count("GET", "/availability"), "faulted requests are recorded too")
}

func TestV2OnlyCalls(t *testing.T) {
	srv := brightpatterntest.NewServer()
	defer srv.Close()
	status, _ := call(t, srv, "GET", "version", authOK, "", nil)
	assert.Equal(t, http.StatusNotFound, status, "version exists only in v2")

	resp, _ := raw(t, srv, "GET", "v2", "version", "tenantUrl="+tenant, authOK, "")
	assert.Equal(t, http.StatusOK, resp.StatusCode)
}
