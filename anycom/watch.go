package anycom

import (
	"context"
	"iter"
	"time"

	"github.com/switchboard-go/switchboard/internal/callopt"
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

// WatchAwaiting polls the chat queue every [WatchInterval] (by default the
// client's [WithWatchInterval], itself by default [DefaultWatchInterval])
// and yields a change for each customer who starts waiting or leaves the
// queue. The first poll reports the customers already waiting, or, with
// [WatchFrom], those that differ from the queue given.
//
// Each change is yielded once: every poll is compared with the previous
// answer, customers matched by channel type, channel ID and user ID (a
// customer listed twice counts once), so the changes yielded so far always
// add up to the last queue seen. A customer who joins and leaves between
// two polls is not seen. The watch keeps one snapshot of the queue.
//
// Polls go out once each, with no retries of the client's own: the watcher
// is the one layer that retries. A poll that fails with a connection error,
// a timeout, a malformed answer, a 429 or a 5xx (in the HTTP status or the
// envelope's) is repeated after a random wait up to the interval doubled at
// each failure in a row, at most 8 intervals, and no shorter than the
// server's Retry-After (itself capped at 8 intervals); after 8 failed polls
// in a row the last error is yielded, its Attempts counting every request
// of the run. [WatchGiveUpAfter] and [WatchRetryWait] change these
// numbers. Any other error is yielded at once. The iterator yields an
// error once and stops, and stops cleanly when the loop breaks or ctx ends
// (yielding ctx's error). Each range over the sequence starts afresh.
//
// To resume after a restart, pass the queue your stored state holds to
// [WatchFrom]: the first poll then reports only the customers who started
// waiting or left since. Without it a new watch reports the whole queue as
// AwaitingStarted.
//
// POST {"group": "chat", "cmd": "show", "args": {"target": "awaiting"}} per
// poll — read-only; each poll is sent once.
func (s *ChatService) WatchAwaiting(ctx context.Context, opts ...WatchOption) iter.Seq2[AwaitingChange, error] {
	return watch(ctx, s.c.watchConfigOf("WatchAwaiting", opts), func(ctx context.Context) ([]AwaitingCustomer, error) { return s.Awaiting(ctx) }, AwaitingCustomer.key,
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

// WatchAttendants polls the online attendants every [WatchInterval] (by
// default the client's [WithWatchInterval]) and yields a change for each attendant
// who comes online or goes offline, matched by ChatUser. The first poll
// reports the attendants already online. Changes are yielded once each,
// and errors, retries, stopping and the options are as for
// [ChatService.WatchAwaiting].
//
// To resume after a restart, pass the attendants your stored state holds
// as online to [WatchFrom]; without it a new watch reports every attendant
// online as AttendantOnline at its first poll.
//
// POST {"group": "chat", "cmd": "show", "args": {"target": "user"}} per poll
// — read-only; each poll is sent once.
func (s *ChatService) WatchAttendants(ctx context.Context, opts ...WatchOption) iter.Seq2[AttendantChange, error] {
	return watch(ctx, s.c.watchConfigOf("WatchAttendants", opts), func(ctx context.Context) ([]Attendant, error) { return s.Attendants(ctx) }, func(a Attendant) string { return a.ChatUser },
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

// WatchStatus polls the channel status every [WatchInterval] (by default
// the client's [WithWatchInterval]) and yields a change when a channel goes
// UP or DOWN, when its client or chat count changes, and when it is no
// longer listed; channels are matched by type and ID. The first poll
// reports each channel's status. Changes are yielded once each, and
// errors, retries, stopping and the options are as for
// [ChatService.WatchAwaiting].
//
// To resume after a restart, pass the statuses you stored to [WatchFrom]:
// the first poll then reports only what changed since (Previous is the
// stored status). Without it a new watch reports every channel's status at
// its first poll, with Previous zero.
//
// POST {"group": "status", "cmd": ""} per poll — read-only; each poll is
// sent once.
func (c *Client) WatchStatus(ctx context.Context, opts ...WatchOption) iter.Seq2[StatusChange, error] {
	return watch(ctx, c.watchConfigOf("WatchStatus", opts), func(ctx context.Context) ([]ChannelStatus, error) { return c.Status(ctx) }, ChannelStatus.key,
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

// watch is the engine behind the watchers: it fetches a snapshot every
// interval, matches entries by key with the previous snapshot (at first,
// the one given to WatchFrom), and yields what diff makes of each pair
// (prev nil: new entry; cur nil: gone).
func watch[T any, K comparable, C any](
	ctx context.Context,
	cfg watchConfig,
	fetch func(context.Context) ([]T, error),
	key func(T) K,
	diff func(prev, cur *T, at time.Time) []C,
) iter.Seq2[C, error] {
	// The caller's options reach every poll, and each poll goes out once:
	// the watcher is the one layer that retries.
	ctx = callopt.Once(callopt.With(ctx, cfg.call))
	return func(yield func(C, error) bool) {
		if err := cfg.Check("anycom"); err != nil {
			yield(*new(C), err)
			return
		}
		var prev []T // the last snapshot, one entry per key
		if cfg.from != nil {
			from, ok := cfg.from.([]T)
			if !ok {
				yield(*new(C), httpcore.InvalidArgument("anycom", "WatchFrom: a %T does not fit a watch of %T", cfg.from, prev))
				return
			}
			prev = unique(from, key)
		}
		poll := func(ctx context.Context) (longpoll.Batch[C], error) {
			cur, err := fetch(ctx)
			if err != nil {
				return longpoll.Batch[C]{}, err
			}
			cur = unique(cur, key)
			at := time.Now()
			var changes []C
			was := make(map[K]*T, len(prev))
			for i := range prev {
				was[key(prev[i])] = &prev[i]
			}
			now := make(map[K]bool, len(cur))
			for i := range cur {
				now[key(cur[i])] = true
				changes = append(changes, diff(was[key(cur[i])], &cur[i], at)...)
			}
			for i := range prev {
				if !now[key(prev[i])] {
					changes = append(changes, diff(&prev[i], nil, at)...)
				}
			}
			prev = cur
			return longpoll.Batch[C]{Items: changes}, nil
		}
		longpoll.Seq(ctx, longpoll.Apply(longpoll.Config[C]{
			Poll:   poll,
			Detail: longpoll.DetailOf(errorDetail),
		}, cfg.Watch, cfg.core, cfg.name))(yield)
	}
}

// unique keeps the first entry of each key: an entry listed twice says
// nothing new, and must not be reported twice when it goes.
func unique[T any, K comparable](entries []T, key func(T) K) []T {
	seen := make(map[K]bool, len(entries))
	out := entries[:0:0]
	for _, e := range entries {
		if k := key(e); !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

// errorDetail tells the poll engine an *Error's Retry-After and attempts.
func errorDetail(e *Error) longpoll.ErrorDetail {
	return longpoll.ErrorDetail{RetryAfter: e.RetryAfter, Attempts: &e.Attempts}
}
