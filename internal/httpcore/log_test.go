package httpcore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	secretKey   = "sk-very-secret-key"
	secretToken = "tok-query-secret"
)

func TestOneDebugRecordPerAttempt(t *testing.T) {
	srv := serve(t, statusSequence(503, 200))
	var buf bytes.Buffer
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.Logger = slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "chats", Safety: Idempotent}, nil)
	require.NoError(t, err)

	var records []map[string]any
	dec := json.NewDecoder(&buf)
	for dec.More() {
		var rec map[string]any
		require.NoError(t, dec.Decode(&rec))
		if rec["msg"] == "test http attempt" {
			records = append(records, rec)
		}
	}
	require.Len(t, records, 2)
	for i, rec := range records {
		assert.Equal(t, "DEBUG", rec["level"])
		assert.Equal(t, "GET", rec["method"])
		assert.Equal(t, "GET chats", rec["operation"])
		assert.Equal(t, srv.URL+"/chats", rec["url"])
		assert.EqualValues(t, i+1, rec["attempt"])
		assert.Contains(t, rec, "duration")
	}
	assert.EqualValues(t, 503, records[0]["status"])
	assert.EqualValues(t, 200, records[1]["status"])
}

func TestLoggingOffByDefault(t *testing.T) {
	srv := serve(t, statusSequence(200))
	c := newTestClient(t, srv.URL)
	assert.Nil(t, c.logger)
	assert.Nil(t, c.retry.Logger, "retryablehttp's stderr logger stays off")
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
	require.NoError(t, err)
}

func TestSecretsNeverInLogsOrErrors(t *testing.T) {
	for _, status := range []int{200, 401, 503} {
		srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			// A server that echoes the credential back must not leak it either.
			_, _ = w.Write([]byte(`{"message":"bad key ` + r.Header.Get("X-Api-Key") + `"}`))
		})
		var logs bytes.Buffer
		c := newTestClient(t, srv.URL+"/base/", func(cfg *Config) {
			cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			cfg.SecretQuery = []string{"token"}
			cfg.Authenticate = func(r *http.Request) error {
				r.Header.Set("X-Api-Key", secretKey)
				return nil
			}
			cfg.SetMaxRetries(1)
			cfg.Secrets = []string{secretKey}
		})
		_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent,
			Query: url.Values{"token": {secretToken}, "page": {"1"}}}, nil)
		var all = logs.String()
		if err != nil {
			all += err.Error()
			var se *statusError
			if errors.As(err, &se) {
				all += string(se.Body) + se.URL
			}
		}
		assert.NotContains(t, all, secretKey, "status %d", status)
		assert.NotContains(t, all, secretToken, "status %d", status)
		assert.Contains(t, logs.String(), "token=REDACTED")
	}

	// Transport errors carry the URL too.
	c := newTestClient(t, "http://127.0.0.1:1/", func(cfg *Config) { cfg.SecretQuery = []string{"token"}; cfg.SetMaxRetries(0) })
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent, Query: url.Values{"token": {secretToken}}}, nil)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), secretToken)
}

func TestRedactUserInfo(t *testing.T) {
	c := newTestClient(t, "https://x/")
	assert.Equal(t, "https://REDACTED@x/p", c.Redact("https://user:pw@x/p"))
}
