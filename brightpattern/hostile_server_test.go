package brightpattern_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// This file is a Bright Pattern server written from the vendor's documents
// alone (seeds/001 and the events recorded from a live server), sharing no
// code with brightpatterntest or the client. It serves what Events and the
// numbered sends use: request chat, poll, history and send events. Its chat
// log is the ordered record. From a seed it misbehaves as real servers and
// the proxies before them do.

// The fault classes the hostile server draws from its seed.
const (
	fPollDrop     = "poll: events taken, connection dropped"
	fPollCut      = "poll: answer cut off mid-body"
	fPollLate     = "poll: events taken, answer after the client's timeout"
	fPoll5xx      = "poll: 5xx"
	fPoll5xxTaken = "poll: 5xx after taking events"
	fPoll5xxRA    = "poll: 5xx with Retry-After"
	fPoll429      = "poll: 429"
	fPoll429RA    = "poll: 429 with Retry-After"
	fPollRegroup  = "poll: part of the queue, grouped unlike the history"
	fPollDup      = "poll: an already-delivered event delivered again"
	fPollEmpty    = "poll: empty answer (empty body, {}, 204, 5511)"
	fPollEcho     = "poll: Authorization echoed in an error"
	fPoll5509     = "poll: 5509 concurrent poll"
	fSendDrop     = "send: recorded, connection dropped"
	fSendCut      = "send: recorded, answer cut off"
	fSendLate     = "send: recorded, answer after the client's timeout"
	fSend5xx      = "send: 5xx before recording"
	fSend5xxAfter = "send: 502/504 after recording"
	fSend5xxRA    = "send: 5xx with Retry-After after recording"
	fSend429      = "send: 429"
	fSend429RA    = "send: 429 with Retry-After"
	fSendEcho     = "send: Authorization echoed in an error"
	fSendTakes    = "send: answer carries events taken off the poll queue"
	fHist5xx      = "history: 5xx"
	fHist429RA    = "history: 429 with Retry-After"
	fHistCut      = "history: answer cut off"
	fHistLate     = "history: answer after the client's timeout"
	fHistEcho     = "history: Authorization echoed in an error"
	fTie          = "agent: an event with the previous one's timestamp"
	fTieSame      = "agent: an event identical to the previous one (status again)"
	fEchoOwn      = "poll: the customer's own message in a poll"
)

// hostileFaults lists every fault class, each of which must fire across
// the default seeds.
var hostileFaults = []string{
	fPollDrop, fPollCut, fPollLate, fPoll5xx, fPoll5xxTaken, fPoll5xxRA, fPoll429, fPoll429RA, fPollRegroup,
	fPollDup, fPollEmpty, fPollEcho, fPoll5509, fSendDrop, fSendCut, fSendLate, fSend5xx, fSend5xxAfter,
	fSend5xxRA, fSend429, fSend429RA, fSendEcho, fSendTakes, fHist5xx, fHist429RA, fHistCut, fHistLate,
	fHistEcho, fTie, fTieSame, fEchoOwn,
}

// weighted is a fault class and how often it is drawn, per thousand.
type weighted struct {
	fault  string
	weight int
}

// The draws per request kind; the remainder of 1000 is a request served well.
var (
	pollDraws = []weighted{
		{fPollDrop, 50}, {fPollCut, 40}, {fPollLate, 25}, {fPoll5xx, 20}, {fPoll5xxTaken, 25},
		{fPoll5xxRA, 12}, {fPoll429, 20}, {fPoll429RA, 12}, {fPollRegroup, 80}, {fPollDup, 60},
		{fPollEmpty, 60}, {fPollEcho, 15}, {fPoll5509, 30},
	}
	sendDraws = []weighted{
		{fSendDrop, 60}, {fSendCut, 50}, {fSendLate, 20}, {fSend5xx, 40}, {fSend5xxAfter, 50},
		{fSend5xxRA, 20}, {fSend429, 30}, {fSend429RA, 20}, {fSendEcho, 20}, {fSendTakes, 80},
	}
	histDraws = []weighted{
		{fHist5xx, 50}, {fHist429RA, 20}, {fHistCut, 30}, {fHistLate, 10}, {fHistEcho, 15},
	}
)

