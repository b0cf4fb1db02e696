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
	b.arm(s.stream)
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
	timer  *attemptTimer

	started atomic.Bool // an attempt took the bound
	ended   atomic.Bool
}

// errAttemptTimedOut is the cause an attempt's context is cancelled with.
var errAttemptTimedOut = errors.New("attempt timed out")

// newAttemptBound makes the context of an attempt; arm starts its timer.
func newAttemptBound(parent context.Context, after time.Duration) *attemptBound {
	ctx, cancel := context.WithCancelCause(parent)
	return &attemptBound{parent: parent, ctx: ctx, cancel: cancel, after: after}
}

// start takes the bound for an attempt; it reports false when an attempt
// took it before.
func (b *attemptBound) start() bool { return b.started.CompareAndSwap(false, true) }

// arm starts the timer. A bound whose timer will be paused and resumed
// (perRead) never hands its timer to another attempt.
func (b *attemptBound) arm(perRead bool) { b.timer = armTimer(b.after, b.cancel, perRead) }

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

func (b *attemptBound) pause()  { b.timer.stop() }
func (b *attemptBound) resume() { b.timer.t.Reset(b.after) }

// end releases the attempt's timer and context, once.
func (b *attemptBound) end() {
	if !b.ended.CompareAndSwap(false, true) {
		return
	}
	if b.timer != nil {
		b.timer.release()
	}
	b.cancel(nil)
}

// endUnused ends the bound if no attempt took it (the call failed before
// its attempt); a taken bound is ended by its attempt.
func (b *attemptBound) endUnused() {
	if b.start() {
		b.end()
	}
}

// attemptTimer fires the timeout of one attempt at a time. The runtime
// keeps a stopped timer, and its function, until the timer's deadline
// would have passed (a long poll's is minutes away) or stopped timers make
// up a quarter of those it keeps. So the function holds the attempt's
// cancel only until release, and a timer released before it fired is
// re-armed for a later attempt rather than left behind.
type attemptTimer struct {
	t *time.Timer

	mu     sync.Mutex
	cancel context.CancelCauseFunc // nil once released
	spent  bool                    // may have fired, or is paused and resumed: never reused
}

// attemptTimers holds released timers that did not fire.
var attemptTimers sync.Pool

// armTimer returns a timer that calls cancel with errAttemptTimedOut after
// d. A spent timer is released without being reused.
func armTimer(d time.Duration, cancel context.CancelCauseFunc, spent bool) *attemptTimer {
	if at, ok := attemptTimers.Get().(*attemptTimer); ok {
		at.mu.Lock()
		at.cancel, at.spent = cancel, spent
		at.mu.Unlock()
		at.t.Reset(d)
		return at
	}
	at := &attemptTimer{cancel: cancel, spent: spent}
	at.t = time.AfterFunc(d, at.fire)
	return at
}

func (at *attemptTimer) fire() {
	at.mu.Lock()
	cancel := at.cancel
	at.mu.Unlock()
	if cancel != nil {
		cancel(errAttemptTimedOut)
	}
}

// stop stops the timer; when it had already fired, it is spent.
func (at *attemptTimer) stop() {
	if !at.t.Stop() {
		at.mu.Lock()
		at.spent = true
		at.mu.Unlock()
	}
}

// release stops the timer for good and forgets its attempt. A timer that
// was stopped before it fired, whose function therefore is not running, is
// kept for another attempt.
func (at *attemptTimer) release() {
	stopped := at.t.Stop()
	at.mu.Lock()
	at.cancel = nil
	reuse := stopped && !at.spent
	at.mu.Unlock()
	if reuse {
		attemptTimers.Put(at)
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
