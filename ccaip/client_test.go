package ccaip_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

func TestNewClientValidates(t *testing.T) {
	for name, tc := range map[string]struct {
		host, token string
		opts        []ccaip.Option
	}{
		"empty host":      {"", "t", nil},
		"host with http":  {"http://acme.uc1.ccaiplatform.com", "t", nil},
		"host with path":  {"acme.example.com/apps", "t", nil},
		"empty token":     {testHost, "", nil},
		"token with CRLF": {testHost, "t\r\nX: y", nil},
		"colon username":  {testHost, "t", []ccaip.Option{ccaip.WithUsername("a:b")}},
		"plain http":      {testHost, "t", []ccaip.Option{ccaip.WithBaseURL("http://api.example.com/apps/api/v1")}},
		"bad watch":       {testHost, "t", []ccaip.Option{ccaip.WithWatchInterval(-1)}},
		"bad retry wait":  {testHost, "t", []ccaip.Option{ccaip.WithRetryWait(10, 1)}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ccaip.NewClient(tc.host, tc.token, tc.opts...)
			require.Error(t, err)
			assert.NotContains(t, err.Error(), "t\r\n")
		})
	}
	_, err := ccaip.NewClient(testHost, "t", ccaip.WithBaseURL("http://api.example.com/apps/api/v1"), ccaip.WithInsecureHTTP())
	require.NoError(t, err)
}

func TestRequestShapeAndLogging(t *testing.T) {
	mt, hc := fixture.NewTransport()
	fixture.Replay(t, mt, fixture.Load(t, "../testdata/ccaip/chat_get.json"))
	var logs bytes.Buffer
	c, err := ccaip.NewClient(testHost, testToken, ccaip.WithHTTPClient(hc), ccaip.WithUserAgent("acme-bot/1.0"),
		ccaip.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	require.NoError(t, err)
	_, err = c.GetChat(context.Background(), 4242)
	require.NoError(t, err)
	assert.Contains(t, logs.String(), "/apps/api/v1/chats/4242")
	assert.NotContains(t, logs.String(), testToken)
	assert.NotContains(t, logs.String(), "YWNtZTp0ZXN0LXRva2Vu")
}

func TestMaxResponseBytes(t *testing.T) {
	mt, hc := fixture.NewTransport()
	fixture.Replay(t, mt, fixture.Load(t, "../testdata/ccaip/chat_get.json"))
	c, err := ccaip.NewClient(testHost, testToken, ccaip.WithHTTPClient(hc), ccaip.WithMaxResponseBytes(64))
	require.NoError(t, err)
	_, err = c.GetChat(context.Background(), 4242)
	require.ErrorContains(t, err, "size limit")
}

func TestErrorFormat(t *testing.T) {
	e := &ccaip.Error{StatusCode: 403, Code: "AccessDenied", Message: "Policy expired.", Method: http.MethodPost, URL: "https://s3/x", Attempts: 1}
	assert.Equal(t, "ccaip: POST https://s3/x: HTTP 403 AccessDenied: Policy expired.", e.Error())
	e.Attempts = 3
	assert.Contains(t, e.Error(), "(after 3 attempts)")
	assert.ErrorIs(t, e, ccaip.ErrUnauthorized)
	assert.NotErrorIs(t, e, ccaip.ErrNotFound)
	assert.NotErrorIs(t, e, ccaip.ErrSessionEnded)
}

func TestBaseURLWithoutAPathGetsTheAPIPath(t *testing.T) {
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":7,"status":"queued"}`))
	}))
	defer srv.Close()
	for _, base := range []string{srv.URL, srv.URL + "/", srv.URL + "/proxy/ccaip"} {
		c, err := ccaip.NewClient(testHost, testToken, ccaip.WithBaseURL(base))
		require.NoError(t, err)
		_, err = c.GetChat(context.Background(), 7)
		require.NoError(t, err, base)
	}
	assert.Equal(t, []string{"/apps/api/v1/chats/7", "/apps/api/v1/chats/7", "/proxy/ccaip/chats/7"}, paths)
}
