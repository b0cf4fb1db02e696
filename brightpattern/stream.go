package brightpattern

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/http"
	"strconv"
	"time"

	"github.com/switchboard-go/switchboard/internal/httpcore"
	"github.com/switchboard-go/switchboard/internal/longpoll"
)

// Events returns the chat's events as they arrive, by long polling
// [Client.PollEvents] with exactly one poll in flight.
//
//   - An empty poll (200 with no events, an empty 200, a 204, error 5511)
//     simply polls again.
//   - Transient failures (connection errors, 5xx, 429 and 5509, which one
//     poll at a time never causes) poll again after a backoff that honours
//     Retry-After.
//   - Nothing lost, nothing twice: when a poll fails after it may have
//     reached the server (the connection dropped while held, the answer was
//     cut off), the events it took may be gone. The iterator then reads
//     [Client.History] and yields, in order, the server events it has not
//     yielded yet, and later skips those the next poll delivers again.
//     (Events the server keeps out of the history, typing and signaling,
//     cannot be recovered.)
//   - It ends cleanly after [EndedEvent], [InactivityTimeoutEvent], or a
//     [StatusEvent] with state failed or completed, and with an error
//     matching [ErrSessionEnded] on a 404 or error 5005.
//
// Breaking out of the loop stops polling; no goroutine is left behind.
//
// GET chats/{chatId}/events per poll — never retried by this package: the
// events a failed poll may have taken are recovered with GET
// chats/{chatId}/history (idempotent) instead.
func (c *Client) Events(ctx context.Context, chatID string) iter.Seq2[Event, error] {
	s := &eventStream{c: c, chatID: chatID, yielded: map[string]int{}}
	return longpoll.Seq(ctx, longpoll.Config[Event]{
		Poll:     s.poll,
		Classify: classifyPollError,
		Recover:  s.recover,
		WaitMin:  c.waitMin,
		WaitMax:  c.waitMax,
	})
}

// eventStream is the state of one Events iterator.
type eventStream struct {
	c      *Client
	chatID string
	// yielded counts the fingerprints of every event yielded so far.
	yielded map[string]int
	// recovered counts the fingerprints of events yielded from the
	// history, which the next poll may deliver again.
	recovered map[string]int
}

func (s *eventStream) poll(ctx context.Context) (longpoll.Batch[Event], error) {
	events, err := s.c.PollEvents(ctx, s.chatID)
	if err != nil {
		return longpoll.Batch[Event]{}, sessionEnded(err)
	}
	if len(events) > 0 && s.recovered != nil {
		events = s.skipRecovered(events)
	}
	return s.batch(events), nil
}

// skipRecovered drops from a poll the events a history read already
// yielded: events that reached the history before it was read and were
// still queued for the poll.
func (s *eventStream) skipRecovered(events []Event) []Event {
	out := events[:0]
	for _, ev := range events {
		fp := fingerprint(ev)
		if s.recovered[fp] > 0 {
			s.recovered[fp]--
			continue
		}
		out = append(out, ev)
	}
	s.recovered = nil
	return out
}

// recover reads the history after a poll that may have lost events.
func (s *eventStream) recover(ctx context.Context) (longpoll.Batch[Event], error) {
	history, err := s.c.History(ctx, s.chatID)
	if err != nil {
		return longpoll.Batch[Event]{}, sessionEnded(err)
	}
	// The lost events follow the last yielded event the history holds.
	start := 0
	for i := len(history) - 1; i >= 0; i-- {
		if s.yielded[fingerprint(history[i])] > 0 {
			start = i + 1
			break
		}
	}
	seen := make(map[string]int, len(s.yielded))
	for fp, n := range s.yielded {
		seen[fp] = n
	}
	var missed []Event
	s.recovered = map[string]int{}
	for _, ev := range history[start:] {
		fp := fingerprint(ev)
		if seen[fp] > 0 {
			seen[fp]--
			continue
		}
		if s.fromClient(ev) {
			continue
		}
		missed = append(missed, ev)
		s.recovered[fp]++
	}
	return s.batch(missed), nil
}

