package httpcore

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIdempotentRetriedOnTransientStatus(t *testing.T) {
	for _, code := range []int{429, 502, 503, 504} {
		srv := serve(t, statusSequence(code, code, 200))
		c := newTestClient(t, srv.URL)
		resp, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
		require.NoError(t, err, code)
		assert.Equal(t, 3, resp.Attempts, code)
		assert.EqualValues(t, 3, srv.hits.Load(), code)
	}
}

func TestIdempotentNotRetriedOnPermanentStatus(t *testing.T) {
	for _, code := range []int{400, 401, 404, 409, 500, 501} {
		srv := serve(t, statusSequence(code, 200))
		c := newTestClient(t, srv.URL)
		_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
		var se *statusError
		require.ErrorAs(t, err, &se, code)
		assert.Equal(t, code, se.StatusCode)
		assert.EqualValues(t, 1, srv.hits.Load(), code)
	}
}

func TestUnsafeNeverRetriedAfterReachingServer(t *testing.T) {
	for _, code := range []int{500, 502, 503, 504} {
		srv := serve(t, statusSequence(code, 200))
		c := newTestClient(t, srv.URL)
		_, err := c.Do(context.Background(), &Request{Method: "POST", Path: "messages", JSON: map[string]string{"text": "hi"}}, nil)
		require.Error(t, err, code)
		assert.EqualValues(t, 1, srv.hits.Load(), "status %d: the server must see the message once", code)
	}
}

func TestUnsafeNotRetriedWhenConnectionDropsAfterSending(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	})
	c := newTestClient(t, srv.URL)
	_, err := c.Do(context.Background(), &Request{Method: "POST", Path: "messages", JSON: 1}, nil)
	var te *TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 1, te.Attempts)
	assert.EqualValues(t, 1, srv.hits.Load(), "a dropped POST is not sent again")

	srv.hits.Store(0)
	_, err = c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
	require.Error(t, err)
	assert.EqualValues(t, 4, srv.hits.Load(), "an idempotent read is retried after a drop")
}

// flakyDialer refuses the first dials with a real connection refused (a
// closed port), then connects to the live server.
func flakyDialer(t *testing.T, live string, failures int) (*http.Client, *atomic.Int32) {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	deadAddr := closed.Addr().String()
	require.NoError(t, closed.Close())
	dials := &atomic.Int32{}
	tr := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		if int(dials.Add(1)) <= failures {
			return d.DialContext(ctx, network, deadAddr)
		}
		return d.DialContext(ctx, network, live)
	}}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}, dials
}

func TestUnsafeRetriedWhenDialFails(t *testing.T) {
	srv := serve(t, statusSequence(200))
	hc, dials := flakyDialer(t, srv.Listener.Addr().String(), 2)
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.HTTPClient = hc })
	resp, err := c.Do(context.Background(), &Request{Method: "POST", Path: "messages", JSON: map[string]string{"text": "hi"}}, nil)
	require.NoError(t, err)
	assert.Equal(t, 3, resp.Attempts)
	assert.EqualValues(t, 3, dials.Load())
	assert.EqualValues(t, 1, srv.hits.Load(), "the message reached the server exactly once")
}

func TestRetriesExhaustedReturnLastErrorBody(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(503)
		_, _ = w.Write([]byte(`{"message":"maintenance"}`))
	})
	var got *ErrorResponse
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.SetMaxRetries(2)
		cfg.DecodeError = func(r *ErrorResponse) error { got = r; return r.statusError() }
	})
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
	require.Error(t, err)
	require.NotNil(t, got)
	assert.Equal(t, `{"message":"maintenance"}`, string(got.Body))
	assert.Equal(t, 3, got.Attempts)
	assert.Contains(t, err.Error(), "after 3 attempts")
	assert.NotContains(t, err.Error(), "giving up")
}

func TestMaxRetriesPerRequest(t *testing.T) {
	srv := serve(t, statusSequence(503))
	c := newTestClient(t, srv.URL)
	zero := 0
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent, MaxRetries: &zero}, nil)
	require.Error(t, err)
	assert.EqualValues(t, 1, srv.hits.Load())

	noRetry := newTestClient(t, srv.URL, func(cfg *Config) { cfg.SetMaxRetries(0) })
	srv.hits.Store(0)
	_, err = noRetry.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
	require.Error(t, err)
	assert.EqualValues(t, 1, srv.hits.Load())
}

func TestBackoffFullJitter(t *testing.T) {
	min, max := 100*time.Millisecond, 2*time.Second
	for attempt := 1; attempt <= 8; attempt++ {
		ceiling := min << (attempt - 1)
		if ceiling > max {
			ceiling = max
		}
		for range 50 {
			d := Backoff(attempt, min, max)
			require.GreaterOrEqual(t, d, time.Duration(0))
			require.LessOrEqual(t, d, ceiling, "attempt %d", attempt)
		}
	}
	assert.LessOrEqual(t, Backoff(100, min, max), max, "no overflow at high attempts")
}

