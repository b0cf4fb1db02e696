package anycom_test

import (
	"context"
	"iter"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/anycom/anycomtest"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

const tick = 2 * time.Millisecond

// firstChanges collects the labels of a watch's first n changes and fails
// the test on an error. After each change, step is called with its number
// (from 1) and the change: the test checks it and scripts the fake's next
// move there.
func firstChanges[T any](t *testing.T, watch iter.Seq2[T, error], n int, label func(T) string, step func(i int, ch T)) []string {
	t.Helper()
	var got []string
	for ch, err := range watch {
		require.NoError(t, err)
		got = append(got, label(ch))
		step(len(got), ch)
		if len(got) == n {
			break
		}
	}
	return got
}

func awaitingLabel(ch anycom.AwaitingChange) string {
	return string(ch.Kind) + " " + ch.Customer.Channel.UserID
}

func TestWatchAwaiting(t *testing.T) {
	srv, c := newFake(t)
	srv.Enqueue("whatsapp", 9, "5511@c.us", "Ana", 14, "Invoice")
	got := firstChanges(t, c.Chat.WatchAwaiting(fixture.Context(t), anycom.WatchInterval(tick)), 3, awaitingLabel,
		func(i int, ch anycom.AwaitingChange) {
			assert.False(t, ch.At.IsZero())
			switch i {
			case 1:
				assert.Equal(t, "Invoice", ch.Customer.Chat.Subject)
				srv.Enqueue("whatsapp", 9, "5522@c.us", "Bia", 14, "")
			case 2:
				require.True(t, srv.AcceptNext("maxbauer"))
			}
		})
	assert.Equal(t, []string{"started 5511@c.us", "started 5522@c.us", "left 5511@c.us"}, got)
}

func TestWatchAttendants(t *testing.T) {
	srv, c := newFake(t)
	got := firstChanges(t, c.Chat.WatchAttendants(fixture.Context(t), anycom.WatchInterval(tick)), 3,
		func(ch anycom.AttendantChange) string { return string(ch.Kind) + " " + ch.Attendant.ChatUser },
		func(i int, _ anycom.AttendantChange) {
			switch i {
			case 1:
				srv.AddAttendant(anycomtest.Attendant{User: "ana", Name: "Ana", Group: 14, Online: true})
			case 2:
				srv.SetAttendantOnline("maxbauer", false)
			}
		})
	assert.Equal(t, []string{"online maxbauer", "online ana", "offline maxbauer"}, got)
}

func TestWatchStatus(t *testing.T) {
	srv, c := newFake(t)
	got := firstChanges(t, c.WatchStatus(fixture.Context(t), anycom.WatchInterval(tick)), 7,
		func(ch anycom.StatusChange) string { return string(ch.Kind) + " " + string(ch.Channel.Channel.Type) },
		func(i int, ch anycom.StatusChange) {
			switch i {
			case 4:
				srv.SetChannelStatus("whatsapp", 9, "DOWN")
			case 5:
				assert.Equal(t, anycom.ChannelUp, ch.Previous.Status)
				srv.Enqueue("whatsapp", 1, "5511@c.us", "Ana", 14, "")
			}
		})
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
	ctx := fixture.Context(t)
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
	got := firstChanges(t, c.Chat.WatchAwaiting(ctx), 2, awaitingLabel, func(i int, _ anycom.AwaitingChange) {
		if i == 1 {
			srv.Enqueue("whatsapp", 9, "5522@c.us", "Bia", 14, "")
		}
	})
	assert.Equal(t, []string{"started 5511@c.us", "started 5522@c.us"}, got)

	_, err := anycom.NewClient(anycomtest.DefaultAuthKey, anycomtest.DefaultAuthUser, anycom.WithWatchInterval(-time.Second))
	assert.ErrorContains(t, err, "watch interval")
}
