package httpcore

import (
	"context"
	"errors"
	"math"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A finished call leaves nothing of itself held, however far away its
// attempt timeout was: neither the shared timer's queue nor a runtime timer
// (the runtime keeps a stopped timer and its function until its deadline
// would have passed, unless stopped timers are a quarter of all it keeps)
// may hold the call's context, request and state that long. With polls
// held, each under a live bound, calls finish; each call's context carries
// a marker, and every marker must be collected.
func TestFinishedCallsAreNotHeld(t *testing.T) {
	stalled := serve(t, stall)
	srv := serve(t, statusSequence(200))
	ctx, cancel := context.WithCancel(context.Background())
	var held sync.WaitGroup
	defer held.Wait()
	defer cancel()
	holder := newTestClient(t, stalled.URL, withTimeout(time.Hour), func(cfg *Config) { cfg.SetMaxRetries(0) })
	for range 100 {
		held.Go(func() { _, _ = holder.Do(ctx, &Request{Method: "GET", Path: "held", Safety: Idempotent}, nil) })
	}
	for stalled.hits.Load() < 100 {
		time.Sleep(time.Millisecond)
	}
	for _, retries := range []int{0, 2} { // the call's own bound, and one per attempt
		c := newTestClient(t, srv.URL, withTimeout(time.Hour), func(cfg *Config) { cfg.SetMaxRetries(retries) })
		const calls = 20
		var collected atomic.Int32
		for range calls {
			marker := new([64]byte)
			runtime.SetFinalizer(marker, func(*[64]byte) { collected.Add(1) })
			ctx := context.WithValue(context.Background(), markerKey{}, marker)
			_, err := c.Do(ctx, &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
			require.NoError(t, err)
		}
		deadline := time.Now().Add(5 * time.Second)
		for collected.Load() < calls && time.Now().Before(deadline) {
			runtime.GC()
			time.Sleep(10 * time.Millisecond)
		}
		assert.EqualValues(t, calls, collected.Load(), "retries %d: contexts of finished calls still held", retries)
	}
}

type markerKey struct{}

// All attempts share one timer; a timeout ends its own attempt and no
// other: calls whose attempts time out every few milliseconds run beside
// prompt calls with a generous bound, which must all succeed.
func TestTimedOutAttemptsNeverEndAnother(t *testing.T) {
	stalled := serve(t, stall)
	prompt := serve(t, statusSequence(200))
	short := newTestClient(t, stalled.URL, withTimeout(2*time.Millisecond), func(cfg *Config) { cfg.SetMaxRetries(0) })
	long := newTestClient(t, prompt.URL, withTimeout(time.Minute), func(cfg *Config) { cfg.SetMaxRetries(0) })
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 25 {
				_, err := short.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
				assert.ErrorIs(t, err, ErrTimeout)
				_, err = long.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
}

// A call sent once carries its attempt's bound from the start: a throttle
// that fails before the attempt still ends it, and the call's error is the
// throttle's.
func TestThrottleFailureEndsTheCallsBound(t *testing.T) {
	srv := serve(t, statusSequence(200))
	refused := errors.New("throttled")
	var seen context.Context
	c := newTestClient(t, srv.URL, withTimeout(time.Hour), func(cfg *Config) {
		cfg.SetMaxRetries(0)
		cfg.Throttle = func(ctx context.Context, _ *http.Request) (func(), error) {
			seen = ctx
			return nil, refused
		}
	})
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
	require.ErrorIs(t, err, refused)
	require.NotNil(t, seen)
	assert.Error(t, seen.Err(), "the attempt's context is released")
	assert.Zero(t, srv.hits.Load())
}

func TestDialFailed(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"dial", dial, true},
		{"wrapped dial", &url.Error{Op: "Get", URL: "http://x", Err: dial}, true},
		{"name lookup", &net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}, true},
		{"dial to the proxy", &net.OpError{Op: "proxyconnect", Net: "tcp", Err: dial}, true},
		{"proxy refused the tunnel", &net.OpError{Op: "proxyconnect", Net: "tcp", Err: errors.New("Bad Gateway")}, false},
		{"read", &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}, false},
		{"other", errors.New("EOF"), false},
	} {
		assert.Equal(t, tc.want, dialFailed(tc.err), tc.name)
	}
}

