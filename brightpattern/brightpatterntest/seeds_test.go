package brightpatterntest_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
)

// raw sends one request to the fake at /clientweb/api/<version>/<path> with
// the query (without "?") and Authorization as given (none when empty),
// and returns the answer.
func raw(t *testing.T, srv *brightpatterntest.Server, method, version, path, query, auth, body string) (*http.Response, []byte) {
	t.Helper()
	target := "/clientweb/api/" + version + "/" + path
	if query != "" {
		target += "?" + query
	}
	if body == "" {
		return send(t, srv, method, target, auth, "", nil)
	}
	return send(t, srv, method, target, auth, "application/json", strings.NewReader(body))
}

// The seed writes Get File and Get Agent Profile Photo without tenantUrl
// (and with no User-Agent): the fake serves them so. A tenantUrl that is
// given is still checked, and the Authorization header still needed; every
// other call still needs tenantUrl.
func TestFilesAsTheSeedWritesThem(t *testing.T) {
	srv := brightpatterntest.NewServer(brightpatterntest.WithCredentials(tenant), brightpatterntest.WithHold(time.Millisecond))
	defer srv.Close()
	chatID := requestChat(t, srv)
	party := joinAgent(t, srv, chatID)
	fileID, err := srv.SendFile(chatID, party, "note.txt", "text/plain", []byte("hello, file"))
	require.NoError(t, err)
	filePath := "chats/" + chatID + "/files/" + fileID
	photoPath := "chats/" + chatID + "/profilephotos/" + party

	resp, data := raw(t, srv, "GET", "v1", filePath, "", authOK, "")
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", data)
	assert.Equal(t, "hello, file", string(data))
	assert.Equal(t, "text/plain", resp.Header.Get("Content-Type"))

	resp, data = raw(t, srv, "GET", "v1", photoPath, "", authOK, "")
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", data)
	assert.Equal(t, "image/png", resp.Header.Get("Content-Type"))
	assert.True(t, bytes.HasPrefix(data, []byte("\x89PNG")))

	for _, path := range []string{filePath, photoPath} {
		resp, _ = raw(t, srv, "GET", "v1", path, "tenantUrl="+tenant, authOK, "")
		assert.Equal(t, http.StatusOK, resp.StatusCode, "with tenantUrl too: %s", path)

		resp, data = raw(t, srv, "GET", "v1", path, "tenantUrl=other.example.com", authOK, "")
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, path)
		assert.Equal(t, "1000", errorCode(t, data), path)

		resp, data = raw(t, srv, "GET", "v1", path, "tenantUrl=", authOK, "")
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, "an empty tenantUrl is not a missing one: %s", path)
		assert.Equal(t, "1000", errorCode(t, data), path)

		resp, data = raw(t, srv, "GET", "v1", path, "", "", "")
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, path)
		assert.Equal(t, "2000", errorCode(t, data), path)
	}

	resp, data = raw(t, srv, "GET", "v1", "chats/"+chatID+"/files/nope", "", authOK, "")
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Equal(t, "5502", errorCode(t, data))

	resp, data = raw(t, srv, "GET", "v1", "chats/"+chatID+"/history", "", authOK, "")
	assert.Equal(t, http.StatusForbidden, resp.StatusCode, "other calls still need tenantUrl")
	assert.Equal(t, "1000", errorCode(t, data))
}

// A path under an API version the server does not have is not found,
// before any credential is looked at.
func TestUnknownAPIVersionIsNotFound(t *testing.T) {
	srv := newServer(t)
	for _, tc := range []struct{ method, version, path, body string }{
		{"GET", "v3", "availability", ""},
		{"GET", "v0", "parameters", ""},
		{"POST", "v3", "chats", "{}"},
		{"GET", "V1", "availability", ""},
		{"GET", "latest", "configuration", ""},
		{"GET", "v3", "chats/c/files/f", ""},
		{"GET", "v3", "version", ""},
	} {
		for _, auth := range []string{authOK, ""} {
			resp, data := raw(t, srv, tc.method, tc.version, tc.path, "tenantUrl="+tenant, auth, tc.body)
			assert.Equal(t, http.StatusNotFound, resp.StatusCode, "%s %s/%s auth=%q: %s", tc.method, tc.version, tc.path, auth, data)
		}
	}
	assert.Empty(t, srv.Chats(), "no chat was started on an unknown version")
	for _, version := range []string{"v1", "v2"} {
		resp, data := raw(t, srv, "GET", version, "availability", "tenantUrl="+tenant, authOK, "")
		assert.Equal(t, http.StatusOK, resp.StatusCode, "%s: %s", version, data)
	}
}

