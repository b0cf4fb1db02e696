package brightpatterntest

import (
	"encoding/json"
	"net/http"
	"slices"
)

// The calls that exist only in API v2 (routed through v2()).

func (s *Server) version(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"server_version": s.cfg.serverVer})
}

// notifications stores the device subscription of a chat; {} removes it.
// More than one kind of token is 406 5603.
func (s *Server) notifications(w http.ResponseWriter, r *http.Request) {
	var sub map[string]any
	if err := json.NewDecoder(r.Body).Decode(&sub); err != nil {
		apiError(w, http.StatusBadRequest, "5003", "Error decoding JSON request body: "+err.Error())
		return
	}
	kinds := 0
	for _, k := range []string{"ios_apns_device_token", "ios_firebase_device_token", "android_firebase_device_token"} {
		if sub[k] != nil {
			kinds++
		}
	}
	if kinds > 1 {
		apiError(w, http.StatusNotAcceptable, "5603", "Too many parameters.")
		return
	}
	s.locked(w, r, s.ownChat, func(c *chat) {
		if kinds == 0 {
			delete(s.subs, c.id)
		} else {
			s.subs[c.id] = sub
		}
		writeJSON(w, http.StatusOK, map[string]any{})
	})
}

// Subscription returns the push subscription stored for chatID, or nil.
func (s *Server) Subscription(chatID string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.subs[chatID]
}

// ownCase is [Server.ownChat] for a call about the chat's case: a chat
// without one is answered 406 5601 and gives nil. The caller holds s.mu.
func (s *Server) ownCase(w http.ResponseWriter, r *http.Request) *chat {
	c := s.ownChat(w, r)
	if c != nil && c.caseID == "" {
		apiError(w, http.StatusNotAcceptable, "5601", "No case is specified for this session.")
		return nil
	}
	return c
}

func (s *Server) caseHistory(w http.ResponseWriter, r *http.Request) {
	s.locked(w, r, s.ownCase, func(c *chat) {
		var chats []*chat
		for _, other := range s.chats {
			if other.caseID == c.caseID {
				chats = append(chats, other)
			}
		}
		slices.SortFunc(chats, func(a, b *chat) int { return a.created.Compare(b.created) })
		sessions := make([]map[string]any, 0, len(chats))
		for _, other := range chats {
			sessions = append(sessions, map[string]any{"chat_id": other.id, "created_time": other.created.Unix(),
				"events": append([]json.RawMessage{}, other.history...)})
		}
		writeJSON(w, http.StatusOK, map[string]any{"sessions": sessions})
	})
}

func (s *Server) closeCase(w http.ResponseWriter, r *http.Request) {
	s.locked(w, r, s.ownCase, func(c *chat) {
		c.caseID = ""
		writeJSON(w, http.StatusOK, map[string]any{})
	})
}
