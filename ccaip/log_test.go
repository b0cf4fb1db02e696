package ccaip_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

// TestLogRecords: the records name the path template, not the id; a final
// failure is logged at Warn once.
func TestLogRecords(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"message":"Chat not found"}`))
	}))
	defer ts.Close()
	var buf bytes.Buffer
	c, err := ccaip.NewClient("acme.example.com", "secret-token", ccaip.WithBaseURL(ts.URL),
		ccaip.WithLogger(fixture.DebugLogger(&buf)), ccaip.WithRateLimiter(nil))
	require.NoError(t, err)
	_, err = c.GetChat(context.Background(), 4242)
	require.ErrorIs(t, err, ccaip.ErrNotFound)

	attempts := fixture.LogRecords(t, &buf, "ccaip http attempt")
	require.Len(t, attempts, 1)
	assert.Equal(t, "GET chats/{chatId}", attempts[0]["operation"])
	assert.Contains(t, attempts[0]["url"], "/apps/api/v1/chats/4242")
	assert.Empty(t, fixture.LogRecords(t, &buf, "ccaip http give up"), "a 404 is an answer, not a failure to retry")
	failed := fixture.LogRecords(t, &buf, "ccaip call failed")
	require.Len(t, failed, 1)
	assert.Equal(t, "WARN", failed[0]["level"])
	assert.Contains(t, failed[0]["error"], "Chat not found")
	assert.NotContains(t, buf.String(), "secret-token")
}
