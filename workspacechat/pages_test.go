package workspacechat_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

// wireRow renders chat n as a chat row, with every key the fake sends.
func wireRow(n int) map[string]any {
	return map[string]any{
		"id": chatUUID(n), "title": fmt.Sprint("Chat ", n), "channelName": "web", "ownerName": nil,
		"lastChatMessageCreatedAt": epoch.Add(time.Duration(n) * time.Second).Format(time.RFC3339Nano),
	}
}

func chatUUID(n int) string { return fmt.Sprintf("cccccccc-0000-4000-8000-%012d", n) }

// listServer serves GET /api/v1/chats with page(pageNumber, pageSize) and
// returns a client for it.
func listServer(t *testing.T, page func(number, size int) any) *workspacechat.Client {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var number, size int
		_, _ = fmt.Sscan(r.URL.Query().Get("pageNumber"), &number)
		_, _ = fmt.Sscan(r.URL.Query().Get("pageSize"), &size)
		switch body := page(number, size).(type) {
		case string:
			_, _ = w.Write([]byte(body))
		default:
			_ = json.NewEncoder(w).Encode(body)
		}
	}))
	t.Cleanup(ts.Close)
	c, err := workspacechat.NewClient(testKey, workspacechat.WithBaseURL(ts.URL),
		workspacechat.WithRetryWait(time.Millisecond, 5*time.Millisecond))
	require.NoError(t, err)
	return c
}

// Issue: a server that ignores pageNumber made AllChats run forever, when
// it shuffled the same 100 rows on every request and when new chats kept
// arriving at the head. One that sends the same page every time is refused
// too.
func TestAllChatsEndsOnServerIgnoringPages(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	newest := 1000
	for _, tc := range []struct {
		name   string
		filter *workspacechat.ChatFilter
		page   func(size int) []map[string]any
		want   int
	}{
		{"repeating one page", &workspacechat.ChatFilter{PageSize: 5}, func(size int) []map[string]any {
			rows := make([]map[string]any, size)
			for i := range rows {
				rows[i] = wireRow(i)
			}
			return rows
		}, 5},
		{"reordering one page", nil, func(int) []map[string]any {
			rows := make([]map[string]any, 100)
			for i, n := range rng.Perm(100) {
				rows[i] = wireRow(n)
			}
			return rows
		}, 100},
		{"while chats arrive", nil, func(size int) []map[string]any {
			newest++
			rows := make([]map[string]any, size)
			for i := range rows {
				rows[i] = wireRow(newest - i)
			}
			return rows
		}, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			requests := 0
			c := listServer(t, func(_, size int) any {
				requests++
				return tc.page(size)
			})
			ids, err := collect(t, c.AllChats(context.Background(), tc.filter))
			assert.ErrorIs(t, err, workspacechat.ErrPageRepeated)
			assert.Len(t, ids, tc.want)
			assertUnique(t, ids)
			assert.Equal(t, 2, requests)
		})
	}
}

// Issue: a chat inserted at the head between two page requests pushed the
// boundary chat onto the next page, and it was yielded twice.
func TestAllChatsInsertAtHeadYieldsNoChatTwice(t *testing.T) {
	forPrefetch(t, 250, func(t *testing.T, _ bool, srv *workspacechattest.Server, c *workspacechat.Client) {
		var once sync.Once
		srv.InjectFault(workspacechattest.Fault{Method: "GET", Times: 10, Match: func(r *http.Request) bool {
			if r.URL.Query().Get("pageNumber") == "2" {
				once.Do(func() { srv.Seed(1) }) // the newest chat: at the head
			}
			return false
		}})
		ids, err := collect(t, c.AllChats(context.Background(), nil))
		require.NoError(t, err)
		assertUnique(t, ids)
		assert.Len(t, ids, 250, "every chat of the start once; the new one is behind the reader")
		assert.Equal(t, 251, srv.ChatCount())
	})
}

// Issue: an empty body or null with 200 where page 2 was expected ended the
// list silently after 100 of 250 chats.
func TestAllChatsEmptyOrNullPageIsMalformed(t *testing.T) {
	for _, body := range []string{"", "null", " \n", `{"data":null}`} {
		t.Run(fmt.Sprintf("%q", body), func(t *testing.T) {
			srv, c := newFake(t, workspacechattest.WithChats(250))
			srv.InjectFault(workspacechattest.Fault{Method: "GET", Status: http.StatusOK, Body: body,
				Match: func(r *http.Request) bool { return r.URL.Query().Get("pageNumber") == "2" }})
			ids, err := collect(t, c.AllChats(context.Background(), nil))
			assert.ErrorIs(t, err, workspacechat.ErrMalformedResponse)
			assert.Len(t, ids, 100)
		})
	}
	srv, c := newFake(t, workspacechattest.WithChats(5))
	srv.InjectFault(workspacechattest.Fault{Method: "GET", Status: http.StatusOK, Body: "null"})
	_, err := c.ListChats(context.Background(), nil)
	assert.ErrorIs(t, err, workspacechat.ErrMalformedResponse, "one page too")
	srv.InjectFault(workspacechattest.Fault{Method: "GET", Status: http.StatusOK, Body: ""})
	_, err = c.ListChatEntities(context.Background(), nil)
	assert.ErrorIs(t, err, workspacechat.ErrMalformedResponse)
	rows, err := c.ListChats(context.Background(), &workspacechat.ChatFilter{PageNumber: 9})
	require.NoError(t, err, "[] is an empty page")
	assert.Empty(t, rows)
}

