package anycom

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/internal/httpcore"
	"github.com/switchboard-go/switchboard/internal/longpoll"
)

// DefaultWatchInterval is the polling interval of a watcher given none.
const DefaultWatchInterval = 5 * time.Second

// AwaitingChangeKind says what happened to a customer in the chat queue.
type AwaitingChangeKind string

// Awaiting queue changes.
const (
	// AwaitingStarted: the customer started waiting (or was waiting when
	// the watch began).
	AwaitingStarted AwaitingChangeKind = "started"
	// AwaitingLeft: the customer left the queue (accepted, closed, gone).
	AwaitingLeft AwaitingChangeKind = "left"
)

// AwaitingChange is one change of the chat queue.
type AwaitingChange struct {
	Kind AwaitingChangeKind
	// Customer is the customer as last seen.
	Customer AwaitingCustomer
	// At is when the poll that saw the change was answered.
	At time.Time
}

// AttendantChangeKind says what happened to an attendant.
type AttendantChangeKind string

// Attendant changes.
const (
	// AttendantOnline: the attendant came online (or was online when the
	// watch began).
	AttendantOnline AttendantChangeKind = "online"
	// AttendantOffline: the attendant went offline.
	AttendantOffline AttendantChangeKind = "offline"
)

// AttendantChange is one attendant coming online or going offline.
type AttendantChange struct {
	Kind AttendantChangeKind
	// Attendant is the attendant as last seen.
	Attendant Attendant
	// At is when the poll that saw the change was answered.
	At time.Time
}

// StatusChangeKind says what changed on a channel.
type StatusChangeKind string

// Channel status changes.
const (
	// StatusUp: the channel went UP (or was UP when the watch began).
	StatusUp StatusChangeKind = "up"
	// StatusDown: the channel went DOWN (or was DOWN when the watch began).
	StatusDown StatusChangeKind = "down"
	// StatusOther: the channel moved to a status other than UP or DOWN.
	StatusOther StatusChangeKind = "other"
	// StatusClients: the channel's client or chat count changed.
	StatusClients StatusChangeKind = "clients"
	// StatusRemoved: the channel is no longer listed.
	StatusRemoved StatusChangeKind = "removed"
)

// StatusChange is one change of a channel's status.
type StatusChange struct {
	Kind StatusChangeKind
	// Channel is the channel as now seen (as last seen, when removed).
	Channel ChannelStatus
	// Previous is the channel as seen by the poll before; zero for a
	// channel seen for the first time.
	Previous ChannelStatus
	// At is when the poll that saw the change was answered.
	At time.Time
}

// WatchAwaiting polls the chat queue every interval (when zero, the
// client's [WithWatchInterval], by default [DefaultWatchInterval]) and
// yields a change for each customer who starts waiting or leaves the
// queue. The first poll reports the customers already waiting. Failed
// polls are retried with backoff; the iterator yields an error once
// and stops when the failure is not transient or persists, and stops
// cleanly when the loop breaks or ctx ends (yielding ctx's error).
//
// POST {"group": "chat", "cmd": "show", "args": {"target": "awaiting"}} per
// poll — read-only: retried on connection errors, 429, 502, 503 and 504.
func (s *ChatService) WatchAwaiting(ctx context.Context, interval time.Duration) iter.Seq2[AwaitingChange, error] {
	return watch(ctx, s.c.interval(interval), s.Awaiting, AwaitingCustomer.key,
		func(prev, cur *AwaitingCustomer, at time.Time) []AwaitingChange {
			switch {
			case prev == nil:
				return []AwaitingChange{{Kind: AwaitingStarted, Customer: *cur, At: at}}
			case cur == nil:
				return []AwaitingChange{{Kind: AwaitingLeft, Customer: *prev, At: at}}
			}
			return nil
		})
}

