package workspacechat

import (
	"cmp"
	"context"
	"crypto/sha256"
	"fmt"
	"iter"
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/httpcore"
	"github.com/switchboard-go/switchboard/internal/longpoll"
)

// Defaults of [Client.WatchChats].
const (
	// DefaultWatchInterval is the pause between polls given no
	// [WatchInterval] or [WithWatchInterval].
	DefaultWatchInterval = 5 * time.Second
	// DefaultWatchOverlap is how far back each poll reads given no
	// [WatchOverlap].
	DefaultWatchOverlap = 2 * time.Second
)

// maxPasses bounds how often one poll reads a multi-page answer again.
const maxPasses = 4

// WatchChats yields a chat row for each new message: each message created
// after the [WatchFrom] time (by default every message), seen as a row's
// latest (or previous) message, and not yielded before. It polls GET
// /api/v1/chats with lastChatMessageCreatedAtStart every [WatchInterval]
// (by default the client's [WithWatchInterval]); each poll yields in order
// of message time. [WatchFilter] narrows the chats watched.
//
// A message is known by its identity: the chat, its creation time, its
// role and its content, never by a time comparison alone. So a second
// message in a chat within the same millisecond is yielded, and a message
// is yielded once however often the server lists it. Two messages equal in
// all four (the same text sent twice in one millisecond) are one. The list
// shows each chat's latest message and the one before it: when a chat got
// two messages since the last poll, the earlier is yielded first, as a
// copy of the row whose LastMessage is that message (PreviousMessage nil;
// Raw is the row as received). A chat that gets three or more between two
// polls shows only its last two: read the others with the chat's messages.
//
// Nothing is missed at page boundaries, whatever order the server gives
// rows with equal times (it may differ on every request, as SQL's does
// without a tie-breaker) and however rows move while a poll reads: a poll
// that spans several pages reads them again (up to 4 passes) until it
// proves it saw every row: a pass saw no chat twice, or two passes listed
// as many rows as all passes together listed distinct chats. Only after
// such a read does the lower bound of the next poll move up, and only to
// the newest message the polls before it saw, less Overlap: a row that
// changed while the read ran and was missed carries a message no older
// than that. Until then each poll reads from the same bound again. The
// bound never passes the local clock either, so a row dated ahead cannot
// hide the messages after it (a server clock ahead of ours only makes each
// poll read a little more). A
// server that answers every page with the rows of page one (it ignores
// pageNumber) ends the stream with [ErrPageRepeated] after two polls.
//
// What offset paging cannot show: a chat that leaves the pages a pass has
// read while it reads on (removed, moved out of the filter, or, in a list
// ordered oldest first, moved to the end by a new message) shifts the rows
// after it and can hide one unchanged row from that pass; a later poll
// finds it unless the bound has moved past its message by then.
//
// State: the identities of the messages yielded whose time is not before
// the current lower bound, about 150 bytes each: normally the messages of
// the last poll interval and overlap, more while reads cannot prove they
// saw every row. Older entries are dropped as the bound moves up.
//
// Each page request goes out once, with no retries of the client's own:
// the watcher is the one layer that retries. A request that fails with a
// connection error, a timeout, a malformed answer, a 429 or a 5xx is sent
// again (the read resumes at that page) after a random wait up to the
// interval doubled at each failure in a row, at most 8 intervals, and no
// shorter than the server's Retry-After (itself capped at 8 intervals);
// after 8 failed requests in a row the last error is yielded, its Attempts
// counting every request of the run. [WatchGiveUpAfter] and
// [WatchRetryWait] change these numbers. An invalid option or filter is
// yielded, matching [ErrInvalidArgument], before any request. Any other
// error is yielded once and ends the stream. The stream runs until ctx
// ends (its error is yielded) or the caller breaks. Each range over the
// returned sequence starts afresh from the [WatchFrom] time.
//
// To resume after a restart, pass to [WatchFrom] the last-message time of
// the last row you handled, less a margin (a message at exactly that time
// is not yielded: one millisecond re-reads the rows of that instant). The new
// watch does not know what the old one yielded, so the rows inside the
// margin come again: skip those you handled, by ID and LastMessage.
//
// GET /api/v1/chats per page of each poll — read-only; each request is
// sent once, and the watch polls again after a failure by the rule above.
func (c *Client) WatchChats(ctx context.Context, opts ...WatchOption) iter.Seq2[ChatRow, error] {
	o := c.watchConfigOf(opts)
	// The caller's options reach every request, and each goes out once: the
	// watcher is the one layer that retries.
	ctx = callopt.Once(callopt.With(ctx, o.call))
	if err := o.Check("workspacechat"); err != nil {
		return failed[ChatRow](err)
	}
	o.filter.LastMessageFrom, o.filter.LastMessageTo, o.filter.PageNumber = time.Time{}, time.Time{}, 0
	q, err := pageQuery(&o.filter)
	if err != nil {
		return failed[ChatRow](err)
	}
	return func(yield func(ChatRow, error) bool) {
		// Each range over the sequence starts afresh from since.
		w := &watcher{c: c, q: q, since: o.since, overlap: o.overlap, seen: map[chatTime][][16]byte{}}
		if !o.since.IsZero() {
			w.bound = o.since.Add(-o.overlap)
		}
		longpoll.Seq(ctx, longpoll.Apply(longpoll.Config[ChatRow]{
			Poll:   w.poll,
			Detail: longpoll.DetailOf(errorDetail),
		}, o.Watch, c.core, "WatchChats"))(yield)
	}
}

