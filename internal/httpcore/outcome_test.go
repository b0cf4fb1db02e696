package httpcore

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sendMessage(c *Client, timeout time.Duration) error {
	_, err := c.Do(context.Background(), &Request{Method: "POST", Path: "messages", JSON: map[string]string{"text": "hi"}, Timeout: timeout}, nil)
	return err
}

func TestUnsafeRetriedAfter429(t *testing.T) {
	srv := serve(t, statusSequence(429, 429, 200))
	c := newTestClient(t, srv.URL)
	resp, err := c.Do(context.Background(), &Request{Method: "POST", Path: "messages", JSON: map[string]string{"text": "hi"}}, nil)
	require.NoError(t, err, "a 429 was not processed, so even a send is sent again")
	assert.Equal(t, 3, resp.Attempts)
	assert.EqualValues(t, 3, srv.hits.Load())
}

func TestOutcomeUnknownOnAmbiguousFailures(t *testing.T) {
	cases := map[string]http.HandlerFunc{
		"502": statusSequence(502),
		"503": statusSequence(503),
		"504": statusSequence(504),
		"connection dropped after the request": func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
		},
		"answer cut off": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"id":`))
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
		},
		"timeout after writing": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
		},
	}
	for name, h := range cases {
		t.Run(name, func(t *testing.T) {
			srv := serve(t, h)
			c := newTestClient(t, srv.URL)
			err := sendMessage(c, 100*time.Millisecond)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrOutcomeUnknown)
			assert.EqualValues(t, 1, srv.hits.Load(), "an ambiguous send is never resent")
		})
	}
}

func TestOutcomeKnownOnCertainFailures(t *testing.T) {
	for _, code := range []int{400, 401, 403, 404, 409, 412, 422, 429} {
		srv := serve(t, statusSequence(code))
		c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.SetMaxRetries(1) })
		err := sendMessage(c, 0)
		require.Error(t, err, code)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown, "HTTP %d refused the request", code)
	}

	t.Run("dial refused", func(t *testing.T) {
		srv := serve(t, statusSequence(200))
		hc, _ := flakyDialer(t, srv.Listener.Addr().String(), 100)
		c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.HTTPClient = hc })
		err := sendMessage(c, 0)
		require.Error(t, err)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown)
		assert.Zero(t, srv.hits.Load())
	})
	t.Run("DNS failure", func(t *testing.T) {
		tr := &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "chat.invalid", IsNotFound: true}}
		}}
		c := newTestClient(t, "http://127.0.0.1:1", func(cfg *Config) { cfg.HTTPClient = &http.Client{Transport: tr} })
		err := sendMessage(c, 0)
		require.Error(t, err)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	})
	t.Run("TLS handshake failure", func(t *testing.T) {
		srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			t.Error("the request must not reach the handler")
		}))
		t.Cleanup(srv.Close)
		srv.Config.ErrorLog = nil
		c := newTestClient(t, srv.URL) // the client does not trust the test certificate
		err := sendMessage(c, 0)
		require.Error(t, err)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	})
	t.Run("idempotent calls are not sends", func(t *testing.T) {
		srv := serve(t, statusSequence(503))
		c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.SetMaxRetries(0) })
		_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
		require.Error(t, err)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	})
}

func TestOutcomeUnknownReachesTheVendorError(t *testing.T) {
	srv := serve(t, statusSequence(502))
	var got *ErrorResponse
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.DecodeError = func(r *ErrorResponse) error { got = r; return errors.New("vendor error") }
	})
	require.Error(t, sendMessage(c, 0))
	require.NotNil(t, got)
	assert.True(t, got.OutcomeUnknown)
}