// Timing of the hostile server and of the client facing it.
const (
	hostileHold        = 15 * time.Millisecond   // a poll held with nothing to send
	hostilePollTimeout = 150 * time.Millisecond  // the client's poll bound
	hostileTimeout     = time.Second             // the client's attempt bound: a loaded machine must not reach it
	hostileLate        = 1500 * time.Millisecond // past both
	hostileGrace       = 100 * time.Millisecond  // for a given-up poll's connection to be seen closed
)

// hostileEvent is one event of the hostile server's chat.
type hostileEvent struct {
	kind  string // status, joined, left, msg, own, typing, raw, ended
	state string
	party string
	msgID string
	text  string
	step  int
	ts    int64 // Unix seconds
}

// kept reports whether the history keeps e (typing is kept out).
func (e hostileEvent) kept() bool { return e.kind != "typing" }

// key identifies e for comparing the history with what the stream yielded.
func (e hostileEvent) key() string {
	switch e.kind {
	case "status":
		return "status:" + e.state
	case "joined", "left":
		return e.kind + ":" + e.party
	case "msg":
		return "msg:" + e.msgID
	case "raw":
		return "raw:" + strconv.Itoa(e.step)
	}
	return e.kind
}

// wire writes e as the documents show it: a poll writes timestamps as
// strings of seconds; the history (inHistory) as numbers of milliseconds,
// with keys in another order, which reads the same.
func (e hostileEvent) wire(inHistory bool) string {
	ts := strconv.Quote(strconv.FormatInt(e.ts, 10))
	if inHistory {
		ts = strconv.FormatInt(e.ts*1000, 10)
	}
	q := strconv.Quote
	switch e.kind {
	case "status":
		if inHistory {
			return `{"ewt":"","state":` + q(e.state) + `,"event":"chat_session_status"}`
		}
		return `{"event":"chat_session_status","state":` + q(e.state) + `,"ewt":""}`
	case "joined":
		return `{"event":"chat_session_party_joined","party_id":` + q(e.party) +
			`,"first_name":"Ann","last_name":"Lee","display_name":"Ann L.","type":"internal","timestamp":` + ts + `}`
	case "left":
		return `{"event":"chat_session_party_left","party_id":` + q(e.party) + `,"timestamp":` + ts + `}`
	case "msg", "own":
		if inHistory {
			return `{"timestamp":` + ts + `,"msg":` + q(e.text) + `,"msg_id":` + q(e.msgID) +
				`,"party_id":` + q(e.party) + `,"event":"chat_session_message","channel":"web"}`
		}
		return `{"event":"chat_session_message","party_id":` + q(e.party) + `,"msg_id":` + q(e.msgID) +
			`,"msg":` + q(e.text) + `,"timestamp":` + ts + `}`
	case "typing":
		return `{"event":"chat_session_typing","party_id":` + q(e.party) + `,"timestamp":` + ts + `}`
	case "raw":
		if inHistory {
			return `{"step":` + strconv.Itoa(e.step) + `,"event":"chat_session_hostile_extra"}`
		}
		return `{"event":"chat_session_hostile_extra","step":` + strconv.Itoa(e.step) + `}`
	}
	return `{"event":"chat_session_ended"}`
}

// wireList writes {"events":[...]}.
func wireList(events []hostileEvent, inHistory bool) []byte {
	parts := make([]string, len(events))
	for i, e := range events {
		parts[i] = e.wire(inHistory)
	}
	return []byte(`{"events":[` + strings.Join(parts, ",") + `]}`)
}

// hostileServer is the server of one chat.
type hostileServer struct {
	*httptest.Server
	chatID string
	auth   string // the Authorization value the client must send
	echo   bool   // whether polls echo the customer's own messages

	mu       sync.Mutex
	rng      map[string]*rand.Rand // per request kind, so that concurrent kinds draw apart
	log      []hostileEvent        // the history: every event but typing, in order
	queue    []hostileEvent        // what polls deliver: every event but the customer's own, unless echo
	cursor   int                   // the next event of queue a poll takes
	lastPoll []hostileEvent        // the events the last poll answered with
	ts       int64
	grew     chan struct{} // closed when queue grows
	faults   map[string]int
	recorded map[string]int // customer msg_id -> times recorded
	// afterGiveUp counts the recordings made once the client had closed
	// the connection: a server that slow is beyond what the client promises.
	afterGiveUp map[string]int
	held        *heldPoll
	overlaps    int
	badAuth     int
}

