package anycom_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/internal/conformance"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

var watchSeeds = flag.Int("watch.seeds", 100, "seeds for each watcher's randomized property test (more: -watch.seeds=5000)")

// chaosClient is a client of ts with the client's own retries left at
// their default, as a user's would be.
func chaosClient(t *testing.T, ts *httptest.Server) *anycom.Client {
	t.Helper()
	c, err := anycom.NewClient("key", "user", anycom.WithBaseURL(ts.URL),
		anycom.WithRetryWait(time.Microsecond, time.Millisecond))
	require.NoError(t, err)
	return c
}

func TestWatchersAreTheOnlyRetryLayer(t *testing.T) {
	defer goleak.VerifyNone(t)
	ts, requests := fixture.Down(t, `{"status":503,"result":"down"}`)
	defer ts.Close() // before goleak looks
	c := chaosClient(t, ts)
	for name, errs := range map[string]func() []error{
		"awaiting": func() []error {
			return fixture.Errs(c.Chat.WatchAwaiting(context.Background(), anycom.WatchInterval(time.Nanosecond)))
		},
		"attendants": func() []error {
			return fixture.Errs(c.Chat.WatchAttendants(context.Background(), anycom.WatchInterval(time.Nanosecond)))
		},
		"status": func() []error {
			return fixture.Errs(c.WatchStatus(context.Background(), anycom.WatchInterval(time.Nanosecond)))
		},
	} {
		t.Run(name, func(t *testing.T) {
			requests.Store(0)
			got := errs()
			conformance.GaveUp(t, got, int(requests.Load()), 8, conformance.ErrorAs[*anycom.Error]) // 8 polls of one request each
		})
	}
}

// listServer is a misbehaving AnyCom server for one list command: between
// answers its entries come and go (and their status and counts change); it
// lists some entries twice and in any order, and fails at random: HTTP 429
// and 5xx, a 200 whose envelope says 503, dropped connections, bodies cut
// off. After a number of good answers it freezes, and once two good answers
// of the frozen list have gone out it cancels the watch.
type listServer struct {
	mu       sync.Mutex
	rng      *rand.Rand
	render   func(id int, e entry) map[string]any
	entries  map[int]entry
	good     int // good answers so far
	freezeAt int
	faulty   int // faults in a row
	cancel   context.CancelFunc
}

type entry struct {
	status  string
	clients int
}

func newListServer(seed uint64, render func(int, entry) map[string]any, cancel context.CancelFunc) *listServer {
	rng := rand.New(rand.NewPCG(seed, 0xa11c0))
	return &listServer{rng: rng, render: render, entries: map[int]entry{}, freezeAt: 10 + rng.IntN(30), cancel: cancel}
}

