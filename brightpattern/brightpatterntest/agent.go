package brightpatterntest

import (
	"fmt"
	"time"
)

// Agent scripts the agent's side of every new chat: after Delay the agent
// joins and says Greeting; each customer message is answered (typing, then
// Reply's text after Delay); a file or location is acknowledged; "bye"
// ends the chat (the agent leaves, then the chat ends).
type Agent struct {
	FirstName, LastName string
	// Greeting is said on joining; empty says nothing.
	Greeting string
	// Reply answers a customer message; nil echoes it. An empty answer
	// says nothing.
	Reply func(text string) string
	// Delay is the pause before each step (10 ms when zero).
	Delay time.Duration
}

func (a *Agent) delay() time.Duration {
	if a.Delay <= 0 {
		return 10 * time.Millisecond
	}
	return a.Delay
}

func (s *Server) startAgent(chatID string) {
	a := s.cfg.agent
	s.after(a.delay(), func() {
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
	})
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
