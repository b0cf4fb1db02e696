// Package paging is the engine behind every paged-list iterator that pages
// by offset (a page number). It fetches page after page as the caller
// reads, never yields an item twice in one iteration, and ends on a server
// that ignores the page number or reorders the list instead of looping.
//
// # What ends an iteration
//
//   - a page shorter than the size asked for, or an empty page: the end of
//     the list, no error;
//   - a fetch error, yielded once;
//   - a full page that brings no item not yielded before
//     ([ErrPageRepeated]): the server ignored the page number, or a page or
//     more of items arrived ahead of the reader;
//   - a page on which an item already yielded follows a new one
//     ([ErrPageRepeated]): the list is not being paged consistently (a
//     server that ignores the page number while items arrive, or one that
//     orders the list differently on each request);
//   - Config.MaxPages pages read while the list goes on ([ErrPageLimit]);
//   - an item without a key ([ErrNoKey]).
//
// Items inserted at the head of the list between two page requests push
// the last items of one page onto the next: those come first on the next
// page, are recognised by their keys and skipped, and the iteration goes
// on. That is the one overlap consistent offset paging produces, and the
// only one accepted.
//
// # What offset paging cannot detect
//
// When an item on a page already read is removed, every later item moves
// up one place: the one that moves from the next page onto the page
// already read is never seen, and nothing in the pages shows it. A list that keeps
// growing by a page or more per request at its far end never ends either;
// only Config.MaxPages stops it. Callers that need a complete snapshot
// must page by a key the server sorts on instead of a page number.
//
// # Prefetch
//
// With Config.Prefetch the engine fetches up to Config.PrefetchDepth pages
// ahead of the one the caller reads (two by default), each in its own
// goroutine, and yields them in page order. The first page is fetched
// alone; page n is requested once page n-depth has arrived. Two pages in
// flight together may be served in either order, and offset paging cannot
// tell from the keys alone that page n+1 was served before page n and items
// were inserted at the head in between: the items pushed from page n onto
// page n+1 would be skipped. The engine prevents it: a page that begins
// with items already yielded shows that the list grew at its head since
// the page before it was served, and every page requested before it
// arrived is cancelled and requested again, so that each page kept was
// served no earlier than the growth. A list that pages consistently and
// grows only at its head is therefore read without a gap with prefetch as
// without. The price is a few requests: each page is requested at most
// depth times, and up to depth-1 requests past the last page are started,
// then cancelled.
//
// # Cost
//
// The keys of every item yielded are kept until the iteration ends: one
// map entry per item (with 36-byte UUID keys, about 100 bytes per item).
// With prefetch, up to depth pages are held besides.
package paging

import (
	"context"
	"errors"
	"fmt"
	"iter"
)

// ErrPageRepeated is yielded when a page lists again items already
// yielded in a way consistent offset paging cannot produce: a page with no
// new item, or one where an item already yielded follows a new one. The
// server ignored the page number or reordered the list; reading on could
// loop or repeat.
var ErrPageRepeated = errors.New("the server listed again items it had already listed (page number ignored, or the order changed between pages)")

// ErrPageLimit is yielded when Config.MaxPages pages have been read and the
// last of them was full, so the list may go on.
var ErrPageLimit = errors.New("page limit reached before the list ended")

// ErrNoKey is yielded when an item's key is empty: without one, the engine
// cannot tell whether it was yielded already.
var ErrNoKey = errors.New("an item of the list has no key")

// DefaultPrefetchDepth is how many pages Config.Prefetch fetches ahead of
// the one the caller reads when Config.PrefetchDepth is zero. Two pages in
// flight overlap the server's latency with itself as well as with the
// caller's work: a list whose pages take longer to fetch than to read is
// read at up to twice the speed of one page ahead.
const DefaultPrefetchDepth = 2

// Config parameterizes the engine for one list operation.
type Config[T any] struct {
	// Fetch returns one page; page numbers start at FirstPage. With
	// Prefetch it is called from several goroutines at once.
	Fetch func(ctx context.Context, page int) ([]T, error)
	// FirstPage is the number of the first page. Zero means 1.
	FirstPage int
	// PageSize is the size asked for: a page shorter than it is the last.
	// Zero means only an empty page ends the list.
	PageSize int
	// Key identifies an item. It must not be empty.
	Key func(T) string
	// Prefetch fetches the next pages while the caller reads the current
	// one (see the package documentation).
	Prefetch bool
	// PrefetchDepth is how many pages Prefetch keeps in flight ahead of
	// the one the caller reads. Zero or less means DefaultPrefetchDepth.
	PrefetchDepth int
	// MaxPages bounds how many pages are read. Zero means no bound. No
	// page beyond the bound is ever requested.
	MaxPages int
}

