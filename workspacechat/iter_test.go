package workspacechat_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

var epoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// collect drains an iterator into IDs, stopping at the first error.
func collect(t *testing.T, seq func(func(workspacechat.ChatRow, error) bool)) ([]string, error) {
	t.Helper()
	var ids []string
	for r, err := range seq {
		if err != nil {
			return ids, err
		}
		ids = append(ids, r.ID)
	}
	return ids, nil
}

func assertUnique(t *testing.T, ids []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, id := range ids {
		assert.False(t, seen[id], "duplicate %s", id)
		seen[id] = true
	}
}

func TestAllChatsReadsEveryPage(t *testing.T) {
	forPrefetch(t, 250, func(t *testing.T, prefetch bool, srv *workspacechattest.Server, c *workspacechat.Client) {
		ids, err := collect(t, c.AllChats(context.Background(), nil))
		require.NoError(t, err)
		assert.Len(t, ids, 250)
		assertUnique(t, ids)
		want := []int{3} // 100 + 100 + a short page of 50
		if prefetch {
			// Page 4 is requested beside page 3 and cancelled once page 3
			// proves the last; the request may reach the server or not.
			want = append(want, 4)
		}
		assert.Contains(t, want, srv.Count("GET", "/api/v1/chats"))
	})
}

func TestAllChatsStopsOnEmptyPage(t *testing.T) {
	srv, c := newFake(t, workspacechattest.WithChats(20))
	ids, err := collect(t, c.AllChats(context.Background(), &workspacechat.ChatFilter{PageSize: 10}))
	require.NoError(t, err)
	assert.Len(t, ids, 20)
	assert.Equal(t, 3, srv.Count("GET", "/api/v1/chats"), "two full pages, then an empty one")
}

func TestAllChatsYieldsErrorOnce(t *testing.T) {
	srv, c := newFake(t, workspacechattest.WithChats(30))
	srv.InjectFault(workspacechattest.Fault{
		Match:  func(r *http.Request) bool { return r.URL.Query().Get("pageNumber") == "2" },
		Status: 400, Body: `{"code":"invalid-data","message":"Invalid data provided."}`,
	})
	ids, err := collect(t, c.AllChats(context.Background(), &workspacechat.ChatFilter{PageSize: 10}))
	assert.ErrorIs(t, err, workspacechat.ErrInvalidData)
	assert.Len(t, ids, 10)
}

func TestAllChatsEarlyBreakWithPrefetch(t *testing.T) {
	srv := workspacechattest.NewServer(workspacechattest.WithChats(300))
	defer srv.Close()
	srv.InjectFault(workspacechattest.Fault{Method: "GET", Delay: 20 * time.Millisecond, Times: 100,
		Match: func(r *http.Request) bool { return r.URL.Query().Get("pageNumber") != "1" }})
	c := clientFor(t, srv, workspacechat.WithPrefetch())
	n := 0
	for _, err := range c.AllChats(context.Background(), nil) {
		require.NoError(t, err)
		if n++; n == 3 {
			break
		}
	}
	// goleak (TestMain) checks that the prefetch was cancelled and reaped.
	assert.Equal(t, 3, n)
}

// watch runs WatchChats in a goroutine and forwards rows on a channel.
// The returned stop cancels the stream and waits for the goroutine.
func watch(t *testing.T, c *workspacechat.Client, opts ...workspacechat.WatchOption) (<-chan workspacechat.ChatRow, <-chan error, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	rows := make(chan workspacechat.ChatRow, 100)
	errs := make(chan error, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for r, err := range c.WatchChats(ctx, opts...) {
			if err != nil {
				errs <- err
				return
			}
			rows <- r
		}
	}()
	return rows, errs, func() { cancel(); <-done }
}

