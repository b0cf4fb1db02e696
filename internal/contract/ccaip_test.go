package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

// ccaip reads the API's error body, {"message": "..."}: its text is the
// only error code the API gives.
var ccaip = Vendor{ErrorCode: stringField("message")}

// Reasons shared by several ccaip entries.
const (
	ccaipEndsAt       = "the fake sets ends_at only when a chat ends, and this chat has not; the seed's chat has an end time"
	ccaipFeatures     = "the fake lists no features on a chat; the seed's chat lists photo and video, whose meaning no document gives"
	ccaipUploadFields = "the recording's pre-signed form fields are the seed's S3 and GCS examples mixed; the fake signs its own " +
		"policy with the x-amz fields its storage checks, and the client forwards every field as given"
	ccaipVirtualAgent = "when a human agent joins, the fake drops the virtual agent; the seed's chat shows both"
)

// ccaipAllow lists the differences between the fake and the ccaip
// recordings.
var ccaipAllow = slices.Concat(ccaipNewChat("chat_create.json"), ccaipNewChat("chat_create_transcript.json"), []Allow{
	{"chat_get.json", "$.ends_at: null", ccaipEndsAt},
	{"chat_get.json", "virtual_agent", ccaipVirtualAgent},
	{"chat_finish.json", "virtual_agent", ccaipVirtualAgent},
	{"chat_update.json", "virtual_agent", ccaipVirtualAgent},
	{"chat_get_unusual_times.json", "$.ends_at: null", ccaipEndsAt},
	{"chat_get_unusual_times.json", "virtual_agent", ccaipVirtualAgent},
	{"chat_get_unusual_times.json", "$.features: empty list", ccaipFeatures},
	{"chat_get.json", "$.features: empty list", ccaipFeatures},
	{"chat_finish.json", "$.features: empty list", ccaipFeatures},
	{"chat_update.json", "$.features: empty list", ccaipFeatures},
	{"chat_resume.json", ": not in the recording", "the reference gives resume no answer body (the recording's {} is filled " +
		"in); the fake answers with the chat"},
	{"photo_upload_url.json", "$.fields.x-", ccaipUploadFields},
	{"video_upload_url.json", "$.fields.x-", ccaipUploadFields},
	{"custom_data_signed.json", "status 400, want 2xx",
		"the recording is the seed's example token, signed with a company secret no document gives; the fake " +
			"verifies signatures, so it refuses a token it cannot verify"},
	{"custom_data_signed.json", `error code "`, "the same refusal, seen in its message"},
})

// ccaipNewChat lists the differences of a recording whose answer is the
// seed's chat, where the fake answers with a chat it has just created.
func ccaipNewChat(file string) []Allow {
	return []Allow{
		{file, "$.agent: missing", "a chat just created has no human agent yet; the recorded answer is the seed's chat"},
		{file, "$.all_agents: empty list", "the same: no agent yet on a new chat"},
		{file, "$.ends_at: null", ccaipEndsAt},
		{file, "$.features: empty list", ccaipFeatures},
	}
}

// ccaipWorld is a fake seeded with what the ccaip recordings imply: the end
// user 555, the chat 4242 with escalation 91, two attached photos (9001,
// 9003) and two uploaded but unattached (abc123, abc124), an attached
// video (9002) and an unattached one (def456), and the agent's file 777.
type ccaipWorld struct {
	t    *testing.T
	srv  *ccaiptest.Server
	chat int64
}

func (w *ccaipWorld) call(method, path, body string) map[string]any {
	w.t.Helper()
	req, err := http.NewRequest(method, w.srv.URL()+"/apps/api/v1"+path, strings.NewReader(body))
	require.NoError(w.t, err)
	req.SetBasicAuth(ccaiptest.DefaultUsername, ccaiptest.DefaultToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(w.t, err)
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(w.t, json.NewDecoder(resp.Body).Decode(&out))
	require.Less(w.t, resp.StatusCode, 300, "%s %s: %v", method, path, out)
	return out
}

func id(v any) string { return fmt.Sprint(int64(v.(float64))) }

// upload stores a file of kind ("photos" or "videos") through the
// pre-signed form and returns its storage key.
func (w *ccaipWorld) upload(kind, contentType string, data []byte) string {
	w.t.Helper()
	target := w.call(http.MethodPost, fmt.Sprintf("/chats/%d/%s/upload", w.chat, kind), "")
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	fields := target["fields"].(map[string]any)
	for name, v := range fields {
		require.NoError(w.t, mw.WriteField(name, v.(string)))
	}
	part, err := mw.CreatePart(map[string][]string{
		"Content-Disposition": {`form-data; name="file"; filename="f"`}, "Content-Type": {contentType},
	})
	require.NoError(w.t, err)
	_, _ = part.Write(data)
	require.NoError(w.t, mw.Close())
	resp, err := http.Post(target["url"].(string), mw.FormDataContentType(), &form)
	require.NoError(w.t, err)
	resp.Body.Close()
	require.Equal(w.t, http.StatusCreated, resp.StatusCode)
	return fields["key"].(string)
}

var (
	jpeg = append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, []byte("JFIF photo")...)
	mp4  = append([]byte{0, 0, 0, 0x18}, []byte("ftypmp42\x00\x00\x00\x00mp42isom")...)
)