func TestAllChatsMaxPages(t *testing.T) {
	srv, c := newFake(t, workspacechattest.WithChats(30))
	ids, err := collect(t, c.AllChats(context.Background(), &workspacechat.ChatFilter{PageSize: 10, MaxPages: 2}))
	assert.ErrorIs(t, err, workspacechat.ErrPageLimit)
	assert.Len(t, ids, 20)
	assert.Equal(t, 2, srv.Count("GET", "/api/v1/chats"))

	ids, err = collect(t, c.AllChats(context.Background(), &workspacechat.ChatFilter{PageSize: 10, MaxPages: 4}))
	require.NoError(t, err)
	assert.Len(t, ids, 30)

	_, err = collect(t, c.AllChats(context.Background(), &workspacechat.ChatFilter{MaxPages: -1}))
	assert.ErrorContains(t, err, "page bound")
}

func TestAllChatsFilters(t *testing.T) {
	_, c := newFake(t, workspacechattest.WithChats(100))
	ctx := context.Background()
	ids, err := collect(t, c.AllChats(ctx, &workspacechat.ChatFilter{
		LastMessageFrom: epoch.Add(10 * time.Minute), LastMessageTo: epoch.Add(19 * time.Minute),
	}))
	require.NoError(t, err)
	assert.Len(t, ids, 10, "both bounds inclusive")

	var first workspacechat.ChatRow
	for r, err := range c.AllChats(ctx, nil) {
		require.NoError(t, err)
		first = r
		break
	}
	assert.Equal(t, epoch.Add(100*time.Minute), first.LastMessageAt(), "newest first")

	// channelTypes and ownerIds select the variant answered with entities.
	n := 0
	for ch, err := range c.AllChatEntities(ctx, &workspacechat.ChatFilter{ChannelTypes: []workspacechat.ChannelType{workspacechat.ChannelWhatsApp}, PageSize: 7}) {
		require.NoError(t, err)
		assert.NotEmpty(t, ch.OwnerSuperIdentityID)
		n++
	}
	assert.Equal(t, 20, n)
	var owned []workspacechat.Chat
	for ch, err := range c.AllChatEntities(ctx, &workspacechat.ChatFilter{OwnerIDs: []string{first.OwnerExternalUserID}}) {
		require.NoError(t, err)
		owned = append(owned, ch)
	}
	require.Len(t, owned, 2, "50 owners over 100 chats")
	assert.Equal(t, first.OwnerExternalUserID, owned[0].OwnerExternalUserID)
}

// Issue 13: given entity-shaped pages, ListChats returned rows with every
// field empty, and WatchChats yielded nothing until its context ended.
func TestRowMethodsRefuseEntities(t *testing.T) {
	_, c := newFake(t, workspacechattest.WithChats(3))
	ctx := context.Background()
	filter := &workspacechat.ChatFilter{ChannelTypes: []workspacechat.ChannelType{workspacechat.ChannelWidget}}
	_, err := c.ListChats(ctx, filter)
	assert.ErrorIs(t, err, workspacechat.ErrUnexpectedShape)
	assert.ErrorIs(t, err, workspacechat.ErrMalformedResponse)
	assert.ErrorContains(t, err, "want a chat row, got a chat entity")
	_, err = collect(t, c.AllChats(ctx, filter))
	assert.ErrorIs(t, err, workspacechat.ErrUnexpectedShape)

	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	n := 0
	for _, err := range c.WatchChats(ctx, workspacechat.WatchFilter(*filter), workspacechat.WatchInterval(time.Millisecond)) {
		assert.ErrorIs(t, err, workspacechat.ErrUnexpectedShape)
		n++
	}
	assert.Equal(t, 1, n, "one error, before the context ends")
	assert.NoError(t, ctx.Err())

	entities, err := c.ListChatEntities(ctx, filter)
	require.NoError(t, err)
	assert.Len(t, entities, 1)
	_, err = c.ListChatEntities(ctx, nil)
	assert.ErrorIs(t, err, workspacechat.ErrUnexpectedShape, "rows where entities were asked for")
}

func TestFakeShapes(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		shape          workspacechattest.Shape
		rowsOK, entOK  bool
		getRow, getEnt bool
	}{
		{workspacechattest.ShapeRows, true, false, true, false},
		{workspacechattest.ShapeEntities, false, true, false, true},
	} {
		srv, c := newFake(t, workspacechattest.WithChats(3), workspacechattest.WithShape(tc.shape))
		filter := &workspacechat.ChatFilter{}
		_, err := c.ListChats(ctx, filter)
		assert.Equal(t, tc.rowsOK, err == nil, "shape %d: %v", tc.shape, err)
		_, err = c.ListChatEntities(ctx, filter)
		assert.Equal(t, tc.entOK, err == nil, "shape %d: %v", tc.shape, err)
		ids := srv.Seed(1)
		_, err = c.GetChat(ctx, ids[0])
		assert.Equal(t, tc.getRow, err == nil, "shape %d: %v", tc.shape, err)
		ent, err := c.GetChatEntity(ctx, ids[0])
		assert.Equal(t, tc.getEnt, err == nil, "shape %d: %v", tc.shape, err)
		if err == nil {
			assert.Equal(t, ids[0], ent.ID)
			assert.NotEmpty(t, ent.OwnerExternalUserID)
			assert.NotContains(t, string(ent.Raw), "channelName", "an entity, not a row and entity merged")
		}
		_, err = c.GetChatEntity(ctx, "cccccccc-0000-4000-8000-0000000fffff")
		assert.ErrorIs(t, err, workspacechat.ErrNotFound, "shape %d", tc.shape)
	}
}