// errorDetail tells the poll engine an *Error's Retry-After and attempts.
func errorDetail(e *Error) longpoll.ErrorDetail {
	return longpoll.ErrorDetail{RetryAfter: e.RetryAfter, Attempts: &e.Attempts}
}

// watcher is the state of one WatchChats stream.
type watcher struct {
	c       *Client
	q       *listChatsQuery
	since   time.Time
	bound   time.Time // the window's lower bound; zero reads everything
	overlap time.Duration
	seen    map[chatTime][][16]byte // messages yielded: their digests by chat and time
	read    *read                   // the read of the window under way
	before  time.Time               // the newest message the finished reads saw
	// repeated counts reads in a row whose every pass found page one
	// again, in the same order, on a later page.
	repeated int
}

// chatTime is a chat and a message time in it.
type chatTime struct {
	chat string
	at   int64 // Unix nanoseconds
}

// messageKey is a message's identity: chat, time, and a digest of role and
// content.
type messageKey struct {
	chatTime
	sum [16]byte
}

// keyOf is the identity of the row's latest message.
func keyOf(r *ChatRow) messageKey {
	m := r.LastMessage
	h := sha256.New()
	_, _ = fmt.Fprintf(h, "%d:%s\x00%s", len(m.Role), m.Role, m.Content)
	k := messageKey{chatTime: chatTime{chat: r.ID, at: m.CreatedAt.UnixNano()}}
	copy(k.sum[:], h.Sum(nil))
	return k
}

// read is one poll's read of the window: passes over every page until the
// read proves it saw every row.
type read struct {
	started  time.Time              // when the read began, by our clock
	found    map[messageKey]ChatRow // new messages found by any pass
	ids      map[string]bool        // chats listed by any pass
	newest   time.Time              // the newest message in the window
	passes   int                    // passes finished
	repeats  int                    // passes that ended on a page repeating page one
	prevRows int                    // rows the last pass listed; -1 when it stopped early
	page     int                    // this pass: the page to read next
	onPage   map[string]int         // this pass: chat ID → the first page it was on
	first    []string               // this pass: page one's chat IDs, in order
	clean    bool                   // this pass: no chat on two pages so far
	rows     int                    // this pass: rows listed so far; -1 once it stops early
	news     int                    // this pass: messages it found first
}

func (r *read) startPass() {
	r.page, r.onPage, r.first, r.clean, r.rows, r.news = 1, map[string]int{}, nil, true, 0, 0
}

// complete reports whether the read saw every row, at the end of a pass:
// the pass listed no chat on two pages, so its pages held every row; or
// two passes in a row listed as many rows as all the passes together
// listed distinct chats, and the last found no message the others had not,
// so the chats listed are every row (rows of equal time that the server
// orders anew on every request make clean passes rare, but their union
// soon covers them all). A row that changed during the read and was then
// missed carries a message no older than what the reads before saw, which
// the bound does not pass (see settle).
func (r *read) complete() bool {
	return r.clean || r.rows >= 0 && r.rows == r.prevRows && len(r.ids) == r.rows && r.news == 0
}

