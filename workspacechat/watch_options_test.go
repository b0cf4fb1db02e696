package workspacechat_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/conformance"
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
	conformance.GaveUp(t, errs, int(requests.Load()), 3, conformance.ErrorAs[*workspacechat.Error])
}

func TestWatchOptionsRefused(t *testing.T) {
	c, requests := downServer(t)
	refuse := func(name, arg string, opt workspacechat.WatchOption) conformance.Refusal {
		return conformance.Refuse(name, arg, func(ctx context.Context) error { return fixture.OnlyErr(c.WatchChats(ctx, opt)) })
	}
	conformance.Refusals(t, "workspacechat", workspacechat.ErrInvalidArgument, func() int { return int(requests.Load()) }, nil, []conformance.Refusal{
		refuse("negative interval", "WatchInterval", workspacechat.WatchInterval(-time.Second)),
		refuse("zero give-up", "WatchGiveUpAfter", workspacechat.WatchGiveUpAfter(0)),
		refuse("zero wait", "WatchRetryWait", workspacechat.WatchRetryWait(0, time.Second)),
		refuse("min above max", "WatchRetryWait", workspacechat.WatchRetryWait(2*time.Second, time.Second)),
		refuse("negative overlap", "WatchOverlap", workspacechat.WatchOverlap(-time.Second)),
		refuse("page size", "PageSize", workspacechat.WatchFilter(workspacechat.ChatFilter{PageSize: 1000})),
	})
}
