package brightpatterntest

import (
	"strconv"

	"github.com/switchboard-go/switchboard/internal/fakekit"
)

// The script methods: what the contact center does in a chat (an agent
// joins, types, says something, sends a file, leaves, ends it), and what a
// test reads back.

// Emit queues any server event (an object with an "event" name) for chatID,
// as the server would send it.
func (s *Server) Emit(chatID string, event map[string]any) error {
	return s.withLiveChat(chatID, func(c *chat) { s.emitLocked(c, event) })
}

// withLiveChat runs f on chatID under the server's lock. A chat that does
// not exist or has ended is an error matching ErrUnknownChat, which every
// script method returns for such a chat, and f does not run.
func (s *Server) withLiveChat(chatID string, f func(c *chat)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil || c.ended {
		return fakekit.UnknownChat("brightpatterntest", chatID)
	}
	f(c)
	return nil
}

// Join makes an agent join chatID: the chat becomes connected and
// chat_session_party_joined is sent. It returns the agent's party id.
func (s *Server) Join(chatID, firstName, lastName string) (string, error) {
	var party string
	err := s.withLiveChat(chatID, func(c *chat) {
		party = randomID()
		c.parties[party] = true
		c.state = "connected"
		s.emitLocked(c, map[string]any{"event": "chat_session_status", "state": "connected", "ewt": ""})
		s.emitLocked(c, map[string]any{"event": "chat_session_party_joined", "party_id": party, "first_name": firstName,
			"last_name": lastName, "display_name": firstName + " " + lastName, "type": "internal", "timestamp": now()})
	})
	return party, err
}

// Typing sends chat_session_typing (typing true) or chat_session_not_typing
// from partyID.
func (s *Server) Typing(chatID, partyID string, typing bool) error {
	name := "chat_session_not_typing"
	if typing {
		name = "chat_session_typing"
	}
	return s.Emit(chatID, map[string]any{"event": name, "party_id": partyID, "timestamp": now()})
}

// Say sends a chat message from partyID and returns its msg_id.
func (s *Server) Say(chatID, partyID, text string) (string, error) {
	var id string
	err := s.withLiveChat(chatID, func(c *chat) {
		id = strconv.Itoa(c.nextMsg)
		c.nextMsg += 2
		s.emitRawLocked(c, "chat_session_message", encodeMessage(text, id, partyID, now()))
	})
	return id, err
}

// SendFile stores a file and sends chat_session_file from partyID; it
// returns the file id.
func (s *Server) SendFile(chatID, partyID, name, contentType string, data []byte) (string, error) {
	var fileID string
	err := s.withLiveChat(chatID, func(c *chat) {
		fileID = s.storeLocked(name, contentType, data)
		fileType := "attachment"
		if len(contentType) > 6 && contentType[:6] == "image/" {
			fileType = "image"
		}
		id := strconv.Itoa(c.nextMsg)
		c.nextMsg += 2
		s.emitLocked(c, map[string]any{"event": "chat_session_file", "party_id": partyID, "msg_id": id, "file_id": fileID,
			"file_type": fileType, "file_name": name, "timestamp": now()})
	})
	return fileID, err
}

// Leave makes partyID leave chatID.
func (s *Server) Leave(chatID, partyID string) error {
	return s.withLiveChat(chatID, func(c *chat) {
		delete(c.parties, partyID)
		s.emitLocked(c, map[string]any{"event": "chat_session_party_left", "party_id": partyID, "timestamp": now()})
	})
}

// End ends chatID from the server side: chat_session_ended is sent, the
// client has no active chat any more, and polls answer 404 5005 once the
// ending has been delivered.
func (s *Server) End(chatID string) error {
	return s.withLiveChat(chatID, s.endLocked)
}

func (s *Server) endLocked(c *chat) {
	s.emitLocked(c, map[string]any{"event": "chat_session_ended"})
	c.ended = true
	c.state = "completed"
	if s.active[c.client] == c.id {
		delete(s.active, c.client)
	}
}

// SetCase attaches a case to chatID (v2), sending chat_session_case_set.
func (s *Server) SetCase(chatID, caseID string) error {
	return s.withLiveChat(chatID, func(c *chat) {
		c.caseID = caseID
		s.emitLocked(c, map[string]any{"event": "chat_session_case_set", "case_id": caseID, "timestamp": now()})
	})
}

// Chats returns the ids of every chat the server created, ended or not.
func (s *Server) Chats() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.chats))
	for id := range s.chats {
		ids = append(ids, id)
	}
	return ids
}

// ClientEvents returns the events the client sent to chatID, in order, as
// the server stored them.
func (s *Server) ClientEvents(chatID string) []map[string]any {
	var out []map[string]any
	for _, ev := range s.History(chatID) {
		if ev["party_id"] == chatID {
			out = append(out, ev)
		}
	}
	return out
}
