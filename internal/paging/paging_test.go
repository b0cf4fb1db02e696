package paging

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// pages serves total items in pages of size; fetches counts the calls.
func pages(total, size int, fetches *atomic.Int32) func(context.Context, int) ([]int, error) {
	return func(ctx context.Context, page int) ([]int, error) {
		fetches.Add(1)
		var out []int
		for i := (page - 1) * size; i < min(page*size, total); i++ {
			out = append(out, i)
		}
		return out, ctx.Err()
	}
}

func key(i int) string { return strconv.Itoa(i) }

func all(seq func(func(int, error) bool)) (items []int, err error) {
	for v, e := range seq {
		if e != nil {
			return items, e
		}
		items = append(items, v)
	}
	return items, nil
}

// prefetchDepths are the ways to run the engine: without prefetch (0),
// and with 1, 2 (the default) and 3 pages ahead.
var prefetchDepths = []int{0, 1, 2, 3}

// withDepth sets cfg to prefetch depth pages ahead (none when 0).
func withDepth[T any](cfg Config[T], depth int) Config[T] {
	cfg.Prefetch, cfg.PrefetchDepth = depth > 0, depth
	return cfg
}

// No fetch starts once the short page has arrived: the fetches are the
// three pages and the depth-1 pages past the end already in flight, which
// are cancelled.
func TestStopsOnShortPage(t *testing.T) {
	for _, depth := range prefetchDepths {
		var n atomic.Int32
		items, err := all(Seq(context.Background(), withDepth(Config[int]{Fetch: pages(25, 10, &n), PageSize: 10, Key: key}, depth)))
		require.NoError(t, err)
		assert.Len(t, items, 25)
		assert.EqualValues(t, 3+max(depth-1, 0), n.Load(), "depth %d", depth)
	}
}

func TestStopsOnEmptyPage(t *testing.T) {
	var n atomic.Int32
	items, err := all(Seq(context.Background(), Config[int]{Fetch: pages(20, 10, &n), PageSize: 10, Key: key}))
	require.NoError(t, err)
	assert.Len(t, items, 20)
	assert.EqualValues(t, 3, n.Load())
}

func TestLazyFetch(t *testing.T) {
	var n atomic.Int32
	for v := range Seq(context.Background(), Config[int]{Fetch: pages(100, 10, &n), PageSize: 10, Key: key}) {
		if v == 4 {
			break
		}
	}
	assert.EqualValues(t, 1, n.Load())
}

func TestServerIgnoringPageNumber(t *testing.T) {
	fetch := func(context.Context, int) ([]int, error) { return []int{1, 2, 3}, nil }
	items, err := all(Seq(context.Background(), Config[int]{Fetch: fetch, PageSize: 3, Key: key}))
	assert.ErrorIs(t, err, ErrPageRepeated)
	assert.Equal(t, []int{1, 2, 3}, items, "the first page is delivered once")
}

// A server that ignores the page number and shuffles the same rows on each
// request: the second page brings nothing new.
func TestServerReorderingTheSamePage(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	fetch := func(context.Context, int) ([]int, error) { return rng.Perm(10), nil }
	items, err := all(Seq(context.Background(), Config[int]{Fetch: fetch, PageSize: 10, Key: key}))
	assert.ErrorIs(t, err, ErrPageRepeated)
	assert.Len(t, items, 10)
}

// A server that ignores the page number while new items keep arriving at
// the head: every page brings one new item, followed by ones already read.
func TestServerIgnoringPageNumberWhileItemsArrive(t *testing.T) {
	head := 1000
	fetch := func(context.Context, int) ([]int, error) {
		head++
		page := []int{head}
		for i := range 9 {
			page = append(page, head-1-i)
		}
		return page, nil
	}
	items, err := all(Seq(context.Background(), Config[int]{Fetch: fetch, PageSize: 10, Key: key}))
	assert.ErrorIs(t, err, ErrPageRepeated)
	assert.Len(t, items, 10, "the second page is refused whole")
}