func newCCAIPWorld(t *testing.T, opts ...ccaiptest.Option) (*ccaiptest.Server, int64, *strings.Replacer) {
	t.Helper()
	srv := ccaiptest.NewServer(opts...)
	t.Cleanup(srv.Close)
	w := &ccaipWorld{t: t, srv: srv}
	user := id(w.call(http.MethodPost, "/end_users", `{"identifier":"6f1c2b9e-0c1d-4f7e-9a51-3b2d1e0f4a77","name":"Anna Verdi"}`)["id"])
	chat := w.call(http.MethodPost, "/chats", `{"chat":{"menu_id":11,"end_user_id":`+user+`,"lang":"en"}}`)["id"]
	w.chat = int64(chat.(float64))
	escalation := id(w.call(http.MethodPost, fmt.Sprintf("/chats/%d/escalations", w.chat), `{"reason":"by_end_user_ask"}`)["id"])

	photo1, photo2 := w.upload("photos", "image/jpeg", jpeg), w.upload("photos", "image/jpeg", jpeg)
	attached := w.call(http.MethodPost, fmt.Sprintf("/chats/%d/photos", w.chat),
		`{"photo":[{"s3_path":"`+w.upload("photos", "image/jpeg", jpeg)+`"},{"s3_path":"`+w.upload("photos", "image/jpeg", jpeg)+`"}]}`)
	photo9001 := id(attached["media_id"])
	video, video2 := w.upload("videos", "video/mp4", mp4), w.upload("videos", "video/mp4", mp4)
	video9002 := id(w.call(http.MethodPost, fmt.Sprintf("/chats/%d/videos", w.chat),
		`{"video":{"s3_path":"`+w.upload("videos", "video/mp4", mp4)+`"}}`)["media_id"])
	file, err := srv.AddAgentMedia(w.chat, "application/pdf", []byte("%PDF-1.4 invoice"))
	require.NoError(t, err)

	c := id(chat)
	return srv, w.chat, strings.NewReplacer(
		"chats/4242/photos/abc123.jpg", photo1, "chats/4242/photos/abc124.jpg", photo2,
		"chats/4242/videos/def456.mp4", video, "chats/4242/videos/def457.mp4", video2,
		"/chats/4242", "/chats/"+c, "escalations/91", "escalations/"+escalation,
		`"escalation_id":91`, `"escalation_id":`+escalation,
		`_user_id":555`, `_user_id":`+user, // end_user_id, from_user_id, finished_by_user_id
		`"media_id":9001`, `"media_id":`+photo9001, `"media_id":9002`, `"media_id":`+video9002,
		"/media/777", "/media/"+fmt.Sprint(file),
		"555", user, // the end_users query
	)
}

// ccaipOptions are the fake options a recording implies: a server that
// routes only the hyphenated end-user path, and the seed's signed-data
// recipe, whose secret is 'Company secret' and whose token is valid from
// iat 1734560000 to exp 1734567890.
var ccaipOptions = map[string][]ccaiptest.Option{
	"chat_end_user_route_missing.json": {ccaiptest.WithEndUserPath("end-user")},
	"custom_data_signed_recipe.json": {ccaiptest.WithCompanySecret("Company secret"),
		ccaiptest.WithClock(func() time.Time { return time.Unix(1734563000, 0) })},
}

// ccaipBodies are the request bodies the recordings leave out.
var ccaipBodies = map[string]string{
	"chat_end_user_missing_identifier.json": `{"name":"Anna Verdi"}`,
	"message_chat_ended.json":               `{"from_user_id":555,"message":{"type":"text","content":"Hello?"}}`,
}

// ccaipSetup puts the chat in the state a recording implies; every other
// recording but the creation implies the human agent the seed's chat has.
var ccaipSetup = map[string]func(*ccaiptest.Server, int64) error{
	"chat_create.json":        func(*ccaiptest.Server, int64) error { return nil },
	"chat_resume.json":        func(s *ccaiptest.Server, chat int64) error { return s.SetStatus(chat, "dismissed") },
	"message_chat_ended.json": func(s *ccaiptest.Server, chat int64) error { return s.SetStatus(chat, "finished") },
}

// TestCCAIP replays every ccaip recording against a fake seeded with the
// data the recording implies, one fake per recording.
func TestCCAIP(t *testing.T) {
	var cases []Case
	for _, ex := range fixture.Glob(t, "../../testdata/ccaip/*.json") {
		name := filepath.Base(ex.File())
		srv, chat, ids := newCCAIPWorld(t, ccaipOptions[name]...)
		setup, ok := ccaipSetup[name]
		if !ok {
			setup = func(s *ccaiptest.Server, chat int64) error { _, err := s.AgentJoins(chat, "Maria Rossi"); return err }
		}
		require.NoError(t, setup(srv, chat), name)
		c := Case{Exchange: ex, Base: srv.URL(), Replace: ids,
			Header: map[string]string{"Authorization": "Basic YWNtZTp0ZXN0LXRva2Vu", "Content-Type": "application/json"}}
		if body, ok := ccaipBodies[name]; ok {
			c.Body = []byte(body)
		}
		cases = append(cases, c)
	}
	Check(t, ccaip, ccaipAllow, cases...)
}