func TestRetryAfterHonouredAndCapped(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	h := http.Header{}
	h.Set("Retry-After", "7")
	d, ok := RetryAfter(h, now)
	assert.True(t, ok)
	assert.Equal(t, 7*time.Second, d)

	h.Set("Retry-After", now.Add(30*time.Second).Format(http.TimeFormat))
	d, ok = RetryAfter(h, now)
	assert.True(t, ok)
	assert.Equal(t, 30*time.Second, d)

	h.Set("Retry-After", "soon")
	_, ok = RetryAfter(h, now)
	assert.False(t, ok)
	h.Set("Retry-After", "-3")
	_, ok = RetryAfter(h, now)
	assert.False(t, ok)
}

func TestRetryAfterWaitedOnTheClockAndCapped(t *testing.T) {
	for _, tc := range []struct {
		retryAfter string
		want       time.Duration
	}{{"3600", 2 * time.Second}, {"1", time.Second}} {
		srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", tc.retryAfter)
			w.WriteHeader(http.StatusTooManyRequests)
		})
		c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RetryWaitMax = 2 * time.Second; cfg.SetMaxRetries(1) })
		clock := &RecordingClock{}
		ctx := WithClock(context.Background(), clock)
		start := time.Now()
		_, err := c.Do(ctx, &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
		require.Error(t, err)
		assert.Equal(t, []time.Duration{tc.want}, clock.Waits(), "Retry-After: %s, capped at the max wait", tc.retryAfter)
		assert.Less(t, time.Since(start), time.Second, "the wait is kept on the clock, not slept")
		assert.EqualValues(t, 2, srv.hits.Load())
	}
}

func TestRetryAfterDrivesTheWait(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Second") == "" && strings.HasSuffix(r.URL.Path, "x") {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(429)
			return
		}
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RetryWaitMax = 20 * time.Millisecond; cfg.SetMaxRetries(1) })
	start := time.Now()
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
	require.Error(t, err)
	assert.Less(t, time.Since(start), 900*time.Millisecond, "Retry-After: 1 is capped at 20ms")
	assert.EqualValues(t, 2, srv.hits.Load())
}

func TestNoWaitOutlastsTheDeadline(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(503)
		_, _ = w.Write([]byte(`{"message":"busy"}`))
	})
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.RetryWaitMax = time.Minute })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.Do(ctx, &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
	var se *statusError
	require.ErrorAs(t, err, &se, "the last real error, not a context error")
	assert.Equal(t, 503, se.StatusCode)
	assert.NotErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), time.Second)
	assert.EqualValues(t, 1, srv.hits.Load())
}

// signalling reports each response the client received.
type signalling struct {
	http.RoundTripper
	got chan int
}

func (s signalling) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := s.RoundTripper.RoundTrip(r)
	if err == nil {
		s.got <- resp.StatusCode
	}
	return resp, err
}

func TestCancelInterruptsTheWait(t *testing.T) {
	srv := serve(t, statusSequence(503))
	rt := signalling{http.DefaultTransport, make(chan int, 10)}
	c := newTestClient(t, srv.URL, func(cfg *Config) {
		cfg.HTTPClient = &http.Client{Transport: rt}
		cfg.RetryWaitMin, cfg.RetryWaitMax = time.Minute, time.Minute
	})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-rt.got
		cancel()
	}()
	start := time.Now()
	_, err := c.Do(ctx, &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
	require.ErrorIs(t, err, context.Canceled)
	var te *TransportError
	require.ErrorAs(t, err, &te)
	assert.Contains(t, te.Error(), "503", "the last real outcome is kept")
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestContextErrorsStayWrapped(t *testing.T) {
	block := make(chan struct{})
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	})
	defer close(block)
	c := newTestClient(t, srv.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Do(ctx, &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.EqualValues(t, 1, srv.hits.Load())

	_, err = c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent, Timeout: 30 * time.Millisecond}, nil)
	assert.ErrorIs(t, err, ErrTimeout, "Request.Timeout bounds each attempt")
	assert.NotErrorIs(t, err, context.DeadlineExceeded, "the caller's context did not end")
	assert.EqualValues(t, 1+defaultMaxRetries+1, srv.hits.Load(), "a timed-out idempotent attempt is retried")
}

func TestTransportErrorShowsAttempts(t *testing.T) {
	hc, _ := flakyDialer(t, "127.0.0.1:1", 100)
	c := newTestClient(t, "http://127.0.0.1:9/", func(cfg *Config) { cfg.HTTPClient = hc; cfg.SetMaxRetries(2) })
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
	var te *TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 3, te.Attempts)
	assert.Contains(t, err.Error(), "after 3 attempts")
	var op *net.OpError
	assert.True(t, errors.As(err, &op), "the cause stays reachable")
}

// closeCounter records CloseIdleConnections calls on a caller's transport.
type closeCounter struct {
	http.RoundTripper
	closed atomic.Int32
}

func (c *closeCounter) CloseIdleConnections() { c.closed.Add(1) }

func TestSharedTransportIdleConnectionsKept(t *testing.T) {
	srv := serve(t, statusSequence(404))
	rt := &closeCounter{RoundTripper: http.DefaultTransport}
	c := newTestClient(t, srv.URL, func(cfg *Config) { cfg.HTTPClient = &http.Client{Transport: rt} })
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
	require.Error(t, err)
	assert.Zero(t, rt.closed.Load(), "a failed request must not close the caller's idle connections")
}
