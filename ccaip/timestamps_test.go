package ccaip_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
)

// An unexpected timestamp layout never fails the call: what a layout reads
// is read, and the rest is kept as text.
func TestFixtureChatGetUnusualTimes(t *testing.T) {
	c := replayClient(t, "chat_get_unusual_times")
	chat, err := c.GetChat(context.Background(), 4242)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 10, 23, 10, 20, 30, 0, time.UTC), chat.CreatedAt.UTC())
	assert.Equal(t, time.Date(2024, 10, 23, 11, 20, 30, 0, time.UTC), chat.EndsAt.UTC())
	assert.True(t, chat.TimeoutAt.IsZero())
	assert.Equal(t, map[string]string{"timeout_at": "in half an hour"}, chat.RawTimes)
	assert.Equal(t, int64(4242), chat.ID)
	assert.Equal(t, "Maria Rossi", chat.Agent.Name)
}

// GetChat and WatchChat read a chat whose timestamps are in unexpected
// layouts without failing.
func TestWatchChatUnusualTimestamps(t *testing.T) {
	var polls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		status := "assigned"
		if polls.Add(1) > 1 {
			status = "finished"
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"id":5,"status":%q,"created_at":"2024-01-02 15:04:05 UTC",`+
			`"ends_at":"2024-01-02 09:04:05 -0700","timeout_at":"half past never","agent":{"id":1,"name":"Ann"}}`, status)
	}))
	defer srv.Close()
	c, err := ccaip.NewClient(ccaiptest.DefaultHost, "tok", ccaip.WithBaseURL(srv.URL), ccaip.WithRateLimiter(nil),
		ccaip.WithWatchInterval(time.Millisecond))
	require.NoError(t, err)
	var statuses []ccaip.ChatStatus
	for ch, err := range c.WatchChat(context.Background(), 5) {
		require.NoError(t, err)
		if ch.Kind == ccaip.ChangeStatus {
			statuses = append(statuses, ch.Chat.Status)
			assert.Equal(t, time.Date(2024, 1, 2, 15, 4, 5, 0, time.UTC), ch.Chat.CreatedAt.UTC())
			assert.Equal(t, time.Date(2024, 1, 2, 16, 4, 5, 0, time.UTC), ch.Chat.EndsAt.UTC())
			assert.Equal(t, map[string]string{"timeout_at": "half past never"}, ch.Chat.RawTimes)
		}
	}
	assert.Equal(t, []ccaip.ChatStatus{ccaip.ChatAssigned, ccaip.ChatFinished}, statuses)
}