// An item inserted at the head between two requests pushes the last item
// of page 1 onto page 2: it is skipped there, and the rest still comes.
func TestInsertionAtHeadYieldsNothingTwice(t *testing.T) {
	list := make([]int, 25)
	for i := range list {
		list[i] = 100 - i
	}
	fetch := func(_ context.Context, page int) ([]int, error) {
		if page == 2 {
			list = append([]int{1000}, list...)
		}
		from := min((page-1)*10, len(list))
		return slices.Clone(list[from:min(from+10, len(list))]), nil
	}
	items, err := all(Seq(context.Background(), Config[int]{Fetch: fetch, PageSize: 10, Key: key}))
	require.NoError(t, err)
	assert.Len(t, items, 25)
	assert.NotContains(t, items, 1000, "inserted behind the reader")
	assert.Equal(t, 25, len(uniq(items)))
}

func TestRepeatInsideOnePage(t *testing.T) {
	fetch := func(context.Context, int) ([]int, error) { return []int{1, 2, 1}, nil }
	items, err := all(Seq(context.Background(), Config[int]{Fetch: fetch, PageSize: 3, Key: key}))
	assert.ErrorIs(t, err, ErrPageRepeated)
	assert.Empty(t, items, "a refused page yields nothing")
}

func TestItemWithoutKey(t *testing.T) {
	fetch := func(context.Context, int) ([]int, error) { return []int{1, 2}, nil }
	_, err := all(Seq(context.Background(), Config[int]{Fetch: fetch, Key: func(int) string { return "" }}))
	assert.ErrorIs(t, err, ErrNoKey)
}

func uniq(items []int) map[int]bool {
	m := map[int]bool{}
	for _, v := range items {
		m[v] = true
	}
	return m
}

func TestFetchErrorYieldedOnce(t *testing.T) {
	boom := errors.New("boom")
	fetch := func(_ context.Context, page int) ([]int, error) {
		if page == 2 {
			return nil, boom
		}
		return []int{page}, nil
	}
	var errs []error
	for _, err := range Seq(context.Background(), Config[int]{Fetch: fetch, PageSize: 1, Key: key}) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	assert.Equal(t, []error{boom}, errs)
}

func TestMaxPages(t *testing.T) {
	for _, depth := range prefetchDepths {
		var n atomic.Int32
		items, err := all(Seq(context.Background(), withDepth(Config[int]{Fetch: pages(100, 10, &n), PageSize: 10, Key: key, MaxPages: 2}, depth)))
		assert.ErrorIs(t, err, ErrPageLimit)
		assert.Len(t, items, 20)
		assert.EqualValues(t, 2, n.Load(), "depth %d: no page past the bound is requested", depth)

		n.Store(0)
		items, err = all(Seq(context.Background(), withDepth(Config[int]{Fetch: pages(15, 10, &n), PageSize: 10, Key: key, MaxPages: 2}, depth)))
		require.NoError(t, err, "the list ended within the bound")
		assert.Len(t, items, 15)
	}
}

// While the caller reads page 1, pages 2 to 1+depth are fetched; the
// caller breaks out, and the slow fetches are cancelled and waited for.
func TestPrefetchOverlapsAndLeavesNothingBehind(t *testing.T) {
	for _, depth := range prefetchDepths[1:] {
		started := make(chan int, 10)
		var running atomic.Int32
		fetch := func(ctx context.Context, page int) ([]int, error) {
			running.Add(1)
			defer running.Add(-1)
			started <- page
			if page > 1 {
				select { // a slow page that the caller abandons
				case <-ctx.Done():
					return nil, ctx.Err()
				case <-time.After(10 * time.Second):
				}
			}
			return []int{page*10 + 0, page*10 + 1}, nil
		}
		for v := range Seq(context.Background(), withDepth(Config[int]{Fetch: fetch, PageSize: 2, Key: key}, depth)) {
			if v == 10 {
				var got []int
				for range depth + 1 {
					got = append(got, <-started)
				}
				slices.Sort(got)
				want := make([]int, depth+1)
				for i := range want {
					want[i] = i + 1
				}
				assert.Equal(t, want, got, "pages 2 to %d are fetched while page 1 is read", depth+1)
				break
			}
		}
		assert.Zero(t, running.Load(), "depth %d: every fetch returned before the loop ended", depth)
		assert.Empty(t, started, "depth %d: no fetch started after page 1", depth)
	}
	// goleak in TestMain proves the prefetch goroutines ended.
}

