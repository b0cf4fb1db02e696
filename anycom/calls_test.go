package anycom_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/anycom/anycomtest"
	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/calltest"
)

func newCallsClient(t *testing.T, base string) *anycom.Client {
	t.Helper()
	c, err := anycom.NewClient("key", "user", anycom.WithBaseURL(base),
		anycom.WithRetryWait(time.Millisecond, 2*time.Millisecond))
	require.NoError(t, err)
	return c
}

func TestEveryMethodTakesCallOptions(t *testing.T) {
	srv := calltest.NewServer(t)
	c := newCallsClient(t, srv.URL)
	args := map[string][]any{
		"Client.Raw": {http.MethodPost, "/", map[string]any{"group": "chan", "cmd": "undocumented"}, nil},
		"Client.Do":  {"chan", "undocumented", nil},
	}
	var methods []calltest.Method
	var missing []string
	for _, recv := range []any{c, c.Channels, c.Bot, c.Chat} {
		m, miss := calltest.Methods(recv, args)
		methods, missing = append(methods, m...), append(missing, miss...)
	}
	require.ElementsMatch(t, []string{"Client.WatchStatus", "ChatService.WatchAwaiting", "ChatService.WatchAttendants"}, missing,
		"methods without ...call.Option")
	watch := func(name string, seq func(...anycom.WatchOption) func(func(any, error) bool)) calltest.Method {
		return calltest.Method{Name: name, Call: func(ctx context.Context, opts ...call.Option) error {
			var got error
			seq(anycom.WatchCall(opts...), anycom.WatchGiveUpAfter(1))(func(_ any, err error) bool { got = err; return false })
			return got
		}}
	}
	ctx := context.Background()
	methods = append(methods,
		watch("Client.WatchStatus", func(o ...anycom.WatchOption) func(func(any, error) bool) {
			return func(y func(any, error) bool) {
				for v, err := range c.WatchStatus(ctx, o...) {
					if !y(v, err) {
						return
					}
				}
			}
		}),
		watch("ChatService.WatchAwaiting", func(o ...anycom.WatchOption) func(func(any, error) bool) {
			return func(y func(any, error) bool) {
				for v, err := range c.Chat.WatchAwaiting(ctx, o...) {
					if !y(v, err) {
						return
					}
				}
			}
		}),
		watch("ChatService.WatchAttendants", func(o ...anycom.WatchOption) func(func(any, error) bool) {
			return func(y func(any, error) bool) {
				for v, err := range c.Chat.WatchAttendants(ctx, o...) {
					if !y(v, err) {
						return
					}
				}
			}
		}),
	)
	calltest.Check(t, srv, methods)
}

// TestResponseIntoAfterRetries checks call.ResponseInto and the Error's
// request id and headers on a success after 503s and on a 503 that
// outlasts the retries.
func TestResponseIntoAfterRetries(t *testing.T) {
	var hits, fail atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		w.Header().Set("X-Request-Id", "rid-"+strconv.Itoa(int(n)))
		if n <= fail.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte(`{"status":200,"result":[]}`))
	}))
	defer srv.Close()
	c := newCallsClient(t, srv.URL)
	ctx := context.Background()

	fail.Store(2)
	var resp call.Response
	users, err := c.Channels.Users(ctx, call.ResponseInto(&resp))
	require.NoError(t, err)
	require.Empty(t, users)
	require.Equal(t, call.Response{StatusCode: 200, Header: resp.Header, RequestID: "rid-3", Attempts: 3}, resp)

	hits.Store(0)
	fail.Store(100)
	_, err = c.Status(ctx, call.MaxRetries(1), call.ResponseInto(&resp))
	var e *anycom.Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, "rid-2", e.RequestID)
	require.Equal(t, "rid-2", e.Header.Get("X-Request-Id"))
	require.Equal(t, call.Response{StatusCode: 503, Header: e.Header, RequestID: "rid-2", Attempts: 2}, resp)
	require.EqualValues(t, 2, hits.Load())

	// Raw is unsafe unless told otherwise: a 503 is not resent.
	hits.Store(0)
	err = c.Raw(ctx, http.MethodPost, "/", map[string]any{"group": "chan", "cmd": "users", "args": map[string]any{}}, nil, call.ResponseInto(&resp))
	require.ErrorIs(t, err, anycom.ErrOutcomeUnknown)
	require.EqualValues(t, 1, hits.Load())
	require.Equal(t, 1, resp.Attempts)
}

func TestCallHeaderRefused(t *testing.T) {
	srv := calltest.NewServer(t)
	c := newCallsClient(t, srv.URL)
	ctx := context.Background()
	for name, opt := range map[string]call.Option{
		"credential": call.Header("auth_key", "other-key"),
		"newline":    call.Header("X-Note", "a\r\nX-Evil: 1"),
		"bad name":   call.Header("X Note", "a"),
	} {
		_, err := c.Status(ctx, opt)
		require.ErrorIs(t, err, anycom.ErrInvalidArgument, name)
		require.NotContains(t, err.Error(), "other-key", name)
	}
	require.Empty(t, srv.Seen(), "a refused header must not reach the server")
}

func TestRawAgainstFake(t *testing.T) {
	for _, bodyAuth := range []bool{false, true} {
		srv := anycomtest.NewServer()
		defer srv.Close()
		opts := []anycom.Option{anycom.WithBaseURL(srv.URL())}
		if bodyAuth {
			opts = append(opts, anycom.WithBodyAuth())
		}
		c, err := anycom.NewClient(anycomtest.DefaultAuthKey, anycomtest.DefaultAuthUser, opts...)
		require.NoError(t, err)
		ctx := context.Background()

		var out struct {
			Status int               `json:"status"`
			Result []json.RawMessage `json:"result"`
		}
		var resp call.Response
		require.NoError(t, c.Raw(ctx, http.MethodPost, "/", map[string]any{"group": "status", "cmd": "", "args": map[string]any{}}, &out,
			call.Idempotent(), call.ResponseInto(&resp)))
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.Equal(t, http.StatusOK, out.Status)

		// An undocumented path.
		err = c.Raw(ctx, http.MethodGet, "admin/undocumented", nil, nil)
		var e *anycom.Error
		require.ErrorAs(t, err, &e)
		require.GreaterOrEqual(t, e.StatusCode, 400)

		for _, bad := range []string{"https://elsewhere.example/api", "a/../../admin", "//elsewhere.example/x"} {
			err := c.Raw(ctx, http.MethodGet, bad, nil, nil)
			require.True(t, errors.Is(err, anycom.ErrInvalidArgument), "%s: %v", bad, err)
		}
	}
}
