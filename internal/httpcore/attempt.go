package httpcore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultTimeout bounds each attempt of a call unless the client sets
// another bound (Settings.Timeout) or the request sets its own (a long
// poll's Request.Timeout): sending the request, waiting for the answer and
// reading its whole body must take no longer. It is generous for an API call
// and short enough that a stalled server cannot hold a caller whose context
// has no deadline.
const DefaultTimeout = 30 * time.Second

// ErrTimeout is matched by the error of an attempt that got no complete
// answer within its timeout. It does not match context.DeadlineExceeded:
// the caller's context did not end, and a retry-safe call is sent again.
var ErrTimeout = errors.New("attempt timed out")

// timeoutError is the error of one attempt that ran out of time.
type timeoutError struct{ after time.Duration }

func (e *timeoutError) Error() string {
	return fmt.Sprintf("no complete answer within the %v attempt timeout", e.after)
}

// Is matches ErrTimeout.
func (e *timeoutError) Is(target error) bool { return target == ErrTimeout }

// Timeout reports true, as net.Error's method does.
func (e *timeoutError) Timeout() bool { return true }

// attemptTransport is the transport every attempt goes through. It waits
// for the vendor's throttle, bounds the attempt by its timeout, and hides
// the wrapped transport's CloseIdleConnections, so that retryablehttp's
// habit of calling it after every failed request does not reach a transport
// the caller may share with the rest of the program.
type attemptTransport struct {
	next     http.RoundTripper
	throttle func(context.Context, *http.Request) (func(), error)
}

func (t attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	s := callFrom(req.Context())
	if t.throttle != nil {
		done, err := t.throttle(req.Context(), req)
		if err != nil {
			if req.Body != nil {
				_ = req.Body.Close()
			}
			return nil, err
		}
		defer done()
	}
	if s == nil || s.timeout <= 0 {
		return t.next.RoundTrip(req)
	}
	b := s.bound
	if b == nil || req.Context() != b.ctx || !b.start() {
		parent := req.Context()
		if b != nil && parent == b.ctx {
			parent = s.ctx // a redirect: the call's own bound ended with the first answer
		}
		b = newAttemptBound(parent, s.timeout)
		b.start()
		req = req.WithContext(b.ctx)
	}
	b.arm()
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		err = b.explain(err)
		b.end()
		return nil, err
	}
	if s.stream {
		// A download is bounded while it makes progress: each read must
		// return within the timeout, however long the whole takes.
		b.pause()
		resp.Body = &boundedBody{body: resp.Body, bound: b, perRead: true}
	} else {
		resp.Body = &boundedBody{body: resp.Body, bound: b}
	}
	return resp, nil
}

// attemptBound is the timer of one attempt: when it fires, the attempt's
// context is cancelled with errAttemptTimedOut as its cause.
type attemptBound struct {
	parent context.Context
	ctx    context.Context
	cancel context.CancelCauseFunc
	after  time.Duration

	// Kept by attemptDeadlines, under its lock.
	when  time.Duration // since epoch
	index int32         // in the queue; -1 when not in it

	state atomic.Int32 // boundFresh, boundStarted or boundEnded
}

// The states of an attemptBound.
const (
	boundFresh   = iota
	boundStarted // an attempt took it
	boundEnded
)

// errAttemptTimedOut is the cause an attempt's context is cancelled with.
var errAttemptTimedOut = errors.New("attempt timed out")

// newAttemptBound makes the context of an attempt; arm starts its timer.
func newAttemptBound(parent context.Context, after time.Duration) *attemptBound {
	ctx, cancel := context.WithCancelCause(parent)
	return &attemptBound{parent: parent, ctx: ctx, cancel: cancel, after: after, index: -1}
}

// start takes the bound for an attempt; it reports false when an attempt
// took it before.
func (b *attemptBound) start() bool { return b.state.CompareAndSwap(boundFresh, boundStarted) }

// arm starts the timer.
func (b *attemptBound) arm() { attemptDeadlines.add(b) }

// timedOut reports whether the bound, and not the caller, ended the attempt.
func (b *attemptBound) timedOut() bool {
	return b.parent.Err() == nil && context.Cause(b.ctx) == errAttemptTimedOut
}

// explain replaces err by the timeout error when the bound caused it.
func (b *attemptBound) explain(err error) error {
	if err != nil && b.timedOut() {
		return &timeoutError{after: b.after}
	}
	return err
}

func (b *attemptBound) pause()  { attemptDeadlines.remove(b) }
func (b *attemptBound) resume() { attemptDeadlines.add(b) }

// end releases the attempt's timer and context, once.
func (b *attemptBound) end() {
	if b.state.Swap(boundEnded) == boundEnded {
		return
	}
	attemptDeadlines.remove(b)
	b.cancel(nil)
}

// endUnused ends the bound if no attempt took it (the call failed before
// its attempt); a taken bound is ended by its attempt.
func (b *attemptBound) endUnused() {
	if b.state.CompareAndSwap(boundFresh, boundEnded) {
		b.cancel(nil)
	}
}

// boundedBody reads a response body under its attempt's bound: the whole
// body within the bound, or, perRead, each read within it.
type boundedBody struct {
	body    io.ReadCloser
	bound   *attemptBound
	perRead bool
	once    sync.Once
}

func (r *boundedBody) Read(p []byte) (int, error) {
	if r.perRead {
		r.bound.resume()
		defer r.bound.pause()
	}
	n, err := r.body.Read(p)
	if err != nil && err != io.EOF {
		err = r.bound.explain(err)
	}
	return n, err
}

func (r *boundedBody) Close() error {
	err := r.body.Close()
	r.once.Do(r.bound.end)
	return err
}