func next(t *testing.T, rows <-chan workspacechat.ChatRow, errs <-chan error) workspacechat.ChatRow {
	t.Helper()
	select {
	case r := <-rows:
		return r
	case err := <-errs:
		t.Fatalf("watch ended: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("no row within 5 s")
	}
	return workspacechat.ChatRow{}
}

func TestWatchChats(t *testing.T) {
	srv, c := newFake(t)
	ids := srv.Seed(30)
	rows, errs, stop := watch(t, c, workspacechat.WatchFrom(time.Now()), workspacechat.WatchInterval(2*time.Millisecond), workspacechat.WatchOverlap(time.Second), workspacechat.WatchFilter(workspacechat.ChatFilter{PageSize: 5}))
	defer stop()

	_, err := srv.AddMessage(ids[3], workspacechat.RoleUser, "first")
	require.NoError(t, err)
	r := next(t, rows, errs)
	assert.Equal(t, ids[3], r.ID)
	assert.Equal(t, "first", r.LastMessage.Content)

	// Twelve chats change between two polls: more than two pages of five.
	for _, i := range []int{0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12} {
		_, err := srv.AddMessage(ids[i], workspacechat.RoleUser, fmt.Sprint("burst ", i))
		require.NoError(t, err)
	}
	got := map[string]bool{}
	for range 12 {
		r := next(t, rows, errs)
		assert.False(t, got[r.ID], "chat %s yielded twice", r.ID)
		assert.True(t, strings.HasPrefix(r.LastMessage.Content, "burst "))
		got[r.ID] = true
	}
	// Nothing else may arrive before the next change: no duplicate.
	_, err = srv.AddMessage(ids[20], workspacechat.RoleAssistant, "last")
	require.NoError(t, err)
	r = next(t, rows, errs)
	assert.Equal(t, ids[20], r.ID)
	assert.Equal(t, "last", r.LastMessage.Content)
}

func TestWatchChatsMissesNoneAtPageBoundaries(t *testing.T) {
	srv, c := newFake(t)
	ids := srv.Seed(40)
	since := time.Now()
	for _, id := range ids[:12] {
		_, err := srv.AddMessage(id, workspacechat.RoleUser, "before")
		require.NoError(t, err)
	}
	// While the first poll asks for page 2, the oldest changed chat (on
	// page 3) gets a message and jumps to the top of page 1, which the
	// poll has already read.
	moved := ids[0]
	var once sync.Once
	srv.InjectFault(workspacechattest.Fault{Method: "GET", Match: func(r *http.Request) bool {
		if r.URL.Query().Get("pageNumber") == "2" {
			once.Do(func() {
				_, err := srv.AddMessage(moved, workspacechat.RoleUser, "during")
				assert.NoError(t, err)
			})
		}
		return false
	}})
	rows, errs, stop := watch(t, c, workspacechat.WatchFrom(since), workspacechat.WatchInterval(2*time.Millisecond), workspacechat.WatchFilter(workspacechat.ChatFilter{PageSize: 5}))
	defer stop()
	// Thirteen messages: the moved chat's "before" comes as the previous
	// message of its row with "during".
	got := map[string]bool{}
	for range 13 {
		r := next(t, rows, errs)
		msg := r.ID + " " + r.LastMessage.Content
		assert.False(t, got[msg], "message yielded twice")
		got[msg] = true
	}
	assert.True(t, got[moved+" before"])
	assert.True(t, got[moved+" during"])
	_, err := srv.AddMessage(ids[30], workspacechat.RoleUser, "sentinel")
	require.NoError(t, err)
	assert.Equal(t, ids[30], next(t, rows, errs).ID)
}

func TestWatchChatsRidesOutFailures(t *testing.T) {
	srv, c := newFake(t)
	ids := srv.Seed(3)
	srv.InjectFault(workspacechattest.Fault{Method: "GET", Status: 503, Times: 6})
	srv.InjectFault(workspacechattest.Fault{Method: "GET", DropBefore: true})
	rows, errs, stop := watch(t, c, workspacechat.WatchFrom(time.Now()), workspacechat.WatchInterval(time.Millisecond))
	defer stop()
	_, err := srv.AddMessage(ids[1], workspacechat.RoleUser, "hello")
	require.NoError(t, err)
	assert.Equal(t, ids[1], next(t, rows, errs).ID)
}

func TestWatchChatsStopsOnAuthError(t *testing.T) {
	srv := workspacechattest.NewServer()
	defer srv.Close()
	c, err := workspacechat.NewClient("wsk_wrong", workspacechat.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	n := 0
	for _, err := range c.WatchChats(context.Background()) {
		assert.ErrorIs(t, err, workspacechat.ErrUnauthorized)
		n++
	}
	assert.Equal(t, 1, n)
	for _, err := range c.WatchChats(context.Background(), workspacechat.WatchFilter(workspacechat.ChatFilter{OwnerIDs: []string{"x"}})) {
		assert.ErrorIs(t, err, workspacechat.ErrInvalidID)
	}
}

func TestWatchChatsOnServerIgnoringTheBound(t *testing.T) {
	polls := make(chan struct{}, 100)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`[
			{"id":"cccccccc-0000-4000-8000-000000000002","lastChatMessageCreatedAt":"2025-01-01T00:02:00Z"},
			{"id":"cccccccc-0000-4000-8000-000000000001","lastChatMessageCreatedAt":"2025-01-01T00:01:00Z"},
			{"id":"cccccccc-0000-4000-8000-000000000003","lastChatMessageCreatedAt":null}]`))
		polls <- struct{}{}
	}))
	defer ts.Close()
	c, err := workspacechat.NewClient(testKey, workspacechat.WithBaseURL(ts.URL))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	var got []string
	for r, err := range c.WatchChats(ctx, workspacechat.WatchInterval(time.Millisecond), workspacechat.WatchOverlap(time.Millisecond)) {
		if err != nil {
			assert.ErrorIs(t, err, context.Canceled)
			break
		}
		got = append(got, r.ID)
		if len(got) == 2 {
			go func() {
				for range 5 {
					<-polls
				}
				cancel()
			}()
		}
	}
	cancel()
	assert.Equal(t, []string{"cccccccc-0000-4000-8000-000000000001", "cccccccc-0000-4000-8000-000000000002"}, got,
		"oldest first, each once, the chat with no message never")
}

