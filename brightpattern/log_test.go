package brightpattern_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

// TestLogRecords: the records name the path template; a poll answered
// with 5511 (no events) is no failure worth a Warn; a call that fails
// after its retries logs its waits, its give-up and one Warn.
func TestLogRecords(t *testing.T) {
	var n atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/clientweb/api/v1/chats/c-1/events" {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error_code":"5511","error_message":"No events"}`))
			return
		}
		n.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer ts.Close()
	var buf bytes.Buffer
	c, err := brightpattern.NewClient("acme.example.com", "secret-app-id", "client", brightpattern.WithBaseURL(ts.URL),
		brightpattern.WithLogger(fixture.DebugLogger(&buf)), brightpattern.WithMaxRetries(1),
		brightpattern.WithRetryWait(time.Millisecond, time.Millisecond))
	require.NoError(t, err)

	events, err := c.PollEvents(context.Background(), "c-1")
	require.NoError(t, err)
	assert.Empty(t, events)
	failed := fixture.LogRecords(t, &buf, "brightpattern call failed")
	require.Len(t, failed, 1)
	assert.Equal(t, "DEBUG", failed[0]["level"], "no events is an ordinary answer")
	assert.Equal(t, "GET chats/{chatId}/events", failed[0]["operation"])

	_, err = c.Availability(context.Background())
	require.Error(t, err)
	assert.EqualValues(t, 2, n.Load())
	waits := fixture.LogRecords(t, &buf, "brightpattern http retry wait")
	require.Len(t, waits, 1)
	assert.Equal(t, "GET availability", waits[0]["operation"])
	assert.Equal(t, "503 Service Unavailable", waits[0]["reason"])
	gaveUp := fixture.LogRecords(t, &buf, "brightpattern http give up")
	require.Len(t, gaveUp, 1)
	assert.Equal(t, "no retries left after 2 attempts", gaveUp[0]["reason"])
	failed = fixture.LogRecords(t, &buf, "brightpattern call failed")
	require.Len(t, failed, 2)
	assert.Equal(t, "WARN", failed[1]["level"])
	assert.Equal(t, "GET availability", failed[1]["operation"])
	assert.NotContains(t, buf.String(), "secret-app-id")
}
