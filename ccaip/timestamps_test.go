package ccaip_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
)

// An unexpected timestamp layout never fails the call: what a layout reads
// is read, and the rest is kept as text.
func fixtureChatGetUnusualTimes(t *testing.T) {
	c := replay(t, "chat_get_unusual_times")
	chat, err := c.GetChat(context.Background(), 4242)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2024, 10, 23, 10, 20, 30, 0, time.UTC), chat.CreatedAt.UTC())
	assert.Equal(t, time.Date(2024, 10, 23, 11, 20, 30, 0, time.UTC), chat.EndsAt.UTC())
	assert.True(t, chat.TimeoutAt.IsZero())
	assert.Equal(t, map[string]string{"timeout_at": "in half an hour"}, chat.RawTimes)
	assert.Equal(t, int64(4242), chat.ID)
	assert.Equal(t, "Maria Rossi", chat.Agent.Name)
}

// GetChat and WatchChat read a chat whose timestamps are in unexpected
// layouts without failing.
func TestWatchChatUnusualTimestamps(t *testing.T) {
	var polls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		status := "assigned"
		if polls.Add(1) > 1 {
			status = "finished"
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"id":5,"status":%q,"created_at":"2024-01-02 15:04:05 UTC",`+
			`"ends_at":"2024-01-02 09:04:05 -0700","timeout_at":"half past never","agent":{"id":1,"name":"Ann"}}`, status)
	}))
	defer srv.Close()
	c := watchClient(t, srv, time.Millisecond)
	var statuses []ccaip.ChatStatus
	for ch, err := range c.WatchChat(context.Background(), 5) {
		require.NoError(t, err)
		if ch.Kind == ccaip.ChangeStatus {
			statuses = append(statuses, ch.Chat.Status)
			assert.Equal(t, time.Date(2024, 1, 2, 15, 4, 5, 0, time.UTC), ch.Chat.CreatedAt.UTC())
			assert.Equal(t, time.Date(2024, 1, 2, 16, 4, 5, 0, time.UTC), ch.Chat.EndsAt.UTC())
			assert.Equal(t, map[string]string{"timeout_at": "half past never"}, ch.Chat.RawTimes)
		}
	}
	assert.Equal(t, []ccaip.ChatStatus{ccaip.ChatAssigned, ccaip.ChatFinished}, statuses)
}

var timestampSeeds = flag.Int("ccaip.timestampSeeds", 300, "seeds for TestGetChatTimestampProperty")

// timestampCase is one generated timestamp: its JSON, and the instant it
// stands for (zero when it is text no layout should read).
type timestampCase struct {
	json string
	want time.Time
}

// genTimestamp writes a random instant in a random common layout, or, one
// time in four, a value that is no timestamp.
func genTimestamp(rng *rand.Rand) timestampCase {
	at := time.UnixMilli(946684800000 + rng.Int64N(1<<40)).UTC()
	sec := at.Truncate(time.Second)
	zone := time.FixedZone("ZZZ", (rng.IntN(105)-48)*15*60)
	q := func(s string) string { return strconv.Quote(s) }
	switch rng.IntN(12) {
	case 0:
		return timestampCase{q(at.In(zone).Format(time.RFC3339Nano)), at}
	case 1:
		return timestampCase{q(at.In(zone).Format("2006-01-02T15:04:05.000Z0700")), at}
	case 2:
		return timestampCase{q(sec.In(zone).Format("2006-01-02 15:04:05 -0700")), sec}
	case 3:
		return timestampCase{q(sec.Format("2006-01-02 15:04:05") + " UTC"), sec}
	case 4:
		return timestampCase{q(at.In(zone).Format("2006-01-02 15:04:05.000 -0700 MST")), at}
	case 5:
		return timestampCase{q(sec.Format("2006-01-02T15:04:05")), sec}
	case 6:
		return timestampCase{strconv.FormatInt(sec.Unix(), 10), sec}
	case 7:
		return timestampCase{strconv.FormatInt(at.UnixMilli(), 10), at}
	case 8:
		return timestampCase{q(strconv.FormatInt(at.UnixMilli(), 10)), at}
	}
	junk := []string{q("soon"), q("31/12/2024 10:00"), "true", `{"at":1}`, `[1]`, q("2024-02-30T10:00:00Z"), q(fmt.Sprint("t-", rng.Int()))}
	return timestampCase{json: junk[rng.IntN(len(junk))]}
}

// TestGetChatTimestampProperty serves chats whose three timestamps are
// random instants in random common layouts, or values that are no
// timestamp, and checks that GetChat never fails, reads every instant
// exactly, and keeps the text of each value it cannot read. A failure
// prints its seed; -ccaip.timestampSeeds=N runs more.
func TestGetChatTimestampProperty(t *testing.T) {
	var body atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body.Load().(string))
	}))
	defer srv.Close()
	c, err := ccaip.NewClient(ccaiptest.DefaultHost, "tok", ccaip.WithBaseURL(srv.URL), ccaip.WithRateLimiter(nil))
	require.NoError(t, err)
	keys := []string{"created_at", "ends_at", "timeout_at"}
	for seed := range uint64(*timestampSeeds) {
		rng := rand.New(rand.NewPCG(seed, 0x7153))
		cases := make([]timestampCase, len(keys))
		fields := []string{`"id":9`, `"status":"assigned"`}
		for i, k := range keys {
			cases[i] = genTimestamp(rng)
			fields = append(fields, strconv.Quote(k)+":"+cases[i].json)
		}
		body.Store("{" + strings.Join(fields, ",") + "}")
		chat, err := c.GetChat(context.Background(), 9)
		if err != nil {
			t.Fatalf("seed %d: %v (body %s)", seed, err, body.Load())
		}
		got := []time.Time{chat.CreatedAt, chat.EndsAt, chat.TimeoutAt}
		for i, k := range keys {
			want := cases[i].want
			_, kept := chat.RawTimes[k]
			if !got[i].Equal(want) || kept != want.IsZero() {
				t.Fatalf("seed %d: %s %s read as %v (raw kept: %v), want %v", seed, k, cases[i].json, got[i], kept, want)
			}
		}
		if chat.ID != 9 || chat.Status != ccaip.ChatAssigned {
			t.Fatalf("seed %d: the rest of the chat was not read: %+v", seed, chat)
		}
	}
}
