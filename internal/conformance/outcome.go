package conformance

import (
	"context"
	"net"
	"net/http"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/fake"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// outcomeOfUnsafeCall: an unsafe call's error matches ErrOutcomeUnknown
// exactly when the request may have been processed, and a 429, which says it
// was not, is waited out and sent again.
func (s *suite[C, F]) outcomeOfUnsafeCall(t *testing.T) {
	fails := func(faults []namedFault, unknown bool) {
		for _, tc := range faults {
			t.Run(tc.name, func(t *testing.T) {
				f := tc.fault
				f.Times = defaultRetries + 1
				tr := s.start(t).arm(t, s.v.Unsafe, f)

				err := tr.do(tr.ctx)
				s.assertCallError(t, "the failed unsafe call", err)
				assert.Equal(t, 1, tr.sent(), "the unsafe request reached the server once")
				if unknown {
					assert.ErrorIs(t, err, httpcore.ErrOutcomeUnknown)
				} else {
					assert.NotErrorIs(t, err, httpcore.ErrOutcomeUnknown)
				}
			})
		}
	}
	// A connection dropped unread cannot be told from one dropped after the
	// request was read.
	fails(append(statusFaults(502, 503, 504), droppedAfterRead, namedFault{"DroppedUnread", fake.Fault{DropBefore: true}}), true)
	fails(statusFaults(400, 401, 404, 409), false)
	t.Run("429IsSentAgain", func(t *testing.T) {
		tr := s.start(t).arm(t, s.v.Unsafe, fake.Fault{Status: http.StatusTooManyRequests, RetryAfter: "0"})

		require.NoError(t, tr.do(tr.ctx), "a 429 was not processed: the call is sent again")
		assert.Equal(t, 2, tr.sent(), "the refused request and the one that worked")
	})
	t.Run("DialRefused", func(t *testing.T) {
		e := s.start(t)
		tr := e.arm(t, s.v.Unsafe)
		e.refuseDials()

		err := tr.do(tr.ctx)
		s.assertCallError(t, "the unsafe call whose dials were refused", err)
		assert.NotErrorIs(t, err, httpcore.ErrOutcomeUnknown, "nothing was sent")
		assert.Equal(t, 0, tr.sent())
	})
}

// refuseDials makes every later connection of the client fail to dial, as
// a closed port does.
func (e *env[C, F]) refuseDials() {
	e.dialsRefused.Store(true)
	e.transport.CloseIdleConnections()
}

// dialer is the suite's transport dial: the default one, until
// refuseDials.
func (e *env[C, F]) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	if e.dialsRefused.Load() {
		return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
	}
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}
