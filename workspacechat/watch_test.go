package workspacechat_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/switchboard-go/switchboard/internal/conformance"
	"github.com/switchboard-go/switchboard/internal/fixture"
	"github.com/switchboard-go/switchboard/workspacechat"
)

var watchSeeds = flag.Int("watch.seeds", 100, "seeds for WatchChats' randomized property test (more: -watch.seeds=5000)")

// watchClientOf is a client of ts with the client's own retries left at
// their default, as a user's would be.
func watchClientOf(t *testing.T, ts *httptest.Server) *workspacechat.Client {
	t.Helper()
	c, err := workspacechat.NewClient(testKey, workspacechat.WithBaseURL(ts.URL),
		workspacechat.WithRetryWait(time.Microsecond, time.Millisecond))
	require.NoError(t, err)
	return c
}

// firstContents watches ts with opts and returns the latest-message
// contents of the first n rows it yields.
func firstContents(t *testing.T, ts *httptest.Server, n int, opts ...workspacechat.WatchOption) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var got []string
	for r, err := range watchClientOf(t, ts).WatchChats(ctx, opts...) {
		require.NoError(t, err)
		got = append(got, r.LastMessage.Content)
		if len(got) == n {
			break
		}
	}
	return got
}

func TestWatchChatsIsTheOnlyRetryLayer(t *testing.T) {
	defer goleak.VerifyNone(t)
	ts, requests := fixture.Down(t, `{"message":"down"}`)
	defer ts.Close() // before goleak looks
	errs := fixture.Errs(watchClientOf(t, ts).WatchChats(context.Background(), workspacechat.WatchInterval(time.Nanosecond)))
	conformance.GaveUp(t, errs, int(requests.Load()), 8, conformance.ErrorAs[*workspacechat.Error]) // 8 polls of one request each
}

func TestWatchChatsYieldsASecondMessageOfTheSameMillisecond(t *testing.T) {
	defer goleak.VerifyNone(t)
	var polls atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		content := "first"
		if polls.Add(1) > 2 {
			content = "second"
		}
		_, _ = fmt.Fprintf(w, `[{"id":"cccccccc-0000-4000-8000-000000000001",
			"lastChatMessageCreatedAt":"2025-01-01T00:01:00.123Z","lastChatMessageContentPreview":%q,
			"lastChatMessageRole":"user"}]`, content)
	}))
	defer ts.Close()
	assert.Equal(t, []string{"first", "second"},
		firstContents(t, ts, 2, workspacechat.WatchFrom(epoch), workspacechat.WatchInterval(time.Nanosecond)))
}

func TestWatchChatsEndsOnAServerThatIgnoresThePageNumber(t *testing.T) {
	defer goleak.VerifyNone(t)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`[
			{"id":"cccccccc-0000-4000-8000-000000000001","lastChatMessageCreatedAt":"2025-01-01T00:01:00Z"},
			{"id":"cccccccc-0000-4000-8000-000000000002","lastChatMessageCreatedAt":"2025-01-01T00:02:00Z"}]`))
	}))
	defer ts.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var errs []error
	n := 0
	for _, err := range watchClientOf(t, ts).WatchChats(ctx, workspacechat.WatchInterval(time.Nanosecond), workspacechat.WatchFilter(workspacechat.ChatFilter{PageSize: 2})) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], workspacechat.ErrPageRepeated)
	assert.Equal(t, 2, n, "page one's chats, once, before the error")
}

// tieServer is a misbehaving workspace chat server. Messages arrive in
// bursts on a coarse clock, so many share a timestamp (and some a chat and
// a timestamp); it lists chats newest first with ties in a new random
// order on every request (as SQL does without a tie-breaker), honours the
// start bound inclusively, exclusively or not at all, and fails at random:
// 429 and 5xx, dropped connections, bodies cut off. After a number of good
// answers it freezes; once the watch has yielded every chat's last
// two messages it lets the watch poll on for 15 requests, then cancels it.
type tieServer struct {
	mu       sync.Mutex
	rng      *rand.Rand
	since    time.Time            // the watch's since: just before the first message
	clock    time.Time            // the server's clock, in milliseconds, never behind ours
	chats    map[int][]tieMessage // chat → its last two messages, oldest first
	sent     int                  // messages created
	bound    string               // "inclusive", "exclusive" or "ignored"
	good     int
	freezeAt int
	faulty   int
	faults   bool            // whether to fail at random
	yielded  map[string]bool // messages the watch yielded, by content
	after    int             // requests since the watch had them all
	cancel   context.CancelFunc
}

type tieMessage struct {
	at      time.Time
	content string
}

func newTieServer(seed uint64, cancel context.CancelFunc) *tieServer {
	rng := rand.New(rand.NewPCG(seed, 0x7135))
	clock := time.Now().UTC().Truncate(time.Millisecond)
	s := &tieServer{rng: rng, since: clock, clock: clock, chats: map[int][]tieMessage{}, freezeAt: 15 + rng.IntN(30),
		bound: []string{"inclusive", "exclusive", "ignored"}[rng.IntN(3)], yielded: map[string]bool{}, cancel: cancel,
		faults: seed%2 == 0}
	s.burst() // messages before the watch starts
	return s
}

