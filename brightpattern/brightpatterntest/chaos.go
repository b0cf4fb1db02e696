package brightpatterntest

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Chaos makes the server misbehave the way real deployments do under load,
// at random, with every choice drawn from Seed. Pass it to [WithChaos].
//
// Each rate is the probability of its fault per matching request: zero
// takes the default given below, a negative rate switches the fault off.
// Besides the faults, a chaotic server answers "no events" in all four
// forms seen in the field (200 {"events":[]}, an empty 200, a 204 and 400
// error 5511), chosen at random.
//
// Whatever the faults, the history keeps both sides' events in order, as
// the real server's does: it is what a client recovers from.
type Chaos struct {
	// Seed drives every random choice.
	Seed uint64
	// DropAfterTake (default 0.15): a poll takes the queued events, then
	// the connection is closed without an answer.
	DropAfterTake float64
	// CutOff (default 0.10): a poll takes the queued events; the headers
	// and half of the body are sent, then the connection is closed.
	CutOff float64
	// Late (default 0.03): a poll takes the queued events and answers only
	// after LateBy or once the client gave up, whichever comes first.
	Late float64
	// LateBy bounds a late answer's wait (2 s by default): more than the
	// client's poll timeout makes the client give up.
	LateBy time.Duration
	// Resend (default 0.05): the connection of a poll is closed before the
	// poll is handled. On a reused keep-alive connection Go's transport
	// sends the poll again by itself.
	Resend float64
	// Busy (default 0.05): a poll is refused with 400 error 5509, as if
	// another poll were held, and takes nothing.
	Busy float64
	// SendFailure (default 0.10): sending events fails with 502, 503 or
	// 504, or the connection closes without an answer, each either before
	// or after the server processed the events.
	SendFailure float64
	// HistoryFailure (default 0.05): a history read gets 503, or its
	// connection closes, before it is handled.
	HistoryFailure float64
}

// WithChaos switches on the random faults of c. Use it in your own tests to
// check that your code survives what a loaded server does:
//
//	srv := brightpatterntest.NewServer(brightpatterntest.WithHold(20*time.Millisecond),
//		brightpatterntest.WithChaos(brightpatterntest.Chaos{Seed: seed}))
func WithChaos(c Chaos) Option {
	return func(cfg *config) {
		rate := func(r *float64, def float64) {
			if *r == 0 {
				*r = def
			}
			*r = max(*r, 0)
		}
		rate(&c.DropAfterTake, 0.15)
		rate(&c.CutOff, 0.10)
		rate(&c.Late, 0.03)
		rate(&c.Resend, 0.05)
		rate(&c.Busy, 0.05)
		rate(&c.SendFailure, 0.10)
		rate(&c.HistoryFailure, 0.05)
		if c.LateBy <= 0 {
			c.LateBy = 2 * time.Second
		}
		cfg.chaos = &c
	}
}

// chaosState is the random source of a chaotic server.
type chaosState struct {
	Chaos
	mu  sync.Mutex
	rng *rand.Rand
}

func newChaosState(c *Chaos) *chaosState {
	if c == nil {
		return nil
	}
	return &chaosState{Chaos: *c, rng: rand.New(rand.NewPCG(c.Seed, 0x6272))}
}

// draw returns a number in [0, 1).
func (c *chaosState) draw() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rng.Float64()
}

// intN returns a number in [0, n).
func (c *chaosState) intN(n int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rng.IntN(n)
}

// pick returns the index of the fault drawn among rates, or -1 for none.
func (c *chaosState) pick(rates ...float64) int {
	if c == nil {
		return -1
	}
	x := c.draw()
	for i, r := range rates {
		if x < r {
			return i
		}
		x -= r
	}
	return -1
}

// Poll faults, in the order of chaosState.pollFault's rates.
const (
	pollBusy = iota
	pollResend
	pollDropAfterTake
	pollCutOff
	pollLate
)

func (c *chaosState) pollFault() int {
	if c == nil {
		return -1
	}
	return c.pick(c.Busy, c.Resend, c.DropAfterTake, c.CutOff, c.Late)
}

// polls tracks the polls being served per chat, to count overlaps.
type polls struct {
	mu       sync.Mutex
	active   map[string]context.Context // chat id -> the held poll's request context
	overlaps atomic.Int64
}

// overlapGrace is how long a poll that arrives while another is held waits
// for the held one's client to be seen gone: a client that gave up a poll
// closed its connection, but the server notices that a moment later.
const overlapGrace = 500 * time.Millisecond

// enter registers a poll of chatID. It reports false when another poll of
// the chat is being served for a client that is still waiting for it; that
// is an overlap unless the arriving poll's own client is gone (a loaded
// server reads a request late, after its client gave up on it).
func (p *polls) enter(chatID string, ctx context.Context) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if held, ok := p.active[chatID]; ok {
		// Wait without the lock, then look again.
		p.mu.Unlock()
		t := time.NewTimer(overlapGrace)
		select {
		case <-held.Done():
		case <-ctx.Done():
		case <-t.C:
		}
		t.Stop()
		p.mu.Lock()
	}
	if held, ok := p.active[chatID]; ok && held.Err() == nil {
		if ctx.Err() == nil {
			p.overlaps.Add(1)
		} // else a poll its client gave up before the server read it
		return false
	}
	if p.active == nil {
		p.active = map[string]context.Context{}
	}
	p.active[chatID] = ctx
	return true
}