func (s *listServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faulty < 5 && s.rng.IntN(10) < 3 {
		s.faulty++
		switch s.rng.IntN(5) {
		case 0:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"status":429,"result":"slow down"}`))
		case 1:
			w.WriteHeader([]int{500, 502, 503, 504}[s.rng.IntN(4)])
		case 2:
			_, _ = w.Write([]byte(`{"status":503,"result":"busy"}`))
		case 3:
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				_ = conn.Close()
			}
		case 4:
			b := s.body()
			_, _ = w.Write(b[:len(b)/2])
		}
		return
	}
	s.faulty = 0
	_, _ = w.Write(s.body())
	s.good++
	switch {
	case s.good < s.freezeAt:
		s.mutate()
	case s.good == s.freezeAt+2:
		s.cancel()
	}
}

// mutate adds, removes and changes a few entries.
func (s *listServer) mutate() {
	for range s.rng.IntN(4) {
		id := s.rng.IntN(12)
		switch s.rng.IntN(3) {
		case 0:
			delete(s.entries, id)
		default:
			s.entries[id] = entry{status: []string{"UP", "DOWN", "PAIRING"}[s.rng.IntN(3)], clients: s.rng.IntN(3)}
		}
	}
}

// body lists the entries shuffled, some twice.
func (s *listServer) body() []byte {
	var items []map[string]any
	for id, e := range s.entries {
		for range 1 + s.rng.IntN(2) {
			items = append(items, s.render(id, e))
		}
	}
	s.rng.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
	b, _ := json.Marshal(map[string]any{"status": 200, "result": items})
	return b
}

// frozen is the final list, by id.
func (s *listServer) frozen() map[int]entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.entries
}

// runSeeds runs check against a fresh server for every seed, and reports
// the seed of a failure.
func runSeeds(t *testing.T, render func(int, entry) map[string]any,
	check func(ctx context.Context, c *anycom.Client, frozen func() map[int]entry) string) {
	for seed := range uint64(*watchSeeds) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		s := newListServer(seed, render, cancel)
		ts := httptest.NewServer(s)
		failure := check(ctx, chaosClient(t, ts), s.frozen)
		cancel()
		ts.Close()
		if failure != "" {
			t.Fatalf("seed %d: %s", seed, failure)
		}
	}
}

// eachChange hands apply every change of a watch that should end only when
// the server cancels it, and returns the first failure: apply's, or the
// watch's ending with another error.
func eachChange[T any](watch iter.Seq2[T, error], apply func(T) string) string {
	for ch, err := range watch {
		if err != nil {
			if !errors.Is(err, context.Canceled) {
				return fmt.Sprintf("ended with %v, want context.Canceled", err)
			}
			return ""
		}
		if f := apply(ch); f != "" {
			return f
		}
	}
	return ""
}

func sortedIDs[V any](m map[int]V) []int {
	var ids []int
	for id := range m {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	return ids
}

// TestWatchAwaitingPropertyUnderFaults: the changes yielded, applied in
// order, never start a customer already waiting nor end one not waiting,
// and add up to the server's final queue.
func TestWatchAwaitingPropertyUnderFaults(t *testing.T) {
	render := func(id int, _ entry) map[string]any {
		return map[string]any{
			"chat":    map[string]any{"subject": "s"},
			"channel": map[string]any{"type": "whatsapp", "id": 9, "user_id": fmt.Sprint("u", id)},
		}
	}
	runSeeds(t, render, func(ctx context.Context, c *anycom.Client, frozen func() map[int]entry) string {
		waiting := map[string]bool{}
		failure := eachChange(c.Chat.WatchAwaiting(ctx, anycom.WatchInterval(time.Nanosecond)), func(ch anycom.AwaitingChange) string {
			u := ch.Customer.Channel.UserID
			switch {
			case ch.Kind == anycom.AwaitingStarted && waiting[u]:
				return "started twice: " + u
			case ch.Kind == anycom.AwaitingLeft && !waiting[u]:
				return "left while not waiting: " + u
			}
			waiting[u] = ch.Kind == anycom.AwaitingStarted
			return ""
		})
		if failure != "" {
			return failure
		}
		want := map[string]bool{}
		for _, id := range sortedIDs(frozen()) {
			want[fmt.Sprint("u", id)] = true
		}
		for u, w := range waiting {
			if !w {
				delete(waiting, u)
			}
		}
		if !assert.ObjectsAreEqual(want, waiting) {
			return fmt.Sprintf("queue %v, server has %v", waiting, want)
		}
		return ""
	})
}

// TestWatchAttendantsPropertyUnderFaults: as for the queue, with
// attendants coming online and going offline.
func TestWatchAttendantsPropertyUnderFaults(t *testing.T) {
	render := func(id int, _ entry) map[string]any {
		return map[string]any{"chat_user": fmt.Sprint("a", id), "chat_user_name": "A"}
	}
	runSeeds(t, render, func(ctx context.Context, c *anycom.Client, frozen func() map[int]entry) string {
		online := map[string]bool{}
		failure := eachChange(c.Chat.WatchAttendants(ctx, anycom.WatchInterval(time.Nanosecond)), func(ch anycom.AttendantChange) string {
			u := ch.Attendant.ChatUser
			if (ch.Kind == anycom.AttendantOnline) == online[u] {
				return fmt.Sprintf("%s reported %s twice", u, ch.Kind)
			}
			online[u] = ch.Kind == anycom.AttendantOnline
			return ""
		})
		if failure != "" {
			return failure
		}
		var got, want []string
		for u, on := range online {
			if on {
				got = append(got, u)
			}
		}
		for _, id := range sortedIDs(frozen()) {
			want = append(want, fmt.Sprint("a", id))
		}
		sort.Strings(got)
		sort.Strings(want)
		if !assert.ObjectsAreEqual(want, got) {
			return fmt.Sprintf("online %v, server has %v", got, want)
		}
		return ""
	})
}

// TestWatchStatusPropertyUnderFaults: every change yielded is a real
// change from the status built from the changes before it, and the changes
// add up to the server's final status list.
func TestWatchStatusPropertyUnderFaults(t *testing.T) {
	render := func(id int, e entry) map[string]any {
		return map[string]any{
			"status":  e.status,
			"clients": map[string]any{"count": e.clients, "chats": 0},
			"channel": map[string]any{"type": "whatsapp", "id": id},
		}
	}
	runSeeds(t, render, func(ctx context.Context, c *anycom.Client, frozen func() map[int]entry) string {
		state := map[int]entry{}
		failure := eachChange(c.WatchStatus(ctx, anycom.WatchInterval(time.Nanosecond)), func(ch anycom.StatusChange) string {
			id := int(ch.Channel.Channel.ID)
			old, had := state[id]
			cur := entry{status: string(ch.Channel.Status), clients: int(ch.Channel.Clients)}
			switch ch.Kind {
			case anycom.StatusRemoved:
				if !had {
					return fmt.Sprintf("channel %d removed twice", id)
				}
				delete(state, id)
				return ""
			case anycom.StatusClients:
				if !had || old.clients == cur.clients {
					return fmt.Sprintf("channel %d: clients change %d→%d is no change", id, old.clients, cur.clients)
				}
				old.clients = cur.clients
			default:
				if had && old.status == cur.status {
					return fmt.Sprintf("channel %d: status change to %s is no change", id, cur.status)
				}
				old.status = cur.status
				if !had {
					old.clients = cur.clients
				}
			}
			state[id] = old
			return ""
		})
		if failure != "" {
			return failure
		}
		if want := frozen(); !assert.ObjectsAreEqual(want, state) {
			return fmt.Sprintf("status %v, server has %v", state, want)
		}
		return ""
	})
}