// A call sent once follows a redirect: the second hop gets a bound of its
// own, made from the call's context, once the first hop's answer ended
// the call's bound.
func TestRedirectOfACallSentOnce(t *testing.T) {
	var srv *counted
	srv = serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/from" {
			http.Redirect(w, r, srv.URL+"/to", http.StatusFound)
			return
		}
		_, _ = w.Write([]byte(`{"a":1}`))
	})
	c := newTestClient(t, srv.URL, withTimeout(time.Minute), func(cfg *Config) { cfg.SetMaxRetries(0) })
	var out map[string]int
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "from", Safety: Idempotent}, &out)
	require.NoError(t, err)
	assert.Equal(t, 1, out["a"])
	assert.EqualValues(t, 2, srv.hits.Load())
}

// The caller's http.Client keeps its own Timeout beside the attempt's
// bound, for a call sent once as for one that may be retried, across a
// redirect too.
func TestHTTPClientTimeoutStillApplies(t *testing.T) {
	var srv *counted
	srv = serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/from":
			http.Redirect(w, r, srv.URL+"/to", http.StatusFound)
		case "/stall":
			stall(w, r)
		default:
			_, _ = w.Write([]byte(`{"a":1}`))
		}
	})
	for _, retries := range []int{0, 1} {
		hc := &http.Client{Timeout: 100 * time.Millisecond}
		c := newTestClient(t, srv.URL, withTimeout(time.Minute), func(cfg *Config) {
			cfg.SetMaxRetries(retries)
			cfg.HTTPClient = hc
		})
		var out map[string]int
		_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "from", Safety: Idempotent}, &out)
		require.NoError(t, err, "retries %d", retries)
		assert.Equal(t, 1, out["a"])
		start := time.Now()
		_, err = c.Do(context.Background(), &Request{Method: "POST", Path: "stall", JSON: map[string]int{}}, nil)
		require.Error(t, err, "retries %d", retries)
		assert.NotErrorIs(t, err, ErrTimeout, "retries %d: the attempt's bound is a minute", retries)
		assert.Less(t, time.Since(start), 20*time.Second, "retries %d", retries)
	}
}

// The shared timer ends each attempt at its own time, whatever the order
// the bounds were set in, and a bound removed before its time never fires.
func TestDeadlinesFireInOrder(t *testing.T) {
	afters := []time.Duration{90, 30, 60, 10, 120}
	bounds := make([]*attemptBound, len(afters))
	start := time.Now()
	for i, ms := range afters {
		bounds[i] = newAttemptBound(context.Background(), ms*time.Millisecond)
		bounds[i].arm()
	}
	removed := bounds[2]
	removed.pause()
	never := newAttemptBound(context.Background(), math.MaxInt64)
	never.arm()
	defer never.end()
	for i, b := range bounds {
		if b == removed {
			continue
		}
		<-b.ctx.Done()
		assert.GreaterOrEqual(t, time.Since(start), afters[i]*time.Millisecond)
		assert.True(t, b.timedOut())
		b.end()
	}
	time.Sleep(100 * time.Millisecond)
	assert.NoError(t, removed.ctx.Err(), "a bound removed before its time never fires")
	assert.NoError(t, never.ctx.Err(), "a bound past the clock's range never fires")
	removed.end()
	attemptDeadlines.mu.Lock()
	defer attemptDeadlines.mu.Unlock()
	for _, b := range attemptDeadlines.queue {
		assert.NotContains(t, bounds, b, "an ended bound left in the queue")
	}
}
