package anycom_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/anycom/anycomtest"
)

const tick = 2 * time.Millisecond

func TestWatchAwaiting(t *testing.T) {
	srv, c := newFake(t)
	srv.Enqueue("whatsapp", 9, "5511@c.us", "Ana", 14, "Invoice")
	ctx := ctxFor(t)

	var got []string
	step := 0
	for ch, err := range c.Chat.WatchAwaiting(ctx, anycom.WatchInterval(tick)) {
		require.NoError(t, err)
		got = append(got, string(ch.Kind)+" "+ch.Customer.Channel.UserID)
		assert.False(t, ch.At.IsZero())
		step++
		switch step {
		case 1:
			assert.Equal(t, "Invoice", ch.Customer.Chat.Subject)
			srv.Enqueue("whatsapp", 9, "5522@c.us", "Bia", 14, "")
		case 2:
			require.True(t, srv.AcceptNext("maxbauer"))
		}
		if step == 3 {
			break
		}
	}
	assert.Equal(t, []string{"started 5511@c.us", "started 5522@c.us", "left 5511@c.us"}, got)
}

func TestWatchAttendants(t *testing.T) {
	srv, c := newFake(t)
	ctx := ctxFor(t)

	var got []string
	for ch, err := range c.Chat.WatchAttendants(ctx, anycom.WatchInterval(tick)) {
		require.NoError(t, err)
		got = append(got, string(ch.Kind)+" "+ch.Attendant.ChatUser)
		switch len(got) {
		case 1:
			srv.AddAttendant(anycomtest.Attendant{User: "ana", Name: "Ana", Group: 14, Online: true})
		case 2:
			srv.SetAttendantOnline("maxbauer", false)
		}
		if len(got) == 3 {
			break
		}
	}
	assert.Equal(t, []string{"online maxbauer", "online ana", "offline maxbauer"}, got)
}

func TestWatchStatus(t *testing.T) {
	srv, c := newFake(t)
	ctx := ctxFor(t)

	var got []string
	for ch, err := range c.WatchStatus(ctx, anycom.WatchInterval(tick)) {
		require.NoError(t, err)
		got = append(got, string(ch.Kind)+" "+string(ch.Channel.Channel.Type))
		switch len(got) {
		case 4:
			srv.SetChannelStatus("whatsapp", 9, "DOWN")
		case 5:
			assert.Equal(t, anycom.ChannelUp, ch.Previous.Status)
			srv.Enqueue("whatsapp", 1, "5511@c.us", "Ana", 14, "")
		}
		if len(got) == 7 {
			break
		}
	}
	// The initial four, whatsapp 9 going down, then a new customer on
	// whatsapp 1 that the livechat channel counts too.
	assert.Equal(t, []string{"up whatsapp", "up whatsapp", "up livechat", "up liveflow",
		"down whatsapp", "clients whatsapp", "clients livechat"}, got)
}

// TestWatchSurvivesFaults: transient failures are retried, a refusal ends
// the watch with one error.
func TestWatchSurvivesFaults(t *testing.T) {
	srv, c := newFake(t, anycom.WithMaxRetries(-1))
	srv.InjectFault(anycomtest.Fault{Status: 503, Times: 2})
	ctx := ctxFor(t)
	for ch, err := range c.Chat.WatchAttendants(ctx, anycom.WatchInterval(tick)) {
		require.NoError(t, err)
		assert.Equal(t, anycom.AttendantOnline, ch.Kind)
		break
	}

	bad := clientFor(t, srv, "wrong-key", anycomtest.DefaultAuthUser)
	var errs []error
	for _, err := range bad.Chat.WatchAwaiting(ctx, anycom.WatchInterval(tick)) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], anycom.ErrUnauthorized)
}

func TestWatchStopsOnCancel(t *testing.T) {
	_, c := newFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var last error
	n := 0
	for ch, err := range c.WatchStatus(ctx, anycom.WatchInterval(tick)) {
		if err != nil {
			last = err
			break
		}
		n++
		if ch.Kind == anycom.StatusUp && n == 4 {
			cancel()
		}
	}
	assert.ErrorIs(t, last, context.Canceled)
}

func TestWithWatchIntervalIsTheWatchersDefault(t *testing.T) {
	srv, c := newFake(t, anycom.WithWatchInterval(tick))
	srv.Enqueue("whatsapp", 9, "5511@c.us", "Ana", 14, "Invoice")
	// At the package default of 5 s the second change could not arrive in time.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	var got []string
	for ch, err := range c.Chat.WatchAwaiting(ctx) {
		require.NoError(t, err)
		got = append(got, string(ch.Kind)+" "+ch.Customer.Channel.UserID)
		if len(got) == 1 {
			srv.Enqueue("whatsapp", 9, "5522@c.us", "Bia", 14, "")
			continue
		}
		break
	}
	assert.Equal(t, []string{"started 5511@c.us", "started 5522@c.us"}, got)

	_, err := anycom.NewClient(anycomtest.DefaultAuthKey, anycomtest.DefaultAuthUser, anycom.WithWatchInterval(-time.Second))
	assert.ErrorContains(t, err, "watch interval")
}
