package workspacechat_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/workspacechat"
)

// TestLogRecords: the records name the path template, not the id; an
// answer that does not decode is the call's final failure, logged at Warn
// once.
func TestLogRecords(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":`))
	}))
	defer ts.Close()
	var buf bytes.Buffer
	c, err := workspacechat.NewClient(testKey, workspacechat.WithBaseURL(ts.URL),
		workspacechat.WithLogger(debugLogger(&buf)))
	require.NoError(t, err)
	_, err = c.GetChat(context.Background(), "0b7e1c2a-3d4f-4a5b-8c6d-7e8f9a0b1c2d")
	require.Error(t, err)

	attempts := logRecords(t, &buf, "workspacechat http attempt")
	require.Len(t, attempts, 1)
	assert.Equal(t, "GET api/v1/chats/{chatId}", attempts[0]["operation"])
	assert.Contains(t, attempts[0]["url"], "/api/v1/chats/0b7e1c2a-3d4f-4a5b-8c6d-7e8f9a0b1c2d")
	failed := logRecords(t, &buf, "workspacechat call failed")
	require.Len(t, failed, 1)
	assert.Equal(t, "WARN", failed[0]["level"])
	assert.NotContains(t, buf.String(), testKey)
}

// logRecord is one JSON log record.
type logRecord map[string]any

// logRecords parses the JSON lines in buf, keeping those with message msg.
func logRecords(t *testing.T, buf *bytes.Buffer, msg string) []logRecord {
	t.Helper()
	var out []logRecord
	dec := json.NewDecoder(bytes.NewReader(buf.Bytes()))
	for dec.More() {
		var r logRecord
		require.NoError(t, dec.Decode(&r))
		if r["msg"] == msg {
			out = append(out, r)
		}
	}
	return out
}

// debugLogger logs JSON records at every level from Debug up to buf.
func debugLogger(buf *bytes.Buffer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
