package conformance

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/fake"
)

// noCredentials: no credential appears in the Debug logs (checked when
// each subtest ends) or in an error string, whether the calls succeed, are
// refused (401/403), fail on the server (5xx), lose their connection, or
// cannot reach the server at all.
func (s *suite[C, F]) noCredentials(t *testing.T) {
	t.Run("Success", func(t *testing.T) {
		e := s.start(t)
		ctx := testContext(t)
		require.NoError(t, e.prepare(t, ctx, s.v.Idempotent)(ctx))
		require.NoError(t, e.prepare(t, ctx, s.v.Unsafe)(ctx))
		seq, err := s.v.Stream.Open(ctx, e.client, e.fake)
		require.NoError(t, err)
		var first error
		for _, err := range seq {
			first = err
			break
		}
		require.NoError(t, first)
		assert.NotEmpty(t, e.logs.String(), "the client logs its attempts at Debug")
	})
	t.Run("Refused", func(t *testing.T) {
		e := s.start(t, func(set *Settings) { set.BadCredentials = true })
		ctx := testContext(t)
		err := s.callOrPrepareError(ctx, e, s.v.Idempotent)
		s.assertCallError(t, "idempotent call", err)
		info := s.vendorError(t, err)
		assert.Contains(t, []int{http.StatusUnauthorized, http.StatusForbidden}, info.StatusCode,
			"the fake refuses the bad credentials")
		s.assertCallError(t, "unsafe call", s.callOrPrepareError(ctx, e, s.v.Unsafe))
		assert.NotEmpty(t, e.logs.String(), "the client logs its attempts at Debug")
	})
	for _, tc := range []struct {
		name  string
		fault fake.Fault
	}{
		{"ServerError", fake.Fault{Status: http.StatusServiceUnavailable, Body: `{"error":"unavailable"}`}},
		{"ConnectionDropped", fake.Fault{DropAfter: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := s.start(t)
			ctx := testContext(t)
			for _, c := range s.calls() {
				do := e.prepare(t, ctx, c.call)
				f := tc.fault
				f.Times = 100 // every attempt fails, net/http's own resends too
				e.inject(c.call.Method, c.call.Path, f)
				s.assertCallError(t, c.what, do(ctx))
			}
			assert.NotEmpty(t, e.logs.String(), "the client logs its attempts at Debug")
		})
	}
	t.Run("Unreachable", func(t *testing.T) {
		e := s.start(t)
		ctx := testContext(t)
		idempotent := e.prepare(t, ctx, s.v.Idempotent)
		unsafe := e.prepare(t, ctx, s.v.Unsafe)
		e.close()
		s.assertCallError(t, "idempotent call", idempotent(ctx))
		s.assertCallError(t, "unsafe call", unsafe(ctx))
		assert.NotEmpty(t, e.logs.String(), "the client logs its attempts at Debug")
	})
}

// callOrPrepareError prepares and makes call, returning the first error:
// with refused credentials a call's preparation may already fail.
func (s *suite[C, F]) callOrPrepareError(ctx context.Context, e *env[C, F], call Call[C, F]) error {
	do, err := call.Prepare(ctx, e.client, e.fake)
	if err != nil {
		return err
	}
	return do(ctx)
}
