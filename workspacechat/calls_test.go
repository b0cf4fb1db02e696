package workspacechat_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/calltest"
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
	methods, missing := calltest.Methods(c, map[string][]any{
		"Client.Raw":               {http.MethodGet, "api/v1/undocumented", nil, nil},
		"Client.CreateChat":        {&workspacechat.NewChat{ChannelID: uuid, OwnerSuperIdentityID: uuid, ResponderSuperIdentityID: uuid}},
		"Client.CreateChatMessage": {&workspacechat.NewChatMessage{ChatID: uuid, Content: "hi", Role: workspacechat.RoleUser}},
		"Client.GetChat":           {uuid},
		"Client.GetChatEntity":     {uuid},
		"Client.ListChatMessages":  {uuid},
		"Client.RemoveChat":        {uuid},
		"Client.UpdateChat":        {uuid, &workspacechat.ChatUpdate{Title: new("t")}},
	})
	require.Equal(t, []string{"Client.WatchChats"}, missing, "methods without ...call.Option")
	methods = append(methods, calltest.Method{Name: "Client.WatchChats", Call: func(ctx context.Context, opts ...call.Option) error {
		for _, err := range c.WatchChats(ctx, workspacechat.WatchCall(opts...), workspacechat.WatchGiveUpAfter(1)) {
			return err
		}
		return nil
	}})
	calltest.Check(t, srv, methods)
}

// TestResponseIntoAfterRetries checks call.ResponseInto and the Error's
// request id and headers on a success after 503s and on a 503 that
// outlasts the retries.
func TestResponseIntoAfterRetries(t *testing.T) {
	var hits atomic.Int32
	fail := atomic.Int32{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		w.Header().Set("X-Correlation-Id", "corr-"+string(rune('0'+n)))
		if n <= fail.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	c, err := workspacechat.NewClient("key", workspacechat.WithBaseURL(srv.URL),
		workspacechat.WithRetryWait(time.Millisecond, 2*time.Millisecond))
	require.NoError(t, err)
	ctx := context.Background()

	fail.Store(2)
	var resp call.Response
	var out map[string]bool
	require.NoError(t, c.Raw(ctx, http.MethodGet, "api/v1/anything", nil, &out, call.Idempotent(), call.ResponseInto(&resp)))
	require.Equal(t, call.Response{StatusCode: 200, Header: resp.Header, RequestID: "corr-3", Attempts: 3}, resp)
	require.True(t, out["ok"])

	hits.Store(0)
	fail.Store(100)
	_, err = c.GetChatEntity(ctx, uuid, call.MaxRetries(1), call.ResponseInto(&resp))
	var e *workspacechat.Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, "corr-2", e.RequestID)
	require.Equal(t, "corr-2", e.Header.Get("X-Correlation-Id"))
	require.Equal(t, call.Response{StatusCode: 503, Header: e.Header, RequestID: "corr-2", Attempts: 2}, resp)
	require.EqualValues(t, 2, hits.Load())

	// Raw is unsafe unless told otherwise: a 503 is not resent.
	hits.Store(0)
	err = c.Raw(ctx, http.MethodPost, "api/v1/anything", map[string]int{"n": 1}, nil, call.ResponseInto(&resp))
	require.ErrorIs(t, err, workspacechat.ErrOutcomeUnknown)
	require.EqualValues(t, 1, hits.Load())
	require.Equal(t, 1, resp.Attempts)
}

func TestCallHeaderRefused(t *testing.T) {
	srv := calltest.NewServer(t)
	c, err := workspacechat.NewClient("key", workspacechat.WithBaseURL(srv.URL))
	require.NoError(t, err)
	ctx := context.Background()
	for name, opt := range map[string]call.Option{
		"credential": call.Header("Authorization", "Bearer other"),
		"newline":    call.Header("X-Note", "a\r\nX-Evil: 1"),
		"bad name":   call.Header("X Note", "a"),
	} {
		_, err := c.GetChat(ctx, uuid, opt)
		require.ErrorIs(t, err, workspacechat.ErrInvalidArgument, name)
		require.NotContains(t, err.Error(), "Bearer other", name)
	}
	require.Empty(t, srv.Seen(), "a refused header must not reach the server")
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

	for _, bad := range []string{"https://elsewhere.example/api", "api/../admin", "//elsewhere.example/x"} {
		err := c.Raw(ctx, http.MethodGet, bad, nil, nil)
		require.True(t, errors.Is(err, workspacechat.ErrInvalidArgument), "%s: %v", bad, err)
	}
}
