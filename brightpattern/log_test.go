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
	// No events is an ordinary answer: logged at Debug.
	polled := fixture.LogRecord{"level": "DEBUG", "operation": "GET chats/{chatId}/events"}
	fixture.RequireLog(t, &buf, "brightpattern call failed", polled)

	_, err = c.Availability(context.Background())
	require.Error(t, err)
	assert.EqualValues(t, 2, n.Load())
	fixture.RequireLog(t, &buf, "brightpattern http retry wait",
		fixture.LogRecord{"operation": "GET availability", "reason": "503 Service Unavailable"})
	fixture.RequireLog(t, &buf, "brightpattern http give up", fixture.LogRecord{"reason": "no retries left after 2 attempts"})
	fixture.RequireLog(t, &buf, "brightpattern call failed", polled, fixture.LogRecord{"level": "WARN", "operation": "GET availability"})
	assert.NotContains(t, buf.String(), "secret-app-id")
}
