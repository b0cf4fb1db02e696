package httpcore

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// replayedPoll serves /poll by closing the connection of the first poll
// unanswered, as a server closing an idle keep-alive connection does, so
// that the transport sends it again; later polls are answered with status,
// every other path with 200. The client has a transport of its own: a GET
// to warm it up leaves the connection the first poll reuses. dropped tells
// whether the first poll came.
func replayedPoll(t *testing.T, status int) (c *Client, dropped *atomic.Bool) {
	t.Helper()
	dropped = new(atomic.Bool)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/poll" {
			_, _ = w.Write([]byte(`{}`))
			return
		}
		if dropped.CompareAndSwap(false, true) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				_ = conn.Close()
			}
			return
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return newTestClient(t, srv.URL, func(cfg *Config) { cfg.HTTPClient = &http.Client{Transport: tr} }), dropped
}

func TestResentWhenTheTransportReplaysAGet(t *testing.T) {
	c, dropped := replayedPoll(t, http.StatusOK)
	ctx := context.Background()

	warm, err := c.Do(ctx, &Request{Method: "GET", Path: "warm", Safety: Idempotent}, nil)
	require.NoError(t, err)
	assert.False(t, warm.Resent)

	none := 0
	resp, err := c.Do(ctx, &Request{Method: "GET", Path: "poll", Safety: Idempotent, MaxRetries: &none}, nil)
	require.NoError(t, err)
	assert.True(t, dropped.Load())
	assert.Equal(t, 1, resp.Attempts, "the replay happened inside one attempt")
	assert.True(t, resp.Resent, "the transport sent the poll twice")
}

// TestSendsCountsAReplayOfAFailedCall: Request.Sends tells a resend by the
// transport even when the call then fails, where no Response says Resent.
func TestSendsCountsAReplayOfAFailedCall(t *testing.T) {
	c, dropped := replayedPoll(t, http.StatusBadRequest)
	ctx := context.Background()

	var warm atomic.Int32
	_, err := c.Do(ctx, &Request{Method: "GET", Path: "warm", Safety: Idempotent, Sends: &warm}, nil)
	require.NoError(t, err)
	assert.EqualValues(t, 1, warm.Load())

	none := 0
	var sends atomic.Int32
	_, err = c.Do(ctx, &Request{Method: "GET", Path: "poll", Safety: Idempotent, MaxRetries: &none, Sends: &sends}, nil)
	require.Error(t, err)
	assert.True(t, dropped.Load())
	assert.EqualValues(t, 2, sends.Load(), "the transport sent the poll twice, then it failed")
}

func TestResponseDecodeErrorMatchesMalformed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"broken`))
	}))
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv.URL+"/?token=s3cret", func(cfg *Config) { cfg.SecretQuery = []string{"token"} })

	var out map[string]any
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, &out)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.ErrorIs(t, err, ErrMalformedResponse)
	assert.NotContains(t, err.Error(), "s3cret")

	body, resp, err := c.DoRaw(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent})
	require.NoError(t, err)
	hookErr := resp.DecodeError(body, errors.New("not an envelope"))
	require.ErrorAs(t, hookErr, &de)
	assert.Equal(t, "test", de.Vendor)
	assert.Equal(t, "GET", de.Method)
	assert.Equal(t, 200, de.StatusCode)
	assert.Equal(t, `{"broken`, string(de.Body))
	assert.NotContains(t, de.URL, "s3cret")
	assert.ErrorIs(t, hookErr, ErrMalformedResponse)
}

func TestFormatError(t *testing.T) {
	assert.Equal(t, "v: GET https://x/y: HTTP 404 5005: Chat session is not found",
		FormatError("v", "GET", "https://x/y", 404, "5005", "Chat session is not found", 1))
	assert.Equal(t, "v: POST https://x/y: HTTP 503: Service Unavailable (after 4 attempts)",
		FormatError("v", "POST", "https://x/y", 503, "", "", 4))
	assert.Equal(t, "v: GET u: HTTP 400: bad", FormatError("v", "GET", "u", 400, "", "bad", 0))
	assert.Equal(t, "v: GET u: HTTP 599", FormatError("v", "GET", "u", 599, "", "", 1))
}

func TestMaxRetriesNilMeansDefaultAndZeroMeansNone(t *testing.T) {
	var s Settings
	c, err := New(Config{Vendor: "v", Settings: Settings{BaseURL: "https://x/"}})
	require.NoError(t, err)
	assert.Equal(t, defaultMaxRetries, c.maxRetries)
	for n, want := range map[int]int{0: 0, -1: 0, 2: 2} {
		s.SetMaxRetries(n)
		c, err := New(Config{Vendor: "v", Settings: Settings{BaseURL: "https://x/", MaxRetries: s.MaxRetries}})
		require.NoError(t, err)
		assert.Equal(t, want, c.maxRetries, "SetMaxRetries(%d)", n)
	}
}
