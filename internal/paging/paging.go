// Package paging is the engine behind every paged-list iterator: it fetches
// page after page as the caller reads, stops on a short or empty page, and
// refuses to loop on a server that ignores the page number.
package paging

import (
	"context"
	"errors"
	"iter"
	"slices"
)

// ErrPageRepeated is yielded when a page holds exactly the items of the page
// before it: the server ignored the page number, and reading on would loop.
var ErrPageRepeated = errors.New("the server returned the same page twice (page number ignored?)")

// Config parameterizes the engine for one list operation.
type Config[T any] struct {
	// Fetch returns one page; page numbers start at FirstPage.
	Fetch func(ctx context.Context, page int) ([]T, error)
	// FirstPage is the number of the first page. Zero means 1.
	FirstPage int
	// PageSize is the size asked for: a page shorter than it is the last.
	// Zero means only an empty page ends the list.
	PageSize int
	// Key identifies an item, to detect a repeated page.
	Key func(T) string
	// Prefetch fetches the next page while the caller reads the current one.
	Prefetch bool
	// MaxPages stops after this many pages. Zero means no limit.
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
		var prevKeys []string
		for n := first; cfg.MaxPages == 0 || n-first < cfg.MaxPages; n++ {
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
			keys := make([]string, len(p.items))
			for i, it := range p.items {
				keys[i] = cfg.Key(it)
			}
			if slices.Equal(keys, prevKeys) {
				yield(zero, ErrPageRepeated)
				return
			}
			prevKeys = keys
			last := cfg.PageSize > 0 && len(p.items) < cfg.PageSize
			if cfg.Prefetch && !last && (cfg.MaxPages == 0 || n+1-first < cfg.MaxPages) {
				pending = start(n + 1)
			}
			for _, it := range p.items {
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