// fromClient reports whether a history event is one this client sent: the
// history holds both sides, polls only the server's. The customer's own
// messages carry the chat id as party id, or an id this client numbered.
func (s *eventStream) fromClient(ev Event) bool {
	switch e := ev.(type) {
	case *FormDataEvent, *SecureFormDataEvent, *SecureFormCancelEvent, *FormDataCancelEvent, *EndEvent,
		*DisconnectEvent, *NavigationEvent, *CobrowsingRejectedEvent, *CobrowsingStartedEvent, *CobrowsingEndedEvent:
		return true
	case *MessageEvent:
		return s.ownParty(e.PartyID, e.MsgID)
	case *FileEvent:
		return s.ownParty(e.PartyID, e.MsgID)
	case *LocationEvent:
		return s.ownParty(e.PartyID, e.MsgID)
	}
	return false
}

// ownParty reports whether an event with this party and message id is the
// customer's: the history gives the customer the chat id as party id; an
// event with no party id is the customer's if this client numbered it.
func (s *eventStream) ownParty(partyID, msgID string) bool {
	return partyID == s.chatID || (partyID == "" && s.c.sentByClient(s.chatID, msgID))
}

// batch records events as yielded and ends the stream after a terminal one.
func (s *eventStream) batch(events []Event) longpoll.Batch[Event] {
	for i, ev := range events {
		s.yielded[fingerprint(ev)]++
		if terminal(ev) {
			return longpoll.Batch[Event]{Items: events[:i+1], Done: true}
		}
	}
	return longpoll.Batch[Event]{Items: events}
}

// terminal reports whether the session is over after ev.
func terminal(ev Event) bool {
	switch e := ev.(type) {
	case *EndedEvent, *InactivityTimeoutEvent:
		return true
	case *StatusEvent:
		return e.State == StateFailed || e.State == StateCompleted
	}
	return false
}

// fingerprint identifies an event across a poll and the history: its type
// and the fields that tell two events of that type apart.
func fingerprint(ev Event) string {
	switch e := ev.(type) {
	case *MessageEvent:
		return "m|" + e.MsgID + "|" + e.PartyID + "|" + unixText(e.Time) + "|" + e.Text
	case *FileEvent:
		return "f|" + e.MsgID + "|" + e.PartyID + "|" + e.FileID + "|" + unixText(e.Time)
	case *LocationEvent:
		return "l|" + e.MsgID + "|" + e.PartyID + "|" + floatText(e.Latitude) + "|" + floatText(e.Longitude) + "|" + unixText(e.Time)
	case *PartyJoinedEvent:
		return "j|" + e.PartyID + "|" + unixText(e.Time)
	case *PartyLeftEvent:
		return "p|" + e.PartyID + "|" + unixText(e.Time)
	case *StatusEvent:
		return "s|" + string(e.State) + "|" + e.EstimatedWait.String()
	case *RawEvent:
		return "r|" + string(e.JSON)
	}
	b, _ := json.Marshal(ev) // event structs hold only JSON-encodable values
	return string(ev.EventType()) + "|" + string(b)
}

// unixText formats t as Unix seconds, for a fingerprint.
func unixText(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// floatText formats f as fmt's %v does, for a fingerprint.
func floatText(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// classifyPollError reads a failed poll or history read for the engine.
func classifyPollError(err error) longpoll.Failure {
	var e *Error
	if errors.As(err, &e) {
		switch {
		case e.Code == CodeSessionNotFound || e.StatusCode == http.StatusNotFound:
			return longpoll.Failure{}
		case e.Code == CodeConcurrentPoll || e.StatusCode == http.StatusTooManyRequests:
			return longpoll.Failure{Retry: true, After: e.RetryAfter}
		case e.StatusCode >= 500:
			return longpoll.Failure{Retry: true, After: e.RetryAfter}
		}
		return longpoll.Failure{}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, httpcore.ErrInvalidPathParam) {
		return longpoll.Failure{}
	}
	// A transport failure, a poll timeout, a cut-off or garbled answer: the
	// poll may have taken events.
	return longpoll.Failure{Retry: true, MayHaveLost: true}
}

// sessionEnded marks a 404 that ends an event stream.
func sessionEnded(err error) error {
	var e *Error
	if errors.As(err, &e) && e.StatusCode == http.StatusNotFound && e.Code != CodeSessionNotFound {
		return errors.Join(ErrSessionEnded, err)
	}
	return err
}
