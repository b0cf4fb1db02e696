package workspacechat_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/fixture"
	"github.com/switchboard-go/switchboard/workspacechat"
)

// downServer answers every request with a 503 and counts them.
func downServer(t *testing.T) (*workspacechat.Client, *atomic.Int32) {
	t.Helper()
	ts, requests := fixture.Down(t, `{"message":"down"}`)
	return watchClientOf(t, ts), requests
}

func TestWatchGiveUpAfter(t *testing.T) {
	c, requests := downServer(t)
	// An interval of an hour: only the retry wait lets the watch give up in time.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var errs []error
	// The caller's call.MaxRetries does not make a poll go out more than once.
	for _, err := range c.WatchChats(ctx, workspacechat.WatchInterval(time.Hour), workspacechat.WatchGiveUpAfter(3),
		workspacechat.WatchRetryWait(time.Microsecond, time.Millisecond), workspacechat.WatchCall(call.MaxRetries(5))) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], workspacechat.ErrServerError)
	assert.EqualValues(t, 3, requests.Load())
	var e *workspacechat.Error
	require.ErrorAs(t, errs[0], &e)
	assert.Equal(t, 3, e.Attempts)
}

func TestWatchOptionsRefused(t *testing.T) {
	c, requests := downServer(t)
	for name, opt := range map[string]workspacechat.WatchOption{
		"negative interval": workspacechat.WatchInterval(-time.Second),
		"zero give-up":      workspacechat.WatchGiveUpAfter(0),
		"zero wait":         workspacechat.WatchRetryWait(0, time.Second),
		"min above max":     workspacechat.WatchRetryWait(2*time.Second, time.Second),
		"negative overlap":  workspacechat.WatchOverlap(-time.Second),
		"page size":         workspacechat.WatchFilter(workspacechat.ChatFilter{PageSize: 1000}),
	} {
		var errs []error
		for _, err := range c.WatchChats(context.Background(), opt) {
			errs = append(errs, err)
		}
		require.Len(t, errs, 1, name)
		assert.ErrorIs(t, errs[0], workspacechat.ErrInvalidArgument, name)
		assert.Contains(t, errs[0].Error(), "workspacechat: ", name)
	}
	assert.Zero(t, requests.Load(), "refused before any request")
}
