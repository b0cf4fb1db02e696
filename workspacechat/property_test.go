package workspacechat_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/workspacechat"
)

var listSeeds = flag.Int("workspacechat.seeds", 200, "seeds of TestPropertyAllChatsEndsAndNeverRepeats (a tenth of them for TestPropertyExportChatsKeepsTheSnapshot)")

// chaosChats serves GET /api/v1/chats from a list that misbehaves at
// random, with probabilities drawn per seed: chats inserted at the head or
// removed from it between requests, the page number ignored, the rows
// reordered, and 200 answers with an empty or null body.
type chaosChats struct {
	mu  sync.Mutex
	rng *rand.Rand
	// list holds chat numbers, newest first.
	list []int
	next int
	ever map[int]bool

	insert, remove, ignore, reorder, empty float64
	maxInsert                              int

	requests                     int
	removed, misbehaved, emptied bool
}

const runaway = 2000

func newChaosChats(seed uint64) *chaosChats {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	c := &chaosChats{rng: rng, ever: map[int]bool{}, maxInsert: 1 + rng.IntN(4)}
	pick := func() float64 {
		if rng.IntN(2) == 0 {
			return 0
		}
		return rng.Float64() * 0.5
	}
	c.insert, c.remove, c.ignore, c.reorder, c.empty = pick(), pick(), pick(), pick(), pick()/5
	for range rng.IntN(150) {
		c.next++
		c.ever[c.next] = true
		c.list = append(c.list, c.next)
	}
	slices.Reverse(c.list)
	return c
}

func (c *chaosChats) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests++
	if c.requests > runaway {
		http.Error(w, `{"message":"runaway"}`, http.StatusBadRequest)
		return
	}
	q := r.URL.Query()
	number, _ := strconv.Atoi(q.Get("pageNumber"))
	size, _ := strconv.Atoi(q.Get("pageSize"))
	if c.rng.Float64() < c.insert {
		for range 1 + c.rng.IntN(c.maxInsert) {
			c.next++
			c.ever[c.next] = true
			c.list = append([]int{c.next}, c.list...)
		}
	}
	if c.rng.Float64() < c.remove && len(c.list) > 0 {
		c.removed = true
		c.list = c.list[1:]
	}
	if c.rng.Float64() < c.empty {
		c.emptied = true
		_, _ = w.Write([]byte([]string{"", "null"}[c.rng.IntN(2)]))
		return
	}
	list := c.list
	if c.rng.Float64() < c.reorder {
		c.misbehaved = true
		list = slices.Clone(list)
		c.rng.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
	}
	if c.rng.Float64() < c.ignore {
		c.misbehaved = true
		number = 1
	}
	from := min((number-1)*size, len(list))
	rows := []map[string]any{}
	for _, n := range list[from:min(from+size, len(list))] {
		rows = append(rows, wireRow(n))
	}
	_ = json.NewEncoder(w).Encode(rows)
}

// TestPropertyAllChatsEndsAndNeverRepeats runs AllChats, through HTTP,
// against many random misbehaving servers. Every iteration ends, no chat
// is yielded twice, only chats the server held are yielded, an empty or
// null page is ErrMalformedResponse, and against a server that pages
// consistently and grows at its head by less than a page per request every
// chat of the start is yielded with no error. A failure names its seed.
func TestPropertyAllChatsEndsAndNeverRepeats(t *testing.T) {
	n := *listSeeds
	if testing.Short() {
		n = 30
	}
	var (
		mu     sync.Mutex
		server *chaosChats
	)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		s := server
		mu.Unlock()
		s.ServeHTTP(w, r)
	}))
	defer ts.Close()
	outcomes := map[string]int{}
	for seed := range uint64(n) {
		s := newChaosChats(seed)
		initial := slices.Clone(s.list)
		// Drawn before s serves: a request the last iteration cancelled
		// may still reach the server, and takes s's lock.
		filter := &workspacechat.ChatFilter{PageSize: 1 + s.rng.IntN(12)}
		if s.rng.IntN(4) == 0 {
			filter.MaxPages = 1 + s.rng.IntN(15)
		}
		mu.Lock()
		server = s
		mu.Unlock()
		opts := []workspacechat.Option{workspacechat.WithBaseURL(ts.URL), workspacechat.WithMaxRetries(0)}
		if seed%2 == 1 {
			opts = append(opts, workspacechat.WithPrefetch())
		}
		c, err := workspacechat.NewClient(testKey, opts...)
		require.NoError(t, err)

		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		var ids []string
		for row, e := range c.AllChats(ctx, filter) {
			if e != nil {
				err = e
				break
			}
			ids = append(ids, row.ID)
		}
		cancel()

		s.mu.Lock()
		require.LessOrEqual(t, s.requests, runaway, "seed %d: the iteration did not end", seed)
		yielded := map[string]bool{}
		for _, id := range ids {
			require.False(t, yielded[id], "seed %d: chat %s yielded twice", seed, id)
			num, _ := strconv.Atoi(id[len(id)-12:])
			require.True(t, s.ever[num], "seed %d: chat %s never existed", seed, id)
			yielded[id] = true
		}
		switch {
		case err == nil:
			outcomes["ended"]++
		case errors.Is(err, workspacechat.ErrMalformedResponse):
			require.True(t, s.emptied, "seed %d: malformed without an empty page: %v", seed, err)
			outcomes["malformed"]++
		case errors.Is(err, workspacechat.ErrPageRepeated):
			outcomes["refused"]++
		case errors.Is(err, workspacechat.ErrPageLimit):
			require.Positive(t, filter.MaxPages, "seed %d", seed)
			outcomes["bounded"]++
		default:
			t.Fatalf("seed %d: unexpected error %v", seed, err)
		}
		if !s.misbehaved && !s.removed && !s.emptied && filter.MaxPages == 0 && s.maxInsert < filter.PageSize {
			outcomes["consistent"]++
			require.NoError(t, err, "seed %d: a consistent server must end cleanly", seed)
			for _, num := range initial {
				require.True(t, yielded[chatUUID(num)], "seed %d: chat %d never yielded", seed, num)
			}
		}
		s.mu.Unlock()
	}
	for _, o := range []string{"ended", "malformed", "refused", "bounded", "consistent"} {
		require.Positive(t, outcomes[o], "no seed produced the outcome %q: the property would be vacuous", o)
	}
	t.Logf("%d seeds: %v", n, outcomes)
}
