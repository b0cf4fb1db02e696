package anycom_test

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/anycom/anycomtest"
	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/calltest"
	"github.com/switchboard-go/switchboard/internal/conformance"
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
	watch := func(o ...call.Option) []anycom.WatchOption {
		return []anycom.WatchOption{anycom.WatchCall(o...), anycom.WatchGiveUpAfter(1)}
	}
	calltest.Every(t, srv, args, []any{c, c.Channels, c.Bot, c.Chat},
		calltest.Watcher("Client.WatchStatus", func(ctx context.Context, o ...call.Option) iter.Seq2[anycom.StatusChange, error] {
			return c.WatchStatus(ctx, watch(o...)...)
		}),
		calltest.Watcher("ChatService.WatchAwaiting", func(ctx context.Context, o ...call.Option) iter.Seq2[anycom.AwaitingChange, error] {
			return c.Chat.WatchAwaiting(ctx, watch(o...)...)
		}),
		calltest.Watcher("ChatService.WatchAttendants", func(ctx context.Context, o ...call.Option) iter.Seq2[anycom.AttendantChange, error] {
			return c.Chat.WatchAttendants(ctx, watch(o...)...)
		}),
	)
}

func TestResponseIntoAfterRetries(t *testing.T) {
	calltest.AfterRetries(t, calltest.Retries{
		IDHeader: "X-Request-Id", Body: `{"status":200,"result":[]}`, ErrorAs: conformance.ErrorAs[*anycom.Error],
		Calls: func(base string) calltest.RetryCalls {
			c := newCallsClient(t, base)
			return calltest.RetryCalls{
				Succeed: func(ctx context.Context, opts ...call.Option) error {
					users, err := c.Channels.Users(ctx, opts...)
					require.Empty(t, users)
					return err
				},
				Fail: func(ctx context.Context, opts ...call.Option) error { _, err := c.Status(ctx, opts...); return err },
				Unsafe: func(ctx context.Context, opts ...call.Option) error {
					return c.Raw(ctx, http.MethodPost, "/", map[string]any{"group": "chan", "cmd": "users", "args": map[string]any{}}, nil, opts...)
				},
			}
		},
	})
}

func TestCallHeaderRefused(t *testing.T) {
	srv := calltest.NewServer(t)
	c := newCallsClient(t, srv.URL)
	calltest.HeaderRefused(t, srv, call.Header("auth_key", "other-key"), "other-key", func(ctx context.Context, opt call.Option) error {
		_, err := c.Status(ctx, opt)
		return err
	})
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

		calltest.RawStaysInside(t, "a/../../admin", func(ctx context.Context, path string) error {
			return c.Raw(ctx, http.MethodGet, path, nil, nil)
		})
	}
}
