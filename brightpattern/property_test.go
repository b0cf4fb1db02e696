package brightpattern_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
)

var (
	chaosSeeds = flag.Int("chaos.seeds", 200, "how many chaos seeds TestEventsAndSendsUnderChaos runs")
	chaosSeed  = flag.Uint64("chaos.seed", 0, "run TestEventsAndSendsUnderChaos for this one seed only")
	chaosScale = flag.Int("chaos.scale", 1, "chat size factor: 10 gives 200 agent messages and 40 sends 5 ms apart")
)

// TestEventsAndSendsUnderChaos drives Events and concurrent sends against a
// fake that drops polls after taking their events, cuts answers off, answers
// late, resends, refuses, fails sends before and after processing them,
// while an agent sends bursts, typing and unlisted events with a quiet
// spell. At every seed: every server event the history holds is yielded
// exactly once and in history order, no customer message is processed
// twice, no successful send is missing, and no two polls overlap.
func TestEventsAndSendsUnderChaos(t *testing.T) {
	scale := max(*chaosScale, 1)
	eachSeed(t, seedList(*chaosSeed, *chaosSeeds), 32, func(seed uint64) error { return chaosRun(seed, scale) },
		fmt.Sprintf("-chaos.scale=%d -chaos.seed", scale))
}

// chaosRun plays one chat under the chaos of seed and checks the invariants.
func chaosRun(seed uint64, scale int) error {
	srv := brightpatterntest.NewServer(brightpatterntest.WithHold(10*time.Millisecond),
		brightpatterntest.WithChaos(brightpatterntest.Chaos{Seed: seed, SendFailure: 0.3, LateBy: 300 * time.Millisecond}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(60*scale)*time.Second)
	defer cancel()
	c, chat, party, err := chaosChat(ctx, srv, seed)
	if err != nil {
		return err
	}
	// Scaled down to keep go test short; -chaos.scale=10 plays the issue's
	// chat: 200 agent messages 5 ms apart with a quiet 1.5 s, 40 sends.
	messages, customer, interval, quiet := 12, 3, time.Millisecond, 10*time.Millisecond
	if scale > 1 {
		messages, customer = 20*scale, 4*scale
	}
	if scale >= 10 {
		interval, quiet = 5*time.Millisecond, 1500*time.Millisecond
	}
	played := srv.Play(chat.ID, party, brightpatterntest.Traffic{Messages: messages, Interval: interval, Quiet: quiet, Seed: seed})

	type sent struct {
		id  string
		err error
	}
	sends := make([]sent, customer)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range sends {
			id, err := c.SendMessage(ctx, chat.ID, fmt.Sprint("c-", i+1))
			sends[i] = sent{id, err}
			time.Sleep(interval)
		}
		<-played
		_ = srv.End(chat.ID)
	}()

	var yielded []string
	var streamErr error
	for ev, err := range c.Events(ctx, chat.ID) {
		if err != nil {
			streamErr = err
			break
		}
		if keptKey(ev) { // the others are kept out of the history: best effort
			yielded = append(yielded, eventKey(ev))
		}
	}
	cancel()
	wg.Wait()

	var problems []string
	if streamErr != nil {
		problems = append(problems, fmt.Sprintf("Events ended with %v", streamErr))
	}
	var want []string
	own := map[string]int{}
	for _, m := range srv.History(chat.ID) {
		raw, _ := json.Marshal(m)
		ev, err := brightpattern.DecodeEvent(raw)
		if err != nil {
			return fmt.Errorf("history event %s: %w", raw, err)
		}
		if m["party_id"] == chat.ID {
			if msg, ok := ev.(*brightpattern.MessageEvent); ok {
				own[msg.MsgID]++
			}
			continue
		}
		want = append(want, eventKey(ev))
	}
	if d := firstDifference(want, yielded); d != "" {
		problems = append(problems, d)
	}
	for i, s := range sends {
		switch {
		case own[s.id] > 1:
			problems = append(problems, fmt.Sprintf("send %d (msg_id %s) processed %d times", i+1, s.id, own[s.id]))
		case s.err == nil && own[s.id] == 0:
			problems = append(problems, fmt.Sprintf("send %d (msg_id %s) reported success but is not in the history", i+1, s.id))
		case s.err != nil && !errors.Is(s.err, context.Canceled):
			problems = append(problems, fmt.Sprintf("send %d failed: %v", i+1, s.err))
		}
	}
	if n := srv.OverlappingPolls(); n > 0 {
		problems = append(problems, fmt.Sprintf("%d polls overlapped", n))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n\t"))
	}
	return nil
}

// eventKey identifies an event for comparing a stream with the history.
func eventKey(ev brightpattern.Event) string {
	switch e := ev.(type) {
	case *brightpattern.MessageEvent:
		return "msg:" + e.Text + "#" + e.MsgID
	case *brightpattern.StatusEvent:
		return "status:" + string(e.State)
	case *brightpattern.PartyJoinedEvent:
		return "joined:" + e.PartyID
	case *brightpattern.PartyLeftEvent:
		return "left:" + e.PartyID
	case *brightpattern.RawEvent:
		var m map[string]any
		_ = json.Unmarshal(e.JSON, &m)
		return fmt.Sprintf("%s:%v", e.Type, m["step"])
	}
	return string(ev.EventType())
}

// firstDifference describes how got differs from want: missing, repeated or
// out-of-order events, or "" when they are equal.
func firstDifference(want, got []string) string {
	for i := range min(len(want), len(got)) {
		if want[i] != got[i] {
			return fmt.Sprintf("event %d: want %s, got %s (want %d events, got %d)\n\twant …%v\n\tgot  …%v",
				i, want[i], got[i], len(want), len(got), around(want, i), around(got, i))
		}
	}
	if len(want) != len(got) {
		return fmt.Sprintf("want %d events, got %d: want %v, got %v", len(want), len(got), tail(want), tail(got))
	}
	return ""
}

func around(s []string, i int) []string { return s[max(i-2, 0):min(i+4, len(s))] }

func tail(s []string) []string { return s[max(len(s)-4, 0):] }
