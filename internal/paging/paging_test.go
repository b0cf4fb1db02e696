package paging

import (
	"context"
	"errors"
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
	require.NoError(t, err)
	assert.Len(t, items, 20)
	assert.EqualValues(t, 2, n.Load())
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
