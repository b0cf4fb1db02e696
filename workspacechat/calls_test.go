package workspacechat_test

import (
	"context"
	"iter"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/calltest"
	"github.com/switchboard-go/switchboard/internal/conformance"
	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

// uuid is a well-formed id for the calls that check theirs.
const uuid = "0b7e2a4e-6d1c-4f0e-9a51-3f1c2d4e5f60"

func TestEveryMethodTakesCallOptions(t *testing.T) {
	srv := calltest.NewServer(t)
	c, err := workspacechat.NewClient("key", workspacechat.WithBaseURL(srv.URL),
		workspacechat.WithRetryWait(time.Millisecond, 2*time.Millisecond))
	require.NoError(t, err)
	calltest.Every(t, srv, map[string][]any{
		"Client.Raw":               {http.MethodGet, "api/v1/undocumented", nil, nil},
		"Client.CreateChat":        {&workspacechat.NewChat{ChannelID: uuid, OwnerSuperIdentityID: uuid, ResponderSuperIdentityID: uuid}},
		"Client.CreateChatMessage": {&workspacechat.NewChatMessage{ChatID: uuid, Content: "hi", Role: workspacechat.RoleUser}},
		"Client.GetChat":           {uuid},
		"Client.GetChatEntity":     {uuid},
		"Client.ListChatMessages":  {uuid},
		"Client.RemoveChat":        {uuid},
		"Client.UpdateChat":        {uuid, &workspacechat.ChatUpdate{Title: new("t")}},
	}, []any{c}, calltest.Watcher("Client.WatchChats", func(ctx context.Context, opts ...call.Option) iter.Seq2[workspacechat.ChatRow, error] {
		return c.WatchChats(ctx, workspacechat.WatchCall(opts...), workspacechat.WatchGiveUpAfter(1))
	}))
}

func TestResponseIntoAfterRetries(t *testing.T) {
	calltest.AfterRetries(t, calltest.Retries{
		IDHeader: "X-Correlation-Id", Body: `{"ok":true}`, ErrorAs: conformance.ErrorAs[*workspacechat.Error],
		Calls: func(base string) calltest.RetryCalls {
			c, err := workspacechat.NewClient("key", workspacechat.WithBaseURL(base),
				workspacechat.WithRetryWait(time.Millisecond, 2*time.Millisecond))
			require.NoError(t, err)
			return calltest.RetryCalls{
				Succeed: func(ctx context.Context, opts ...call.Option) error {
					var out map[string]bool
					err := c.Raw(ctx, http.MethodGet, "api/v1/anything", nil, &out, append(opts, call.Idempotent())...)
					if err == nil {
						require.True(t, out["ok"], "the answer is decoded")
					}
					return err
				},
				Fail: func(ctx context.Context, opts ...call.Option) error {
					_, err := c.GetChatEntity(ctx, uuid, opts...)
					return err
				},
				Unsafe: func(ctx context.Context, opts ...call.Option) error {
					return c.Raw(ctx, http.MethodPost, "api/v1/anything", map[string]int{"n": 1}, nil, opts...)
				},
			}
		},
	})
}

func TestCallHeaderRefused(t *testing.T) {
	srv := calltest.NewServer(t)
	c, err := workspacechat.NewClient("key", workspacechat.WithBaseURL(srv.URL))
	require.NoError(t, err)
	calltest.HeaderRefused(t, srv, call.Header("Authorization", "Bearer other"), "Bearer other",
		func(ctx context.Context, opt call.Option) error { _, err := c.GetChat(ctx, uuid, opt); return err })
}

func TestRawAgainstFake(t *testing.T) {
	srv := workspacechattest.NewServer(workspacechattest.WithChats(3))
	defer srv.Close()
	c, err := workspacechat.NewClient(workspacechattest.DefaultAPIKey, workspacechat.WithBaseURL(srv.URL()))
	require.NoError(t, err)
	ctx := context.Background()

	var page []map[string]any
	var resp call.Response
	require.NoError(t, c.Raw(ctx, http.MethodGet, "api/v1/chats?pageSize=2", nil, &page, call.Idempotent(), call.ResponseInto(&resp)))
	require.Len(t, page, 2)
	require.Equal(t, http.StatusOK, resp.StatusCode)

	err = c.Raw(ctx, http.MethodGet, "api/v1/not-modelled", nil, nil)
	var e *workspacechat.Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, http.StatusNotFound, e.StatusCode)

	calltest.RawStaysInside(t, "api/../admin", func(ctx context.Context, path string) error {
		return c.Raw(ctx, http.MethodGet, path, nil, nil)
	})
}
