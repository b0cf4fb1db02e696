package paging

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"
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

func TestStopsOnShortPage(t *testing.T) {
	for _, prefetch := range []bool{false, true} {
		var n atomic.Int32
		items, err := all(Seq(context.Background(), Config[int]{Fetch: pages(25, 10, &n), PageSize: 10, Key: key, Prefetch: prefetch}))
		require.NoError(t, err)
		assert.Len(t, items, 25)
		assert.EqualValues(t, 3, n.Load(), "no fetch after the short page (prefetch=%v)", prefetch)
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
	var n atomic.Int32
	items, err := all(Seq(context.Background(), Config[int]{Fetch: pages(100, 10, &n), PageSize: 10, Key: key, MaxPages: 2, Prefetch: true}))
	assert.ErrorIs(t, err, ErrPageLimit)
	assert.Len(t, items, 20)
	assert.EqualValues(t, 2, n.Load())

	n.Store(0)
	items, err = all(Seq(context.Background(), Config[int]{Fetch: pages(15, 10, &n), PageSize: 10, Key: key, MaxPages: 2}))
	require.NoError(t, err, "the list ended within the bound")
	assert.Len(t, items, 15)
}

func TestPrefetchOverlapsAndLeavesNothingBehind(t *testing.T) {
	started := make(chan int, 10)
	fetch := func(ctx context.Context, page int) ([]int, error) {
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
	for v := range Seq(context.Background(), Config[int]{Fetch: fetch, PageSize: 2, Key: key, Prefetch: true}) {
		if v == 10 {
			first, second := <-started, <-started
			assert.Equal(t, []int{1, 2}, []int{first, second}, "page 2 is fetched while page 1 is read")
			break
		}
	}
	// goleak in TestMain proves the prefetch goroutine ended.
}