// poll reads the next page of the window. It asks for the next page at
// once until the read is over, then yields the new messages found; a page
// that fails is read again by the next call.
func (w *watcher) poll(ctx context.Context) (longpoll.Batch[ChatRow], error) {
	if w.read == nil {
		w.read = &read{started: time.Now(), found: map[messageKey]ChatRow{}, ids: map[string]bool{}, prevRows: -1}
		w.read.startPass()
	}
	r := w.read
	rows, err := w.page(ctx, r.page)
	if err != nil {
		return longpoll.Batch[ChatRow]{}, err
	}
	var ids []string
	fresh := 0
	r.rows += len(rows)
	for i := range rows {
		row := &rows[i]
		ids = append(ids, row.ID)
		r.ids[row.ID] = true
		if at, ok := r.onPage[row.ID]; !ok {
			r.onPage[row.ID] = r.page
			fresh++
		} else if at != r.page {
			r.clean = false // rows moved between two requests
		}
		w.consider(row)
	}
	if r.page == 1 {
		r.first = ids
	}
	switch {
	case len(rows) < w.q.PageSize:
	case fresh == 0:
		// A full page of chats already read: the server ignores the page
		// number, or reorders so much that reading on may loop.
		r.clean, r.rows = false, -1
		if slices.Equal(ids, r.first) {
			r.repeats++
		}
	default:
		r.page++
		return longpoll.Batch[ChatRow]{More: true}, nil
	}
	// The pass is over.
	r.passes++
	complete := r.complete()
	if !complete && r.passes < maxPasses {
		r.prevRows = r.rows
		r.startPass()
		return longpoll.Batch[ChatRow]{More: true}, nil
	}
	w.read = nil
	if complete || r.repeats < r.passes {
		w.repeated = 0
	} else if w.repeated++; w.repeated == 2 {
		return longpoll.Batch[ChatRow]{}, fmt.Errorf("workspacechat: GET %s: in two reads in a row, every pass found page one again on a later page: %w",
			pathChats, ErrPageRepeated)
	}
	return longpoll.Batch[ChatRow]{Items: w.settle(r, complete)}, nil
}

// settle ends a read: it returns the new messages in time order, records
// them as seen and, when the read was complete, moves the bound up.
func (w *watcher) settle(r *read, complete bool) []ChatRow {
	keys := slices.SortedFunc(maps.Keys(r.found), func(a, b messageKey) int {
		return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.chat, b.chat), slices.Compare(a.sum[:], b.sum[:]))
	})
	rows := make([]ChatRow, len(keys))
	for i, k := range keys {
		rows[i] = r.found[k]
		w.seen[k.chatTime] = append(w.seen[k.chatTime], k.sum)
	}
	// Only a read that saw every row lets the bound move up: a row missed
	// by every pass of this read is still at or after the old bound. And
	// only to the newest message the reads before this one saw: a message
	// this read missed because it came while the read ran is no older than
	// that. Nor past the read's start by our clock, so that a row dated
	// ahead of every clock cannot hide the messages after it.
	if complete && !w.before.IsZero() {
		newest := w.before
		if newest.After(r.started) {
			newest = r.started
		}
		if next := newest.Add(-w.overlap); next.After(w.bound) {
			w.bound = next
		}
	}
	if r.newest.After(w.before) {
		w.before = r.newest
	}
	// A message before the bound is never yielded again, so its entry is
	// no longer needed.
	bound := w.bound.UnixNano()
	maps.DeleteFunc(w.seen, func(k chatTime, _ [][16]byte) bool { return k.at < bound })
	return rows
}

// consider adds to the read's finds the row's latest message, and the
// one before it, when they are in the window and were never yielded, and
// notes the newest message of the pass.
func (w *watcher) consider(row *ChatRow) {
	if row.PreviousMessage != nil {
		prev := *row
		prev.LastMessage, prev.PreviousMessage = row.PreviousMessage, nil
		w.considerMessage(&prev, true)
	}
	w.considerMessage(row, false)
}

// considerMessage considers the row's LastMessage, which is the real row's
// previous message when previous is set: a message found both ways is
// yielded with the real row.
func (w *watcher) considerMessage(row *ChatRow, previous bool) {
	if row.LastMessage == nil {
		return
	}
	t := row.LastMessage.CreatedAt
	// A row before the bound is outside the window asked for (a server
	// that ignored the bound): it was yielded already or is too old to be
	// news.
	if t.IsZero() || !t.After(w.since) || t.Before(w.bound) {
		return
	}
	r := w.read
	if t.After(r.newest) {
		r.newest = t
	}
	k := keyOf(row)
	if slices.Contains(w.seen[k.chatTime], k.sum) {
		return
	}
	if _, ok := r.found[k]; !ok {
		r.news++
		r.found[k] = *row
	} else if !previous {
		r.found[k] = *row
	}
}

// page reads one page of the window, sent once under the watch's
// [callopt.Once]: the watcher retries.
func (w *watcher) page(ctx context.Context, n int) ([]ChatRow, error) {
	q := *w.q
	q.Start = formatTime(w.bound)
	q.PageNumber = n
	return doList[ChatRow](ctx, w.c, &httpcore.Request{
		Method: http.MethodGet, Path: pathChats, Query: &q, Safety: httpcore.Idempotent,
	})
}
