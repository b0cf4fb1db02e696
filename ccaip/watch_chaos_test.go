package ccaip_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/internal/conformance"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

var watchSeeds = flag.Int("watch.seeds", 200, "seeds for WatchChat's randomized property test")

// watchClient is a client of ts that polls every interval, with the
// client's own retries left at their default (3), as a user's would be.
func watchClient(t *testing.T, ts *httptest.Server, interval time.Duration) *ccaip.Client {
	t.Helper()
	c, err := ccaip.NewClient("acme.example.com", "tok", ccaip.WithBaseURL(ts.URL),
		ccaip.WithRateLimiter(nil), ccaip.WithWatchInterval(interval),
		ccaip.WithRetryWait(time.Microsecond, time.Millisecond))
	require.NoError(t, err)
	return c
}

func TestWatchChatIsTheOnlyRetryLayer(t *testing.T) {
	defer goleak.VerifyNone(t)
	ts, requests := fixture.Down(t, `{"message":"down"}`)
	defer ts.Close() // before goleak looks
	c := watchClient(t, ts, 100*time.Microsecond)
	errs := fixture.Errs(c.WatchChat(context.Background(), 7))
	conformance.GaveUp(t, errs, int(requests.Load()), 8, conformance.ErrorAs[*ccaip.Error]) // 8 polls of one request each
}

func TestWatchChatEndsOnTheConfiguredStatuses(t *testing.T) {
	defer goleak.VerifyNone(t)
	var polls atomic.Int32
	var stop atomic.Pointer[context.CancelFunc]
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		status := "assigned"
		n := polls.Add(1)
		if cancel := stop.Load(); cancel != nil && n > 6 {
			(*cancel)()
		}
		switch {
		case n >= 4:
			status = "closed"
		case n == 3:
			status = "finished"
		}
		_, _ = fmt.Fprintf(w, `{"id":7,"status":%q}`, status)
	}))
	defer ts.Close()
	c := watchClient(t, ts, 100*time.Microsecond)

	var got []ccaip.ChatStatus
	for ch, err := range c.WatchChat(context.Background(), 7, ccaip.WatchEndOn("closed")) {
		require.NoError(t, err)
		got = append(got, ch.Chat.Status)
	}
	assert.Equal(t, []ccaip.ChatStatus{"assigned", "finished", "closed"}, got, "finished does not end it; closed does")

	polls.Store(0)
	got = nil
	for ch, err := range c.WatchChat(context.Background(), 7) {
		require.NoError(t, err)
		got = append(got, ch.Chat.Status)
	}
	assert.Equal(t, []ccaip.ChatStatus{"assigned", "finished"}, got, "the default ends on finished")

	polls.Store(0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop.Store(&cancel)
	var last error
	got = nil
	for ch, err := range c.WatchChat(ctx, 7, ccaip.WatchEndOn()) {
		if err != nil {
			last = err
			break
		}
		got = append(got, ch.Chat.Status)
	}
	assert.ErrorIs(t, last, context.Canceled, "with no end status only ctx ends the watch")
	assert.Equal(t, []ccaip.ChatStatus{"assigned", "finished", "closed"}, got)
}

func TestWatchChatResumesWithoutRepeats(t *testing.T) {
	defer goleak.VerifyNone(t)
	var polls atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if polls.Add(1) <= 2 {
			_, _ = w.Write([]byte(`{"id":7,"status":"assigned","agent":{"id":3,"name":"Ada"},"all_agents":[{"id":3,"name":"Ada"}]}`))
			return
		}
		_, _ = w.Write([]byte(`{"id":7,"status":"finished","all_agents":[{"id":3,"name":"Ada"},{"id":4,"name":"Bo"}]}`))
	}))
	defer ts.Close()
	c := watchClient(t, ts, 100*time.Microsecond)

	var last *ccaip.Chat
	for ch, err := range c.WatchChat(context.Background(), 7) {
		require.NoError(t, err)
		last = ch.Chat
		break // the process stops after the first change
	}
	require.NotNil(t, last)
	var kinds []ccaip.ChangeKind
	for ch, err := range c.WatchChat(context.Background(), 7, ccaip.WatchFrom(last)) {
		require.NoError(t, err)
		kinds = append(kinds, ch.Kind)
		if ch.Kind == ccaip.ChangeAgentJoined {
			assert.Equal(t, "Bo", ch.Agent.Name)
		}
		if ch.Kind == ccaip.ChangeStatus {
			assert.Equal(t, ccaip.ChatAssigned, ch.PreviousStatus)
		}
	}
	assert.Equal(t, []ccaip.ChangeKind{ccaip.ChangeStatus, ccaip.ChangeAgentJoined}, kinds)
}

// chatScript is a misbehaving CCAI Platform server for one chat: it walks
// the chat through a random timeline of statuses and agents, and answers
// polls with random faults.
type chatScript struct {
	mu       sync.Mutex
	rng      *rand.Rand
	timeline []chatState
	at       int // the state served
	faulty   int // faults in a row so far
}

type chatState struct {
	status ccaip.ChatStatus
	agents []int64 // human agents that have joined, in order
}

