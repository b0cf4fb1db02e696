package conformance

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/fake"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// unsafeNeverRepeated: once the server may have seen an unsafe request (it
// answered a gateway error, or read the request and dropped the
// connection), the request is not sent again and the error is returned.
func (s *suite[C, F]) unsafeNeverRepeated(t *testing.T) {
	for _, tc := range append(statusFaults(502, 503, 504), droppedAfterRead) {
		t.Run(tc.name, func(t *testing.T) {
			e := s.start(t)
			ctx := testContext(t)
			// A first call leaves a kept-alive connection, so the unsafe
			// request goes out on a reused one, where net/http itself
			// resends what it takes to be replayable.
			require.NoError(t, e.prepare(t, ctx, s.v.Idempotent)(ctx), "the idempotent call, as a warm-up")
			f := tc.fault
			f.Times = defaultRetries + 1 // every send the client might make fails
			tr := e.arm(t, s.v.Unsafe, f)

			err := tr.do(tr.ctx)
			require.Error(t, err)
			assert.Equal(t, 1, tr.sent(), "the unsafe request reached the server exactly once")
			if tc.fault.Status != 0 {
				info := s.vendorError(t, err)
				assert.Equal(t, tc.fault.Status, info.StatusCode)
				assert.Equal(t, 1, info.Attempts)
				assert.ErrorIs(t, err, s.v.ErrServerError)
			}
		})
	}
}

// idempotentRetried: a read that fails transiently is retried until it
// succeeds.
func (s *suite[C, F]) idempotentRetried(t *testing.T) {
	for _, tc := range append(statusFaults(429, 502, 503, 504), namedFault{"ConnectionDropped", fake.Fault{DropBefore: true}}) {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.fault
			f.Times = 2
			tr := s.start(t).arm(t, s.v.Idempotent, f)

			require.NoError(t, tr.do(tr.ctx), "two failures are retried (MaxRetries %d)", defaultRetries)
			assert.Equal(t, 3, tr.sent(), "two failed attempts and one that succeeded")
		})
	}
}

// retryAfterHonoured: the wait before retrying a 429 is the server's
// Retry-After, capped at the maximum retry wait. The wait is kept on a
// recording clock (httpcore.WithClock), so the check sleeps no real seconds.
func (s *suite[C, F]) retryAfterHonoured(t *testing.T) {
	for _, tc := range []struct {
		name       string
		retryAfter string
		maxWait    time.Duration
		want       time.Duration // the wait the client owes
	}{
		// Without the header, the first retry would wait at most
		// RetryWaitMin (1 ms).
		{"Honoured", "1", 3 * time.Second, time.Second},
		{"CappedAtMaxWait", "3600", 2 * time.Second, 2 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := s.start(t, func(set *Settings) { set.RetryWaitMax = tc.maxWait })
			tr := e.arm(t, s.v.Idempotent, fake.Fault{Status: http.StatusTooManyRequests, RetryAfter: tc.retryAfter})

			clock := &httpcore.RecordingClock{}
			start := time.Now()
			require.NoError(t, tr.do(httpcore.WithClock(tr.ctx, clock)))
			assert.Equal(t, 2, tr.sent(), "the 429 and one retry")
			assert.Equal(t, []time.Duration{tc.want}, clock.Waits(),
				"the retry waited for Retry-After: %s (max wait %v)", tc.retryAfter, tc.maxWait)
			assert.Less(t, time.Since(start), tc.want, "the wait was kept on the clock, not slept")
		})
	}
}

// exhaustedRetries: when every attempt fails, the caller gets the vendor's
// decoded error for the last answer, with the number of attempts made.
func (s *suite[C, F]) exhaustedRetries(t *testing.T) {
	for _, tc := range []struct {
		name    string
		retries int
	}{{"TwoRetries", 2}, {"NoRetries", 0}} {
		retries := tc.retries
		t.Run(tc.name, func(t *testing.T) {
			e := s.start(t, func(set *Settings) { set.MaxRetries = retries })
			tr := e.arm(t, s.v.Idempotent, fake.Fault{Status: http.StatusServiceUnavailable, Times: retries + 5})

			err := tr.do(tr.ctx)
			require.Error(t, err)
			info := s.vendorError(t, err)
			assert.Equal(t, http.StatusServiceUnavailable, info.StatusCode)
			assert.Equal(t, retries+1, info.Attempts, "Attempts is MaxRetries+1")
			assert.ErrorIs(t, err, s.v.ErrServerError)
			assert.Equal(t, retries+1, tr.sent(), "requests the fake received")
		})
	}
}
