package brightpatterntest

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// Agent scripts the agent's side of every new chat: after Delay the agent
// joins and says Greeting; each customer message is answered (typing, then
// Reply's text after Delay); a file or location is acknowledged; "bye"
// ends the chat (the agent leaves, then the chat ends).
//
// With QueueAhead, the chat first waits in the queue, as a scenario holds
// it: the API has no queue position, so the scenario announces it in chat
// messages.
type Agent struct {
	FirstName, LastName string
	// Greeting is said on joining; empty says nothing.
	Greeting string
	// Reply answers a customer message; nil echoes it. An empty answer
	// says nothing.
	Reply func(text string) string
	// Delay is the pause before each step (10 ms when zero).
	Delay time.Duration
	// QueueAhead is how many customers are ahead of each new chat. A
	// scenario party (type "scenario", named "Queue") joins; then, one
	// step after another, as the queue advances, it sends
	// chat_session_status (state queued, with the wait WithEWT set
	// shrinking in proportion) and a message "You are number N in the
	// queue.", from N = QueueAhead+1 down to 2; the agent joins one step
	// later. Zero: the agent joins at once.
	QueueAhead int
}

func (a *Agent) delay() time.Duration {
	if a.Delay <= 0 {
		return 10 * time.Millisecond
	}
	return a.Delay
}

func (s *Server) startAgent(chatID string) {
	a := s.cfg.agent
	if a.QueueAhead <= 0 {
		s.after(a.delay(), func() { s.agentJoin(chatID) })
		return
	}
	scenario := randomID()
	if s.Emit(chatID, map[string]any{"event": "chat_session_party_joined", "party_id": scenario, "first_name": "Queue",
		"display_name": "Queue", "type": "scenario", "timestamp": now()}) != nil {
		return
	}
	s.queueStep(chatID, scenario, a.QueueAhead)
}

// queueStep announces, after a step, the chat's place with ahead customers
// before it, and schedules the next step; with none ahead the agent joins.
func (s *Server) queueStep(chatID, scenario string, ahead int) {
	a := s.cfg.agent
	s.after(a.delay(), func() {
		if ahead == 0 {
			s.agentJoin(chatID)
			return
		}
		if s.Emit(chatID, map[string]any{"event": "chat_session_status", "state": "queued",
			"ewt": s.queueWait(ahead, a.QueueAhead)}) != nil {
			return
		}
		if _, err := s.Say(chatID, scenario, fmt.Sprintf("You are number %d in the queue.", ahead+1)); err != nil {
			return
		}
		s.queueStep(chatID, scenario, ahead-1)
	})
}

// queueWait is the estimated wait with ahead of all customers still before
// the chat: the configured wait in proportion, in whole seconds rounded
// up, or "" when the server reports none.
func (s *Server) queueWait(ahead, all int) string {
	total, err := strconv.ParseFloat(s.cfg.ewt, 64)
	if err != nil || total <= 0 {
		return ""
	}
	return strconv.Itoa(int(math.Ceil(total * float64(ahead) / float64(all))))
}

// agentJoin makes the scripted agent join and greet.
func (s *Server) agentJoin(chatID string) {
	a := s.cfg.agent
	party, err := s.Join(chatID, a.FirstName, a.LastName)
	if err != nil {
		return
	}
	s.mu.Lock()
	if c := s.chats[chatID]; c != nil {
		c.agent = party
	}
	s.mu.Unlock()
	if a.Greeting != "" {
		_, _ = s.Say(chatID, party, a.Greeting)
	}
}

// agentReact answers one customer event.
func (s *Server) agentReact(chatID string, ev map[string]any) {
	a := s.cfg.agent
	s.mu.Lock()
	c := s.chats[chatID]
	party := ""
	if c != nil {
		party = c.agent
	}
	s.mu.Unlock()
	if party == "" {
		return
	}
	var answer string
	end := false
	switch ev["event"] {
	case "chat_session_message":
		text, _ := ev["msg"].(string)
		switch {
		case text == "bye":
			answer, end = "Goodbye!", true
		case a.Reply != nil:
			answer = a.Reply(text)
		default:
			answer = "You said: " + text
		}
	case "chat_session_file":
		answer = fmt.Sprintf("Thanks, I received %v.", ev["file_name"])
	case "chat_session_location":
		answer = fmt.Sprintf("Thanks, I see you at %v, %v.", ev["latitude"], ev["longitude"])
	}
	if answer == "" {
		return
	}
	_ = s.Typing(chatID, party, true)
	s.after(a.delay(), func() {
		_ = s.Typing(chatID, party, false)
		_, _ = s.Say(chatID, party, answer)
		if end {
			_ = s.Leave(chatID, party)
			_ = s.End(chatID)
		}
	})
}
