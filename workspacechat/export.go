package workspacechat

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
)

// ErrUnordered is yielded by [Client.ExportChats] when a page is not
// ordered by latest message, newest first, within the bound asked for: the
// walk relies on that order, and without it could skip chats.
var ErrUnordered = errors.New("the list is not ordered by latest message, newest first, within the requested bound")

// ExportChats returns every chat row the filter selects whose latest
// message was created at or before the moment it starts (or before
// filter.LastMessageTo, if earlier), walking back in time instead of by
// page number. Each request asks for the first page of chats whose latest
// message is no later than the oldest one read so far
// (lastChatMessageCreatedAtEnd); the chats read already that come back
// first are recognised by their IDs and skipped.
//
// Unlike [Client.AllChats], no chat of that snapshot is skipped when
// others are removed, created, or given new messages while the export
// runs: no request depends on a position in the list. Chats that change
// after the start are not the snapshot's; follow the export with
// [Client.WatchChats] from its start to catch them. No chat is yielded
// twice; the IDs yielded are kept until the iteration ends, about 100 bytes
// per chat.
//
// It relies on what the API does not document and the fake does: the list
// ordered by latest message, newest first, and chats with no message left
// out of a bounded list. A page that breaks the order or the bound ends
// the iteration with [ErrUnordered], never with a silent gap; more than a
// page of chats sharing one latest-message time (to the millisecond) ends
// it with [ErrPageRepeated]. filter.PageNumber is ignored; filter.MaxPages
// bounds the requests ([ErrPageLimit]). Pages are read one after the
// other, never prefetched.
//
// GET /api/v1/chats, once per page — idempotent: each page is retried on
// connection errors, 429, 502, 503 and 504.
func (c *Client) ExportChats(ctx context.Context, filter *ChatFilter, opts ...call.Option) iter.Seq2[ChatRow, error] {
	ctx = callopt.With(ctx, opts)
	q, err := pageQuery(filter)
	if err != nil {
		return failed[ChatRow](err)
	}
	q.PageNumber = 1
	var to time.Time
	if filter != nil {
		to = filter.LastMessageTo
	}
	return func(yield func(ChatRow, error) bool) {
		end := time.Now()
		if !to.IsZero() && to.Before(end) {
			end = to
		}
		w := exportWalk{c: c, q: *q, seen: map[string]struct{}{}}
		w.run(ctx, end, yield)
	}
}

// exportWalk is the state of one ExportChats iteration.
type exportWalk struct {
	c    *Client
	q    listChatsQuery
	seen map[string]struct{}
	// recent holds, newest first, the latest-message times of the chats
	// yielded that the current bound lists again: those within a
	// millisecond of the oldest. The next request asks for that many more
	// chats than the page size.
	recent []time.Time
}

// run walks back from end. The first request is bounded by end itself;
// each later one by the oldest latest-message time read, plus a
// millisecond, so that chats tied with it are read again whether the
// server's bound is inclusive or exclusive (UNCONFIRMED). Each request
// asks for page 1 only, enlarged by the chats it will list again, so that
// no request depends on a position in the list.
func (w *exportWalk) run(ctx context.Context, end time.Time, yield func(ChatRow, error) bool) {
	bound := end
	for n := 1; ; n++ {
		if w.q.MaxPages > 0 && n > w.q.MaxPages {
			yield(ChatRow{}, fmt.Errorf("%w (%d pages)", ErrPageLimit, w.q.MaxPages))
			return
		}
		q := w.q
		q.End, q.PageSize = formatTime(bound), min(MaxPageSize, w.q.PageSize+len(w.recent))
		rows, err := listAt[ChatRow](ctx, w.c, &q)
		if err != nil {
			yield(ChatRow{}, err)
			return
		}
		fresh, oldest, err := w.admit(rows, bound)
		if err == nil && len(fresh) == 0 && len(rows) == q.PageSize {
			err = fmt.Errorf("%w: a full page under the bound %s brings no new chat (more than a page of chats share one latest-message time?)", ErrPageRepeated, q.End)
		}
		if err != nil {
			yield(ChatRow{}, fmt.Errorf("workspacechat: export request %d: %w", n, err))
			return
		}
		for _, r := range fresh {
			w.recent = append(w.recent, r.LastMessageAt())
			if !yield(r, nil) {
				return
			}
		}
		if len(rows) < q.PageSize {
			return
		}
		if next := oldest.Add(time.Millisecond); next.Before(bound) {
			bound = next
			i := slices.IndexFunc(w.recent, func(t time.Time) bool { return t.Before(next) })
			w.recent = append(w.recent[:0], w.recent[i:]...)
		}
	}
}

// admit checks a page against the walk's order and bound and returns the
// rows not yielded before and the oldest latest-message time on the page.
func (w *exportWalk) admit(rows []ChatRow, bound time.Time) ([]ChatRow, time.Time, error) {
	fresh := make([]ChatRow, 0, len(rows))
	var prev time.Time
	for i, r := range rows {
		at := r.LastMessageAt()
		switch {
		case at.IsZero():
			return nil, time.Time{}, fmt.Errorf("%w: chat %s has no latest message in a bounded list", ErrUnordered, r.ID)
		case at.After(bound):
			return nil, time.Time{}, fmt.Errorf("%w: chat %s is past the bound %s", ErrUnordered, r.ID, formatTime(bound))
		case i > 0 && at.After(prev):
			return nil, time.Time{}, fmt.Errorf("%w: chat %s is newer than the one before it", ErrUnordered, r.ID)
		}
		prev = at
		if _, dup := w.seen[r.ID]; dup {
			continue
		}
		w.seen[r.ID] = struct{}{}
		fresh = append(fresh, r)
	}
	return fresh, prev, nil
}