// burst adds messages: a few milliseconds of the coarse clock, several
// messages in each, some to a chat that got one in the same millisecond.
func (s *tieServer) burst() {
	for range s.rng.IntN(3) {
		if s.rng.IntN(3) > 0 || !s.clock.After(s.since) { // else the millisecond of messages already served
			s.clock = s.clock.Add(time.Millisecond)
			if now := time.Now().UTC().Truncate(time.Millisecond); now.After(s.clock) {
				s.clock = now
			}
		}
		for range s.rng.IntN(8) {
			s.sent++
			id := s.rng.IntN(30)
			msgs := append(s.chats[id], tieMessage{at: s.clock, content: "m" + strconv.Itoa(s.sent)})
			s.chats[id] = msgs[max(len(msgs)-2, 0):]
		}
	}
}

func (s *tieServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done() {
		if s.after++; s.after >= 15 {
			s.cancel() // and answer well, so that the watch ends on ctx
			_, _ = w.Write(s.page(r))
			return
		}
	}
	if s.faults && s.faulty < 4 && s.rng.IntN(10) < 2 {
		s.faulty++
		switch s.rng.IntN(4) {
		case 0:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
		case 1:
			w.WriteHeader([]int{500, 502, 503, 504}[s.rng.IntN(4)])
		case 2:
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				_ = conn.Close()
			}
		case 3:
			b := s.page(r)
			_, _ = w.Write(b[:len(b)/2])
		}
		return
	}
	s.faulty = 0
	_, _ = w.Write(s.page(r))
	if s.good++; s.good < s.freezeAt && s.rng.IntN(3) == 0 {
		s.burst()
	}
}

// page answers one page: newest first, ties shuffled anew.
func (s *tieServer) page(r *http.Request) []byte {
	q := r.URL.Query()
	start, _ := time.Parse(time.RFC3339Nano, q.Get("lastChatMessageCreatedAtStart"))
	size, _ := strconv.Atoi(q.Get("pageSize"))
	num, _ := strconv.Atoi(q.Get("pageNumber"))
	num = max(num, 1)
	var ids []int
	for id, msgs := range s.chats {
		m := msgs[len(msgs)-1]
		switch {
		case s.bound == "ignored" || start.IsZero():
		case s.bound == "inclusive" && m.at.Before(start):
			continue
		case s.bound == "exclusive" && !m.at.After(start):
			continue
		}
		ids = append(ids, id)
	}
	s.rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	latest := func(id int) tieMessage { return s.chats[id][len(s.chats[id])-1] }
	slices.SortStableFunc(ids, func(a, b int) int { return latest(b).at.Compare(latest(a).at) })
	var rows []map[string]any
	for i := (num - 1) * size; i < len(ids) && i < num*size; i++ {
		msgs := s.chats[ids[i]]
		m := msgs[len(msgs)-1]
		row := map[string]any{
			"id":                            fmt.Sprintf("cccccccc-0000-4000-8000-%012d", ids[i]),
			"lastChatMessageCreatedAt":      m.at.Format(time.RFC3339Nano),
			"lastChatMessageContentPreview": m.content,
			"lastChatMessageRole":           "user",
		}
		if len(msgs) == 2 {
			row["previousChatMessageCreatedAt"] = msgs[0].at.Format(time.RFC3339Nano)
			row["previousChatMessageContentPreview"] = msgs[0].content
			row["previousChatMessageRole"] = "user"
		}
		rows = append(rows, row)
	}
	b, _ := json.Marshal(rows)
	if rows == nil {
		b = []byte("[]")
	}
	return b
}

// done reports whether the list is frozen and the watch has yielded every
// chat's last two messages.
func (s *tieServer) done() bool {
	return s.good >= s.freezeAt && len(s.unyielded()) == 0
}

// unyielded lists the chats' last two messages not yielded yet.
func (s *tieServer) unyielded() []string {
	var out []string
	for _, msgs := range s.chats {
		for _, m := range msgs {
			if m.at.After(s.since) && !s.yielded[m.content] {
				out = append(out, m.content)
			}
		}
	}
	slices.Sort(out)
	return out
}

func (s *tieServer) yield(content string) (again bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	again = s.yielded[content]
	s.yielded[content] = true
	return again
}

func (s *tieServer) missing() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.unyielded()
}

