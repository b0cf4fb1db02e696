package httpcore

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder is a slog.Handler that keeps every record, at every level.
type recorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.records = append(r.records, rec)
	return nil
}
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }

// seen is one record: its level, message and attributes as text.
type seen struct {
	level slog.Level
	msg   string
	attrs map[string]string
}

func (r *recorder) all() []seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]seen, 0, len(r.records))
	for _, rec := range r.records {
		s := seen{level: rec.Level, msg: rec.Message, attrs: map[string]string{}}
		rec.Attrs(func(a slog.Attr) bool { s.attrs[a.Key] = a.Value.String(); return true })
		out = append(out, s)
	}
	return out
}

// only returns the records with message msg.
func (r *recorder) only(msg string) []seen {
	var out []seen
	for _, s := range r.all() {
		if s.msg == msg {
			out = append(out, s)
		}
	}
	return out
}

// one requires exactly one record with message msg and returns it.
func (r *recorder) one(t *testing.T, msg string) seen {
	t.Helper()
	got := r.only(msg)
	require.Len(t, got, 1, "records %q", msg)
	return got[0]
}

func recordingClient(t *testing.T, base string, mutate ...func(*Config)) (*Client, *recorder) {
	rec := &recorder{}
	return newTestClient(t, base, append([]func(*Config){func(cfg *Config) { cfg.Logger = slog.New(rec) }}, mutate...)...), rec
}

func TestLogNamesTheOperation(t *testing.T) {
	srv := serve(t, statusSequence(200))
	c, rec := recordingClient(t, srv.URL)
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "chats/{id}", PathParams: []string{"7"}, Safety: Idempotent}, nil)
	require.NoError(t, err)
	_, err = c.Do(context.Background(), &Request{Operation: "chat show", Method: "POST", Path: "/", Safety: Idempotent}, nil)
	require.NoError(t, err)
	attempts := rec.only("test http attempt")
	require.Len(t, attempts, 2)
	assert.Equal(t, "GET chats/{id}", attempts[0].attrs["operation"], "the path template, not the id")
	assert.Equal(t, srv.URL+"/chats/7", attempts[0].attrs["url"])
	assert.Equal(t, "chat show", attempts[1].attrs["operation"])
	assert.Empty(t, rec.only("test call failed"), "a success logs no failure")
}

func TestLogRetryWaitsGiveUpAndOneFinalWarn(t *testing.T) {
	srv := serve(t, statusSequence(503))
	c, rec := recordingClient(t, srv.URL, func(cfg *Config) { cfg.SetMaxRetries(2) })
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "chats", Safety: Idempotent}, nil)
	require.Error(t, err)

	waits := rec.only("test http retry wait")
	require.Len(t, waits, 2, "one wait before each retry")
	for i, w := range waits {
		assert.Equal(t, slog.LevelDebug, w.level)
		assert.Equal(t, "GET chats", w.attrs["operation"])
		assert.Equal(t, "503 Service Unavailable", w.attrs["reason"])
		assert.Equal(t, []string{"1", "2"}[i], w.attrs["attempt"])
		d, perr := time.ParseDuration(w.attrs["wait"])
		require.NoError(t, perr)
		assert.LessOrEqual(t, d, 5*time.Millisecond)
	}
	gaveUp := rec.one(t, "test http give up")
	assert.Equal(t, slog.LevelDebug, gaveUp.level)
	assert.Equal(t, "no retries left after 3 attempts", gaveUp.attrs["reason"])

	failed := rec.one(t, "test call failed") // the final failure, once
	assert.Equal(t, slog.LevelWarn, failed.level)
	assert.Equal(t, "3", failed.attrs["attempts"])
	assert.Equal(t, err.Error(), failed.attrs["error"])
}

