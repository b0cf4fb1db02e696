package brightpattern

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/switchboard-go/switchboard/internal/fixture"
)

// goldenEvents are one event of each kind the stream hashes.
func goldenEvents(ts time.Time) []Event {
	return []Event{
		&MessageEvent{MsgID: "12", PartyID: "p1", Time: ts, Text: "héllo | there"},
		&FileEvent{MsgID: "3", PartyID: "p1", FileID: "f9", Time: ts},
		&LocationEvent{MsgID: "4", PartyID: "p2", Latitude: 52.3676, Longitude: -4.9041e-7, Time: ts},
		&PartyJoinedEvent{PartyID: "p1", Time: ts},
		&PartyLeftEvent{PartyID: "p1", Time: ts.Add(1500 * time.Millisecond)},
		&StatusEvent{State: StateQueued, EstimatedWait: 90 * time.Second, EstimatedWaitKnown: true},
		&RawEvent{Type: "x_custom", JSON: json.RawMessage(`{"b":1,"a":"z","event":"x_custom"}`)},
		&EndedEvent{},
		&CaseSetEvent{CaseID: "c1", Time: ts},
		&MessageEvent{Time: time.Unix(-5, 0)},
	}
}

// TestEventHashStable pins the hashes of goldenEvents: a Position stored
// by an earlier version holds them, and must still match.
func TestEventHashStable(t *testing.T) {
	want := []uint64{
		0x0e2d0f7f7343e6f5, 0x859cc80f20f9c3d8, 0x6260e22f8e389868, 0x5e63957bb6492570, 0x9d0eee8eb6e93599,
		0x66d3f85fd60573d9, 0xf3fd97926d1aad85, 0x025005275b883905, 0x3e12c7a9a1f4aa54, 0x04bf875cffa95512,
	}
	for i, ev := range goldenEvents(time.Unix(1700000000, 0)) {
		assert.Equal(t, want[i], eventHash(ev), "%T", ev)
	}
}

// TestEventHashAllocations: hashing a message, the common event, allocates
// nothing.
func TestEventHashAllocations(t *testing.T) {
	if fixture.Race {
		t.Skip("the race detector adds allocations of its own")
	}
	ev := &MessageEvent{MsgID: "12", PartyID: "p1", Time: time.Unix(1700000000, 0), Text: "hello"}
	assert.Zero(t, testing.AllocsPerRun(100, func() { eventHash(ev) }))
}
