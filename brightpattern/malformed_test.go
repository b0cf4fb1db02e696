package brightpattern

import (
	"context"
	"errors"
	"flag"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/fixture"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

var (
	malformedSeed   = flag.Uint64("malformed.seed", 0, "seed of TestMalformedAnswersProperty (0: from the clock)")
	malformedRounds = flag.Int("malformed.rounds", 150, "corrupted answers per call in TestMalformedAnswersProperty")
)

// malformedAppID is a credential the error must not show.
const malformedAppID = "malformed-app-5e1f"

// TestMalformedAnswers answers every call that decodes a body with a 2xx
// body it cannot use, and checks that the error is the core's DecodeError
// with the request's method, redacted URL and the body, matching
// ErrMalformedResponse, and no *Error.
func TestMalformedAnswers(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		v2     bool
		method string
		path   string
		body   string
		call   func(c *Client) error
	}{
		{name: "availability", method: "GET", path: "availability", body: `{"chat":["available"]}`,
			call: func(c *Client) error { _, err := c.Availability(ctx); return err }},
		{name: "parameters", method: "GET", path: "parameters", body: `{"parameters":{"first_name":"FIRST_NAME"}}`,
			call: func(c *Client) error { _, err := c.ExpectedParameters(ctx); return err }},
		{name: "request chat, not JSON", method: "POST", path: "chats", body: `<html>busy</html>`,
			call: func(c *Client) error { _, err := c.RequestChat(ctx, nil); return err }},
		{name: "request chat, no chat id", method: "POST", path: "chats", body: `{"state":"queued","is_new_chat":true}`,
			call: func(c *Client) error { _, err := c.RequestChat(ctx, nil); return err }},
		{name: "request chat, empty", method: "POST", path: "chats", body: ``,
			call: func(c *Client) error { _, err := c.RequestChat(ctx, nil); return err }},
		{name: "active chat, empty chat id", method: "GET", path: "chats/active", body: `{"chat_id":"","state":"queued"}`,
			call: func(c *Client) error { _, err := c.ActiveChat(ctx); return err }},
		{name: "history", method: "GET", path: "chats/" + fixtureChat + "/history", body: `{"events":{"event":"chat_session_ended"}}`,
			call: func(c *Client) error { _, err := c.History(ctx, fixtureChat); return err }},
		{name: "history, truncated", method: "GET", path: "chats/" + fixtureChat + "/history", body: `{"events":[{"event":"chat_ses`,
			call: func(c *Client) error { _, err := c.History(ctx, fixtureChat); return err }},
		{name: "case history", v2: true, method: "GET", path: "chats/" + fixtureChat + "/casehistory", body: `{"sessions":"none"}`,
			call: func(c *Client) error { _, err := c.CaseHistory(ctx, fixtureChat); return err }},
		{name: "ICE servers", method: "GET", path: "iceservers", body: `{"servers":1}`,
			call: func(c *Client) error { _, err := c.ICEServers(ctx, ""); return err }},
		{name: "ICE servers, not encrypted with the chat id", method: "GET", path: "iceservers", body: `"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"`,
			call: func(c *Client) error { _, err := c.ICEServers(ctx, fixtureChat); return err }},
		{name: "widget configuration", method: "GET", path: "configuration", body: `{"widgets":{"name":"Support"}}`,
			call: func(c *Client) error { _, err := c.WidgetConfiguration(ctx); return err }},
		{name: "version", v2: true, method: "GET", path: "version", body: `{"server_version":{"major":5}}`,
			call: func(c *Client) error { _, err := c.Version(ctx); return err }},
		{name: "version, none", v2: true, method: "GET", path: "version", body: `{}`,
			call: func(c *Client) error { _, err := c.Version(ctx); return err }},
		{name: "upload, not JSON", method: "POST", path: "files", body: `[`,
			call: func(c *Client) error {
				_, err := c.UploadFile(ctx, &Upload{Name: "a.txt", Content: strings.NewReader("a")})
				return err
			}},
		{name: "upload, no file id", method: "POST", path: "files", body: `{"file_name":"a.txt"}`,
			call: func(c *Client) error {
				_, err := c.UploadFile(ctx, &Upload{Name: "a.txt", Content: strings.NewReader("a")})
				return err
			}},
		{name: "SMS chat", method: "POST", path: "requestsms", body: `{"sms_error_code":"none"}`,
			call: func(c *Client) error { return c.RequestSMSChat(ctx, &SMSRequest{PhoneNumber: "3001"}) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mt, hc := fixture.NewTransport()
			mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
				resp := httpmock.NewStringResponse(http.StatusOK, tc.body)
				resp.Header.Set("Content-Type", "application/json")
				return resp, nil
			})
			version := 1
			if tc.v2 {
				version = 2
			}
			c, err := NewClient("acme.example.com", malformedAppID, "client-1", WithHTTPClient(hc), WithAPIVersion(version),
				WithRetryWait(time.Millisecond, time.Millisecond))
			require.NoError(t, err)

			err = tc.call(c)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrMalformedResponse)
			var de *httpcore.DecodeError
			require.ErrorAs(t, err, &de, "%v", err)
			assert.Equal(t, tc.method, de.Method)
			assert.Equal(t, http.StatusOK, de.StatusCode)
			assert.Contains(t, de.URL, "/clientweb/api/v"+string(rune('0'+version))+"/"+tc.path+"?")
			assert.Contains(t, de.URL, "tenantUrl=acme.example.com")
			assert.Equal(t, tc.body, string(de.Body))
			assert.NotContains(t, err.Error(), malformedAppID)
			var e *Error
			assert.False(t, errors.As(err, &e), "a 2xx answer is no *Error")
			assert.Equal(t, 1, mt.GetTotalCallCount(), "a malformed answer is not retried")
		})
	}
}

