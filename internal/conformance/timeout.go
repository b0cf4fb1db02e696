package conformance

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/fake"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// attemptTimeout is the WithTimeout of the timeout checks: far below
// longDelay, far above a local answer.
const attemptTimeout = 150 * time.Millisecond

// stalledServerTimesOut: a server that never answers holds no call past
// WithTimeout, even under context.Background(). An idempotent call is
// retried and then fails with an error matching httpcore.ErrTimeout; an
// unsafe call is not resent, and its error says the outcome is unknown.
func (s *suite[C, F]) stalledServerTimesOut(t *testing.T) {
	const retries = 1
	for _, tc := range []struct {
		what     string
		call     func(s *suite[C, F]) Call[C, F]
		requests int
	}{
		{"Idempotent", func(s *suite[C, F]) Call[C, F] { return s.v.Idempotent }, retries + 1},
		{"Unsafe", func(s *suite[C, F]) Call[C, F] { return s.v.Unsafe }, 1},
	} {
		t.Run(tc.what, func(t *testing.T) {
			e := s.start(t, func(set *Settings) { set.Timeout, set.MaxRetries = attemptTimeout, retries })
			tr := e.arm(t, tc.call(s), fake.Fault{Delay: longDelay, Times: 100})

			start := time.Now()
			// On a timeout, closing the fake ends the held requests, and so the call.
			err := await(t, async(context.Background(), tr.do), "a call to a stalled server under context.Background()", e.close)
			elapsed := time.Since(start)
			s.assertCallError(t, "the call to a stalled server", err)
			assert.ErrorIs(t, err, httpcore.ErrTimeout)
			assert.NotErrorIs(t, err, context.DeadlineExceeded, "the caller's context did not end")
			assert.Equal(t, tc.requests, tr.sent(), "requests the fake received")
			assert.Less(t, elapsed, time.Duration(tc.requests)*attemptTimeout+2*time.Second,
				"each attempt ended at the %v timeout", attemptTimeout)
			if tc.what == "Unsafe" {
				assert.ErrorIs(t, err, httpcore.ErrOutcomeUnknown, "the stalled server may have processed it")
			}
		})
	}
}

// longPollKeepsItsTimeout: a long poll that the server holds for longer
// than WithTimeout still succeeds, since it is bounded by its own timeout.
func (s *suite[C, F]) longPollKeepsItsTimeout(t *testing.T) {
	if s.v.LongPoll.Prepare == nil {
		t.Skipf("%s has no long poll", s.v.Name)
	}
	e := s.start(t, func(set *Settings) { set.Timeout = attemptTimeout })
	tr := e.arm(t, s.v.LongPoll, fake.Fault{Delay: 3 * attemptTimeout})
	require.NoError(t, tr.do(tr.ctx), "a poll held %v with a %v WithTimeout", 3*attemptTimeout, attemptTimeout)
	assert.Equal(t, 1, tr.sent(), "one poll, not cut off and resent")
}
