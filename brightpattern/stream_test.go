package brightpattern_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

func TestParsePosition(t *testing.T) {
	zero, err := brightpattern.ParsePosition("")
	require.NoError(t, err)
	assert.Equal(t, brightpattern.Position{}, zero)
	assert.Equal(t, "", zero.String())

	for _, text := range []string{
		"bp1:0:0000abcd:",
		"bp1:2:0000abcd:00000000000000ff,0123456789abcdef",
		"bp1:9:ffffffff:0000000000000001,0000000000000002,0000000000000003,0000000000000004",
	} {
		p, err := brightpattern.ParsePosition(text)
		require.NoError(t, err, text)
		assert.Equal(t, text, p.String())
	}

	for _, text := range []string{
		"x", "bp1", "bp2:0:0000abcd:", "bp1:0:0000abcd", "bp1:-1:0000abcd:", "bp1:01:0000abcd:0000000000000001",
		"bp1:1:abcd:0000000000000001", "bp1:1:0000abcd:", "bp1:1:0000abcd:1", "bp1:1:0000abcd:zzzzzzzzzzzzzzzz",
		"bp1:5:0000abcd:0000000000000001", "bp1:1:0000abcd:0000000000000001,0000000000000002",
		"bp1:99999999999999999999:0000abcd:", strings.Repeat("bp1:", 100),
	} {
		_, err := brightpattern.ParsePosition(text)
		assert.ErrorIs(t, err, brightpattern.ErrInvalidPosition, text)
		var pe *brightpattern.PositionError
		require.ErrorAs(t, err, &pe, text)
		assert.LessOrEqual(t, len(pe.Position), 100)
		assert.NotEmpty(t, pe.Reason)
	}
}

func TestEventStreamRefusesAnotherChatsPosition(t *testing.T) {
	srv, c := newFake(t)
	ctx := fixture.Context(t)
	chat, err := c.RequestChat(ctx, nil)
	require.NoError(t, err)
	stream := c.EventStream(chat.ID, brightpattern.Position{})
	for _, err := range stream.Events(ctx) {
		require.NoError(t, err)
		break
	}
	pos := stream.Position()
	assert.Equal(t, 1, pos.Events())
	other := newClient(t, srv, "client-2")
	otherChat, err := other.RequestChat(ctx, nil)
	require.NoError(t, err)
	got, err := collect(t, other.EventStream(otherChat.ID, pos).Events(ctx), nil)
	assert.Empty(t, got)
	assert.ErrorIs(t, err, brightpattern.ErrInvalidPosition)
}

// TestResumeUnderChaos stops the stream after a random number of events,
// stores its position as a string, and resumes it on a fresh client, again
// and again, against the chaos fake: together the processes yield every
// server event of the history exactly once, in order.
func TestResumeUnderChaos(t *testing.T) {
	seeds := 50
	if *chaosSeeds > 200 {
		seeds = *chaosSeeds / 4
	}
	eachSeed(t, seedList(*chaosSeed, seeds), 16, resumeRun, "-chaos.seed")
}

func resumeRun(seed uint64) error {
	srv := brightpatterntest.NewServer(brightpatterntest.WithHold(10*time.Millisecond),
		brightpatterntest.WithChaos(brightpatterntest.Chaos{Seed: seed, LateBy: 300 * time.Millisecond}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	_, chat, party, err := chaosChat(ctx, srv, seed)
	if err != nil {
		return err
	}
	played := srv.Play(chat.ID, party, brightpatterntest.Traffic{Messages: 20, Interval: time.Millisecond, Seed: seed})
	go func() {
		<-played
		_ = srv.End(chat.ID)
	}()
	rng := rand.New(rand.NewPCG(seed, 1))
	var yielded []string
	stored := ""
	for restarts := 0; ; restarts++ {
		if restarts > 200 {
			return errors.New("the chat never ended")
		}
		pos, err := brightpattern.ParsePosition(stored)
		if err != nil {
			return err
		}
		c, err := chaosClient(srv, seed)
		if err != nil {
			return err
		}
		stream := c.EventStream(chat.ID, pos)
		budget, ended := 1+rng.IntN(8), false
		for ev, err := range stream.Events(ctx) {
			if err != nil {
				return fmt.Errorf("after %d restarts: %w", restarts, err)
			}
			if _, ok := ev.(*brightpattern.EndedEvent); ok {
				ended = true
			}
			if k := eventKey(ev); keptKey(ev) {
				yielded = append(yielded, k)
			}
			stored = stream.Position().String()
			if budget--; budget == 0 {
				break
			}
		}
		if ended {
			break
		}
	}
	var want []string
	for _, m := range srv.History(chat.ID) {
		raw, _ := json.Marshal(m)
		ev, err := brightpattern.DecodeEvent(raw)
		if err != nil {
			return err
		}
		if m["party_id"] != chat.ID {
			want = append(want, eventKey(ev))
		}
	}
	if d := firstDifference(want, yielded); d != "" {
		return errors.New(d)
	}
	return nil
}

// keptKey reports whether ev is of a kind the history keeps.
func keptKey(ev brightpattern.Event) bool {
	switch ev.(type) {
	case *brightpattern.TypingEvent, *brightpattern.NotTypingEvent, *brightpattern.SignalingEvent:
		return false
	}
	return true
}