// WatchAttendants polls the online attendants every interval (when zero,
// the client's [WithWatchInterval]) and yields a change for each attendant
// who comes online or goes offline. The first poll reports the attendants
// already online. Errors and stopping are as for [ChatService.WatchAwaiting].
//
// POST {"group": "chat", "cmd": "show", "args": {"target": "user"}} per poll
// — read-only: retried on connection errors, 429, 502, 503 and 504.
func (s *ChatService) WatchAttendants(ctx context.Context, interval time.Duration) iter.Seq2[AttendantChange, error] {
	return watch(ctx, s.c.interval(interval), s.Attendants, func(a Attendant) string { return a.ChatUser },
		func(prev, cur *Attendant, at time.Time) []AttendantChange {
			switch {
			case prev == nil:
				return []AttendantChange{{Kind: AttendantOnline, Attendant: *cur, At: at}}
			case cur == nil:
				return []AttendantChange{{Kind: AttendantOffline, Attendant: *prev, At: at}}
			}
			return nil
		})
}

// WatchStatus polls the channel status every interval (when zero, the
// client's [WithWatchInterval]) and yields a change when a channel goes
// UP or DOWN, when its client or chat count changes, and when it is no
// longer listed. The first poll reports each channel's status. Errors and
// stopping are as for [ChatService.WatchAwaiting].
//
// POST {"group": "status", "cmd": ""} per poll — read-only: retried on
// connection errors, 429, 502, 503 and 504.
func (c *Client) WatchStatus(ctx context.Context, interval time.Duration) iter.Seq2[StatusChange, error] {
	return watch(ctx, c.interval(interval), c.Status, ChannelStatus.key,
		func(prev, cur *ChannelStatus, at time.Time) []StatusChange {
			if cur == nil {
				return []StatusChange{{Kind: StatusRemoved, Channel: *prev, Previous: *prev, At: at}}
			}
			var was ChannelStatus
			if prev != nil {
				was = *prev
			}
			var out []StatusChange
			if prev == nil || prev.Status != cur.Status {
				kind := StatusOther
				switch cur.Status {
				case ChannelUp:
					kind = StatusUp
				case ChannelDown:
					kind = StatusDown
				}
				out = append(out, StatusChange{Kind: kind, Channel: *cur, Previous: was, At: at})
			}
			if prev != nil && (prev.Clients != cur.Clients || prev.Chats != cur.Chats) {
				out = append(out, StatusChange{Kind: StatusClients, Channel: *cur, Previous: was, At: at})
			}
			return out
		})
}

// interval is the watchers' polling interval: d, or the client's default.
func (c *Client) interval(d time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return c.watchInterval
}

// watch is the engine behind the watchers: it fetches a snapshot every
// interval, matches entries by key with the previous snapshot, and yields
// what diff makes of each pair (prev nil: new entry; cur nil: gone).
func watch[T any, K comparable, C any](
	ctx context.Context,
	interval time.Duration,
	fetch func(context.Context) ([]T, error),
	key func(T) K,
	diff func(prev, cur *T, at time.Time) []C,
) iter.Seq2[C, error] {
	return func(yield func(C, error) bool) {
		var prev []T
		poll := func(ctx context.Context) (longpoll.Batch[C], error) {
			cur, err := fetch(ctx)
			if err != nil {
				return longpoll.Batch[C]{}, err
			}
			at := time.Now()
			var changes []C
			seen := make(map[K]*T, len(prev))
			for i := range prev {
				seen[key(prev[i])] = &prev[i]
			}
			now := make(map[K]bool, len(cur))
			for i := range cur {
				k := key(cur[i])
				if now[k] {
					continue // a duplicate entry says nothing new
				}
				now[k] = true
				changes = append(changes, diff(seen[k], &cur[i], at)...)
			}
			for i := range prev {
				if !now[key(prev[i])] {
					changes = append(changes, diff(&prev[i], nil, at)...)
				}
			}
			prev = cur
			return longpoll.Batch[C]{Items: changes}, nil
		}
		longpoll.Seq(ctx, longpoll.Config[C]{
			Poll:     poll,
			Classify: classifyPollError,
			WaitMin:  interval,
			WaitMax:  8 * interval,
			Interval: interval,
		})(yield)
	}
}

// classifyPollError retries a watcher's poll after a transport failure, a
// 429 or a 5xx; anything else ends the watch.
func classifyPollError(err error) longpoll.Failure {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return longpoll.Failure{}
	}
	var te *httpcore.TransportError
	if errors.As(err, &te) {
		return longpoll.Failure{Retry: true}
	}
	var e *Error
	if errors.As(err, &e) && (e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500) {
		return longpoll.Failure{Retry: true, After: e.RetryAfter}
	}
	return longpoll.Failure{}
}
