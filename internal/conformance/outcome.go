package conformance

import (
	"context"
	"net"
	"net/http"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/fakekit"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// outcomeOfUnsafeCall: an unsafe call's error matches ErrOutcomeUnknown
// exactly when the request may have been processed, and a 429, which says it
// was not, is waited out and sent again.
func (s *suite[C, F]) outcomeOfUnsafeCall(t *testing.T) {
	for _, tc := range []struct {
		name    string
		fault   fakekit.Fault
		unknown bool
	}{
		{"502", fakekit.Fault{Status: http.StatusBadGateway}, true},
		{"503", fakekit.Fault{Status: http.StatusServiceUnavailable}, true},
		{"504", fakekit.Fault{Status: http.StatusGatewayTimeout}, true},
		{"DroppedAfterTheRequestWasRead", fakekit.Fault{DropAfter: true}, true},
		{"DroppedUnread", fakekit.Fault{DropBefore: true}, true}, // the client cannot tell it from the above
		{"400", fakekit.Fault{Status: http.StatusBadRequest}, false},
		{"401", fakekit.Fault{Status: http.StatusUnauthorized}, false},
		{"404", fakekit.Fault{Status: http.StatusNotFound}, false},
		{"409", fakekit.Fault{Status: http.StatusConflict}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := s.start(t)
			ctx := testContext(t)
			do := e.prepare(t, ctx, s.v.Unsafe)
			before := e.count(s.v.Unsafe)
			f := tc.fault
			f.Times = defaultRetries + 1
			e.inject(s.v.Unsafe.Method, s.v.Unsafe.Path, f)

			err := do(ctx)
			s.assertCallError(t, "the failed unsafe call", err)
			assert.Equal(t, 1, e.count(s.v.Unsafe)-before, "the unsafe request reached the server once")
			if tc.unknown {
				assert.ErrorIs(t, err, httpcore.ErrOutcomeUnknown)
			} else {
				assert.NotErrorIs(t, err, httpcore.ErrOutcomeUnknown)
			}
		})
	}
	t.Run("429IsSentAgain", func(t *testing.T) {
		e := s.start(t)
		ctx := testContext(t)
		do := e.prepare(t, ctx, s.v.Unsafe)
		before := e.count(s.v.Unsafe)
		e.inject(s.v.Unsafe.Method, s.v.Unsafe.Path, fakekit.Fault{Status: http.StatusTooManyRequests, RetryAfter: "0"})

		require.NoError(t, do(ctx), "a 429 was not processed: the call is sent again")
		assert.Equal(t, 2, e.count(s.v.Unsafe)-before, "the refused request and the one that worked")
	})
	t.Run("DialRefused", func(t *testing.T) {
		e := s.start(t)
		ctx := testContext(t)
		do := e.prepare(t, ctx, s.v.Unsafe)
		before := e.count(s.v.Unsafe)
		e.refuseDials()

		err := do(ctx)
		s.assertCallError(t, "the unsafe call whose dials were refused", err)
		assert.NotErrorIs(t, err, httpcore.ErrOutcomeUnknown, "nothing was sent")
		assert.Equal(t, 0, e.count(s.v.Unsafe)-before)
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