// TestICEServersEncryptedWithoutChat: an encrypted answer to a call made
// without a chat id is the caller's omission, not a malformed answer.
func TestICEServersEncryptedWithoutChat(t *testing.T) {
	mt, hc := fixture.NewTransport()
	mt.RegisterNoResponder(httpmock.NewStringResponder(http.StatusOK, `"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"`))
	c, err := NewClient("acme.example.com", "app", "client-1", WithHTTPClient(hc))
	require.NoError(t, err)
	_, err = c.ICEServers(context.Background(), "")
	require.ErrorIs(t, err, errICENeedsChat)
	assert.NotErrorIs(t, err, ErrMalformedResponse)
}

// TestToleratedBodies: the bodies the calls accept as they are, so that the
// tolerance above stays deliberate: the seed's "..." element among the
// parameters, an empty configuration, an empty case history.
func TestToleratedBodies(t *testing.T) {
	ctx := context.Background()
	answer := func(body string, v int) *Client {
		mt, hc := fixture.NewTransport()
		mt.RegisterNoResponder(httpmock.NewStringResponder(http.StatusOK, body))
		c, err := NewClient("acme.example.com", "app", "client-1", WithHTTPClient(hc), WithAPIVersion(v))
		require.NoError(t, err)
		return c
	}
	ps, err := answer(`{"parameters":[{"email":"EMAIL"},"..."]}`, 1).ExpectedParameters(ctx)
	require.NoError(t, err)
	assert.Equal(t, []Parameter{{"email", ParamEmail}}, ps)
	cfg, err := answer(``, 1).WidgetConfiguration(ctx)
	require.NoError(t, err)
	assert.Empty(t, cfg.Widgets)
	sessions, err := answer(` `, 2).CaseHistory(ctx, fixtureChat)
	require.NoError(t, err)
	assert.Empty(t, sessions)
}