// A batch with an event that has no name, or a name a client does not
// send, is refused whole with 400 5003; nothing of it is stored.
func TestSendEventsRefusesUnnamedAndUnknownEvents(t *testing.T) {
	srv := newServer(t)
	chatID := requestChat(t, srv)
	path := "chats/" + chatID + "/events"
	message := `{"event":"chat_session_message","msg_id":"1","msg":"Hi"}`
	for _, bad := range []string{
		`{"msg":"no name"}`,
		`{"event":""}`,
		`{"event":5}`,
		`{"event":null}`,
		`{"event":"chat_session_brand_new"}`,
		`{"event":"chat_session_status","state":"completed"}`, // a server event
		`{"event":"chat_session_ended"}`,
		`{"event":"CHAT_SESSION_MESSAGE","msg":"Hi"}`,
	} {
		for _, batch := range []string{`[` + bad + `]`, `[` + message + `,` + bad + `]`} {
			resp, data := raw(t, srv, "POST", "v1", path, "tenantUrl="+tenant, authOK, `{"events":`+batch+`}`)
			assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "%s: %s", batch, data)
			assert.Equal(t, "5003", errorCode(t, data), batch)
			assert.Contains(t, string(data), "Error decoding JSON request body", batch)
		}
	}
	assert.Empty(t, srv.ClientEvents(chatID), "nothing of a refused batch is stored")
	status, _ := callJSON(t, srv, "GET", "chats/active", "")
	assert.Equal(t, http.StatusOK, status, "the chat goes on")

	every := []string{
		message,
		`{"event":"chat_session_message_delivered","ref_msg_id":"0"}`,
		`{"event":"chat_session_message_read","ref_msg_id":"0"}`,
		`{"event":"chat_session_typing"}`,
		`{"event":"chat_session_not_typing"}`,
		`{"event":"chat_session_form_data","form_request_id":"17","form_name":"f","data":{}}`,
		`{"event":"chat_session_secure_form_data","form_request_id":"18","form_name":"p","data":{}}`,
		`{"event":"chat_session_secure_form_cancel","form_request_id":"18"}`,
		`{"event":"chat_form_data_cancel","form_request_id":"17","form_name":"f"}`,
		`{"event":"chat_session_signaling","msg_id":"3","data":"{\"type\":\"END_CALL\"}"}`,
		`{"event":"chat_session_file","msg_id":"5","file_id":"f","file_type":"image"}`,
		`{"event":"chat_session_location","msg_id":"7","latitude":"1","longitude":"2"}`,
		`{"event":"chat_session_navigation","msg_id":"9","page":"p","title":"t"}`,
		`{"event":"chat_session_cobrowsing_rejected"}`,
		`{"event":"chat_session_cobrowsing_started","provider_type":"SURFLY","cobrowsing_url":"u"}`,
		`{"event":"chat_session_cobrowsing_ended"}`,
		`{"event":"chat_session_disconnect"}`,
		`{"event":"chat_session_end"}`,
	}
	resp, data := raw(t, srv, "POST", "v1", path, "tenantUrl="+tenant, authOK, `{"events":[`+strings.Join(every, ",")+`]}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, "every client event is accepted: %s", data)
	assert.NotEmpty(t, srv.ClientEvents(chatID))
}

// v1 answers Send Events with {"events":[...]}, the server events not yet
// polled ("Array of new chat events"), which the next poll still delivers;
// v2 answers with an empty 200.
func TestSendEventsAnswer(t *testing.T) {
	srv := newServer(t)
	chatID := requestChat(t, srv)
	party := joinAgent(t, srv, chatID)
	typing := `{"events":[{"event":"chat_session_typing"}]}`

	resp, data := raw(t, srv, "POST", "v1", "chats/"+chatID+"/events", "tenantUrl="+tenant, authOK, typing)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", data)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	var answer struct {
		Events []map[string]any `json:"events"`
	}
	require.NoError(t, json.Unmarshal(data, &answer), "%s", data)
	assert.Equal(t, []string{"chat_session_status", "chat_session_status", "chat_session_party_joined"}, eventNames(answer.Events))
	assert.Equal(t, party, answer.Events[2]["party_id"])

	polled := poll(t, srv, chatID)
	assert.Equal(t, answer.Events, polled, "the poll still delivers what the answer showed")

	resp, data = raw(t, srv, "POST", "v1", "chats/"+chatID+"/events", "tenantUrl="+tenant, authOK, typing)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, `{"events":[]}`, string(data), "nothing new")

	resp, data = raw(t, srv, "POST", "v2", "chats/"+chatID+"/events", "tenantUrl="+tenant, authOK, typing)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Empty(t, data, "v2 answers an empty 200")
}
