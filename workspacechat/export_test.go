package workspacechat_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

func TestExportChatsReadsEveryChat(t *testing.T) {
	srv, c := newFake(t, workspacechattest.WithChats(250))
	ids, err := collect(t, c.ExportChats(context.Background(), nil))
	require.NoError(t, err)
	assert.Len(t, ids, 250)
	assertUnique(t, ids)
	assert.Equal(t, 3, srv.Count("GET", "/api/v1/chats"), "100, 99 new after the one read again, 51 new on a short page")

	ids, err = collect(t, c.ExportChats(context.Background(), &workspacechat.ChatFilter{
		PageSize: 7, LastMessageFrom: epoch.Add(10 * time.Minute), LastMessageTo: epoch.Add(40 * time.Minute),
	}))
	require.NoError(t, err)
	assert.Len(t, ids, 31)
	assertUnique(t, ids)

	_, err = collect(t, c.ExportChats(context.Background(), &workspacechat.ChatFilter{PageSize: 10, MaxPages: 2}))
	assert.ErrorIs(t, err, workspacechat.ErrPageLimit)
}

// moveDuringRead gives chat moved a new message when the second request of
// a list goes out (AllChats: page 2; ExportChats: the first request bounded
// in 2025, where the seeded chats are), which takes it out of a list
// bounded before now.
func moveDuringRead(t *testing.T, srv *workspacechattest.Server, moved string) {
	var once sync.Once
	srv.InjectFault(workspacechattest.Fault{Method: "GET", Times: 100, Match: func(r *http.Request) bool {
		if r.URL.Query().Get("pageNumber") == "2" || r.URL.Query().Get("lastChatMessageCreatedAtEnd") < "2025-01-01T03" {
			once.Do(func() {
				_, err := srv.AddMessage(moved, workspacechat.RoleUser, "moved")
				assert.NoError(t, err)
			})
		}
		return false
	}})
}

// A chat that gets a message while the list is read leaves a list bounded
// at the start; with paging by number the chat after the page boundary
// moves onto the page already read and is skipped. The export walk loses
// nothing.
func TestAllChatsSkipsWhatExportChatsKeeps(t *testing.T) {
	start := time.Now()
	srv, c := newFake(t)
	ids := srv.Seed(250)
	moveDuringRead(t, srv, ids[249]) // the newest: on page 1
	got, err := collect(t, c.AllChats(context.Background(), &workspacechat.ChatFilter{LastMessageTo: start}))
	require.NoError(t, err)
	assertUnique(t, got)
	assert.Len(t, got, 249, "the documented gap: the moved chat was read, one untouched chat skipped")

	srv, c = newFake(t)
	ids = srv.Seed(250)
	moveDuringRead(t, srv, ids[249])
	got, err = collect(t, c.ExportChats(context.Background(), nil))
	require.NoError(t, err)
	assertUnique(t, got)
	assert.Len(t, got, 250, "the moved chat was read before it moved; no other is lost")
}

// A seeded property test of the export walk against the fake while chats
// get new messages and new chats open: every chat of the snapshot that no
// message touched is yielded, none twice, and the walk ends cleanly.
func TestPropertyExportChatsKeepsTheSnapshot(t *testing.T) {
	n := *listSeeds / 10 // each seed runs a whole fake
	if testing.Short() {
		n = 8
	}
	for seed := range uint64(n) {
		rng := rand.New(rand.NewPCG(seed, 0xe4))
		srv := workspacechattest.NewServer()
		ids := srv.Seed(20 + rng.IntN(120))
		ch := srv.AddChannel("late", workspacechat.ChannelAPI)
		owner := srv.AddOwner("Late", "+1")
		srv.AddResponder("late", workspacechat.ResponderAgents)
		var mu sync.Mutex
		touched := map[string]bool{}
		srv.InjectFault(workspacechattest.Fault{Method: "GET", Times: 1000, Match: func(*http.Request) bool {
			mu.Lock()
			defer mu.Unlock()
			for range rng.IntN(4) {
				id := ids[rng.IntN(len(ids))]
				touched[id] = true
				_, _ = srv.AddMessage(id, workspacechat.RoleUser, "later")
			}
			if rng.IntN(2) == 0 {
				if id, err := srv.AddChat(ch, owner, "", "late"); err == nil {
					_, _ = srv.AddMessage(id, workspacechat.RoleUser, "new")
				}
			}
			return false
		}})
		got, err := collect(t, clientFor(t, srv).ExportChats(context.Background(), &workspacechat.ChatFilter{PageSize: 1 + rng.IntN(30)}))
		srv.Close()
		require.NoError(t, err, "seed %d", seed)
		yielded := map[string]bool{}
		for _, id := range got {
			require.False(t, yielded[id], "seed %d: %s yielded twice", seed, id)
			yielded[id] = true
		}
		mu.Lock()
		for _, id := range ids {
			require.True(t, yielded[id] || touched[id], "seed %d: untouched chat %s skipped", seed, id)
		}
		mu.Unlock()
	}
}

func TestExportChatsRefusesWhatItCannotWalk(t *testing.T) {
	at := func(n int, ts time.Time) map[string]any {
		r := wireRow(n)
		r["lastChatMessageCreatedAt"] = ts.Format(time.RFC3339Nano)
		return r
	}
	for name, tc := range map[string]struct {
		page func(number, size int) any
		want error
	}{
		"oldest first": {func(_, _ int) any {
			return []map[string]any{at(1, epoch), at(2, epoch.Add(time.Minute))}
		}, workspacechat.ErrUnordered},
		"bound ignored": {func(_, _ int) any {
			return []map[string]any{at(1, time.Now().Add(time.Hour))}
		}, workspacechat.ErrUnordered},
		"no latest message": {func(_, _ int) any {
			r := wireRow(1)
			r["lastChatMessageCreatedAt"] = nil
			return []map[string]any{r}
		}, workspacechat.ErrUnordered},
		"more than a full page of ties": {ties(150), workspacechat.ErrPageRepeated},
		"null page":                     {func(_, _ int) any { return "null" }, workspacechat.ErrMalformedResponse},
	} {
		t.Run(name, func(t *testing.T) {
			c := listServer(t, tc.page)
			ids, err := collect(t, c.ExportChats(context.Background(), &workspacechat.ChatFilter{PageSize: 5}))
			assert.ErrorIs(t, err, tc.want)
			assert.LessOrEqual(t, len(ids), workspacechat.MaxPageSize, fmt.Sprint(ids))
		})
	}
}

// ties serves n chats that share one latest-message time, in a stable
// order: each answer is the first pageSize of them.
func ties(n int) func(number, size int) any {
	return func(number, size int) any {
		var rows []map[string]any
		for i := (number - 1) * size; i < min(number*size, n); i++ {
			r := wireRow(i)
			r["lastChatMessageCreatedAt"] = epoch.Format(time.RFC3339Nano)
			rows = append(rows, r)
		}
		return rows
	}
}

// Chats that share a latest-message time are read again by the next
// request, which asks for that many more: up to a page of them are walked
// through.
func TestExportChatsWalksThroughTies(t *testing.T) {
	c := listServer(t, ties(60))
	ids, err := collect(t, c.ExportChats(context.Background(), &workspacechat.ChatFilter{PageSize: 5}))
	require.NoError(t, err)
	assert.Len(t, ids, 60)
	assertUnique(t, ids)
}