// TestMalformedAnswersProperty cuts and corrupts valid answers of every call
// that decodes a body at seeded random places: each answer gives the call's
// result, an *SMSError (a corrupted sms_error_code may read as a refusal),
// or the core's DecodeError carrying that body. Never another error, never
// a panic. A failure prints its seed; -malformed.seed replays it, and
// -malformed.rounds runs more rounds per call.
func TestMalformedAnswersProperty(t *testing.T) {
	seed := *malformedSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	rounds := *malformedRounds
	if testing.Short() {
		rounds = min(rounds, 20)
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	ctx := context.Background()
	upload := func(c *Client) error {
		_, err := c.UploadFile(ctx, &Upload{Name: "a.txt", Content: strings.NewReader("a")})
		return err
	}
	calls := []struct {
		name string
		v2   bool
		body string
		call func(c *Client) error
	}{
		{"availability", false, `{"chat":"available","ewt":"3"}`, func(c *Client) error { _, err := c.Availability(ctx); return err }},
		{"parameters", false, `{"parameters":[{"first_name":"FIRST_NAME"},{"email":"EMAIL"},"..."]}`,
			func(c *Client) error { _, err := c.ExpectedParameters(ctx); return err }},
		{"request chat", false, `{"state":"ivr","ewt":"0","chat_id":"d6c1adc2-385b-42e5-9e0a-1883c2bc5f81","is_new_chat":true}`,
			func(c *Client) error { _, err := c.RequestChat(ctx, nil); return err }},
		{"active chat", false, `{"chat_id":"d6c1adc2","state":"connected","ewt":"0","phone_number":"16508888888"}`,
			func(c *Client) error { _, err := c.ActiveChat(ctx); return err }},
		{"history", false, `{"events":[{"event":"chat_session_status","ewt":"","state":"queued"},` +
			`{"event":"chat_session_message","msg":"Hi","msg_id":"0","party_id":"P","timestamp":"1614718748"}]}`,
			func(c *Client) error { _, err := c.History(ctx, fixtureChat); return err }},
		{"case history", true, `{"sessions":[{"chat_id":"1a2b","created_time":1614718000,"events":[{"event":"chat_session_ended"}]}]}`,
			func(c *Client) error { _, err := c.CaseHistory(ctx, fixtureChat); return err }},
		{"ICE servers", false, `{"servers":[{"url":"stun:s.example.com"},{"urls":["turn:t"],"username":"u","credential":"c"}]}`,
			func(c *Client) error { _, err := c.ICEServers(ctx, fixtureChat); return err }},
		{"configuration", false, `{"widgets":[{"name":"S","urls":["u"],"definition":{"contact_tab":{"enabled":true,"font":{"family":"Arial"}}},` +
			`"styles":{"style1":{"baseFont":{"color":""}}}}]}`,
			func(c *Client) error { _, err := c.WidgetConfiguration(ctx); return err }},
		{"version", true, `{"server_version":"5.5.6.12345 (Stable)"}`, func(c *Client) error { _, err := c.Version(ctx); return err }},
		{"upload", false, `{"file_id":"6fdadd52","file_name":"a.txt"}`, upload},
		{"SMS chat", false, `{"sms_error_code":0,"error_message":""}`,
			func(c *Client) error { return c.RequestSMSChat(ctx, &SMSRequest{PhoneNumber: "3001"}) }},
	}
	const junk = `{}[]",:0a-x `
	corrupt := func(body string) string {
		b := []byte(body)
		if rng.IntN(2) == 0 { // cut off
			return string(b[:rng.IntN(len(b))])
		}
		for range 1 + rng.IntN(3) { // a few bytes replaced
			b[rng.IntN(len(b))] = junk[rng.IntN(len(junk))]
		}
		return string(b)
	}
	for _, tc := range calls {
		for i := range rounds {
			body := corrupt(tc.body)
			mt, hc := fixture.NewTransport()
			mt.RegisterNoResponder(httpmock.NewStringResponder(http.StatusOK, body))
			v := 1
			if tc.v2 {
				v = 2
			}
			c, err := NewClient("acme.example.com", malformedAppID, "client-1", WithHTTPClient(hc), WithAPIVersion(v))
			require.NoError(t, err)
			err = tc.call(c)
			if err == nil {
				continue
			}
			var se *SMSError
			if errors.As(err, &se) {
				continue
			}
			var de *httpcore.DecodeError
			if !errors.As(err, &de) || !errors.Is(err, ErrMalformedResponse) || string(de.Body) != body {
				t.Fatalf("seed %d, %s round %d: body %q gave %T %v", seed, tc.name, i, body, err, err)
			}
		}
	}
}
