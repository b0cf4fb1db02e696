package ccaip_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
)

var rateSeeds = flag.Int("rate.seeds", 16, "random cases for the rate limiter property test")

// windowCounter stands in front of a fake and refuses, with 429, a request
// that would make more than limit arrive in any rolling window: the way a
// server that counts any rolling second sees a client.
type windowCounter struct {
	limit  int
	window time.Duration
	next   http.Handler

	mu       sync.Mutex
	arrivals []time.Time
	refused  atomic.Int32
}

func (w *windowCounter) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	now := time.Now()
	w.mu.Lock()
	recent := 0
	for _, at := range w.arrivals {
		if now.Sub(at) < w.window {
			recent++
		}
	}
	w.arrivals = append(w.arrivals, now)
	w.mu.Unlock()
	if recent >= w.limit {
		w.refused.Add(1)
		rw.Header().Set("Retry-After", "1")
		rw.WriteHeader(http.StatusTooManyRequests)
		_, _ = rw.Write([]byte(`{"message":"Too many requests"}`))
		return
	}
	w.next.ServeHTTP(rw, r)
}

// countedFake starts a fake behind a windowCounter and a client of it with
// opts, whose retries would hide nothing: a refusal is counted either way.
func countedFake(t *testing.T, limit int, window time.Duration, opts ...ccaip.Option) (*ccaip.Client, *windowCounter) {
	t.Helper()
	fake := ccaiptest.NewServer()
	t.Cleanup(fake.Close)
	target, err := url.Parse(fake.URL())
	require.NoError(t, err)
	counter := &windowCounter{limit: limit, window: window, next: httputil.NewSingleHostReverseProxy(target)}
	front := httptest.NewServer(counter)
	t.Cleanup(front.Close)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	c, err := ccaip.NewClient(ccaiptest.DefaultHost, ccaiptest.DefaultToken, append([]ccaip.Option{
		ccaip.WithBaseURL(front.URL), ccaip.WithHTTPClient(&http.Client{Transport: tr}),
		ccaip.WithRetryWait(time.Millisecond, 5*time.Millisecond),
	}, opts...)...)
	require.NoError(t, err)
	return c, counter
}

// burst makes n calls at once, reads and unsafe sends in turn, and returns
// their errors.
func burst(t *testing.T, c *ccaip.Client, n int) []error {
	t.Helper()
	ctx := context.Background()
	u, err := c.UpsertEndUser(ctx, &ccaip.EndUserRequest{Identifier: "burst"})
	require.NoError(t, err)
	chat, err := c.CreateChat(ctx, &ccaip.CreateChatRequest{MenuID: 1, EndUserID: u.ID})
	require.NoError(t, err)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if i%2 == 0 {
				_, errs[i] = c.GetChat(ctx, chat.ID)
			} else {
				_, errs[i] = c.CreateChat(ctx, &ccaip.CreateChatRequest{MenuID: 1, EndUserID: u.ID})
			}
		})
	}
	wg.Wait()
	return errs
}

// By default the client never sends more than 10 requests in any rolling
// second, so a server that counts them so refuses none of 50 concurrent
// calls. (It takes about five seconds: that is the limit.)
func TestDefaultRateLimitHoldsInAnyRollingSecond(t *testing.T) {
	t.Parallel()
	c, counter := countedFake(t, ccaip.DefaultRateLimit, ccaip.DefaultRateWindow)
	for i, err := range burst(t, c, 50) {
		assert.NoError(t, err, "call %d", i)
	}
	assert.Zero(t, counter.refused.Load(), "requests the server refused with 429")
}

func TestRateLimitIsConfigurable(t *testing.T) {
	t.Parallel()
	const n, window = 4, 80 * time.Millisecond
	c, counter := countedFake(t, n, window, ccaip.WithRateLimit(n, window))
	start := time.Now()
	for i, err := range burst(t, c, 24) {
		assert.NoError(t, err, "call %d", i)
	}
	assert.Zero(t, counter.refused.Load(), "requests the server refused with 429")
	assert.GreaterOrEqual(t, time.Since(start), (24/n)*window, "the calls were held to %d per %v", n, window)

	_, err := ccaip.NewClient(ccaiptest.DefaultHost, "token", ccaip.WithRateLimit(0, time.Second))
	assert.Error(t, err, "a zero count")
	_, err = ccaip.NewRateLimiter(10, 0)
	assert.Error(t, err, "a zero window")
}

// A 429 is waited out and sent again, also for an unsafe call: the server
// refused it and processed nothing.
func TestTooManyRequestsResentForEveryCall(t *testing.T) {
	e := newFake(t, nil)
	ctx := context.Background()
	u, err := e.c.UpsertEndUser(ctx, &ccaip.EndUserRequest{Identifier: "resent"})
	require.NoError(t, err)
	e.srv.InjectFault(ccaiptest.Fault{Method: "POST", Path: "/chats", Status: http.StatusTooManyRequests, RetryAfter: "1", Times: 2})
	before := e.srv.Count("POST", "/chats")
	_, err = e.c.CreateChat(ctx, &ccaip.CreateChatRequest{MenuID: 1, EndUserID: u.ID})
	require.NoError(t, err)
	assert.Equal(t, 3, e.srv.Count("POST", "/chats")-before, "two refusals and the chat created")
}

func TestRateLimiterHonoursContext(t *testing.T) {
	e := newFake(t, nil, ccaip.WithRateLimit(1, time.Hour))
	u, err := e.c.UpsertEndUser(context.Background(), &ccaip.EndUserRequest{Identifier: "limited"})
	require.NoError(t, err, "the first request takes the only slot")
	require.Equal(t, 1, e.srv.Count("", "/"), "requests that reached the fake")

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = e.c.GetEndUser(ctx, u.ID)
	require.ErrorIs(t, err, context.DeadlineExceeded, "the second request waits for the slot until the deadline")
	assert.Less(t, time.Since(start), time.Second, "it gives up at the deadline, not after the window")
	assert.Equal(t, 1, e.srv.Count("", "/"), "the waiting request never reached the fake")
}

// TestRateLimiterProperty: whatever the limit, the concurrency and each
// request's round trip, no window of the limiter's length holds more than
// its count of arrivals at the server, an arrival being any moment between
// a request leaving and its answer coming back.
func TestRateLimiterProperty(t *testing.T) {
	for seed := range uint64(*rateSeeds) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(seed, 0x7a7e))
			n := 1 + rng.IntN(5)
			window := time.Duration(5+rng.IntN(20)) * time.Millisecond
			requests := n * (2 + rng.IntN(4))
			arrive, answer := make([]time.Duration, requests), make([]time.Duration, requests)
			for i := range arrive {
				arrive[i] = time.Duration(rng.Int64N(int64(window)))
				answer[i] = time.Duration(rng.Int64N(int64(window)))
			}
			l, err := ccaip.NewRateLimiter(n, window)
			require.NoError(t, err)
			arrivals := ccaip.ExerciseRateLimiter(l, arrive, answer)
			sort.Slice(arrivals, func(i, j int) bool { return arrivals[i].Before(arrivals[j]) })
			for i := n; i < len(arrivals); i++ {
				if gap := arrivals[i].Sub(arrivals[i-n]); gap < window {
					t.Fatalf("seed %d: %d requests within %v (limit %d per %v, %d requests)", seed, n+1, gap, n, window, requests)
				}
			}
		})
	}
}
