package anycom_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/anycom/anycomtest"
	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/conformance"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

// downServer answers every request with a 503 and counts them.
func downServer(t *testing.T) (*anycom.Client, *atomic.Int32) {
	t.Helper()
	ts, requests := fixture.Down(t, `{"status":503,"result":"down"}`)
	return chaosClient(t, ts), requests
}

func TestWatchGiveUpAfter(t *testing.T) {
	c, requests := downServer(t)
	// An interval of an hour: only the retry wait lets the watch give up in time.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	errs := fixture.Errs(c.WatchStatus(ctx, anycom.WatchInterval(time.Hour),
		anycom.WatchGiveUpAfter(3), anycom.WatchRetryWait(time.Microsecond, time.Millisecond)))
	conformance.GaveUp(t, errs, int(requests.Load()), 3, conformance.ErrorAs[*anycom.Error])
}

// TestWatchCallPollsOnce checks that the caller's per-call options reach
// every poll while each poll still goes out once: the watcher's own
// send-once setting is merged with them, not put in their place.
func TestWatchCallPollsOnce(t *testing.T) {
	srv, c := newFake(t, anycom.WithMaxRetries(3), anycom.WithRetryWait(time.Microsecond, time.Millisecond))
	// Only a request with the caller's header fails; one without it would
	// be answered and the watch would yield changes instead of an error.
	srv.InjectFault(anycomtest.Fault{Status: 503, Body: `{"status":503,"result":"down"}`, Times: 100,
		Match: func(r *http.Request) bool { return r.Header.Get("X-Trace") == "t1" }})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var resp call.Response
	errs := fixture.Errs(c.Chat.WatchAwaiting(ctx, anycom.WatchGiveUpAfter(2), anycom.WatchRetryWait(time.Microsecond, time.Millisecond),
		anycom.WatchCall(call.Header("X-Trace", "t1"), call.MaxRetries(5), call.Timeout(5*time.Second), call.ResponseInto(&resp))))
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], anycom.ErrServerError)
	assert.Equal(t, 2, srv.Count(http.MethodPost, "/"), "two polls, each sent once")
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Equal(t, 1, resp.Attempts, "the last poll went out once")
}

func TestWatchOptionsRefused(t *testing.T) {
	c, requests := downServer(t)
	refuse := func(name, arg string, opt anycom.WatchOption) conformance.Refusal {
		return conformance.Refuse(name, arg, func(ctx context.Context) error { return fixture.OnlyErr(c.Chat.WatchAwaiting(ctx, opt)) })
	}
	conformance.Refusals(t, "anycom", anycom.ErrInvalidArgument, func() int { return int(requests.Load()) }, nil, []conformance.Refusal{
		refuse("negative interval", "WatchInterval", anycom.WatchInterval(-time.Second)),
		refuse("zero give-up", "WatchGiveUpAfter", anycom.WatchGiveUpAfter(0)),
		refuse("zero wait", "WatchRetryWait", anycom.WatchRetryWait(0, time.Second)),
		refuse("min above max", "WatchRetryWait", anycom.WatchRetryWait(2*time.Second, time.Second)),
		refuse("wrong snapshot", "WatchFrom", anycom.WatchFrom([]anycom.Attendant{{ChatUser: "ana"}})),
	})
}

func TestWatchFromAwaiting(t *testing.T) {
	srv, c := newFake(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Enqueue("whatsapp", 9, "5511@c.us", "Ana", 14, "")
	stored, err := c.Chat.Awaiting(ctx)
	require.NoError(t, err)
	require.Len(t, stored, 1)
	gone := anycom.AwaitingCustomer{Channel: anycom.Channel{Type: "whatsapp", ID: 9, UserID: "5599@c.us"}}
	stored = append(stored, gone) // stored, but no longer waiting
	srv.Enqueue("whatsapp", 9, "5522@c.us", "Bia", 14, "")

	var got []string
	for ch, err := range c.Chat.WatchAwaiting(ctx, anycom.WatchInterval(tick), anycom.WatchFrom(stored)) {
		require.NoError(t, err)
		got = append(got, string(ch.Kind)+" "+ch.Customer.Channel.UserID)
		if len(got) == 2 {
			break
		}
	}
	assert.ElementsMatch(t, []string{"started 5522@c.us", "left 5599@c.us"}, got, "Ana, stored, is not reported again")
}

func TestWatchFromAttendants(t *testing.T) {
	srv, c := newFake(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stored, err := c.Chat.Attendants(ctx)
	require.NoError(t, err)
	require.Len(t, stored, 1)
	srv.AddAttendant(anycomtest.Attendant{User: "ana", Name: "Ana", Group: 14, Online: true})

	for ch, err := range c.Chat.WatchAttendants(ctx, anycom.WatchInterval(tick), anycom.WatchFrom(stored)) {
		require.NoError(t, err)
		assert.Equal(t, anycom.AttendantOnline, ch.Kind)
		assert.Equal(t, "ana", ch.Attendant.ChatUser, "maxbauer, stored, is not reported again")
		break
	}
}

func TestWatchFromStatus(t *testing.T) {
	srv, c := newFake(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stored, err := c.Status(ctx)
	require.NoError(t, err)
	require.True(t, srv.SetChannelStatus("whatsapp", 9, "DOWN"))

	for ch, err := range c.WatchStatus(ctx, anycom.WatchInterval(tick), anycom.WatchFrom(stored)) {
		require.NoError(t, err)
		assert.Equal(t, anycom.StatusDown, ch.Kind, "the channels whose status is stored are not reported again")
		assert.Equal(t, int64(9), ch.Channel.Channel.ID)
		assert.Equal(t, anycom.ChannelUp, ch.Previous.Status)
		break
	}
}
