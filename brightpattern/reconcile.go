package brightpattern

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// run is the working state of one iteration of an [EventStream].
//
// The server's events form one log, of which the history keeps all but
// typing and signaling. A poll takes the events queued since the last poll
// and moves the server's queue cursor past them. While polls work, the
// cursor is where the stream's position is (synced). After a poll that may
// have taken events without delivering them, the cursor is somewhere at or
// after from, an index into hist, the history's server events read last.
type run struct {
	c      *Client
	chatID string
	pos    Position // where the items handed out so far leave the stream

	hist    []uint64 // hashes of the history's server events, as read last
	from    int      // when not synced: the least index the queue may continue at
	answers int      // the client's count of send answers that carried events, as last seen

	sends atomic.Int32 // how many times the transport wrote the current poll

	synced   bool // the server's queue continues at pos
	needRead bool // read the history before the next poll
	verify   bool // check the next poll that brings history events against a fresh history read
}

// item is one event to yield and the stream's position after it.
type item struct {
	ev    Event
	after Position
}

// handOut makes ev an item; a history event advances the position.
func (r *run) handOut(ev Event, kept bool) item {
	if kept {
		r.pos = r.pos.advance(eventHash(ev))
	}
	return item{ev: ev, after: r.pos}
}

// output is what one step gives the loop.
type output struct {
	items  []item
	done   bool  // the chat ended with the last item
	err    error // when set, ends the stream after the items
	polled bool  // a poll worked
}

// errHistoryBehind is a history that does not yet hold what the stream has
// yielded: read it again later.
var errHistoryBehind = errors.New("brightpattern: the chat history is behind the stream's position")

// step makes the next request: a history read when one is due, else a poll.
func (r *run) step(ctx context.Context) (output, error) {
	before := r.c.sendActivity(r.chatID)
	if before.answers != r.answers {
		// A send's answer carried events, which the server may have
		// taken from the poll queue.
		r.answers = before.answers
		r.lost()
	}
	if r.needRead {
		return r.reconcile(ctx, nil)
	}
	r.sends.Store(0)
	events, err := r.c.pollEvents(ctx, r.chatID, &r.sends)
	if after := r.c.sendActivity(r.chatID); before.sending > 0 || after.moves != before.moves {
		// A send was in flight during the poll: its answer may carry events
		// the server took from the queue ahead of the poll's, which the
		// stream must not yield ahead of them.
		r.answers = after.answers
		r.lost()
	}
	resent := errors.Is(err, ErrEventsMayBeLost) || r.sends.Load() > 1
	if resent {
		// The transport sent the poll twice: the first send may have
		// taken events before its connection closed, whatever the second
		// got.
		r.lost()
	}
	if err != nil && !errors.Is(err, ErrEventsMayBeLost) {
		if pollMayHaveTaken(err) {
			r.lost()
		}
		err = sessionEnded(err)
		if errors.Is(err, ErrSessionEnded) {
			return r.last(ctx, err)
		}
		return output{}, err
	}
	out, err := r.place(ctx, events)
	out.polled = err == nil
	return out, err
}

// last ends the stream once the server says the chat is gone: the events a
// poll may have taken before, the end of the chat among them, are read from
// the history first, then the stream ends with err.
func (r *run) last(ctx context.Context, err error) (output, error) {
	out, herr := r.reconcile(ctx, nil)
	if herr != nil {
		return output{}, err
	}
	if !out.done {
		out.err = err
	}
	return out, nil
}

// lost records that a poll may have taken events the stream never saw.
func (r *run) lost() {
	if r.synced {
		r.synced, r.from, r.hist = false, r.pos.n, nil
	}
	r.needRead, r.verify = true, true
}

