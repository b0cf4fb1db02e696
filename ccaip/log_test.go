package ccaip_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

// TestLogRecords: the records name the path template, not the id; a final
// failure is logged at Warn once.
func TestLogRecords(t *testing.T) {
	ts, _ := fixture.Answer(t, http.StatusNotFound, `{"message":"Chat not found"}`)
	var buf bytes.Buffer
	c, err := ccaip.NewClient("acme.example.com", "secret-token", ccaip.WithBaseURL(ts.URL),
		ccaip.WithLogger(fixture.DebugLogger(&buf)), ccaip.WithRateLimiter(nil))
	require.NoError(t, err)
	_, err = c.GetChat(context.Background(), 4242)
	require.ErrorIs(t, err, ccaip.ErrNotFound)

	fixture.RequireLog(t, &buf, "ccaip http attempt",
		fixture.LogRecord{"operation": "GET chats/{chatId}", "url": fixture.Containing("/apps/api/v1/chats/4242")})
	// A 404 is an answer, not a failure to retry: no give-up.
	fixture.RequireLog(t, &buf, "ccaip http give up")
	fixture.RequireLog(t, &buf, "ccaip call failed", fixture.LogRecord{"level": "WARN", "error": fixture.Containing("Chat not found")})
	assert.NotContains(t, buf.String(), "secret-token")
}
