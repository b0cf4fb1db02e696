package paging

import (
	"context"
	"errors"
	"flag"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var seeds = flag.Int("paging.seeds", 500, "seeds of TestPropertyEndsAndNeverRepeats")

// chaosList is a list served by offset that misbehaves at random: it
// inserts and removes items at its head between requests, ignores the page
// number, reorders what it serves, fails requests, and answers requests
// that arrive together in either order. It may be asked for several pages
// at once (by the engine's prefetch), so it locks.
//
// Each request's choices come from a generator seeded by the seed, the
// page and the attempt at that page, so that a seed makes the same choices
// for the same requests whatever order concurrent requests arrive in.
type chaosList struct {
	seed  uint64
	depth int // the engine's prefetch depth, 0 without prefetch
	// Per-request probabilities, fixed per seed. hold is the probability
	// that a request waits until a later page has been answered.
	insert, remove, ignore, reorder, fail, hold float64
	maxInsertPerPage                            int
	pageSize, maxPages                          int
	consistent                                  bool // none of remove, ignore, reorder, fail, maxPages
	stopAfter                                   int  // the caller breaks after this many items; 0: never

	mu           sync.Mutex
	list         []int // newest first
	next         int
	inserted     int           // items inserted so far
	ever         map[int]bool  // every item ever in the list
	initial      []int         // the list when the iteration started
	attempts     map[int]int   // requests per page
	servedAt     map[int]int   // page -> inserted when it was last answered
	answered     chan struct{} // closed and replaced on each answer
	requests     int           // requests made
	highestPage  int           // highest page requested
	highest      int           // highest page answered
	running      int           // requests not yet returned
	mostRunning  int           // most requests running at once
	reversedGrew int           // answers to a page after a later page's, with items inserted between
	removed      bool          // an item was removed
	misbehaved   bool          // a page number was ignored or a list reordered
}

var errInjected = errors.New("injected failure")

// newChaosList draws a list and its misbehaviour from seed. A third of the
// seeds make a consistent list: one that only grows at its head, by few
// enough items per request that no page is overtaken whole, even when up
// to 2·depth+1 requests are answered between two pages the engine keeps.
func newChaosList(seed uint64) *chaosList {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	c := &chaosList{
		seed: seed, depth: int(seed % 4), ever: map[int]bool{}, attempts: map[int]int{},
		servedAt: map[int]int{}, answered: make(chan struct{}),
	}
	pick := func() float64 {
		if rng.IntN(2) == 0 {
			return 0
		}
		return rng.Float64() * 0.6
	}
	c.consistent = rng.IntN(3) == 0
	if c.consistent {
		k := 2*c.depth + 1
		c.maxInsertPerPage = 1 + rng.IntN(2)
		c.pageSize = c.maxInsertPerPage*k + 1 + rng.IntN(8)
		c.insert = rng.Float64() * 0.8
	} else {
		c.pageSize = 1 + rng.IntN(12)
		c.maxInsertPerPage = 1 + rng.IntN(4)
		c.insert, c.remove, c.ignore, c.reorder, c.fail = pick(), pick(), pick(), pick(), pick()/10
		if rng.IntN(4) == 0 {
			c.maxPages = 1 + rng.IntN(20)
		}
	}
	if c.depth >= 2 {
		c.hold = 0.2 + rng.Float64()*0.6
	}
	if rng.IntN(4) == 0 {
		c.stopAfter = 1 + rng.IntN(60)
	}
	for range rng.IntN(120) {
		c.add(false)
	}
	c.initial = slices.Clone(c.list)
	return c
}

func (c *chaosList) add(head bool) {
	c.next++
	c.ever[c.next] = true
	if head {
		c.inserted++
		c.list = append([]int{c.next}, c.list...)
	} else {
		c.list = append(c.list, c.next)
	}
}

func (c *chaosList) fetch(ctx context.Context, page int) ([]int, error) {
	c.mu.Lock()
	c.requests++
	c.highestPage = max(c.highestPage, page)
	c.running++
	c.mostRunning = max(c.mostRunning, c.running)
	c.attempts[page]++
	rng := rand.New(rand.NewPCG(c.seed, uint64(page)<<16|uint64(c.attempts[page])))
	runaway := c.requests > 10_000
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.running--
		c.mu.Unlock()
	}()
	if runaway {
		return nil, errors.New("runaway iteration")
	}
	if rng.Float64() < c.hold {
		if err := c.awaitLaterPage(ctx, page); err != nil {
			return nil, err
		}
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	if rng.Float64() < c.insert {
		for range 1 + rng.IntN(c.maxInsertPerPage) {
			c.add(true)
		}
	}
	if rng.Float64() < c.remove && len(c.list) > 0 {
		c.removed = true
		c.list = c.list[1:]
	}
	if rng.Float64() < c.fail {
		return nil, errInjected
	}
	list := c.list
	if rng.Float64() < c.reorder {
		c.misbehaved = true
		list = slices.Clone(list)
		rng.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
	}
	served := page
	if rng.Float64() < c.ignore {
		c.misbehaved = true
		served = 1
	}
	for p, at := range c.servedAt {
		if p > page && at < c.inserted {
			c.reversedGrew++
			break
		}
	}
	c.servedAt[page] = c.inserted
	c.highest = max(c.highest, page)
	close(c.answered)
	c.answered = make(chan struct{})
	from := min((served-1)*c.pageSize, len(list))
	return slices.Clone(list[from:min(from+c.pageSize, len(list))]), nil
}

// awaitLaterPage holds a request for page until a later page has been
// answered, the request is cancelled, or 2 ms have passed (no later page
// may be coming).
func (c *chaosList) awaitLaterPage(ctx context.Context, page int) error {
	timeout := time.NewTimer(2 * time.Millisecond)
	defer timeout.Stop()
	for {
		c.mu.Lock()
		done, answered := c.highest > page, c.answered
		c.mu.Unlock()
		if done {
			return nil
		}
		select {
		case <-answered:
		case <-ctx.Done():
			return ctx.Err()
		case <-timeout.C:
			return nil
		}
	}
}

// TestPropertyEndsAndNeverRepeats drives the engine, without prefetch and
// with 1, 2 and 3 pages ahead, against many random misbehaving lists.
// Every iteration ends (within the runaway bound); no item is yielded
// twice; only items the list held are yielded; no page past MaxPages is
// requested; no more fetches run at once than the depth; none is running
// once the loop is over, whether it ended or the caller broke out; and
// against a consistent list (see newChaosList) the iteration ends without
// an error and yields every item the list held when it started, even when
// pages fetched together are answered in reverse order with items
// inserted in between.
func TestPropertyEndsAndNeverRepeats(t *testing.T) {
	n := *seeds
	if testing.Short() {
		n = 50
	}
	var consistentRuns, refused, limited, stopped, reversed int
	for seed := range uint64(n) {
		c := newChaosList(seed)
		cfg := Config[int]{Fetch: c.fetch, PageSize: c.pageSize, Key: key, MaxPages: c.maxPages, Prefetch: c.depth > 0, PrefetchDepth: c.depth}
		var got []int
		var err error
		for v, e := range Seq(context.Background(), cfg) {
			if e != nil {
				err = e
				break
			}
			got = append(got, v)
			if len(got) == c.stopAfter {
				break
			}
		}
		c.mu.Lock() // the engine has waited for its fetches: nothing races with this
		require.Zero(t, c.running, "seed %d: a fetch still runs after the loop", seed)
		c.mu.Unlock()
		if err != nil {
			require.NotContains(t, err.Error(), "runaway", "seed %d: the iteration did not end", seed)
		}
		require.LessOrEqual(t, c.mostRunning, max(c.depth, 1), "seed %d: more fetches at once than the depth", seed)
		if c.maxPages > 0 {
			require.LessOrEqual(t, c.highestPage, c.maxPages, "seed %d: a page past the bound was requested", seed)
		}
		yielded := map[int]bool{}
		for _, v := range got {
			require.False(t, yielded[v], "seed %d: item %d yielded twice", seed, v)
			require.True(t, c.ever[v], "seed %d: item %d never existed", seed, v)
			yielded[v] = true
		}
		switch {
		case errors.Is(err, ErrPageRepeated):
			refused++
		case errors.Is(err, ErrPageLimit):
			limited++
		}
		if c.stopAfter > 0 && len(got) == c.stopAfter {
			stopped++
			continue
		}
		if c.consistent {
			consistentRuns++
			require.NoError(t, err, "seed %d: a consistent list must end cleanly", seed)
			for _, v := range c.initial {
				require.True(t, yielded[v], "seed %d: item %d was never yielded", seed, v)
			}
			if c.reversedGrew > 0 {
				reversed++
			}
		}
	}
	// The seeds must exercise every outcome, or the property is vacuous.
	require.Positive(t, consistentRuns, "no seed made a consistent list")
	require.Positive(t, refused, "no seed made a list the engine refused")
	require.Positive(t, limited, "no seed reached its page bound")
	require.Positive(t, stopped, "no seed broke out of the loop")
	require.Positive(t, reversed, "no consistent list answered pages in reverse order with an insertion between")
	t.Logf("%d seeds: %d consistent (%d answered pages out of order as they grew), %d refused, %d bounded, %d broken out of",
		n, consistentRuns, reversed, refused, limited, stopped)
}
