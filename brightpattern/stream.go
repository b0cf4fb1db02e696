package brightpattern

import (
	"context"
	"errors"
	"iter"
	"net/http"
	"sync"
	"time"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// maxFailures is how many failed requests in a row, with no poll that
// worked between them, end a stream with the last error.
const maxFailures = 16

// Events returns the server's events of the chat, from its start, exactly
// once and in the order of the chat history; it is
// c.EventStream(chatID, Position{}).Events(ctx). See [EventStream.Events]
// for the guarantee and its limits.
//
// GET chats/{chatId}/history (idempotent) to start and to reconcile, and
// GET chats/{chatId}/events per poll (never retried by this package: the
// stream itself recovers what a failed poll may have taken).
func (c *Client) Events(ctx context.Context, chatID string, opts ...call.Option) iter.Seq2[Event, error] {
	ctx = callopt.With(ctx, opts)
	return c.EventStream(chatID, Position{}).Events(ctx)
}

// EventStream is the event stream of one chat from a [Position]: the zero
// Position for the whole chat, or one stored from [EventStream.Position]
// to resume after a restart. Have one stream per chat at a time.
type EventStream struct {
	c      *Client
	chatID string

	mu  sync.Mutex
	pos Position
}

// EventStream returns the stream of chatID from position from. It does no
// I/O; iterating over [EventStream.Events] sends GET chats/{chatId}/history
// (idempotent) and GET chats/{chatId}/events (never retried by the HTTP
// layer).
func (c *Client) EventStream(chatID string, from Position) *EventStream {
	return &EventStream{c: c, chatID: chatID, pos: from}
}

// Position returns the stream's position after the last event yielded.
// Store its String after any event to resume from there.
func (s *EventStream) Position() Position {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pos
}

func (s *EventStream) setPosition(p Position) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pos = p
}

// Events yields the server's events of the chat after the stream's
// position, by long polling with exactly one poll in flight.
//
// The chat history is the ordered log of the chat. Every server event the
// history keeps is yielded exactly once, in history order, whatever the
// server does to the polls: when a poll fails after it may have reached the
// server (the connection dropped after the server took its events, the
// answer was cut off or late, a 5xx), when the HTTP transport sent it
// twice, when a poll does not fit the position, after a send of the same
// Client whose answer carried server events (which the server may have
// taken from the poll queue), when a send of the same Client was in flight
// during the poll, when a poll repeats one of the last events the stream
// yielded, and when the stream starts, the stream reads
// the history, yields exactly the events after its position in history
// order, and skips them when a later poll delivers them again. No event of
// a poll is yielded ahead of an event that may be missing before it.
//
// Limits: events the server keeps out of the history (typing, not typing,
// signaling) are best effort: yielded when a poll delivers them, lost with
// a failed poll. The customer's own events are not yielded (the history
// has them). The guarantee rests on the history holding every other
// server event, in the order the server sent them, each reading the same
// as in a poll (type, ids, party, text, time to the second); a poll that
// the server still holds after its client gave up is checked against a
// fresh history read, so it cannot open a gap. A server that delivers
// again only events older than the last four the stream yielded is not
// told apart from one sending new events that read the same.
//
// An empty poll (200 with no events, an empty 200, a 204, error 5511)
// polls again. A refused poll (5509, a plain 400, 429) polls again after
// the wait the server asks for; failures back off. The stream ends after
// [EndedEvent], [InactivityTimeoutEvent] or a [StatusEvent] with state
// failed or completed, and with an error matching [ErrSessionEnded] on a
// 404 or error 5005; the client then forgets its state for the chat. It
// also ends with the error of 16 failed requests in a row. Breaking out of
// the loop stops polling; no goroutine is left behind.
//
// GET chats/{chatId}/history (idempotent) and GET chats/{chatId}/events
// (never retried by this package: the stream recovers from the history).
func (s *EventStream) Events(ctx context.Context, opts ...call.Option) iter.Seq2[Event, error] {
	ctx = callopt.With(ctx, opts)
	return func(yield func(Event, error) bool) {
		pos := s.Position()
		if pos != (Position{}) && pos.chat != chatHash(s.chatID) {
			yield(nil, &PositionError{Position: pos.String(), Reason: "the position belongs to another chat"})
			return
		}
		if pos == (Position{}) {
			pos.chat = chatHash(s.chatID)
		}
		// Where the server's queue stands is unknown: at the start of the chat at
		// the earliest (a stream stopped after reading the history leaves
		// events queued from before its position).
		r := &run{c: s.c, chatID: s.chatID, pos: pos, needRead: true, verify: true, answers: s.c.sendActivity(s.chatID).answers}
		failures := 0
		for {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			out, err := r.step(ctx)
			if err != nil {
				if ctx.Err() != nil {
					yield(nil, err)
					return
				}
				f := classifyStreamError(err)
				failures++
				if !f.retry || failures >= maxFailures {
					if errors.Is(err, ErrSessionEnded) {
						s.c.forget(s.chatID)
					}
					yield(nil, err)
					return
				}
				wait := max(httpcore.Backoff(failures, s.c.streamWaitMin(), s.c.streamWaitMax()), f.after)
				if !sleep(ctx, wait) {
					yield(nil, ctx.Err())
					return
				}
				continue
			}
			if out.polled {
				failures = 0
			}
			for _, it := range out.items {
				s.setPosition(it.after)
				if !yield(it.ev, nil) {
					return
				}
			}
			if out.err != nil {
				s.c.forget(s.chatID)
				yield(nil, out.err)
				return
			}
			if out.done {
				s.c.forget(s.chatID)
				return
			}
		}
	}
}

