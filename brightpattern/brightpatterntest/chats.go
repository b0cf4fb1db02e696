package brightpatterntest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// chat is one chat session.
type chat struct {
	id      string
	client  string
	state   string
	history []json.RawMessage // both sides, as the history call returns them
	ended   bool
	nextMsg int // server message numbers: 0, 2, 4, ...
	caseID  string
	parties map[string]bool
	agent   string // the scripted agent's party id
	created time.Time

	// The delivery state has its own lock, so that a poll woken by an
	// event takes only its chat's lock, not the server's.
	qmu     sync.Mutex
	queue   []json.RawMessage // server events not yet polled
	wake    chan struct{}     // holds a token when an event is queued
	polling bool
	hold    *time.Timer // bounds the held poll; made by the first, reset by each next
}

// newChat returns a chat in the queued state.
func newChat(client string) *chat {
	return &chat{id: randomID(), client: client, state: "queued", wake: make(chan struct{}, 1), parties: map[string]bool{},
		created: time.Now()}
}

// deliver queues an event for the next poll and wakes a held one.
func (c *chat) deliver(raw json.RawMessage) {
	c.qmu.Lock()
	defer c.qmu.Unlock()
	c.queue = append(c.queue, raw)
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// takeLocked returns the queued events and empties the queue. c.qmu is held.
func (c *chat) takeLocked() []json.RawMessage {
	events := c.queue
	c.queue = nil
	select {
	case <-c.wake:
	default:
	}
	return events
}

func now() string { return strconv.FormatInt(time.Now().Unix(), 10) }

// emitLocked queues a server event (and stores it in the history unless it
// is typing or signaling, which the server keeps out). s.mu is held.
func (s *Server) emitLocked(c *chat, ev map[string]any) {
	raw, _ := json.Marshal(ev) // maps of JSON values always marshal
	name, _ := ev["event"].(string)
	s.emitRawLocked(c, name, raw)
}

// emitRawLocked is emitLocked for an event already encoded. s.mu is held.
func (s *Server) emitRawLocked(c *chat, name string, raw json.RawMessage) {
	switch name {
	case "chat_session_typing", "chat_session_not_typing", "chat_session_signaling":
	default:
		c.history = append(c.history, raw)
	}
	c.deliver(raw)
}

// messageJSON is chat_session_message with its keys in the order
// json.Marshal writes a map's: a message encodes as it would from a map,
// without building one.
type messageJSON struct {
	Channel   string `json:"channel"`
	Event     string `json:"event"`
	Msg       string `json:"msg"`
	MsgID     string `json:"msg_id"`
	PartyID   string `json:"party_id"`
	Timestamp string `json:"timestamp"`
}

// encodeMessage is chat_session_message as json.Marshal writes it from a
// map (see messageJSON). When no value needs escaping, the values are
// copied between the keys as they are, which is what json.Marshal writes;
// otherwise json.Marshal encodes it.
func encodeMessage(text, id, party, timestamp string) json.RawMessage {
	if !plainJSON(text) || !plainJSON(id) || !plainJSON(party) || !plainJSON(timestamp) {
		raw, _ := json.Marshal(messageJSON{Channel: "web", Event: "chat_session_message", Msg: text, MsgID: id, PartyID: party,
			Timestamp: timestamp}) // strings always marshal
		return raw
	}
	const (
		head  = `{"channel":"web","event":"chat_session_message","msg":"`
		msgID = `","msg_id":"`
		from  = `","party_id":"`
		at    = `","timestamp":"`
		tail  = `"}`
	)
	b := make([]byte, 0, len(head)+len(text)+len(msgID)+len(id)+len(from)+len(party)+len(at)+len(timestamp)+len(tail))
	b = append(append(b, head...), text...)
	b = append(append(b, msgID...), id...)
	b = append(append(b, from...), party...)
	b = append(append(b, at...), timestamp...)
	return append(b, tail...)
}

// plainJSON reports whether json.Marshal writes s between its quotes as it
// is: printable ASCII but for a quote, a backslash and the characters it
// escapes for HTML (<, > and &).
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c >= 0x7f, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		}
	}
	return true
}

// --- handlers ---

func (s *Server) availability(w http.ResponseWriter, _ *http.Request) {
	status := "available"
	if !s.cfg.available {
		status = "notAvailable"
	}
	body := map[string]string{"chat": status}
	if s.cfg.ewt != "" {
		body["ewt"] = s.cfg.ewt
	}
	writeJSON(w, http.StatusOK, body)
}

func (s *Server) parametersHandler(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"parameters": s.cfg.parameters})
}

func (s *Server) chatJSON(c *chat, isNew bool, phone string) map[string]any {
	out := map[string]any{"chat_id": c.id, "state": c.state, "ewt": s.cfg.ewt, "is_new_chat": isNew}
	if phone != "" {
		out["phone_number"] = phone
	}
	return out
}

