package workspacechat_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		// Idle keep-alive connections of closed test servers wind down on
		// their own; they are not iterator goroutines.
		goleak.IgnoreTopFunction("net/http.(*persistConn).readLoop"),
		goleak.IgnoreTopFunction("net/http.(*persistConn).writeLoop"),
		goleak.IgnoreTopFunction("internal/poll.runtime_pollWait"),
	)
}

// newFake starts a fake server and a client for it with fast retries.
func newFake(t testing.TB, opts ...workspacechattest.Option) (*workspacechattest.Server, *workspacechat.Client) {
	t.Helper()
	srv := workspacechattest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv, clientFor(t, srv)
}

// clientFor is a client of srv with fast retries and opts.
func clientFor(t testing.TB, srv *workspacechattest.Server, opts ...workspacechat.Option) *workspacechat.Client {
	t.Helper()
	c, err := workspacechat.NewClient(workspacechattest.DefaultAPIKey, append([]workspacechat.Option{
		workspacechat.WithBaseURL(srv.URL()), workspacechat.WithRetryWait(time.Millisecond, 5*time.Millisecond),
	}, opts...)...)
	require.NoError(t, err)
	return c
}

// forPrefetch runs test as two subtests, on a new fake of n chats each
// time, with a client of it that reads without and with
// [workspacechat.WithPrefetch].
func forPrefetch(t *testing.T, n int, test func(t *testing.T, prefetch bool, srv *workspacechattest.Server, c *workspacechat.Client)) {
	for _, prefetch := range []bool{false, true} {
		t.Run(fmt.Sprint("prefetch=", prefetch), func(t *testing.T) {
			srv := workspacechattest.NewServer(workspacechattest.WithChats(n))
			t.Cleanup(srv.Close)
			var opts []workspacechat.Option
			if prefetch {
				opts = append(opts, workspacechat.WithPrefetch())
			}
			test(t, prefetch, srv, clientFor(t, srv, opts...))
		})
	}
}