// place yields a poll's events at their place in the log.
func (r *run) place(ctx context.Context, events []Event) (output, error) {
	var kept []uint64
	for _, ev := range events {
		if r.serverKept(ev) {
			kept = append(kept, eventHash(ev))
		}
	}
	if len(kept) == 0 {
		return r.items(events), nil
	}
	if j := r.repeatsTail(kept); j >= 0 {
		// The poll holds an event like one yielded last: the server may be
		// delivering again what it delivered before, which only the history
		// tells apart from a new event that reads the same. Either way the
		// poll's events after the last such one came from the queue.
		if r.synced {
			r.synced, r.from, r.hist = false, r.pos.n, nil
		}
		r.from += len(kept) - (j + 1)
		r.verify = false
		return r.reconcile(ctx, events)
	}
	if r.synced {
		return r.items(events), nil
	}
	if !r.needRead && !r.verify && r.fresh(kept) {
		r.synced, r.hist = true, nil
		return r.items(events), nil
	}
	// The poll may repeat events the stream yielded, or must be checked:
	// its events came from the cursor, at or after from; the history read
	// after it holds them, and the cursor is now past them.
	r.from += len(kept)
	r.verify = false
	return r.reconcile(ctx, events)
}

// repeatsTail returns the index of the last of a poll's history events
// that reads the same as one of the last events the stream yielded (the
// position's tail), or -1.
func (r *run) repeatsTail(kept []uint64) int {
	last := r.pos.last()
	for j := len(kept) - 1; j >= 0; j-- {
		if slices.Contains(last, kept[j]) {
			return j
		}
	}
	return -1
}

// fresh reports whether a poll's history events can only follow the last
// history read: at no index c in [from, len(hist)) where the server's queue
// may continue does hist repeat the poll's first events. Otherwise the
// poll may start with events the stream yielded from the history, and only
// a new read tells (identical events, such as two "connected" statuses,
// make a repeat and a new event look alike).
func (r *run) fresh(kept []uint64) bool {
	for c := r.from; c < len(r.hist); c++ {
		n := min(len(kept), len(r.hist)-c)
		if slices.Equal(kept[:n], r.hist[c:c+n]) {
			return false
		}
	}
	return true
}

// items turns a poll's events into items, leaving out the customer's own
// events; it stops after an event that ends the chat.
func (r *run) items(events []Event) output {
	var out output
	for _, ev := range events {
		if r.ownEvent(ev) {
			continue
		}
		out.items = append(out.items, r.handOut(ev, keptInHistory(ev)))
		if terminal(ev) {
			out.done = true
			break
		}
	}
	return out
}

// reconcile reads the history and yields its server events after the
// position, then the events of polled that the history does not keep.
func (r *run) reconcile(ctx context.Context, polled []Event) (output, error) {
	history, err := r.c.History(ctx, r.chatID)
	if err != nil {
		r.needRead = true
		return output{}, sessionEnded(err)
	}
	r.c.noteHistory(r.chatID, history)
	var events []Event
	var hist []uint64
	for _, ev := range history {
		if r.serverKept(ev) {
			events = append(events, ev)
			hist = append(hist, eventHash(ev))
		}
	}
	r.anchor(hist)
	if r.pos.n > len(hist) {
		r.needRead = true
		return output{}, errHistoryBehind
	}
	var out output
	for _, ev := range events[r.pos.n:] {
		out.items = append(out.items, r.handOut(ev, true))
		if terminal(ev) {
			out.done = true
			return out, nil
		}
	}
	for _, ev := range polled {
		if !keptInHistory(ev) && !r.ownEvent(ev) {
			out.items = append(out.items, r.handOut(ev, false))
		}
	}
	r.hist, r.synced, r.needRead = hist, false, false
	r.from = min(r.from, len(hist))
	return out, nil
}

// anchor checks the position against the history: the events it says were
// yielded last must be there. When the history disagrees (an event the
// stream counted is not kept there, say), the position moves to the
// nearest place where those events are, and from with it.
func (r *run) anchor(hist []uint64) {
	last := r.pos.last()
	at := func(end int) bool {
		if end < len(last) || end > len(hist) {
			return false
		}
		for i, h := range last {
			if hist[end-len(last)+i] != h {
				return false
			}
		}
		return true
	}
	if len(last) == 0 || at(r.pos.n) {
		return
	}
	best := -1
	for end := len(last); end <= len(hist); end++ {
		if at(end) && (best < 0 || abs(end-r.pos.n) < abs(best-r.pos.n)) {
			best = end
		}
	}
	if best < 0 {
		return // not found: trust the count
	}
	delta := best - r.pos.n
	r.pos.n = best
	r.from = max(r.from+delta, 0)
}

func abs(n int) int { return max(n, -n) }