func (s *Server) requestChat(w http.ResponseWriter, r *http.Request) {
	var req struct {
		PhoneNumber string         `json:"phone_number"`
		From        string         `json:"from"`
		Parameters  map[string]any `json:"parameters"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		apiError(w, http.StatusBadRequest, "5003", "Error decoding JSON request body: "+err.Error())
		return
	}
	key := clientOf(r)
	s.mu.Lock()
	if id, ok := s.active[key]; ok {
		body := s.chatJSON(s.chats[id], false, req.PhoneNumber)
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, body)
		return
	}
	c := newChat(key)
	s.chats[c.id] = c
	s.active[key] = c.id
	s.emitLocked(c, map[string]any{"event": "chat_session_status", "state": "queued", "ewt": s.cfg.ewt})
	body := s.chatJSON(c, true, req.PhoneNumber)
	s.mu.Unlock()
	if s.cfg.agent != nil {
		s.startAgent(c.id)
	}
	writeJSON(w, http.StatusOK, body)
}

// ownChat finds chatId of the request's client, or answers 404 5005.
func (s *Server) ownChat(w http.ResponseWriter, r *http.Request) *chat {
	c := s.chats[r.PathValue("chatId")]
	if c == nil || c.client != clientOf(r) {
		apiError(w, http.StatusNotFound, "5005", "Chat session is not found")
		return nil
	}
	return c
}

func (s *Server) activeChat(w http.ResponseWriter, r *http.Request) {
	key := clientOf(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.active[key]
	if !ok {
		apiError(w, http.StatusNotFound, "5005", "Chat session is not found")
		return
	}
	body := s.chatJSON(s.chats[id], false, "")
	delete(body, "is_new_chat")
	writeJSON(w, http.StatusOK, body)
}

// locked runs f under s.mu on the chat own finds for r ([Server.ownChat]
// or [Server.ownCase]); where own answered r with an error, f does not run.
func (s *Server) locked(w http.ResponseWriter, r *http.Request, own func(http.ResponseWriter, *http.Request) *chat, f func(*chat)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := own(w, r); c != nil {
		f(c)
	}
}

func (s *Server) history(w http.ResponseWriter, r *http.Request) {
	s.locked(w, r, s.ownChat, func(c *chat) {
		writeJSON(w, http.StatusOK, map[string]any{"events": append([]json.RawMessage{}, c.history...)})
	})
}

// poll answers the queued events at once, or holds the request until an
// event is queued or the hold expires. A second poll while one is held
// gets 400 5509.
func (s *Server) poll(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	c := s.ownChat(w, r)
	ended := c != nil && c.ended
	s.mu.RUnlock()
	if c == nil {
		return
	}
	c.qmu.Lock()
	if c.polling {
		c.qmu.Unlock()
		apiError(w, http.StatusBadRequest, "5509", "Too many concurrent poll requests for the same session")
		return
	}
	if len(c.queue) == 0 && ended {
		c.qmu.Unlock()
		apiError(w, http.StatusNotFound, "5005", "Chat session is not found")
		return
	}
	if len(c.queue) == 0 {
		c.polling = true
		c.qmu.Unlock()
		s.held.Add(1)
		// Only the one poll that set polling uses the timer: it is reset,
		// not made again, for each held poll.
		if c.hold == nil {
			c.hold = time.NewTimer(s.cfg.hold)
		} else {
			c.hold.Reset(s.cfg.hold)
		}
		select {
		case <-c.wake:
		case <-c.hold.C:
		case <-r.Context().Done():
		case <-s.closed:
		}
		c.hold.Stop()
		s.held.Add(-1)
		c.qmu.Lock()
		c.polling = false
		if r.Context().Err() != nil {
			// The client is gone: its events stay queued for the next poll.
			c.qmu.Unlock()
			return
		}
	}
	events := c.takeLocked()
	c.qmu.Unlock()
	writeEvents(w, events)
}

// writeEvents answers {"events":[...]} with the queued events as they are.
func writeEvents(w http.ResponseWriter, events []json.RawMessage) {
	n := len(`{"events":[]}`) + 1
	for _, ev := range events {
		n += len(ev) + 1
	}
	body := make([]byte, 0, n)
	body = append(body, `{"events":[`...)
	for i, ev := range events {
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, ev...)
	}
	body = append(body, "]}\n"...)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// HeldPolls returns how many polls the server is holding now, waiting for
// an event: a test can wait for a client to be listening before it emits.
func (s *Server) HeldPolls() int { return int(s.held.Load()) }

// sendEvents stores the client's events in the history (with the chat id
// as party id, as the history shows the customer's events) and lets the
// scripted agent react. A batch with an event that has no name or one a
// client does not send is refused whole (see checkClientEvents). The
// answer is sendEventsAnswer's.
func (s *Server) sendEvents(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Events []map[string]any `json:"events"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		apiError(w, http.StatusBadRequest, "5003", "Error decoding JSON request body: "+err.Error())
		return
	}
	if err := checkClientEvents(body.Events); err != nil {
		apiError(w, http.StatusBadRequest, "5003", "Error decoding JSON request body: "+err.Error())
		return
	}
	s.mu.Lock()
	c := s.ownChat(w, r)
	if c == nil {
		s.mu.Unlock()
		return
	}
	if c.ended {
		s.mu.Unlock()
		apiError(w, http.StatusNotFound, "5005", "Chat session is not found")
		return
	}
	var react []map[string]any
	for _, ev := range body.Events {
		name := ev["event"].(string) // checked by checkClientEvents
		ev["party_id"] = c.id
		ev["timestamp"] = now()
		raw, _ := json.Marshal(ev)
		switch name {
		case "chat_session_typing", "chat_session_not_typing", "chat_session_signaling":
		default:
			c.history = append(c.history, raw)
		}
		switch name {
		case "chat_session_end":
			for party := range c.parties {
				s.emitLocked(c, map[string]any{"event": "chat_session_party_left", "party_id": party, "timestamp": now()})
			}
			s.endLocked(c)
		case "chat_session_message", "chat_session_file", "chat_session_location":
			react = append(react, ev)
		}
	}
	s.mu.Unlock()
	if s.cfg.agent != nil {
		for _, ev := range react {
			s.agentReact(c.id, ev)
		}
	}
	sendEventsAnswer(w, r, c)
}

func (s *Server) requestSMS(w http.ResponseWriter, r *http.Request) {
	var req struct {
		PhoneNumber string `json:"phone_number"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.PhoneNumber == "" {
		apiError(w, http.StatusBadRequest, "5", "Invalid access number")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"sms_error_code": 0, "error_message": ""})
}