// failure is how the stream reads a failed request.
type failure struct {
	retry bool
	after time.Duration
}

// classifyStreamError reads a failed poll or history read.
func classifyStreamError(err error) failure {
	var e *Error
	switch {
	case errors.Is(err, errHistoryBehind):
		return failure{retry: true}
	case errors.As(err, &e):
		switch status := httpcore.StatusSentinel(e.StatusCode); {
		case e.Code == CodeSessionNotFound || status == ErrNotFound:
			return failure{}
		case busy(e), status == ErrRateLimited, status == ErrServerError:
			return failure{retry: true, after: e.RetryAfter}
		}
		return failure{}
	case errors.Is(err, context.Canceled), errors.Is(err, httpcore.ErrInvalidPathParam):
		return failure{}
	}
	// A transport failure, a poll timeout, a cut-off or garbled answer.
	return failure{retry: true}
}

// busy reports a poll the server refused because it holds another: error
// 5509, or a plain 400, which is what the documentation says a concurrent
// poll gets.
func busy(e *Error) bool {
	return e.Code == CodeConcurrentPoll || (e.StatusCode == http.StatusBadRequest && e.Code == "")
}

// pollMayHaveTaken reports whether a failed poll may have reached the
// server and taken events: anything but a refusal (4xx) or the caller's
// own cancellation before sending.
func pollMayHaveTaken(err error) bool {
	var e *Error
	if errors.As(err, &e) {
		return e.StatusCode >= 500
	}
	return !errors.Is(err, httpcore.ErrInvalidPathParam)
}

// sessionEnded marks a 404 that ends an event stream.
func sessionEnded(err error) error {
	var e *Error
	if errors.As(err, &e) && e.StatusCode == http.StatusNotFound && e.Code != CodeSessionNotFound {
		return alsoMatching(ErrSessionEnded, err)
	}
	return err
}

// streamWaitMin and streamWaitMax bound the backoff between failed polls.
func (c *Client) streamWaitMin() time.Duration {
	if c.waitMin > 0 {
		return c.waitMin
	}
	return 200 * time.Millisecond
}

func (c *Client) streamWaitMax() time.Duration {
	if c.waitMax >= c.streamWaitMin() {
		return c.waitMax
	}
	return max(c.streamWaitMin(), 10*time.Second)
}

// sleep waits d or until ctx ends; it reports whether the full wait passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