// newHostileServer starts the server of seed's chat for a client sending auth.
func newHostileServer(seed uint64, auth string) *hostileServer {
	rng := map[string]*rand.Rand{}
	for i, kind := range []string{"agent", "poll", "send", "history"} {
		rng[kind] = rand.New(rand.NewPCG(seed, uint64(i)))
	}
	s := &hostileServer{
		chatID: fmt.Sprintf("d6c1adc2-385b-42e5-9e0a-%012x", seed), auth: auth, rng: rng, echo: seed%2 == 0,
		ts: 1614718748, grew: make(chan struct{}), faults: map[string]int{}, recorded: map[string]int{},
		afterGiveUp: map[string]int{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /clientweb/api/v1/chats", s.requestChat)
	mux.HandleFunc("GET /clientweb/api/v1/chats/{id}/events", s.poll)
	mux.HandleFunc("POST /clientweb/api/v1/chats/{id}/events", s.send)
	mux.HandleFunc("GET /clientweb/api/v1/chats/{id}/history", s.history)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != s.auth {
			s.mu.Lock()
			s.badAuth++
			s.mu.Unlock()
			writeError(w, http.StatusUnauthorized, "5001", "Invalid authorization header")
			return
		}
		if strings.Contains(r.URL.Path, "/chats/") && !strings.Contains(r.URL.Path, "/chats/"+s.chatID+"/") {
			writeError(w, http.StatusNotFound, "5005", "Chat session not found")
			return
		}
		mux.ServeHTTP(w, r)
	}))
	return s
}

// draw picks a fault of kind from draws, or "" for a request served well.
// s.mu is held.
func (s *hostileServer) draw(kind string, draws []weighted) string {
	n := s.rng[kind].IntN(1000)
	for _, d := range draws {
		if n < d.weight {
			return d.fault
		}
		n -= d.weight
	}
	return ""
}

// count records that fault fired ("" is none). s.mu is held.
func (s *hostileServer) count(fault string) {
	if fault != "" {
		s.faults[fault]++
	}
}

// add appends agent events at the next timestamp; tie keeps the previous one's.
func (s *hostileServer) add(tie bool, events ...hostileEvent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range events {
		if !tie {
			s.ts++
		}
		e.ts = s.ts
		if e.kept() {
			s.log = append(s.log, e)
		}
		s.queue = append(s.queue, e)
	}
	close(s.grew)
	s.grew = make(chan struct{})
}

// play is the agent's side of the chat: it joins, talks with ties, typing
// and unlisted events, and ends the chat once the customer is done.
func (s *hostileServer) play(messages int, customerDone <-chan struct{}) {
	const agent = "80A8248D-69D7-4DA2-8074-6139AA191D7E"
	s.add(false, hostileEvent{kind: "status", state: "queued"})
	s.add(false, hostileEvent{kind: "status", state: "connecting"}, hostileEvent{kind: "joined", party: agent})
	s.add(false, hostileEvent{kind: "status", state: "connected"})
	for i := range messages {
		s.mu.Lock()
		r, tie := s.rng["agent"].IntN(10), s.rng["agent"].IntN(5) == 0
		switch {
		case tie && r < 3:
			s.count(fTieSame)
		case tie:
			s.count(fTie)
		}
		s.mu.Unlock()
		switch {
		case tie && r < 3:
			s.add(true, hostileEvent{kind: "status", state: "connected"})
		case r < 5:
			s.add(tie, hostileEvent{kind: "typing", party: agent})
		case r < 6:
			s.add(tie, hostileEvent{kind: "raw", step: i})
		}
		s.add(tie, hostileEvent{kind: "msg", party: agent, msgID: strconv.Itoa(2 * i), text: fmt.Sprint("agent says ", i)})
		time.Sleep(time.Millisecond)
	}
	<-customerDone
	s.add(false, hostileEvent{kind: "left", party: agent}, hostileEvent{kind: "ended"})
}

// take moves the cursor past up to n queued events (all with n < 0) and
// returns them. s.mu is held.
func (s *hostileServer) take(n int) []hostileEvent {
	pending := s.queue[s.cursor:]
	if n < 0 || n > len(pending) {
		n = len(pending)
	}
	out := append([]hostileEvent(nil), pending[:n]...)
	s.cursor += n
	return out
}