// serverKept reports whether ev is a server event the history keeps.
func (r *run) serverKept(ev Event) bool { return keptInHistory(ev) && !r.ownEvent(ev) }

// ownEvent reports whether a history or poll event is the customer's own.
func (r *run) ownEvent(ev Event) bool { return r.c.ownEvent(r.chatID, ev) }

// keptInHistory reports whether the server keeps events like ev in the
// history: all but typing and signaling, which the documentation says it
// keeps out (the stream treats them alike on both sides, so a history that
// keeps them anyway changes nothing).
func keptInHistory(ev Event) bool {
	switch ev.(type) {
	case *TypingEvent, *NotTypingEvent, *SignalingEvent:
		return false
	}
	return true
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

// eventHash identifies an event in a Position and across a poll and the
// history: the FNV-64a hash of its fingerprint, its type and the fields
// that tell two events of that type apart, written
// "m|<msg_id>|<party>|<unix seconds>|<text>" for a message, and so on. The
// common kinds are hashed part by part, with no allocation.
func eventHash(ev Event) uint64 {
	h := newFNV()
	switch e := ev.(type) {
	case *MessageEvent:
		h.str("m|").str(e.MsgID).str("|").str(e.PartyID).str("|").unix(e.Time).str("|").str(e.Text)
	case *FileEvent:
		h.str("f|").str(e.MsgID).str("|").str(e.PartyID).str("|").str(e.FileID).str("|").unix(e.Time)
	case *LocationEvent:
		h.str("l|").str(e.MsgID).str("|").str(e.PartyID).str("|").float(e.Latitude).str("|").float(e.Longitude).str("|").unix(e.Time)
	case *PartyJoinedEvent:
		h.str("j|").str(e.PartyID).str("|").unix(e.Time)
	case *PartyLeftEvent:
		h.str("p|").str(e.PartyID).str("|").unix(e.Time)
	case *StatusEvent:
		h.str("s|").str(string(e.State)).str("|").str(e.EstimatedWait.String())
	case *RawEvent:
		// The same event may come with its keys in another order.
		var v any
		if json.Unmarshal(e.JSON, &v) == nil {
			if b, err := json.Marshal(v); err == nil {
				return h.str("r|").bytes(b).sum()
			}
		}
		h.str("r|").bytes(e.JSON)
	default:
		b, _ := json.Marshal(ev) // event structs hold only JSON-encodable values
		h.str(string(ev.EventType())).str("|").bytes(b)
	}
	return h.sum()
}

// fnvHash is an FNV-64a hash written part by part.
type fnvHash uint64

func newFNV() *fnvHash {
	h := fnvHash(14695981039346656037)
	return &h
}

func (h *fnvHash) str(s string) *fnvHash {
	x := uint64(*h)
	for i := range len(s) {
		x ^= uint64(s[i])
		x *= 1099511628211
	}
	*h = fnvHash(x)
	return h
}

func (h *fnvHash) bytes(b []byte) *fnvHash {
	x := uint64(*h)
	for _, c := range b {
		x ^= uint64(c)
		x *= 1099511628211
	}
	*h = fnvHash(x)
	return h
}

// unix writes t as Unix seconds.
func (h *fnvHash) unix(t time.Time) *fnvHash {
	var buf [24]byte
	return h.bytes(strconv.AppendInt(buf[:0], t.Unix(), 10))
}

// float writes f as fmt's %v does.
func (h *fnvHash) float(f float64) *fnvHash {
	var buf [32]byte
	return h.bytes(strconv.AppendFloat(buf[:0], f, 'g', -1, 64))
}

func (h *fnvHash) sum() uint64 { return uint64(*h) }

// ownMsgNumber reads the number of a msg_id in either form the customer's
// messages take: "(chatId:messageNumber)" as the documentation writes it, or
// the bare number the web client and this package send.
func ownMsgNumber(chatID, msgID string) (int64, bool) {
	msgID = strings.TrimSuffix(strings.TrimPrefix(msgID, "("), ")")
	if rest, ok := strings.CutPrefix(msgID, chatID+":"); ok {
		msgID = rest
	}
	n, err := strconv.ParseInt(msgID, 10, 64)
	return n, err == nil && n >= 0
}
