package workspacechat_test

import (
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
	c, err := workspacechat.NewClient(workspacechattest.DefaultAPIKey, workspacechat.WithBaseURL(srv.URL()),
		workspacechat.WithRetryWait(time.Millisecond, 5*time.Millisecond))
	require.NoError(t, err)
	return srv, c
}