func TestWatchChatsRestartsOnEachRange(t *testing.T) {
	srv, c := newFake(t)
	ids := srv.Seed(3)
	since := time.Now()
	_, err := srv.AddMessage(ids[2], workspacechat.RoleUser, "again")
	require.NoError(t, err)
	seq := c.WatchChats(context.Background(), workspacechat.WatchFrom(since), workspacechat.WatchInterval(time.Millisecond))
	for range 2 {
		for r, err := range seq {
			require.NoError(t, err)
			assert.Equal(t, ids[2], r.ID)
			break
		}
	}
}

func TestWithWatchIntervalIsWatchChatsDefault(t *testing.T) {
	srv := workspacechattest.NewServer()
	t.Cleanup(srv.Close)
	c := clientFor(t, srv, workspacechat.WithWatchInterval(2*time.Millisecond))
	ids := srv.Seed(3)
	rows, errs, stop := watch(t, c, workspacechat.WatchFrom(time.Now()))
	defer stop()

	// At the package default of 5 s the second poll would come too late.
	_, err := srv.AddMessage(ids[0], workspacechat.RoleUser, "first")
	require.NoError(t, err)
	assert.Equal(t, ids[0], next(t, rows, errs).ID)
	_, err = srv.AddMessage(ids[1], workspacechat.RoleUser, "second")
	require.NoError(t, err)
	select {
	case r := <-rows:
		assert.Equal(t, ids[1], r.ID)
	case err := <-errs:
		t.Fatal(err)
	case <-time.After(2 * time.Second):
		t.Fatal("WithWatchInterval was not used")
	}

	_, err = workspacechat.NewClient(workspacechattest.DefaultAPIKey, workspacechat.WithWatchInterval(-1))
	assert.ErrorContains(t, err, "watch interval")
}