// A slow server and a fast caller: depth fetches run at once, never more.
func TestPrefetchKeepsDepthPagesInFlight(t *testing.T) {
	for _, depth := range prefetchDepths[1:] {
		var running, most atomic.Int32
		fetch := func(ctx context.Context, page int) ([]int, error) {
			now := running.Add(1)
			defer running.Add(-1)
			for {
				m := most.Load()
				if now <= m || most.CompareAndSwap(m, now) {
					break
				}
			}
			if page == 2 {
				// The pages after the first start together: hold page 2
				// until all of them run, or long enough to show they never
				// will.
				deadline := time.Now().Add(5 * time.Second)
				for running.Load() < int32(depth) && time.Now().Before(deadline) {
					time.Sleep(time.Millisecond)
				}
			}
			time.Sleep(2 * time.Millisecond)
			if page > 20 {
				return nil, nil
			}
			return []int{page*10 + 0, page*10 + 1}, ctx.Err()
		}
		items, err := all(Seq(context.Background(), withDepth(Config[int]{Fetch: fetch, PageSize: 2, Key: key}, depth)))
		require.NoError(t, err)
		assert.Len(t, items, 40)
		assert.EqualValues(t, depth, most.Load(), "depth %d", depth)
	}
}

// outOfOrder is a list of 30 items, newest first, served by offset in
// pages of 10 by a server that answers page 2 only after it has answered
// page 3, and inserts one item at its head between the two: page 3 is
// served from the list before the insertion, page 2 from the list after.
type outOfOrder struct {
	mu       sync.Mutex
	list     []int
	page3    chan struct{} // closed once page 3 was first answered
	once     sync.Once
	requests []int
}

func (o *outOfOrder) fetch(ctx context.Context, page int) ([]int, error) {
	o.mu.Lock()
	o.requests = append(o.requests, page)
	o.mu.Unlock()
	if page == 2 && len(o.requestsOf(2)) == 1 {
		select {
		case <-o.page3:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		o.mu.Lock()
		o.list = append([]int{1000}, o.list...)
		o.mu.Unlock()
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	from := min((page-1)*10, len(o.list))
	items := slices.Clone(o.list[from:min(from+10, len(o.list))])
	if page == 3 {
		o.once.Do(func() { close(o.page3) })
	}
	return items, nil
}

func (o *outOfOrder) requestsOf(page int) []int {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []int
	for _, p := range o.requests {
		if p == page {
			out = append(out, p)
		}
	}
	return out
}

// Pages 2 and 3 in flight together, served in reverse order with an
// insertion between them: page 2 begins with the item the insertion pushed
// off page 1, so page 3, requested before page 2 arrived, is requested
// again, and the item the insertion pushed from page 2 onto page 3 is not
// skipped.
func TestPagesServedOutOfOrderSkipNothing(t *testing.T) {
	for _, depth := range []int{2, 3} {
		o := &outOfOrder{page3: make(chan struct{})}
		for i := range 30 {
			o.list = append(o.list, 100-i)
		}
		items, err := all(Seq(context.Background(), withDepth(Config[int]{Fetch: o.fetch, PageSize: 10, Key: key}, depth)))
		require.NoError(t, err)
		assert.Len(t, items, 30, "depth %d: every item of the list before the insertion", depth)
		assert.Len(t, uniq(items), 30)
		assert.NotContains(t, items, 1000, "inserted behind the reader")
		assert.Len(t, o.requestsOf(3), 2, "depth %d: page 3 was requested again", depth)
	}
}
