package workspacechat_test

import (
	"bytes"
	"context"
	"net/http"
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
	ts, _ := fixture.Answer(t, http.StatusOK, `{"id":`)
	var buf bytes.Buffer
	c, err := workspacechat.NewClient(testKey, workspacechat.WithBaseURL(ts.URL),
		workspacechat.WithLogger(fixture.DebugLogger(&buf)))
	require.NoError(t, err)
	_, err = c.GetChat(context.Background(), "0b7e1c2a-3d4f-4a5b-8c6d-7e8f9a0b1c2d")
	require.Error(t, err)

	fixture.RequireLog(t, &buf, "workspacechat http attempt", fixture.LogRecord{
		"operation": "GET api/v1/chats/{chatId}", "url": fixture.Containing("/api/v1/chats/0b7e1c2a-3d4f-4a5b-8c6d-7e8f9a0b1c2d"),
	})
	fixture.RequireLog(t, &buf, "workspacechat call failed", fixture.LogRecord{"level": "WARN"})
	assert.NotContains(t, buf.String(), testKey)
}