func TestLogGiveUpReasons(t *testing.T) {
	t.Run("unsafe after the request may have reached the server", func(t *testing.T) {
		srv := serve(t, statusSequence(503))
		c, rec := recordingClient(t, srv.URL)
		_, err := c.Do(context.Background(), &Request{Method: "POST", Path: "messages", Safety: Unsafe}, nil)
		require.Error(t, err)
		gaveUp := rec.one(t, "test http give up")
		assert.Contains(t, gaveUp.attrs["reason"], "not retry-safe")
		assert.Len(t, rec.only("test call failed"), 1)
	})
	t.Run("a wait past the deadline", func(t *testing.T) {
		srv := serve(t, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "5")
			w.WriteHeader(http.StatusTooManyRequests)
		})
		c, rec := recordingClient(t, srv.URL, func(cfg *Config) { cfg.RetryWaitMax = 10 * time.Second })
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, err := c.Do(ctx, &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
		require.Error(t, err)
		gaveUp := rec.one(t, "test http give up")
		assert.Equal(t, "a wait of 5s would outlast the context deadline", gaveUp.attrs["reason"])
	})
	t.Run("a final answer is no give-up", func(t *testing.T) {
		srv := serve(t, statusSequence(404))
		c, rec := recordingClient(t, srv.URL)
		_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
		require.Error(t, err)
		assert.Empty(t, rec.only("test http give up"))
		assert.Empty(t, rec.only("test http retry wait"))
		assert.Equal(t, slog.LevelWarn, rec.one(t, "test call failed").level)
	})
}

func TestLogFinalFailureLevel(t *testing.T) {
	t.Run("the caller's context ended: Debug", func(t *testing.T) {
		release := make(chan struct{})
		srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-release:
			}
		})
		defer close(release)
		c, rec := recordingClient(t, srv.URL)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := c.Do(ctx, &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
		require.Error(t, err)
		assert.Equal(t, slog.LevelDebug, rec.one(t, "test call failed").level)
	})
	t.Run("an expected answer: Debug", func(t *testing.T) {
		srv := serve(t, statusSequence(400))
		c, rec := recordingClient(t, srv.URL, func(cfg *Config) {
			cfg.ExpectedError = func(err error) bool {
				var se *statusError
				return errors.As(err, &se) && se.StatusCode == http.StatusBadRequest
			}
		})
		_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
		require.Error(t, err)
		assert.Equal(t, slog.LevelDebug, rec.one(t, "test call failed").level)
	})
	t.Run("an undecodable answer: Warn, once", func(t *testing.T) {
		srv := serve(t, func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(`{"n":`)) })
		c, rec := recordingClient(t, srv.URL)
		var out struct{ N int }
		_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, &out)
		require.Error(t, err)
		assert.Equal(t, slog.LevelWarn, rec.one(t, "test call failed").level)
	})
	t.Run("a 2xx the vendor reads as a failure: Warn, once", func(t *testing.T) {
		srv := serve(t, statusSequence(200))
		c, rec := recordingClient(t, srv.URL)
		_, resp, err := c.DoRaw(context.Background(), &Request{Operation: "chat show", Method: "POST", Path: "/", Safety: Idempotent})
		require.NoError(t, err)
		vendorErr := errors.New("test: POST /: envelope status 500")
		assert.Same(t, vendorErr, resp.Failed(context.Background(), vendorErr))
		failed := rec.one(t, "test call failed")
		assert.Equal(t, slog.LevelWarn, failed.level)
		assert.Equal(t, "chat show", failed.attrs["operation"])
	})
}

func TestLogRecordsHoldNoSecret(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"message":"bad key ` + r.Header.Get("X-Api-Key") + `"}`))
	})
	c, rec := recordingClient(t, srv.URL, func(cfg *Config) {
		cfg.SecretQuery = []string{"token"}
		cfg.Authenticate = func(r *http.Request) error { r.Header.Set("X-Api-Key", secretKey); return nil }
		cfg.Secrets = []string{secretKey}
	})
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent,
		Query: url.Values{"token": {secretToken}}}, nil)
	require.Error(t, err)
	records := rec.all()
	require.NotEmpty(t, records)
	for _, r := range records {
		for k, v := range r.attrs {
			assert.False(t, strings.Contains(v, secretKey) || strings.Contains(v, secretToken), "%s %s=%s", r.msg, k, v)
			assert.NotContains(t, v, "bad key", "no body in %s %s", r.msg, k)
		}
	}
}
