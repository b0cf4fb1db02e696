package ccaiptest

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// decode reads a JSON request body into v; on failure it answers 400.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(v); err != nil {
		writeMessage(w, http.StatusBadRequest, "Invalid JSON body")
		return false
	}
	return true
}

// withChat runs f on the {id} chat as onChat does; for an id that is no
// chat's it answers 404 and does not call f.
func (s *Server) withChat(w http.ResponseWriter, r *http.Request, f func(c *Chat)) {
	n, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || s.onChat(n, f) != nil {
		writeNotFound(w)
	}
}

func renderEndUser(u *EndUser) map[string]any {
	return map[string]any{"id": u.ID, "identifier": u.Identifier}
}

func renderAgent(a *Agent, human bool) map[string]any {
	if a == nil {
		return nil
	}
	m := map[string]any{"id": a.ID, "name": a.Name, "avatar_url": "", "status": "active"}
	if human {
		first, _, _ := strings.Cut(a.Name, " ")
		m["first_name"] = first
	}
	return m
}

// render is the chat object; s.mu must be held.
func (s *Server) render(c *Chat) map[string]any {
	out := map[string]any{
		"id": c.ID, "status": c.Status, "status_text": c.Status,
		"features": []string{}, "created_at": c.CreatedAt.UTC().Format(time.RFC3339Nano),
		"ends_at": nil, "timeout_at": c.CreatedAt.Add(30 * time.Minute).UTC().Format(time.RFC3339Nano),
		"lang": c.Lang, "menus": []map[string]any{}, "all_agents": []any{}, "all_virtual_agents": []any{},
	}
	if !c.EndedAt.IsZero() {
		out["ends_at"] = c.EndedAt.UTC().Format(time.RFC3339Nano)
	}
	if c.Agent != nil {
		out["agent"] = renderAgent(c.Agent, true)
		out["all_agents"] = []any{renderAgent(c.Agent, true)}
	}
	if c.VirtualAgent != nil {
		out["virtual_agent"] = renderAgent(c.VirtualAgent, false)
		out["all_virtual_agents"] = []any{renderAgent(c.VirtualAgent, false)}
	}
	if c.MenuID != 0 {
		out["menus"] = []map[string]any{{"id": c.MenuID, "name": "Menu " + strconv.FormatInt(c.MenuID, 10)}}
	}
	if u, ok := s.endUsers[c.EndUserID]; ok {
		out["end_user"] = renderEndUser(u)
	}
	return out
}

type endUserBody struct {
	Identifier string `json:"identifier"`
	Name       string `json:"name"`
	Email      string `json:"email"`
	Phone      string `json:"phone"`
}