// requestChat answers POST chats as the PM-v2 example does.
func (s *hostileServer) requestChat(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"state":"ivr","ewt":"0","chat_id":%q,"is_new_chat":true,"phone_number":""}`, s.chatID)
}

// heldPoll is the poll the server holds.
type heldPoll struct {
	ctx      context.Context
	answered chan struct{} // closed when the server starts answering it
}

// enterPoll registers a poll and returns it, or nil for a poll to refuse
// with 5509: one that arrived while another was held. That is an overlap
// unless the held poll's client gave up on it (its connection closes,
// which the server notices a moment later) or the arriving poll's own did.
func (s *hostileServer) enterPoll(ctx context.Context) *heldPoll {
	s.mu.Lock()
	held := s.held
	s.mu.Unlock()
	if held != nil {
		overlap := true
		t := time.NewTimer(hostileGrace)
		defer t.Stop()
		select {
		case <-held.answered: // answered while this poll was already here
		case <-held.ctx.Done():
			select {
			case <-held.answered:
			default:
				overlap = false // its client gave up
			}
		case <-t.C:
		case <-ctx.Done():
			overlap = false
		}
		if overlap {
			s.mu.Lock()
			s.overlaps++
			s.mu.Unlock()
		}
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held != nil { // another poll arrived meanwhile: both are refused or counted there
		return nil
	}
	s.held = &heldPoll{ctx: ctx, answered: make(chan struct{})}
	return s.held
}

// release ends the hold of h: answering (before the server writes a byte
// or closes the connection) or not (after its client gave up).
func (s *hostileServer) release(h *heldPoll, answering bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held != h {
		return
	}
	s.held = nil
	if answering {
		close(h.answered)
	}
}

// waitForEvents holds a poll until the queue has events or the hold ends.
func (s *hostileServer) waitForEvents(ctx context.Context) {
	s.mu.Lock()
	pending, grew := len(s.queue) > s.cursor, s.grew
	s.mu.Unlock()
	if pending {
		return
	}
	t := time.NewTimer(hostileHold)
	defer t.Stop()
	select {
	case <-grew:
	case <-t.C:
	case <-ctx.Done():
	}
}

// poll serves GET chats/{chatId}/events.
func (s *hostileServer) poll(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	h := s.enterPoll(ctx)
	if h == nil {
		writeError(w, http.StatusBadRequest, "5509", "Too many concurrent poll requests for the same session")
		return
	}
	defer s.release(h, false)
	s.mu.Lock()
	fault := s.draw("poll", pollDraws)
	s.mu.Unlock()
	switch fault {
	case fPoll5xx, fPoll5xxRA, fPoll429, fPoll429RA, fPollEcho, fPoll5509, fPollEmpty:
		s.release(h, true)
		s.refusePoll(w, fault)
		return
	}
	s.waitForEvents(ctx)
	s.mu.Lock()
	var events []hostileEvent
	switch {
	case fault == fPollRegroup && len(s.queue)-s.cursor >= 2:
		events = s.take(1 + s.rng["poll"].IntN(len(s.queue)-s.cursor-1))
		s.count(fault)
	case fault == fPollDup && len(s.lastPoll) > 0:
		again := s.lastPoll[len(s.lastPoll)-1-s.rng["poll"].IntN(len(s.lastPoll)):]
		events = append(append([]hostileEvent(nil), again...), s.take(-1)...)
		s.count(fault)
	default:
		events = s.take(-1)
	}
	if len(events) > 0 {
		s.lastPoll = events
	}
	switch fault {
	case fPollDrop, fPollCut, fPollLate, fPoll5xxTaken:
		s.count(fault)
	}
	s.mu.Unlock()
	body := wireList(events, false)
	if fault == fPollLate {
		late(ctx, w, body, func() { s.release(h, false) })
		return
	}
	s.release(h, true)
	switch fault {
	case fPollDrop:
		dropConnection(w)
	case fPollCut:
		cutOff(w, body)
	case fPoll5xxTaken:
		writeError(w, http.StatusGatewayTimeout, "", "Gateway Timeout")
	default:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}
}

// refusePoll answers a poll without taking events.
func (s *hostileServer) refusePoll(w http.ResponseWriter, fault string) {
	s.mu.Lock()
	s.count(fault)
	status := []int{500, 502, 503, 504}[s.rng["poll"].IntN(4)]
	empty := s.rng["poll"].IntN(4)
	s.mu.Unlock()
	switch fault {
	case fPoll5xx:
		writeError(w, status, "", http.StatusText(status))
	case fPoll5xxRA:
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusServiceUnavailable, "", "Service Unavailable")
	case fPoll429:
		writeError(w, http.StatusTooManyRequests, "", "Too Many Requests")
	case fPoll429RA:
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusTooManyRequests, "", "Too Many Requests")
	case fPollEcho:
		s.echoAuth(w, status)
	case fPoll5509:
		writeError(w, http.StatusBadRequest, "5509", "Too many concurrent poll requests for the same session")
	case fPollEmpty:
		switch empty {
		case 0:
			w.WriteHeader(http.StatusOK)
		case 1:
			w.WriteHeader(http.StatusNoContent)
		case 2:
			writeError(w, http.StatusBadRequest, "5511", "No new events")
		default:
			_, _ = w.Write([]byte(`{"events":[]}`))
		}
	}
}

// echoAuth answers an error whose body and headers repeat the request's
// Authorization, as a misconfigured proxy does.
func (s *hostileServer) echoAuth(w http.ResponseWriter, status int) {
	w.Header().Set("X-Rejected-Authorization", s.auth)
	writeError(w, status, "5000", "Rejected request with Authorization: "+s.auth)
}

// send serves POST chats/{chatId}/events: a customer's message is recorded.
func (s *hostileServer) send(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Events []struct {
			Event string `json:"event"`
			MsgID string `json:"msg_id"`
			Msg   string `json:"msg"`
		} `json:"events"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeError(w, http.StatusBadRequest, "", "Bad request")
		return
	}
	s.mu.Lock()
	fault := s.draw("send", sendDraws)
	status := []int{500, 503}[s.rng["send"].IntN(2)]
	after := []int{502, 504}[s.rng["send"].IntN(2)]
	s.count(fault)
	s.mu.Unlock()
	switch fault {
	case fSend5xx:
		writeError(w, status, "", http.StatusText(status))
		return
	case fSend429, fSend429RA:
		if fault == fSend429RA {
			w.Header().Set("Retry-After", "1")
		}
		writeError(w, http.StatusTooManyRequests, "", "Too Many Requests")
		return
	case fSendEcho:
		s.echoAuth(w, http.StatusServiceUnavailable)
		return
	}
	s.mu.Lock()
	for _, e := range body.Events {
		if e.Event != "chat_session_message" {
			continue
		}
		s.ts++
		own := hostileEvent{kind: "own", party: s.chatID, msgID: e.MsgID, text: e.Msg, ts: s.ts}
		s.log = append(s.log, own)
		s.recorded[e.MsgID]++
		if r.Context().Err() != nil {
			s.afterGiveUp[e.MsgID]++
		}
		if s.echo {
			s.queue = append(s.queue, own)
			s.faults[fEchoOwn]++
		}
	}
	var answer []hostileEvent
	if fault == fSendTakes {
		answer = s.take(-1)
	}
	s.mu.Unlock()
	reply := wireList(answer, false)
	switch fault {
	case fSendDrop:
		dropConnection(w)
	case fSendCut:
		cutOff(w, reply)
	case fSendLate:
		late(r.Context(), w, reply, func() {})
	case fSend5xxAfter:
		writeError(w, after, "", http.StatusText(after))
	case fSend5xxRA:
		w.Header().Set("Retry-After", "1")
		writeError(w, after, "", http.StatusText(after))
	default:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(reply)
	}
}

// history serves GET chats/{chatId}/history: the chat log so far.
func (s *hostileServer) history(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	fault := s.draw("history", histDraws)
	s.count(fault)
	body := wireList(s.log, true)
	s.mu.Unlock()
	switch fault {
	case fHist5xx:
		writeError(w, http.StatusBadGateway, "", "Bad Gateway")
	case fHist429RA:
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusTooManyRequests, "", "Too Many Requests")
	case fHistCut:
		cutOff(w, body)
	case fHistLate:
		late(r.Context(), w, body, func() {})
	case fHistEcho:
		s.echoAuth(w, http.StatusInternalServerError)
	default:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}
}

// writeError answers status with the documented error body, or a proxy's
// plain text when code is "".
func writeError(w http.ResponseWriter, status int, code, message string) {
	if code == "" {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(message))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"error_code":%q,"error_message":%q}`, code, message)
}

// dropConnection closes the connection without an answer.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// cutOff promises body and sends half of it before closing the connection.
func cutOff(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body[:len(body)/2])
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	panic(http.ErrAbortHandler)
}

// late answers body after the client gave up waiting; then runs before.
func late(ctx context.Context, w http.ResponseWriter, body []byte, then func()) {
	t := time.NewTimer(hostileLate)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
	then()
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}
