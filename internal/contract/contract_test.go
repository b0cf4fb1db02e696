package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/anycom/anycomtest"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

// stringField is an ErrorCode that reads the string field key of an
// error body.
func stringField(key string) func(body any) string {
	return func(body any) string {
		m, _ := body.(map[string]any)
		s, _ := m[key].(string)
		return s
	}
}

func decode(t *testing.T, s string) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(s), &v), s)
	return v
}

func TestShape(t *testing.T) {
	want := decode(t, `{"id":1,"name":"a","tags":["x"],"chat":{"group":{"id":14}},"option":null,
		"list":[{"type":"whatsapp","id":9},{"type":"livechat"}]}`)
	same := `{"id":2,"name":"b","tags":["y","z"],"chat":{"group":{"id":1}},"option":"anything",
		"list":[{"type":"livechat"},{"type":"whatsapp","id":1}]}`
	assert.Empty(t, Shape(want, decode(t, same)))

	cases := map[string]struct{ got, problem string }{
		"a type":            {strings.Replace(same, `"id":2`, `"id":"2"`, 1), "$.id: string, want number"},
		"a nested type":     {strings.Replace(same, `"group":{"id":1}`, `"group":{"id":true}`, 1), "$.chat.group.id: bool, want number"},
		"a missing key":     {strings.Replace(same, `"name":"b",`, ``, 1), "$.name: missing, want string"},
		"an extra key":      {strings.Replace(same, `"name":"b",`, `"name":"b","extra":1,`, 1), "$.extra: not in the recording (number)"},
		"null for a value":  {strings.Replace(same, `"name":"b"`, `"name":null`, 1), "$.name: null, want string"},
		"an empty list":     {strings.Replace(same, `["y","z"]`, `[]`, 1), "$.tags: empty list, want entries like the recording's"},
		"an entry's type":   {strings.Replace(same, `["y","z"]`, `["y",3]`, 1), "$.tags[1]: number, want string"},
		"an unknown entry":  {strings.Replace(same, `{"type":"livechat"},`, `{"kind":"livechat"},`, 1), "$.list[0].kind: not in the recording (string)"},
		"a list for object": {strings.Replace(same, `"chat":{"group":{"id":1}}`, `"chat":[]`, 1), "$.chat: list, want object"},
	}
	for name, tc := range cases {
		problems := Shape(want, decode(t, tc.got))
		assert.Contains(t, problems, tc.problem, name)
	}
	assert.Empty(t, Shape(decode(t, `[]`), decode(t, `[1,"a"]`)), "an empty recorded list says nothing about entries")

	events := decode(t, `[{"event":"status","state":"queued"},{"event":"message","msg":"hi"}]`)
	assert.Empty(t, ShapeByKind(events, decode(t, `[{"event":"message","msg":"x"},{"event":"typing","party_id":"p"}]`), "event"),
		"an entry is compared with its own kind; a kind the recording lacks is not compared")
	assert.Equal(t, []string{"$[0].msg: number, want string"},
		ShapeByKind(events, decode(t, `[{"event":"message","msg":1}]`), "event"))
	assert.Equal(t, []string{"$[0].msg: missing, want string", "$[0].state: not in the recording (string)"},
		ShapeByKind(events, decode(t, `[{"event":"message","state":"x"}]`), "event"),
		"not excused by another kind's keys")
	assert.Empty(t, Shape(nil, decode(t, `{"a":1}`)), "a recorded null matches anything")
}

