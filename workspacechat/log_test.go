package workspacechat_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/fixture"
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
		workspacechat.WithLogger(fixture.DebugLogger(&buf)))
	require.NoError(t, err)
	_, err = c.GetChat(context.Background(), "0b7e1c2a-3d4f-4a5b-8c6d-7e8f9a0b1c2d")
	require.Error(t, err)

	attempts := fixture.LogRecords(t, &buf, "workspacechat http attempt")
	require.Len(t, attempts, 1)
	assert.Equal(t, "GET api/v1/chats/{chatId}", attempts[0]["operation"])
	assert.Contains(t, attempts[0]["url"], "/api/v1/chats/0b7e1c2a-3d4f-4a5b-8c6d-7e8f9a0b1c2d")
	failed := fixture.LogRecords(t, &buf, "workspacechat call failed")
	require.Len(t, failed, 1)
	assert.Equal(t, "WARN", failed[0]["level"])
	assert.NotContains(t, buf.String(), testKey)
}
