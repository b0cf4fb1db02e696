package workspacechattest

import (
	"cmp"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/switchboard-go/switchboard/workspacechat"
)

const (
	msgInvalid           = "Invalid data provided."
	msgChatNotFound      = "Chat not found."
	msgChatNotFoundPatch = "The chat was not found."
	msgChannelNotFound   = "Channel or responder not found."
)

// listChats serves GET /api/v1/chats.
func (s *Server) listChats(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, ok := parseFilter(q)
	pageNumber, ok1 := intParam(q, "pageNumber", 1, 1, 1<<31)
	pageSize, ok2 := intParam(q, "pageSize", 10, 1, 100)
	if !ok || !ok1 || !ok2 {
		writeError(w, http.StatusBadRequest, msgInvalid)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var hits []*chat
	for _, c := range s.chats {
		if f.match(c) {
			hits = append(hits, c)
		}
	}
	slices.SortFunc(hits, func(a, b *chat) int {
		if c := b.lastAt().Compare(a.lastAt()); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	from := min((pageNumber-1)*pageSize, len(hits))
	to := min(from+pageSize, len(hits))
	out := make([]map[string]any, 0, to-from)
	for _, c := range hits[from:to] {
		out = append(out, s.render(c, q, true))
	}
	writeJSON(w, http.StatusOK, out)
}

// filter is a parsed chat-list query.
type filter struct {
	channels, types, owners, responders, tickets map[string]bool
	start, end                                   time.Time
}

func parseFilter(q url.Values) (filter, bool) {
	var f filter
	ok := true
	set := func(name string, uuids bool) map[string]bool {
		vs := q[name]
		if len(vs) == 0 {
			return nil
		}
		m := map[string]bool{}
		for _, v := range vs {
			if uuids && !isUUID(v) {
				ok = false
			}
			m[v] = true
		}
		return m
	}
	f.channels = set("channelIds", true)
	f.types = set("channelTypes", false)
	for t := range f.types {
		if !slices.Contains(channelTypes, workspacechat.ChannelType(t)) {
			ok = false
		}
	}
	f.owners = set("ownerIds", true)
	f.responders = set("responderIds", true)
	f.tickets = set("ticketIds", true)
	var err error
	if v := q.Get("lastChatMessageCreatedAtStart"); v != "" {
		if f.start, err = time.Parse(time.RFC3339Nano, v); err != nil {
			ok = false
		}
	}
	if v := q.Get("lastChatMessageCreatedAtEnd"); v != "" {
		if f.end, err = time.Parse(time.RFC3339Nano, v); err != nil {
			ok = false
		}
	}
	return f, ok
}

// match applies the filter. An owner ID matches the owner's
// super-identity ID or external-user ID; both bounds are inclusive.
func (f *filter) match(c *chat) bool {
	if f.channels != nil && !f.channels[c.ch.id] ||
		f.types != nil && !f.types[string(c.ch.typ)] ||
		f.owners != nil && !f.owners[c.owner.superID] && !f.owners[c.owner.externalUserID] ||
		f.responders != nil && !f.responders[c.responder.superID] ||
		f.tickets != nil && !f.tickets[c.ticketID] {
		return false
	}
	if f.start.IsZero() && f.end.IsZero() {
		return true
	}
	at := c.lastAt()
	if at.IsZero() {
		return false
	}
	return (f.start.IsZero() || !at.Before(f.start)) && (f.end.IsZero() || !at.After(f.end))
}

// intParam reads an integer parameter within [lo, hi], or def when absent.
func intParam(q url.Values, name string, def, lo, hi int) (int, bool) {
	v := q.Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, false
	}
	return n, true
}

// withChat runs f on chat id as onChat does. For an id that is not a UUID
// it answers 400, and for a chat the fake does not hold 404 with notFound,
// and does not call f.
func (s *Server) withChat(w http.ResponseWriter, id, notFound string, f func(c *chat)) {
	if !isUUID(id) {
		writeError(w, http.StatusBadRequest, msgInvalid)
		return
	}
	if s.onChat(id, f) != nil {
		writeError(w, http.StatusNotFound, notFound)
	}
}

// getChat serves GET /api/v1/chats/{id}.
func (s *Server) getChat(w http.ResponseWriter, r *http.Request) {
	s.withChat(w, r.PathValue("id"), msgChatNotFound, func(c *chat) {
		writeJSON(w, http.StatusOK, s.render(c, r.URL.Query(), false))
	})
}

// removeChat serves DELETE /api/v1/chats/{id}: a soft removal.
func (s *Server) removeChat(w http.ResponseWriter, r *http.Request) {
	s.withChat(w, r.PathValue("id"), msgChatNotFound, func(c *chat) {
		c.removed = true
		c.updatedAt = s.now()
		writeJSON(w, http.StatusOK, map[string]string{"message": "The chat was removed."})
	})
}

// decodeBody reads a JSON object body into v.
func decodeBody(r *http.Request, v any) bool {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	return err == nil && json.Unmarshal(body, v) == nil
}

// createChat serves POST /api/v1/chats.
func (s *Server) createChat(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ChannelID   string `json:"channelId"`
		OwnerID     string `json:"ownerSuperIdentityId"`
		ResponderID string `json:"responderSuperIdentityId"`
		Title       string `json:"title"`
	}
	if !decodeBody(r, &in) || !isUUID(in.ChannelID) || !isUUID(in.OwnerID) || in.ResponderID != "" && !isUUID(in.ResponderID) {
		writeError(w, http.StatusBadRequest, msgInvalid)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.owners[in.OwnerID]; !ok {
		writeError(w, http.StatusBadRequest, msgInvalid)
		return
	}
	c, err := s.addChat(in.ChannelID, in.OwnerID, in.ResponderID, in.Title)
	if err != nil {
		writeError(w, http.StatusNotFound, msgChannelNotFound)
		return
	}
	writeJSON(w, http.StatusOK, c.entity(s.workspaceID))
}

// updateChat serves PATCH /api/v1/chats/{id}.
func (s *Server) updateChat(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Title       *string `json:"title"`
		ResponderID *string `json:"responderSuperIdentityId"`
	}
	if !decodeBody(r, &in) {
		writeError(w, http.StatusBadRequest, msgInvalid)
		return
	}
	s.withChat(w, r.PathValue("id"), msgChatNotFoundPatch, func(c *chat) {
		if in.ResponderID != nil {
			rr, ok := s.responders[*in.ResponderID]
			if !ok {
				writeError(w, http.StatusBadRequest, msgInvalid)
				return
			}
			c.responder = rr
		}
		if in.Title != nil {
			c.title = *in.Title
		}
		c.updatedAt = s.now()
		writeJSON(w, http.StatusOK, c.entity(s.workspaceID))
	})
}

// listMessages serves GET /api/v1/chat-messages: the chat's messages,
// oldest first, up to pagination.limit (default 250).
func (s *Server) listMessages(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	chatID, threadID := q.Get("chatId"), q.Get("chatThreadId")
	limitKey := "pagination.limit"
	if q.Get(limitKey) == "" {
		limitKey = "pagination[limit]"
	}
	limit, ok := intParam(q, limitKey, 250, 1, 1000)
	tickets := map[string]bool{}
	for _, t := range q["ticketIds"] {
		ok = ok && isUUID(t)
		tickets[t] = true
	}
	senders := false
	for _, j := range q["joins"] {
		switch workspacechat.MessageJoin(j) {
		case workspacechat.JoinSenders:
			senders = true
		case workspacechat.JoinFollowUps:
		default:
			ok = false
		}
	}
	if !ok || !isUUID(chatID) || threadID != "" && !isUUID(threadID) {
		writeError(w, http.StatusBadRequest, msgInvalid)
		return
	}
	s.withChat(w, chatID, msgChatNotFound, func(c *chat) {
		out := []map[string]any{}
		for _, m := range c.messages {
			if len(out) == limit {
				break
			}
			if threadID != "" && m.threadID != threadID || len(tickets) > 0 && !tickets[m.ticketID] {
				continue
			}
			var sender map[string]any
			if senders {
				sender = s.sender(m.senderID)
			}
			out = append(out, m.json(sender))
		}
		writeJSON(w, http.StatusOK, out)
	})
}

// sender describes a message's sender for the "senders" join.
func (s *Server) sender(id string) map[string]any {
	if o, ok := s.owners[id]; ok {
		return map[string]any{"id": id, "name": o.name, "entity": "external-users"}
	}
	if r, ok := s.responders[id]; ok {
		return map[string]any{"id": id, "name": r.name, "entity": r.entity}
	}
	return nil
}

// createMessage serves POST /api/v1/chat-messages.
func (s *Server) createMessage(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ChatID     string             `json:"chatId"`
		ThreadID   *string            `json:"chatThreadId"`
		Content    string             `json:"content"`
		ExternalID *string            `json:"externalId"`
		Role       workspacechat.Role `json:"role"`
	}
	if !decodeBody(r, &in) || !isUUID(in.ChatID) || in.Content == "" || in.ThreadID != nil && !isUUID(*in.ThreadID) {
		writeError(w, http.StatusBadRequest, msgInvalid)
		return
	}
	switch in.Role {
	case "":
		in.Role = workspacechat.RoleAssistant
	case workspacechat.RoleUser, workspacechat.RoleAssistant:
	default:
		writeError(w, http.StatusBadRequest, msgInvalid)
		return
	}
	s.withChat(w, in.ChatID, msgChatNotFound, func(c *chat) {
		m := s.addMessage(c, in.Role, in.Content, deref(in.ThreadID), deref(in.ExternalID), s.now())
		writeJSON(w, http.StatusOK, m.json(nil))
	})
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// isUUID reports whether v is a canonical UUID.
func isUUID(v string) bool {
	if len(v) != 36 {
		return false
	}
	for i, c := range v {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
