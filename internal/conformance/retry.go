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
	for _, tc := range []struct {
		name  string
		fault fake.Fault
	}{
		{"502", fake.Fault{Status: http.StatusBadGateway}},
		{"503", fake.Fault{Status: http.StatusServiceUnavailable}},
		{"504", fake.Fault{Status: http.StatusGatewayTimeout}},
		{"DroppedAfterTheRequestWasRead", fake.Fault{DropAfter: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := s.start(t)
			ctx := testContext(t)
			// A first call leaves a kept-alive connection, so the unsafe
			// request goes out on a reused one, where net/http itself
			// resends what it takes to be replayable.
			require.NoError(t, e.prepare(t, ctx, s.v.Idempotent)(ctx), "the idempotent call, as a warm-up")
			do := e.prepare(t, ctx, s.v.Unsafe)
			before := e.count(s.v.Unsafe)
			f := tc.fault
			f.Times = defaultRetries + 1 // every send the client might make fails
			e.inject(s.v.Unsafe.Method, s.v.Unsafe.Path, f)

			err := do(ctx)
			require.Error(t, err)
			assert.Equal(t, 1, e.count(s.v.Unsafe)-before, "the unsafe request reached the server exactly once")
			if tc.fault.Status != 0 {
				info, ok := s.v.VendorError(err)
				require.True(t, ok, "errors.As finds the vendor's *Error in %v", err)
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
	for _, tc := range []struct {
		name  string
		fault fake.Fault
	}{
		{"429", fake.Fault{Status: http.StatusTooManyRequests}},
		{"502", fake.Fault{Status: http.StatusBadGateway}},
		{"503", fake.Fault{Status: http.StatusServiceUnavailable}},
		{"504", fake.Fault{Status: http.StatusGatewayTimeout}},
		{"ConnectionDropped", fake.Fault{DropBefore: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := s.start(t)
			ctx := testContext(t)
			do := e.prepare(t, ctx, s.v.Idempotent)
			before := e.count(s.v.Idempotent)
			f := tc.fault
			f.Times = 2
			e.inject(s.v.Idempotent.Method, s.v.Idempotent.Path, f)

			require.NoError(t, do(ctx), "two failures are retried (MaxRetries %d)", defaultRetries)
			assert.Equal(t, 3, e.count(s.v.Idempotent)-before, "two failed attempts and one that succeeded")
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
			ctx := testContext(t)
			do := e.prepare(t, ctx, s.v.Idempotent)
			before := e.count(s.v.Idempotent)
			e.inject(s.v.Idempotent.Method, s.v.Idempotent.Path, fake.Fault{
				Status: http.StatusTooManyRequests, RetryAfter: tc.retryAfter,
			})

			clock := &httpcore.RecordingClock{}
			start := time.Now()
			require.NoError(t, do(httpcore.WithClock(ctx, clock)))
			assert.Equal(t, 2, e.count(s.v.Idempotent)-before, "the 429 and one retry")
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
			ctx := testContext(t)
			do := e.prepare(t, ctx, s.v.Idempotent)
			before := e.count(s.v.Idempotent)
			e.inject(s.v.Idempotent.Method, s.v.Idempotent.Path, fake.Fault{
				Status: http.StatusServiceUnavailable, Times: retries + 5,
			})

			err := do(ctx)
			require.Error(t, err)
			info, ok := s.v.VendorError(err)
			require.True(t, ok, "errors.As finds the vendor's *Error in %v", err)
			assert.Equal(t, http.StatusServiceUnavailable, info.StatusCode)
			assert.Equal(t, retries+1, info.Attempts, "Attempts is MaxRetries+1")
			assert.ErrorIs(t, err, s.v.ErrServerError)
			assert.Equal(t, retries+1, e.count(s.v.Idempotent)-before, "requests the fake received")
		})
	}
}
