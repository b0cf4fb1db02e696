package ccaip

import (
	"context"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// The API's published limit: 10 requests per second per customer.
const (
	DefaultRateLimit  = 10
	DefaultRateWindow = time.Second
)

// RateLimiter keeps the requests sent through it under a limit counted the
// way a server counts: at most n requests in any window of the given length,
// measured from when a request arrives. A request takes one of n slots
// before it is sent and gives it back only one window after its answer
// arrived (or it failed). A server received each request before it
// answered, so no window of the server's clock ever holds more than n of
// them, whatever the network's delays. The price is that a slot is held for
// a request's round trip on top of the window: at most n requests are in
// flight at once, and the throughput is a little under n per window.
//
// One RateLimiter may be shared by the clients of one customer
// ([WithRateLimiter]), since the limit is per customer. It is safe for
// concurrent use.
type RateLimiter struct {
	window time.Duration
	// slots holds the n slots, each as the time from which it may be used
	// again. A request takes one, waits for its time, and puts it back.
	slots chan time.Time
}

// NewRateLimiter returns a limiter that allows n requests in any window of
// the given length. It returns an error when n or window is not positive.
func NewRateLimiter(n int, window time.Duration) (*RateLimiter, error) {
	if n <= 0 || window <= 0 {
		return nil, httpcore.InvalidArgument("ccaip", "NewRateLimiter: a rate limit needs a positive count and window, not %d in %v", n, window)
	}
	l := &RateLimiter{window: window, slots: make(chan time.Time, n)}
	for range n {
		l.slots <- time.Time{}
	}
	return l, nil
}

// acquire waits for a slot that may be used now, or for ctx to end. It
// returns the function that gives the slot back, to be called once the
// request has its answer or has failed.
func (l *RateLimiter) acquire(ctx context.Context) (func(), error) {
	var free time.Time
	select {
	case free = <-l.slots:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if wait := time.Until(free); wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			l.slots <- free // unused: it keeps its time
			return nil, ctx.Err()
		}
	}
	return func() { l.slots <- time.Now().Add(l.window) }, nil
}

// throttle is the core's Throttle step: requests to the API host wait for
// the limiter; uploads to the storage service (another host) do not.
func (l *RateLimiter) throttle(host string) func(context.Context, *http.Request) (func(), error) {
	return func(ctx context.Context, r *http.Request) (func(), error) {
		if r.URL.Host != host {
			return func() {}, nil
		}
		return l.acquire(ctx)
	}
}

// throttle returns the client's Throttle step: the limiter chosen by the
// options, or the default one, for requests to host; nil when limiting is
// off.
func (o *options) throttle(host string) (func(context.Context, *http.Request) (func(), error), error) {
	if o.limiterErr != nil {
		return nil, o.limiterErr
	}
	l := o.limiter
	if !o.limiterSet {
		l, _ = NewRateLimiter(DefaultRateLimit, DefaultRateWindow)
	}
	if l == nil {
		return nil, nil
	}
	return l.throttle(host), nil
}
