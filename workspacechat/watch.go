package workspacechat

import (
	"cmp"
	"context"
	"errors"
	"iter"
	"maps"
	"slices"
	"time"

	"github.com/switchboard-go/switchboard/internal/httpcore"
	"github.com/switchboard-go/switchboard/internal/longpoll"
	"github.com/switchboard-go/switchboard/internal/paging"
)

// WatchOptions tunes [Client.WatchChats]. The zero value is ready to use.
type WatchOptions struct {
	// Filter narrows the chats watched. Its last-message bounds and page
	// number are ignored; its PageSize (default [MaxPageSize]) is used.
	Filter ChatFilter
	// Interval is the pause between polls. Zero means the client's
	// [WithWatchInterval], by default [DefaultWatchInterval] (5 s).
	Interval time.Duration
	// Overlap is how far before the newest message seen each poll reads
	// again, to catch a message the server stored late or a row that moved
	// during a poll. Default 2 s. Re-read rows are never yielded twice.
	Overlap time.Duration
}

// Defaults for [WatchOptions].
const (
	DefaultWatchInterval = 5 * time.Second
	DefaultWatchOverlap  = 2 * time.Second
)

// maxPasses bounds how often one poll re-reads a multi-page answer.
const maxPasses = 3

// WatchChats yields each chat whose latest message is newer than since and
// newer than the last message already yielded for that chat, polling
// GET /api/v1/chats with lastChatMessageCreatedAtStart. Each poll yields in
// order of last-message time. The same message is never yielded twice,
// and none is missed at page boundaries: a poll that spans several pages is
// read again until a pass finds nothing new, since rows can move between
// pages while they are read. Each range over the returned sequence starts
// afresh from since.
//
// Failed polls (connection errors, 429, 5xx) are retried with backoff, up
// to 8 in a row; other errors are yielded once and end the stream. The
// stream runs until ctx ends (its error is yielded) or the caller breaks.
//
// GET /api/v1/chats — idempotent: retried on connection errors, 429, 502,
// 503 and 504.
func (c *Client) WatchChats(ctx context.Context, since time.Time, opts *WatchOptions) iter.Seq2[ChatRow, error] {
	var o WatchOptions
	if opts != nil {
		o = *opts
	}
	if o.Interval <= 0 {
		o.Interval = c.watchInterval
	}
	if o.Overlap <= 0 {
		o.Overlap = DefaultWatchOverlap
	}
	o.Filter.LastMessageFrom, o.Filter.LastMessageTo, o.Filter.PageNumber = time.Time{}, time.Time{}, 0
	q, err := o.Filter.query()
	if err != nil {
		return func(yield func(ChatRow, error) bool) { yield(ChatRow{}, err) }
	}
	if q.PageSize == 0 {
		q.PageSize = MaxPageSize
	}
	return func(yield func(ChatRow, error) bool) {
		// Each range over the sequence starts afresh from since.
		w := &watcher{c: c, q: q, since: since, mark: since, overlap: o.Overlap, seen: map[string]time.Time{}}
		longpoll.Seq(ctx, longpoll.Config[ChatRow]{
			Poll:     w.poll,
			Classify: classifyPoll,
			Interval: o.Interval,
			WaitMin:  o.Interval,
			WaitMax:  10 * o.Interval,
		})(yield)
	}
}

// watcher is the state of one WatchChats stream.
type watcher struct {
	c       *Client
	q       *listChatsQuery
	since   time.Time
	mark    time.Time // newest last-message time yielded
	overlap time.Duration
	seen    map[string]time.Time // chat ID → last-message time yielded
}

func (w *watcher) poll(ctx context.Context) (longpoll.Batch[ChatRow], error) {
	var start time.Time
	if !w.mark.IsZero() {
		start = w.mark.Add(-w.overlap)
	}
	found := map[string]ChatRow{}
	for range maxPasses {
		pages, added, err := w.pass(ctx, start, found)
		if err != nil {
			return longpoll.Batch[ChatRow]{}, err
		}
		if pages <= 1 || added == 0 {
			break
		}
	}
	rows := slices.SortedFunc(maps.Values(found), func(a, b ChatRow) int {
		if c := a.LastMessageAt().Compare(b.LastMessageAt()); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	for _, r := range rows {
		t := r.LastMessageAt()
		w.seen[r.ID] = t
		if t.After(w.mark) {
			w.mark = t
		}
	}
	// A row older than the next poll's start bound cannot come back with
	// the same message, so its entry is no longer needed.
	next := w.mark.Add(-w.overlap)
	maps.DeleteFunc(w.seen, func(_ string, t time.Time) bool { return t.Before(next) })
	return longpoll.Batch[ChatRow]{Items: rows}, nil
}

// pass reads every page from start and adds to found each row with a
// message not yet yielded. It returns the pages read and the rows added.
func (w *watcher) pass(ctx context.Context, start time.Time, found map[string]ChatRow) (pages, added int, err error) {
	q := *w.q
	q.Start = formatTime(start)
	cfg := w.c.chatPages(&q, false)
	fetch := cfg.Fetch
	cfg.Fetch = func(ctx context.Context, page int) ([]ChatRow, error) {
		pages++
		return fetch(ctx, page)
	}
	for r, err := range paging.Seq(ctx, cfg) {
		if err != nil {
			return pages, added, err
		}
		t := r.LastMessageAt()
		// A row before the start bound is outside the window asked for (a
		// server that ignored the bound): it was yielded already or is too
		// old to be news.
		if t.IsZero() || !t.After(w.since) || t.Before(start) {
			continue
		}
		if prev, ok := w.seen[r.ID]; ok && !t.After(prev) {
			continue
		}
		if prev, ok := found[r.ID]; ok && !t.After(prev.LastMessageAt()) {
			continue
		}
		found[r.ID] = r
		added++
	}
	return pages, added, nil
}

// classifyPoll retries a poll that failed for a reason that may pass:
// a connection error, 429 or a server error. Polls are reads, and the
// watcher's state moves only on success, so nothing is lost.
func classifyPoll(err error) longpoll.Failure {
	var te *httpcore.TransportError
	if errors.As(err, &te) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		return longpoll.Failure{Retry: true}
	}
	var e *Error
	if errors.As(err, &e) && (e.StatusCode == 429 || e.StatusCode >= 500) {
		return longpoll.Failure{Retry: true, After: e.RetryAfter}
	}
	return longpoll.Failure{}
}