// fetched is one page's answer.
type fetched[T any] struct {
	items []T
	err   error
}

// flight is one page being fetched beside the caller.
type flight[T any] struct {
	cancel context.CancelFunc
	done   chan fetched[T]
}

// land cancels every fetch in ahead and waits for each to return.
func land[T any](ahead []flight[T]) {
	for _, f := range ahead {
		f.cancel()
	}
	for _, f := range ahead {
		<-f.done
	}
}

// Seq returns the iterator. It yields an error at most once, then stops.
// Without Prefetch, each page is fetched in the caller's goroutine when the
// caller reaches it. With Prefetch, at most the prefetch depth of fetches
// run beside the caller; when the iteration ends, for whatever reason,
// those still running are cancelled and waited for.
func Seq[T any](ctx context.Context, cfg Config[T]) iter.Seq2[T, error] {
	first := cfg.FirstPage
	if first == 0 {
		first = 1
	}
	depth := 0
	if cfg.Prefetch {
		depth = cfg.PrefetchDepth
		if depth <= 0 {
			depth = DefaultPrefetchDepth
		}
	}
	// within reports whether page n may be read under MaxPages.
	within := func(n int) bool { return cfg.MaxPages == 0 || n-first < cfg.MaxPages }
	return func(yield func(T, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		// ahead holds the fetches of pages n+1, n+2, ... in order.
		var ahead []flight[T]
		defer func() { land(ahead) }()
		start := func(n int) flight[T] {
			fctx, fcancel := context.WithCancel(ctx)
			f := flight[T]{cancel: fcancel, done: make(chan fetched[T], 1)}
			go func() {
				items, err := cfg.Fetch(fctx, n)
				f.done <- fetched[T]{items, err}
			}()
			return f
		}
		var zero T
		seen := map[string]struct{}{}
		for n := first; ; n++ {
			if !within(n) {
				yield(zero, fmt.Errorf("%w (%d pages)", ErrPageLimit, cfg.MaxPages))
				return
			}
			var p fetched[T]
			if len(ahead) > 0 {
				f := ahead[0]
				ahead = ahead[1:]
				p = <-f.done
				f.cancel()
			} else {
				items, err := cfg.Fetch(ctx, n)
				p = fetched[T]{items, err}
			}
			if p.err != nil {
				yield(zero, p.err)
				return
			}
			if len(p.items) == 0 {
				return
			}
			last := cfg.PageSize > 0 && len(p.items) < cfg.PageSize
			fresh, err := admit(p.items, cfg.Key, seen, last)
			if err != nil {
				yield(zero, fmt.Errorf("page %d: %w", n, err))
				return
			}
			if !last {
				if len(fresh) < len(p.items) {
					// The list grew at its head since the page before was
					// served; a page requested before this one arrived may
					// have been served before the growth, a gap nothing
					// would show. Request them again.
					land(ahead)
					ahead = ahead[:0]
				}
				for m := n + 1 + len(ahead); m <= n+depth && within(m); m++ {
					ahead = append(ahead, start(m))
				}
			}
			for _, it := range fresh {
				if !yield(it, nil) {
					return
				}
			}
			if last {
				return
			}
		}
	}
}

// admit checks a whole page against the keys already seen, before any of
// it is yielded, and returns the items not seen before, in order. Items
// already seen may only come first on the page (the overlap an insertion
// at the head of the list causes); one after a new item, or a page with no
// new item, is ErrPageRepeated, except that the last (short) page may hold
// only items already seen: the ones an insertion pushed off the page
// before. The new items' keys are added to seen; after an error the
// iteration ends, so seen is not restored.
func admit[T any](items []T, key func(T) string, seen map[string]struct{}, last bool) ([]T, error) {
	fresh := make([]T, 0, len(items))
	for i, it := range items {
		k := key(it)
		if k == "" {
			return nil, fmt.Errorf("item %d: %w", i+1, ErrNoKey)
		}
		if _, dup := seen[k]; dup {
			if len(fresh) > 0 {
				return nil, fmt.Errorf("item %d (%s) was listed before, after %d new ones: %w", i+1, k, len(fresh), ErrPageRepeated)
			}
			continue
		}
		seen[k] = struct{}{}
		fresh = append(fresh, it)
	}
	if len(fresh) == 0 && !last {
		return nil, fmt.Errorf("all %d items were listed before: %w", len(items), ErrPageRepeated)
	}
	return fresh, nil
}