func newChatScript(seed uint64, end ccaip.ChatStatus) *chatScript {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	statuses := []ccaip.ChatStatus{ccaip.ChatVAAssigned, ccaip.ChatQueued, ccaip.ChatAssigned, ccaip.ChatDismissed, "ongoing"}
	var tl []chatState
	var agents []int64
	for range 4 + rng.IntN(20) {
		if rng.IntN(3) == 0 {
			agents = append(agents, int64(100+len(agents)))
		}
		tl = append(tl, chatState{status: statuses[rng.IntN(len(statuses))], agents: agents})
	}
	tl = append(tl, chatState{status: end, agents: agents})
	return &chatScript{rng: rng, timeline: tl}
}

func (s *chatScript) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fault := s.faulty < 5 && s.rng.IntN(10) < 4
	if fault {
		s.faulty++
		switch s.rng.IntN(6) {
		case 0:
			w.Header().Set("Retry-After", "0")
			http.Error(w, `{"message":"busy"}`, http.StatusTooManyRequests)
		case 1:
			http.Error(w, `{"message":"down"}`, []int{500, 502, 503, 504}[s.rng.IntN(4)])
		case 2: // the connection drops before any answer
			hijackClose(w)
		case 3: // the server moves on, but the answer is lost
			s.advance()
			hijackClose(w)
		case 4: // the body is cut off
			body := s.render()
			_, _ = w.Write(body[:len(body)/2])
		case 5: // an answer without a status
			_, _ = w.Write([]byte(`{"id":7}`))
		}
		return
	}
	s.faulty = 0
	_, _ = w.Write(s.render())
	s.advance()
}

// advance moves to the next state half of the time, never past the end.
func (s *chatScript) advance() {
	if s.at < len(s.timeline)-1 && s.rng.IntN(2) == 0 {
		s.at++
	}
}

// render answers with the current state, the agents shuffled and some
// listed twice.
func (s *chatScript) render() []byte {
	st := s.timeline[s.at]
	var all []map[string]any
	for _, id := range st.agents {
		for range 1 + s.rng.IntN(2) {
			all = append(all, map[string]any{"id": id, "name": fmt.Sprint("agent ", id)})
		}
	}
	s.rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	out := map[string]any{"id": 7, "status": st.status, "all_agents": all}
	if n := len(st.agents); n > 0 {
		out["agent"] = map[string]any{"id": st.agents[n-1], "name": fmt.Sprint("agent ", st.agents[n-1])}
	} else {
		out["virtual_agent"] = map[string]any{"id": 1, "name": "bot"}
	}
	b, _ := json.Marshal(out)
	return b
}

func hijackClose(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

// TestWatchChatPropertyUnderFaults: against a server that drops, refuses,
// cuts off and garbles answers, lists agents twice and in any order, and
// moves on while an answer is lost, every WatchChat yields each agent once,
// a chain of status changes that follows the server's timeline, and ends on
// the end status without an error.
func TestWatchChatPropertyUnderFaults(t *testing.T) {
	for seed := range uint64(*watchSeeds) {
		end := ccaip.ChatFinished
		var opts []ccaip.WatchOption
		if seed%3 == 0 {
			end = "closed"
			opts = append(opts, ccaip.WatchEndOn("closed"))
		}
		s := newChatScript(seed, end)
		ts := httptest.NewServer(s)
		c := watchClient(t, ts, time.Nanosecond)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		var statuses []ccaip.ChatStatus
		agents := map[int64]int{}
		prev := ccaip.ChatStatus("")
		var failure string
		for ch, err := range c.WatchChat(ctx, 7, opts...) {
			if err != nil {
				failure = fmt.Sprintf("error: %v", err)
				break
			}
			switch ch.Kind {
			case ccaip.ChangeStatus:
				if ch.PreviousStatus != prev || ch.Chat.Status == prev {
					failure = fmt.Sprintf("status change %q→%q after %q", ch.PreviousStatus, ch.Chat.Status, prev)
				}
				prev = ch.Chat.Status
				statuses = append(statuses, prev)
			case ccaip.ChangeAgentJoined:
				agents[ch.Agent.ID]++
			}
		}
		cancel()
		ts.Close()
		final := s.timeline[len(s.timeline)-1]
		if failure == "" && prev != end {
			failure = fmt.Sprintf("ended on %q, not %q", prev, end)
		}
		if failure == "" && !subsequence(statuses, s.timeline) {
			failure = fmt.Sprintf("statuses %v do not follow the timeline", statuses)
		}
		if failure == "" && len(agents) != len(final.agents) {
			failure = fmt.Sprintf("agents reported %v, want %v", agents, final.agents)
		}
		for id, n := range agents {
			if failure == "" && n != 1 {
				failure = fmt.Sprintf("agent %d reported %d times", id, n)
			}
		}
		if failure != "" {
			t.Fatalf("seed %d: %s", seed, failure)
		}
	}
}

// subsequence reports whether got follows the timeline's statuses in order.
func subsequence(got []ccaip.ChatStatus, tl []chatState) bool {
	i := 0
	for _, st := range tl {
		if i < len(got) && got[i] == st.status {
			i++
		}
	}
	return i == len(got)
}
