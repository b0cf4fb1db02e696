package httpcore

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Clock is the time source of every wait the core and the long-poll engine
// keep between attempts: a backoff, a Retry-After, a pause between polls.
// The attempt timeouts stay on the real clock, since they bound real I/O.
type Clock interface {
	// Now is the current time, against which a Retry-After date is read.
	Now() time.Time
	// After delivers on the returned channel once d has passed.
	After(d time.Duration) <-chan time.Time
}

// realClock is the time package.
type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

type clockKey struct{}

// WithClock returns a context whose calls wait on c rather than on the real
// clock. It is how tests keep a Retry-After of seconds without sleeping
// them; no vendor package exposes it.
func WithClock(ctx context.Context, c Clock) context.Context {
	return context.WithValue(ctx, clockKey{}, c)
}

// clockFrom returns the clock set by [WithClock] on ctx, or the real clock.
func clockFrom(ctx context.Context) Clock {
	if c, ok := ctx.Value(clockKey{}).(Clock); ok && c != nil {
		return c
	}
	return realClock{}
}

// Sleep waits d on ctx's clock, or until ctx ends; it reports whether the
// full wait passed.
func Sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	select {
	case <-ctx.Done():
		return false
	case <-clockFrom(ctx).After(d):
		return true
	}
}

// RecordingClock is a [Clock] for tests: every wait ends at once, and is
// recorded. Now is the real time.
type RecordingClock struct {
	mu    sync.Mutex
	waits []time.Duration
}

// Now returns the real time.
func (c *RecordingClock) Now() time.Time { return time.Now() }

// After records d and returns a channel that is ready at once.
func (c *RecordingClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	c.waits = append(c.waits, d)
	c.mu.Unlock()
	ch := make(chan time.Time, 1)
	ch <- time.Now()
	return ch
}

// Waits returns the waits asked of c so far, in order.
func (c *RecordingClock) Waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.waits)
}
