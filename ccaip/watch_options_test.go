package ccaip_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/internal/conformance"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

// downServer answers every request with a 503 and counts them.
func downServer(t *testing.T, interval time.Duration) (*ccaip.Client, *atomic.Int32) {
	t.Helper()
	ts, requests := fixture.Down(t, `{"message":"down"}`)
	return watchClient(t, ts, interval), requests
}

func TestWatchGiveUpAfter(t *testing.T) {
	// An interval of an hour: only the retry wait lets the watch give up in time.
	c, requests := downServer(t, time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var errs []error
	// The caller's call.MaxRetries does not make a poll go out more than once.
	for _, err := range c.WatchChat(ctx, 7, ccaip.WatchGiveUpAfter(3),
		ccaip.WatchRetryWait(time.Microsecond, time.Millisecond), ccaip.WatchCall(call.MaxRetries(5))) {
		errs = append(errs, err)
	}
	conformance.GaveUp(t, errs, int(requests.Load()), 3, conformance.ErrorAs[*ccaip.Error])
}

func TestWatchIntervalOverridesTheClients(t *testing.T) {
	var polls atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		status := "assigned"
		if polls.Add(1) == 3 {
			status = "finished"
		}
		_, _ = w.Write([]byte(`{"id":7,"status":"` + status + `"}`))
	}))
	defer ts.Close()
	c := watchClient(t, ts, time.Hour) // at the client's interval, the second poll would not come in time
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var got []ccaip.ChatStatus
	for ch, err := range c.WatchChat(ctx, 7, ccaip.WatchInterval(time.Millisecond)) {
		require.NoError(t, err)
		got = append(got, ch.Chat.Status)
	}
	assert.Equal(t, []ccaip.ChatStatus{"assigned", "finished"}, got)
}

func TestWatchOptionsRefused(t *testing.T) {
	c, requests := downServer(t, time.Millisecond)
	refuse := func(name, arg string, opt ccaip.WatchOption) conformance.Refusal {
		return conformance.Refuse(name, arg, func(ctx context.Context) error { return fixture.OnlyErr(c.WatchChat(ctx, 7, opt)) })
	}
	conformance.Refusals(t, "ccaip", ccaip.ErrInvalidArgument, func() int { return int(requests.Load()) }, nil, []conformance.Refusal{
		refuse("negative interval", "WatchInterval", ccaip.WatchInterval(-time.Second)),
		refuse("zero give-up", "WatchGiveUpAfter", ccaip.WatchGiveUpAfter(0)),
		refuse("zero wait", "WatchRetryWait", ccaip.WatchRetryWait(0, time.Second)),
		refuse("min above max", "WatchRetryWait", ccaip.WatchRetryWait(2*time.Second, time.Second)),
	})
}
