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
// # Cost
//
// The keys of every item yielded are kept until the iteration ends: one
// map entry per item (with 36-byte UUID keys, about 100 bytes per item).
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

// Config parameterizes the engine for one list operation.
type Config[T any] struct {
	// Fetch returns one page; page numbers start at FirstPage.
	Fetch func(ctx context.Context, page int) ([]T, error)
	// FirstPage is the number of the first page. Zero means 1.
	FirstPage int
	// PageSize is the size asked for: a page shorter than it is the last.
	// Zero means only an empty page ends the list.
	PageSize int
	// Key identifies an item. It must not be empty.
	Key func(T) string
	// Prefetch fetches the next page while the caller reads the current one.
	Prefetch bool
	// MaxPages bounds how many pages are read. Zero means no bound.
	MaxPages int
}

type page[T any] struct {
	items []T
	err   error
}

// Seq returns the iterator. It yields an error at most once, then stops.
// With Prefetch, at most one fetch runs beside the caller, and it is
// cancelled and waited for when the caller stops early.
func Seq[T any](ctx context.Context, cfg Config[T]) iter.Seq2[T, error] {
	first := cfg.FirstPage
	if first == 0 {
		first = 1
	}
	return func(yield func(T, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var pending chan page[T]
		defer func() {
			if pending != nil {
				cancel()
				<-pending
			}
		}()
		start := func(n int) chan page[T] {
			ch := make(chan page[T], 1)
			go func() {
				items, err := cfg.Fetch(ctx, n)
				ch <- page[T]{items, err}
			}()
			return ch
		}
		var zero T
		seen := map[string]struct{}{}
		for n := first; ; n++ {
			if cfg.MaxPages > 0 && n-first == cfg.MaxPages {
				yield(zero, fmt.Errorf("%w (%d pages)", ErrPageLimit, cfg.MaxPages))
				return
			}
			var p page[T]
			if pending != nil {
				p = <-pending
				pending = nil
			} else {
				items, err := cfg.Fetch(ctx, n)
				p = page[T]{items, err}
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
			if cfg.Prefetch && !last && (cfg.MaxPages == 0 || n+1-first < cfg.MaxPages) {
				pending = start(n + 1)
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
