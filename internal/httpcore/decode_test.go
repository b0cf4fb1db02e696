package httpcore

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func respond(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

type chat struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func TestDecodeIgnoresUnknownKeys(t *testing.T) {
	srv := serve(t, respond(200, `{"id":"c1","name":"n","added_later":{"x":[1,2]}}`))
	var out chat
	_, err := newTestClient(t, srv.URL).Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, &out)
	require.NoError(t, err)
	assert.Equal(t, chat{"c1", "n"}, out)
}

func TestEmptyBodiesDecodeToZero(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
	}{{200, ""}, {204, ""}, {200, "  \n"}} {
		srv := serve(t, respond(tc.status, tc.body))
		out := chat{}
		resp, err := newTestClient(t, srv.URL).Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, &out)
		require.NoError(t, err)
		assert.Equal(t, tc.status, resp.StatusCode)
		assert.Zero(t, out)
	}
}

func TestMalformedJSONIsADecodeError(t *testing.T) {
	srv := serve(t, respond(200, `{"id": 12`))
	var out chat
	_, err := newTestClient(t, srv.URL).Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, &out)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, 200, de.StatusCode)
	assert.Equal(t, `{"id": 12`, string(de.Body))
}

func TestResponseSizeCap(t *testing.T) {
	srv := serve(t, respond(200, `{"id":"`+strings.Repeat("a", 2000)+`"}`))
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxResponseBytes = 1000 })
	var out chat
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, &out)
	require.ErrorIs(t, err, ErrResponseTooLarge)
	_, _, err = c.DoRaw(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent})
	require.ErrorIs(t, err, ErrResponseTooLarge)

	ok := newTestClient(t, srv.URL, func(cfg *Config) { cfg.MaxResponseBytes = 3000 })
	_, err = ok.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, &out)
	require.NoError(t, err)
}

// vendorError stands for a vendor package's own error type.
type vendorError struct {
	status  int
	code    string
	message string
}

func (e *vendorError) Error() string { return e.code + ": " + e.message }

func TestDecodeErrorHook(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "2")
		w.WriteHeader(429)
		_, _ = w.Write([]byte(`{"error_code":5509,"error_message":"too many polls"}`))
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.SetMaxRetries(0)
		cfg.DecodeError = func(r *ErrorResponse) error {
			assert.Equal(t, "GET", r.Method)
			assert.Equal(t, 1, r.Attempts)
			assert.Equal(t, 2e9, float64(r.RetryAfter))
			assert.Contains(t, r.URL, "/events")
			return &vendorError{r.StatusCode, "5509", string(r.Body)}
		}
	})
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "events", Safety: Idempotent}, nil)
	var ve *vendorError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, 429, ve.status)
	assert.Contains(t, ve.message, "too many polls")
}

func TestStatusSentinels(t *testing.T) {
	cases := map[int]error{404: ErrNotFound, 401: ErrUnauthorized, 403: ErrUnauthorized, 429: ErrRateLimited,
		400: ErrInvalidRequest, 412: ErrInvalidRequest, 500: ErrServerError, 503: ErrServerError, 302: nil}
	for status, want := range cases {
		assert.Equal(t, want, StatusSentinel(status), status)
	}
	srv := serve(t, respond(404, `{}`))
	_, err := newTestClient(t, srv.URL).Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
	assert.ErrorIs(t, err, ErrNotFound)
}