func TestCompare(t *testing.T) {
	text := "plain"
	rec := fixture.Response{Status: 412, Body: json.RawMessage(`{"status":412,"result":"Precondition Failed."}`)}
	assert.Empty(t, Compare(anycom, rec, Answer{Status: 412, Body: []byte(`{"status":412,"result":"other text"}`)}))

	problems := Compare(anycom, rec, Answer{Status: 200, Body: []byte(`{"status":200,"result":"ok"}`)})
	assert.Equal(t, []string{"status 200, want 4xx (recorded 412)", `error code "", want "412"`}, problems)

	problems = Compare(anycom, rec, Answer{Status: 404, Body: []byte(`{"status":404,"result":"Invalid method."}`)})
	assert.Equal(t, []string{`error code "404", want "412"`}, problems, "the same class with another code")

	problems = Compare(anycom, rec, Answer{Status: 412, Body: []byte(`<html>`)})
	assert.Equal(t, []string{`body is not JSON: "<html>"`}, problems)

	problems = Compare(anycom, fixture.Response{Status: 204}, Answer{Status: 200, Body: []byte(`{"events":[]}`)})
	assert.Equal(t, []string{`recorded no body, got "{\"events\":[]}"`}, problems)

	empty := ""
	problems = Compare(anycom, fixture.Response{Status: 404, BodyText: &empty}, Answer{Status: 404, Body: []byte(`{"status":404}`)})
	assert.Equal(t, []string{`recorded no body, got "{\"status\":404}"`, `error code "404", want ""`}, problems)

	assert.Empty(t, Compare(anycom, fixture.Response{Status: 200, BodyText: &text}, Answer{Status: 200, Body: []byte("other")}),
		"a non-JSON recording is compared by status only")
}

// breakingProxy stands in front of a fake and rewrites its answers.
func breakingProxy(t *testing.T, target string, rewrite func([]byte) []byte) string {
	t.Helper()
	u, err := url.Parse(target)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(u)
	proxy.ModifyResponse = func(resp *http.Response) error {
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		resp.Body.Close()
		body = rewrite(body)
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Del("Content-Length")
		return nil
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestBrokenFakeFails: a fake whose answer drifts from the recording in
// any of the compared ways makes the contract fail.
func TestBrokenFakeFails(t *testing.T) {
	ex := fixture.Load(t, "../../testdata/anycom/chan_show_header_auth.json")
	for name, tc := range map[string]struct {
		rewrite func([]byte) []byte
		problem string
	}{
		"a renamed key": {func(b []byte) []byte { return bytes.ReplaceAll(b, []byte(`"user_name"`), []byte(`"username"`)) },
			"shape $.result[0].user_name: missing, want string"},
		"a number as a string": {func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"customer":12002`), []byte(`"customer":"12002"`), 1)
		},
			"shape $.result[0].customer: string, want number"},
		"an empty list": {func([]byte) []byte { return []byte(`{"status":200,"result":[]}`) },
			"shape $.result: empty list, want entries like the recording's"},
		"an error": {func([]byte) []byte { return []byte(`{"status":412,"result":"Precondition Failed."}`) },
			`error code "412", want ""`},
	} {
		t.Run(name, func(t *testing.T) {
			srv := anycomtest.NewServer()
			defer srv.Close()
			c := Case{Exchange: ex, Base: breakingProxy(t, srv.URL(), tc.rewrite)}
			assert.Contains(t, Run(anycom, c), tc.problem)

			var rec recorder
			Check(&rec, anycom, nil, c)
			assert.NotEmpty(t, rec.errors, "Check fails the test")
		})
	}
}

func TestAllowList(t *testing.T) {
	ex := fixture.Load(t, "../../testdata/anycom/status.json")
	srv := anycomtest.NewServer()
	defer srv.Close()
	broken := Case{Exchange: ex, Base: breakingProxy(t, srv.URL(), func(b []byte) []byte {
		return bytes.ReplaceAll(b, []byte(`"seen"`), []byte(`"seen_at"`))
	})}

	var rec recorder
	Check(&rec, anycom, []Allow{{Fixture: "status.json", Problem: "seen", Reason: "a test"}}, broken)
	assert.Empty(t, rec.errors, "an allowed difference passes")

	rec = recorder{}
	Check(&rec, anycom, []Allow{{Fixture: "status.json", Problem: "seen"}}, broken)
	assert.Equal(t, []string{`allow entry status.json "seen" has no reason`}, rec.errors)

	rec = recorder{}
	Check(&rec, anycom, []Allow{{Fixture: "status.json", Problem: "seen", Reason: "fixed since"}}, Case{Exchange: ex, Base: srv.URL()})
	assert.Equal(t, []string{`allow entry status.json "seen" matched nothing: remove it`}, rec.errors)
}

// recorder is a testing.TB that keeps the errors reported to it.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