func (s *Server) upsertEndUser(w http.ResponseWriter, r *http.Request) {
	var b endUserBody
	if !decode(w, r, &b) {
		return
	}
	if b.Identifier == "" {
		writeMessage(w, http.StatusBadRequest, msgMissingIdent)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var u *EndUser
	for _, e := range s.endUsers {
		if e.Identifier == b.Identifier {
			u = e
		}
	}
	if u == nil {
		u = &EndUser{ID: s.id(), Identifier: b.Identifier}
		s.endUsers[u.ID] = u
	}
	u.Name, u.Email, u.Phone = b.Name, b.Email, b.Phone
	writeJSON(w, http.StatusOK, renderEndUser(u))
}

func (s *Server) getEndUser(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.endUsers {
		if q.Get("id") == strconv.FormatInt(u.ID, 10) || q.Get("identifier") != "" && q.Get("identifier") == u.Identifier {
			writeJSON(w, http.StatusOK, renderEndUser(u))
			return
		}
	}
	writeNotFound(w)
}

func (s *Server) createChat(w http.ResponseWriter, r *http.Request) {
	var b struct {
		Chat struct {
			MenuID    int64  `json:"menu_id"`
			EndUserID int64  `json:"end_user_id"`
			Lang      string `json:"lang"`
			Email     string `json:"email"`
			Context   *struct {
				Value map[string]any `json:"value"`
			} `json:"context"`
			Transcript any `json:"transcript"`
		} `json:"chat"`
	}
	if !decode(w, r, &b) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.endUsers[b.Chat.EndUserID]; !ok {
		writeMessage(w, http.StatusBadRequest, "end_user_id is invalid")
		return
	}
	if b.Chat.MenuID == 0 {
		writeMessage(w, http.StatusBadRequest, "menu_id is required")
		return
	}
	lang := b.Chat.Lang
	if lang == "" {
		lang = "en"
	}
	c := &Chat{
		ID: s.id(), Status: "va_assigned", MenuID: b.Chat.MenuID, EndUserID: b.Chat.EndUserID, Lang: lang,
		Email: b.Chat.Email, Transcript: b.Chat.Transcript, CreatedAt: s.cfg.now(),
		VirtualAgent: &Agent{ID: 7, Name: VirtualAgentName},
	}
	if b.Chat.Context != nil {
		c.Context = b.Chat.Context.Value
	}
	s.chats[c.ID] = c
	writeJSON(w, http.StatusCreated, s.render(c))
}

func (s *Server) getChat(w http.ResponseWriter, r *http.Request) {
	s.withChat(w, r, func(c *Chat) {
		writeJSON(w, http.StatusOK, s.render(c))
	})
}

func (s *Server) updateChat(w http.ResponseWriter, r *http.Request) {
	var b struct {
		FinishedByUserID int64 `json:"finished_by_user_id"`
		Chat             struct {
			DeflectionChannel string `json:"deflection_channel"`
			Status            string `json:"status"`
			EscalationID      int64  `json:"escalation_id"`
		} `json:"chat"`
	}
	if !decode(w, r, &b) {
		return
	}
	s.withChat(w, r, func(c *Chat) {
		switch {
		case b.Chat.Status != "" && !patchStatuses[b.Chat.Status]:
			writeMessage(w, http.StatusBadRequest, msgInvalidStatus)
			return
		case b.Chat.Status != "" && b.Chat.Status != c.Status && ended(c.Status):
			writeMessage(w, http.StatusBadRequest, msgChatEnded)
			return
		}
		if b.Chat.Status != "" && b.Chat.Status != c.Status {
			c.Status, c.EndedAt = b.Chat.Status, s.cfg.now()
		}
		if b.FinishedByUserID != 0 {
			c.FinishedByUserID = b.FinishedByUserID
		}
		if b.Chat.DeflectionChannel != "" {
			c.DeflectionChannel = b.Chat.DeflectionChannel
		}
		if b.Chat.EscalationID != 0 {
			c.EscalationID = b.Chat.EscalationID
		}
		writeJSON(w, http.StatusOK, s.render(c))
	})
}

func (s *Server) resumeChat(w http.ResponseWriter, r *http.Request) {
	s.withChat(w, r, func(c *Chat) {
		if c.Status != "dismissed" && c.Status != "va_dismissed" {
			writeMessage(w, http.StatusBadRequest, msgNotDismissed)
			return
		}
		c.Status = "assigned"
		if c.Agent == nil {
			c.Status = "va_assigned"
		}
		writeJSON(w, http.StatusOK, s.render(c))
	})
}

func (s *Server) sendMessage(w http.ResponseWriter, r *http.Request) {
	var b struct {
		FromUserID int64 `json:"from_user_id"`
		Message    struct {
			Type    string          `json:"type"`
			Content json.RawMessage `json:"content"`
		} `json:"message"`
	}
	if !decode(w, r, &b) {
		return
	}
	s.withChat(w, r, func(c *Chat) {
		if ended(c.Status) {
			writeMessage(w, http.StatusBadRequest, msgChatEnded)
			return
		}
		m := Message{FromUserID: b.FromUserID, Type: b.Message.Type}
		switch b.Message.Type {
		case "text":
			if json.Unmarshal(b.Message.Content, &m.Text) != nil || m.Text == "" {
				writeMessage(w, http.StatusBadRequest, "content is required")
				return
			}
		case "photo", "video":
			var mc struct {
				MediaID int64 `json:"media_id"`
			}
			_ = json.Unmarshal(b.Message.Content, &mc)
			if rec, ok := s.media[mc.MediaID]; !ok || rec.chatID != c.ID {
				writeMessage(w, http.StatusBadRequest, "media_id is invalid")
				return
			}
			m.MediaID = mc.MediaID
		default:
			writeMessage(w, http.StatusBadRequest, "Invalid message type")
			return
		}
		c.Messages = append(c.Messages, m)
		writeJSON(w, http.StatusOK, map[string]any{})
	})
}

func (s *Server) escalate(w http.ResponseWriter, r *http.Request) {
	var b struct {
		Reason        string `json:"reason"`
		ForceEscalate bool   `json:"force_escalate"`
	}
	if !decode(w, r, &b) {
		return
	}
	s.withChat(w, r, func(c *Chat) {
		if b.Reason != "" && !escalationReasons[b.Reason] {
			writeMessage(w, http.StatusBadRequest, msgInvalidReason)
			return
		}
		if ended(c.Status) {
			writeMessage(w, http.StatusBadRequest, msgChatEnded)
			return
		}
		e := Escalation{ID: s.id(), Reason: b.Reason, ForceEscalate: b.ForceEscalate, Status: "escalating"}
		c.Escalations = append(c.Escalations, e)
		c.Status = "queued"
		writeJSON(w, http.StatusOK, renderEscalation(c.ID, &e))
	})
}

// renderEscalation is the answer of both escalation calls, with the keys the
// chat page shows: id, chat_id, status.
func renderEscalation(chatID int64, e *Escalation) map[string]any {
	return map[string]any{"id": e.ID, "chat_id": chatID, "status": e.Status}
}

// updateEscalation finds the escalation by the path's second id. The chat
// page calls that id the menu id; the fake, like the client, takes it as
// the escalation's id (see ccaip.Client.UpdateEscalation).
func (s *Server) updateEscalation(w http.ResponseWriter, r *http.Request) {
	var b struct {
		DeflectionChannel string `json:"deflection_channel"`
	}
	if !decode(w, r, &b) {
		return
	}
	s.withChat(w, r, func(c *Chat) {
		for i := range c.Escalations {
			e := &c.Escalations[i]
			if r.PathValue("eid") == strconv.FormatInt(e.ID, 10) {
				e.DeflectionChannel = b.DeflectionChannel
				writeJSON(w, http.StatusOK, renderEscalation(c.ID, e))
				return
			}
		}
		writeNotFound(w)
	})
}

func (s *Server) getFlags(w http.ResponseWriter, r *http.Request) {
	s.withChat(w, r, func(c *Chat) {
		writeJSON(w, http.StatusOK, map[string]bool{
			"verified_customer": c.Flags.VerifiedCustomer, "bad_actor": c.Flags.BadActor, "repeat_customer": c.Flags.RepeatCustomer,
		})
	})
}

func (s *Server) updateFlags(w http.ResponseWriter, r *http.Request) {
	var b map[string]bool
	if !decode(w, r, &b) {
		return
	}
	s.withChat(w, r, func(c *Chat) {
		for k, v := range b {
			switch k {
			case "verified_customer":
				c.Flags.VerifiedCustomer = v
			case "bad_actor":
				c.Flags.BadActor = v
			case "repeat_customer", "repeat_customers":
				c.Flags.RepeatCustomer = v
			}
		}
		writeJSON(w, http.StatusOK, map[string]any{})
	})
}

func (s *Server) chatEndUser(w http.ResponseWriter, r *http.Request) {
	var b endUserBody
	if !decode(w, r, &b) {
		return
	}
	s.withChat(w, r, func(c *Chat) {
		switch {
		case b.Identifier == "":
			writeMessage(w, http.StatusBadRequest, msgMissingIdent)
		case ended(c.Status):
			writeMessage(w, http.StatusBadRequest, msgChatEnded)
		default:
			c.EndUserUpdates = append(c.EndUserUpdates, EndUser{Identifier: b.Identifier, Name: b.Name, Email: b.Email, Phone: b.Phone})
			writeJSON(w, http.StatusAccepted, map[string]string{"message": "accepted"})
		}
	})
}