// leave ends the registration of the poll with request context ctx.
func (p *polls) leave(chatID string, ctx context.Context) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.active[chatID] == ctx {
		delete(p.active, chatID)
	}
}

// OverlappingPolls returns how many polls arrived while another poll of the
// same chat was held for a client still waiting for it. A client that keeps
// one poll in flight never causes one.
func (s *Server) OverlappingPolls() int { return int(s.polls.overlaps.Load()) }

// chatRoute reads "…/chats/{chatId}/{rest}" from a request path.
func chatRoute(path string) (chatID, rest string) {
	_, after, ok := strings.Cut(path, "/chats/")
	if !ok {
		return "", ""
	}
	chatID, rest, _ = strings.Cut(after, "/")
	return chatID, rest
}

// withFaults wraps the API: it keeps track of polls and, in chaos mode,
// misbehaves.
func (s *Server) withFaults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chatID, rest := chatRoute(r.URL.Path)
		switch {
		case chatID != "" && rest == "events" && r.Method == http.MethodGet:
			s.servePoll(w, r, chatID, next)
		case chatID != "" && rest == "events" && r.Method == http.MethodPost && s.chaos != nil:
			s.serveSend(w, r, next)
		case chatID != "" && rest == "history" && s.chaos != nil:
			switch s.chaos.pick(s.chaos.HistoryFailure/2, s.chaos.HistoryFailure/2) {
			case 0:
				apiError(w, http.StatusServiceUnavailable, "5001", "No server is available to accept chat connection")
			case 1:
				drop(w)
			default:
				next.ServeHTTP(w, r)
			}
		default:
			next.ServeHTTP(w, r)
		}
	})
}

const busyMessage = "Too many concurrent poll requests for the same session"

// servePoll serves one poll: refused with 5509 while another is held, else
// handled, with a fault when the chaos draws one.
func (s *Server) servePoll(w http.ResponseWriter, r *http.Request, chatID string, next http.Handler) {
	if !s.polls.enter(chatID, r.Context()) {
		apiError(w, http.StatusBadRequest, "5509", busyMessage)
		return
	}
	if s.chaos == nil {
		defer s.polls.leave(chatID, r.Context())
		next.ServeHTTP(w, r)
		return
	}
	fault := s.chaos.pollFault()
	switch fault {
	case pollBusy:
		s.polls.leave(chatID, r.Context())
		apiError(w, http.StatusBadRequest, "5509", busyMessage)
		return
	case pollResend:
		s.polls.leave(chatID, r.Context())
		drop(w)
		return
	}
	rec := httptest.NewRecorder()
	next.ServeHTTP(rec, r)
	switch fault {
	case pollDropAfterTake:
		s.polls.leave(chatID, r.Context())
		drop(w)
	case pollCutOff:
		s.polls.leave(chatID, r.Context())
		cutOff(w, rec)
	case pollLate:
		t := time.NewTimer(s.chaos.LateBy)
		select {
		case <-r.Context().Done():
		case <-t.C:
		case <-s.closed:
		}
		t.Stop()
		s.polls.leave(chatID, r.Context())
		replay(w, rec)
	default:
		s.polls.leave(chatID, r.Context())
		if rec.Code == http.StatusOK && strings.TrimSpace(rec.Body.String()) == `{"events":[]}` {
			s.noEvents(w)
			return
		}
		replay(w, rec)
	}
}

// noEvents answers an empty poll in one of the four forms seen in the field.
func (s *Server) noEvents(w http.ResponseWriter) {
	switch s.chaos.intN(4) {
	case 0:
		writeEvents(w, nil)
	case 1:
		w.WriteHeader(http.StatusOK)
	case 2:
		w.WriteHeader(http.StatusNoContent)
	default:
		apiError(w, http.StatusBadRequest, "5511", "No events")
	}
}

// Send faults, in the order of serveSend's rates.
const (
	sendUnavailableBefore = iota
	sendDropBefore
	sendBadGatewayAfter
	sendGatewayTimeoutAfter
	sendDropAfter
)

// serveSend handles the client's events, with a fault when the chaos draws
// one: before the server processed them, or after.
func (s *Server) serveSend(w http.ResponseWriter, r *http.Request, next http.Handler) {
	each := s.chaos.SendFailure / 5
	fault := s.chaos.pick(each, each, each, each, each)
	switch fault {
	case sendUnavailableBefore:
		_, _ = io.Copy(io.Discard, r.Body)
		apiError(w, http.StatusServiceUnavailable, "5001", "No server is available to accept chat connection")
		return
	case sendDropBefore:
		_, _ = io.Copy(io.Discard, r.Body)
		drop(w)
		return
	case -1:
		next.ServeHTTP(w, r)
		return
	}
	next.ServeHTTP(httptest.NewRecorder(), r)
	switch fault {
	case sendBadGatewayAfter:
		w.WriteHeader(http.StatusBadGateway)
	case sendGatewayTimeoutAfter:
		w.WriteHeader(http.StatusGatewayTimeout)
	default:
		drop(w)
	}
}

// replay writes a recorded answer.
func replay(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// cutOff sends a recorded answer's headers and half of its body, then
// closes the connection.
func cutOff(w http.ResponseWriter, rec *httptest.ResponseRecorder) {
	body := rec.Body.Bytes()
	if len(body) < 2 {
		drop(w)
		return
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body[:len(body)/2])
	_ = http.NewResponseController(w).Flush()
	drop(w)
}

// drop closes the client connection without a (complete) response. A
// writer with no connection (a fault's recorder) is left as it is.
func drop(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		_ = conn.Close()
	}
}
