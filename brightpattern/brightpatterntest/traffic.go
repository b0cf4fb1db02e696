package brightpatterntest

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"time"
)

// Traffic is a busy agent's side of a chat, for load and chaos tests; see
// [Server.Play].
type Traffic struct {
	// Messages is how many messages the agent sends: "m-1", "m-2", ...
	Messages int
	// Interval is the pause between steps (5 ms when zero).
	Interval time.Duration
	// Quiet is one pause halfway through, in which nothing is sent.
	Quiet time.Duration
	// Seed drives the mix: about one step in five is a burst of two to
	// five messages sent at once, one in five adds typing and not-typing
	// events (which the history does not keep), one in ten an event of a
	// type no document lists (which it keeps). Every event carries a
	// 10-digit timestamp in seconds, so many share one.
	Seed uint64
}

// Play makes partyID send t's events to chatID in the background. The
// returned channel is closed once all are sent, or the chat ended, or the
// server closed.
func (s *Server) Play(chatID, partyID string, t Traffic) <-chan struct{} {
	done := make(chan struct{})
	interval := t.Interval
	if interval <= 0 {
		interval = 5 * time.Millisecond
	}
	rng := rand.New(rand.NewPCG(t.Seed, 0x7472))
	s.agentMu.Lock()
	defer s.agentMu.Unlock()
	if s.closing {
		close(done)
		return done
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer close(done)
		sent := 0
		for step := 0; sent < t.Messages; step++ {
			pause := interval
			if sent >= t.Messages/2 && t.Quiet > 0 {
				pause, t.Quiet = t.Quiet, 0
			}
			if step > 0 && !s.wait(pause) {
				return
			}
			if !s.playStep(chatID, partyID, rng, step, &sent, t.Messages) {
				return
			}
		}
	}()
	return done
}

// playStep sends one step of traffic; it reports false once the chat is gone.
func (s *Server) playStep(chatID, partyID string, rng *rand.Rand, step int, sent *int, total int) bool {
	typing := rng.IntN(5) == 0
	if typing && s.Typing(chatID, partyID, true) != nil {
		return false
	}
	if rng.IntN(10) == 0 {
		if s.Emit(chatID, map[string]any{"event": "chat_session_chaos_unlisted", "party_id": partyID,
			"step": strconv.Itoa(step), "timestamp": now()}) != nil {
			return false
		}
	}
	n := 1
	if rng.IntN(5) == 0 {
		n = 2 + rng.IntN(4)
	}
	for i := 0; i < n && *sent < total; i++ {
		*sent++
		if _, err := s.Say(chatID, partyID, "m-"+strconv.Itoa(*sent)); err != nil {
			return false
		}
	}
	if typing && s.Typing(chatID, partyID, false) != nil {
		return false
	}
	return true
}

// wait pauses d; it reports false when the server closed meanwhile.
func (s *Server) wait(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-s.closed:
		return false
	case <-t.C:
		return true
	}
}

// History returns chatID's history as the server keeps it: both sides'
// events, in order (nil for an unknown chat). A test compares what a client
// yielded with it.
func (s *Server) History(chatID string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return nil
	}
	out := make([]map[string]any, 0, len(c.history))
	for _, raw := range c.history {
		var ev map[string]any
		if json.Unmarshal(raw, &ev) == nil {
			out = append(out, ev)
		}
	}
	return out
}
