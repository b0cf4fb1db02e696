package paging

import (
	"context"
	"errors"
	"flag"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

var seeds = flag.Int("paging.seeds", 500, "seeds of TestPropertyEndsAndNeverRepeats")

// chaosList is a list served by offset that misbehaves at random: it
// inserts and removes items at its head between requests, ignores the page
// number, reorders what it serves, and fails requests.
type chaosList struct {
	rng  *rand.Rand
	list []int // newest first
	next int
	// Per-request probabilities, fixed per seed.
	insert, remove, ignore, reorder, fail float64

	requests           int
	removed            bool
	misbehaved         bool
	maxInsertPerPage   int
	ever               map[int]bool // every item ever in the list
	initial            []int
	pageSize, maxPages int
}

var errInjected = errors.New("injected failure")

func newChaosList(seed uint64) *chaosList {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	c := &chaosList{rng: rng, ever: map[int]bool{}, pageSize: 1 + rng.IntN(12)}
	pick := func() float64 {
		if rng.IntN(2) == 0 {
			return 0
		}
		return rng.Float64() * 0.6
	}
	c.insert, c.remove, c.ignore, c.reorder, c.fail = pick(), pick(), pick(), pick(), pick()/10
	c.maxInsertPerPage = 1 + rng.IntN(4)
	if rng.IntN(4) == 0 {
		c.maxPages = 1 + rng.IntN(20)
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
		c.list = append([]int{c.next}, c.list...)
	} else {
		c.list = append(c.list, c.next)
	}
}

func (c *chaosList) fetch(_ context.Context, page int) ([]int, error) {
	c.requests++
	if c.requests > 10_000 {
		return nil, errors.New("runaway iteration")
	}
	if c.rng.Float64() < c.insert {
		for range 1 + c.rng.IntN(c.maxInsertPerPage) {
			c.add(true)
		}
	}
	if c.rng.Float64() < c.remove && len(c.list) > 0 {
		c.removed = true
		c.list = c.list[1:]
	}
	if c.rng.Float64() < c.fail {
		return nil, errInjected
	}
	list := c.list
	if c.rng.Float64() < c.reorder {
		c.misbehaved = true
		list = slices.Clone(list)
		c.rng.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
	}
	if c.rng.Float64() < c.ignore {
		c.misbehaved = true
		page = 1
	}
	from := min((page-1)*c.pageSize, len(list))
	return slices.Clone(list[from:min(from+c.pageSize, len(list))]), nil
}

// TestPropertyEndsAndNeverRepeats drives the engine against many random
// misbehaving lists. Every iteration ends (within the runaway bound), no
// item is yielded twice, only items the list held are yielded, and against
// a list that pages consistently and only grows at its head by less than a
// page per request, every initial item is yielded and no error comes.
func TestPropertyEndsAndNeverRepeats(t *testing.T) {
	n := *seeds
	if testing.Short() {
		n = 50
	}
	var honestRuns, refused, limited int
	for seed := range uint64(n) {
		c := newChaosList(seed)
		cfg := Config[int]{Fetch: c.fetch, PageSize: c.pageSize, Key: key, MaxPages: c.maxPages, Prefetch: seed%2 == 1}
		var got []int
		var err error
		for v, e := range Seq(context.Background(), cfg) {
			if e != nil {
				err = e
				break
			}
			got = append(got, v)
		}
		// The engine has waited for any prefetch: c is ours again.
		if err != nil {
			require.NotContains(t, err.Error(), "runaway", "seed %d: the iteration did not end", seed)
		}
		yielded := map[int]bool{}
		for _, v := range got {
			require.False(t, yielded[v], "seed %d: item %d yielded twice", seed, v)
			require.True(t, c.ever[v], "seed %d: item %d never existed", seed, v)
			yielded[v] = true
		}
		honest := !c.misbehaved && !c.removed && c.fail == 0 && c.maxPages == 0 && c.maxInsertPerPage < c.pageSize
		switch {
		case errors.Is(err, ErrPageRepeated):
			refused++
		case errors.Is(err, ErrPageLimit):
			limited++
		}
		if honest {
			honestRuns++
			require.NoError(t, err, "seed %d: a consistent list must end cleanly", seed)
			for _, v := range c.initial {
				require.True(t, yielded[v], "seed %d: item %d was never yielded", seed, v)
			}
		}
		if err == nil && c.maxPages > 0 {
			require.LessOrEqual(t, c.requests, c.maxPages, "seed %d", seed)
		}
	}
	// The seeds must exercise every outcome, or the property is vacuous.
	require.Positive(t, honestRuns, "no seed made a consistent list")
	require.Positive(t, refused, "no seed made a list the engine refused")
	require.Positive(t, limited, "no seed reached its page bound")
	t.Logf("%d seeds: %d consistent, %d refused, %d bounded", n, honestRuns, refused, limited)
}