// TestWatchChatsPropertyUnderTiesAndFaults: against a server that reorders
// rows of equal time on every request, puts two messages of one chat in
// one millisecond, and (for every other seed) fails at random, WatchChats
// yields no message twice and each chat's last two messages once,
// whatever the page size.
func TestWatchChatsPropertyUnderTiesAndFaults(t *testing.T) {
	for seed := range uint64(*watchSeeds) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		s := newTieServer(seed, cancel)
		ts := httptest.NewServer(s)
		opts := []workspacechat.WatchOption{
			workspacechat.WatchInterval(time.Nanosecond), workspacechat.WatchOverlap(time.Millisecond),
			workspacechat.WatchFilter(workspacechat.ChatFilter{PageSize: 3 + int(seed%7)}),
		}
		var failure string
		for r, err := range watchClientOf(t, ts).WatchChats(ctx, append(opts, workspacechat.WatchFrom(s.since))...) {
			if err != nil {
				if !errors.Is(err, context.Canceled) {
					failure = fmt.Sprintf("ended with %v", err)
				}
				break
			}
			if s.yield(r.LastMessage.Content) {
				failure = fmt.Sprintf("message %s (chat %s) yielded twice", r.LastMessage.Content, r.ID)
				break
			}
		}
		cancel()
		ts.Close()
		if missing := s.missing(); failure == "" && len(missing) > 0 {
			failure = fmt.Sprintf("bound %s: never yielded %v", s.bound, missing)
		}
		if failure != "" {
			t.Fatalf("seed %d: %s", seed, failure)
		}
	}
}

func TestWatchChatsIsNotBlindedByARowFromTheFuture(t *testing.T) {
	defer goleak.VerifyNone(t)
	now := time.Now().UTC()
	var polls atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rows := `{"id":"cccccccc-0000-4000-8000-000000000009","lastChatMessageCreatedAt":"2099-01-01T00:00:00Z","lastChatMessageContentPreview":"from the future"}`
		if polls.Add(1) > 2 {
			rows += fmt.Sprintf(`,{"id":"cccccccc-0000-4000-8000-000000000001","lastChatMessageCreatedAt":%q,"lastChatMessageContentPreview":"now"}`,
				now.Format(time.RFC3339Nano))
		}
		start, err := time.Parse(time.RFC3339Nano, r.URL.Query().Get("lastChatMessageCreatedAtStart"))
		if err == nil && start.After(now) && strings.Contains(rows, "},") {
			rows = rows[:strings.Index(rows, "},")+1] // the server honours the bound
		}
		_, _ = w.Write([]byte("[" + rows + "]"))
	}))
	defer ts.Close()
	assert.Equal(t, []string{"from the future", "now"},
		firstContents(t, ts, 2, workspacechat.WatchFrom(now.Add(-time.Hour)), workspacechat.WatchInterval(time.Nanosecond)))
}

// TestWatchChatsMovesOnPastALargeTie: thirty chats share one millisecond
// and the server orders them anew on every request, so almost no pass over
// its three pages is clean; the watch still proves it saw them all (the
// passes' union) and moves its bound past them, keeping its state small.
func TestWatchChatsMovesOnPastALargeTie(t *testing.T) {
	defer goleak.VerifyNone(t)
	tie := time.Now().UTC().Add(-time.Minute).Truncate(time.Millisecond)
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(1, 2))
	var movedOn atomic.Bool
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		q := r.URL.Query()
		if start, err := time.Parse(time.RFC3339Nano, q.Get("lastChatMessageCreatedAtStart")); err == nil && start.After(tie) {
			movedOn.Store(true)
			cancel() // the watch has moved on: end it
		}
		ids := rng.Perm(30)
		rows := []string{fmt.Sprintf(`{"id":"cccccccc-0000-4000-8000-000000000099","lastChatMessageCreatedAt":%q,"lastChatMessageContentPreview":"later"}`,
			tie.Add(10*time.Millisecond).Format(time.RFC3339Nano))}
		for _, id := range ids {
			rows = append(rows, fmt.Sprintf(`{"id":"cccccccc-0000-4000-8000-%012d","lastChatMessageCreatedAt":%q,"lastChatMessageContentPreview":"m%d"}`,
				id, tie.Format(time.RFC3339Nano), id))
		}
		page, _ := strconv.Atoi(q.Get("pageNumber"))
		from := min((page-1)*10, len(rows))
		_, _ = w.Write([]byte("[" + strings.Join(rows[from:min(from+10, len(rows))], ",") + "]"))
	}))
	defer ts.Close()
	got := map[string]bool{}
	for r, err := range watchClientOf(t, ts).WatchChats(ctx, workspacechat.WatchFrom(tie.Add(-time.Second)), workspacechat.WatchInterval(time.Nanosecond), workspacechat.WatchOverlap(time.Millisecond), workspacechat.WatchFilter(workspacechat.ChatFilter{PageSize: 10})) {
		if err != nil {
			assert.ErrorIs(t, err, context.Canceled)
			break
		}
		assert.False(t, got[r.LastMessage.Content], "%s yielded twice", r.LastMessage.Content)
		got[r.LastMessage.Content] = true
	}
	assert.Len(t, got, 31)
	assert.True(t, movedOn.Load(), "the bound never moved past the tie")
}
