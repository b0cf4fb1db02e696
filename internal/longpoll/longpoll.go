// Package longpoll is the engine behind every event iterator: it turns a
// vendor's "one poll" function into an iter.Seq2 that keeps exactly one poll
// in flight, treats an empty poll as success, re-polls after transient
// failures with backoff, and ends cleanly on a terminal condition. It runs in the caller's goroutine and
// starts none, so breaking out of the loop leaves nothing behind.
package longpoll

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// Batch is what one poll returned.
type Batch[T any] struct {
	// Items are yielded in order.
	Items []T
	// Done ends the stream cleanly after Items.
	Done bool
	// More asks for the next poll at once, without Interval: the poll read
	// one part (a page) of an answer that has more. Each part is a poll of
	// its own, so a failed part is retried alone and a part that works
	// ends a run of failures.
	More bool
	// Err, when set, is yielded after Items and ends the stream.
	Err error
}

// Config parameterizes the engine for one vendor.
type Config[T any] struct {
	// Poll makes one poll. It should bound itself with a timeout longer
	// than the server's hold time.
	Poll func(ctx context.Context) (Batch[T], error)
	// Detail reads the vendor's error type (see DetailOf): the wait a
	// refused poll was asked to keep, and where to record the true count of
	// requests when a run of failures ends the stream. Nil reads only
	// *httpcore.TransportError.
	Detail func(error) ErrorDetail
	// WaitMin and WaitMax bound the backoff between failed polls: after the
	// n-th failure in a row the engine waits a random time up to
	// WaitMin·2^(n-1), capped at WaitMax, and at least the Retry-After read
	// through Detail (capped at WaitMax). Zero means 200 ms and 10 s.
	// Every wait, and the pause of Interval, is kept on the context's
	// clock (see httpcore.WithClock).
	WaitMin, WaitMax time.Duration
	// MaxFailures is how many consecutive failures end the stream with the
	// last error, which then reports the requests the whole run sent. Zero
	// means 8.
	MaxFailures int
	// Interval is a pause between successful polls, for APIs that answer at
	// once rather than holding the request. Zero re-polls immediately.
	Interval time.Duration
	// Logs, when set, logs each wait after a failed poll and the failure
	// that ends the stream, under the watcher's Name (see
	// httpcore.Client.LogWatchWait).
	Logs *httpcore.Client
	Name string
}

// Seq returns the event iterator. It yields an error at most once, and then
// stops; the context's error is yielded when ctx ends the stream.
func Seq[T any](ctx context.Context, cfg Config[T]) iter.Seq2[T, error] {
	if cfg.MaxFailures <= 0 {
		cfg.MaxFailures = defaultMaxFailures
	}
	if cfg.WaitMin <= 0 {
		cfg.WaitMin = defaultWaitMin
	}
	if cfg.WaitMax < cfg.WaitMin {
		cfg.WaitMax = max(cfg.WaitMin, defaultWaitMax)
	}
	return func(yield func(T, error) bool) {
		var zero T
		failures := 0 // failed polls in a row
		sent := 0     // requests those failed polls sent
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			batch, err := cfg.Poll(ctx)
			if err != nil {
				if ctxErr := ctx.Err(); ctxErr != nil {
					yield(zero, err)
					return
				}
				failures++
				sent += cfg.sent(err)
				if retry := repolls(err); !retry || failures >= cfg.MaxFailures {
					err = cfg.gaveUp(err, sent)
					if cfg.Logs != nil {
						reason := "not a failure a new poll can fix"
						if retry {
							reason = fmt.Sprintf("%d failed polls in a row", failures)
						}
						cfg.Logs.LogWatchGiveUp(ctx, cfg.Name, failures, reason, err)
					}
					yield(zero, err)
					return
				}
				after := min(cfg.detail(err).RetryAfter, cfg.WaitMax)
				wait := max(httpcore.Backoff(failures, cfg.WaitMin, cfg.WaitMax), after)
				if cfg.Logs != nil {
					cfg.Logs.LogWatchWait(ctx, cfg.Name, failures, wait, err)
				}
				if !httpcore.Sleep(ctx, wait) {
					yield(zero, ctx.Err())
					return
				}
				continue
			}
			failures, sent = 0, 0
			for _, item := range batch.Items {
				if !yield(item, nil) {
					return
				}
			}
			if batch.Err != nil {
				yield(zero, batch.Err)
				return
			}
			if batch.Done {
				return
			}
			if batch.More {
				continue
			}
			if cfg.Interval > 0 && !httpcore.Sleep(ctx, cfg.Interval) {
				yield(zero, ctx.Err())
				return
			}
		}
	}
}
