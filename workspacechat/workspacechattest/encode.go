package workspacechattest

import (
	"encoding/json"
	"net/http"
	"time"
)

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// errorCodes gives each status the fake answers the code and name it sends.
var errorCodes = map[int][2]string{
	http.StatusBadRequest:   {"invalid-data", "BadRequestError"},
	http.StatusUnauthorized: {"unauthorized", "UnauthorizedError"},
	http.StatusNotFound:     {"not-found", "NotFoundError"},
}

// writeError answers with the API's error body.
func writeError(w http.ResponseWriter, status int, message string) {
	code := errorCodes[status]
	writeJSON(w, status, map[string]any{
		"code":    code[0],
		"name":    code[1],
		"message": message,
		"feedback": map[string]string{
			"enUs": message,
			"esEs": message,
			"ptBr": message,
		},
		"cta": map[string]string{"type": "support-contact", "url": "https://example.com/support"},
	})
}

func timeJSON(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

func strOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// last returns the chat's latest message and the one before it.
func (c *chat) last() (latest, previous *message) {
	n := len(c.messages)
	if n > 0 {
		latest = c.messages[n-1]
	}
	if n > 1 {
		previous = c.messages[n-2]
	}
	return latest, previous
}

func (c *chat) lastAt() time.Time {
	if m, _ := c.last(); m != nil {
		return m.createdAt
	}
	return time.Time{}
}

// row renders the chat as a chat row, the denormalized view of seed 003's
// first list variant and of its first GET by id. Every key is present,
// null when empty, as the API marks every row property required.
func (c *chat) row(workspaceID string) map[string]any {
	latest, previous := c.last()
	out := map[string]any{
		"channelId":                  c.ch.id,
		"channelName":                c.ch.name,
		"channelType":                c.ch.typ,
		"createdAt":                  timeJSON(c.createdAt),
		"id":                         c.id,
		"isExternalChatOwnerBlocked": c.owner.blocked,
		"isRemoved":                  c.removed,
		"ownerEmail":                 nil,
		"ownerExternalUserId":        c.owner.externalUserID,
		"ownerIdentifier":            c.owner.identifier,
		"ownerName":                  c.owner.name,
		"responderEntity":            c.responder.entity,
		"responderId":                c.responder.superID,
		"responderName":              c.responder.name,
		"responderPicture":           c.responder.picture,
		"responderVersionId":         c.responder.versionID,
		"responderVersionNumber":     c.responder.version,
		"ticketId":                   strOrNil(c.ticketID),
		"ticketStatus":               strOrNil(c.ticketStatus),
		"title":                      c.title,
		"workspaceId":                workspaceID,
	}
	preview(out, "lastChatMessage", latest)
	preview(out, "previousChatMessage", previous)
	return out
}

// entity renders the chat as a chat entity, as seed 003's second list
// variant, its create, second GET by id and update answer it. The seed
// names two of its fields (the super-identity IDs) and shows four UUIDs;
// the other names are the ones package workspacechat infers.
func (c *chat) entity(workspaceID string) map[string]any {
	return map[string]any{
		"createdAt":                timeJSON(c.createdAt),
		"id":                       c.id,
		"updatedAt":                timeJSON(c.updatedAt),
		"channelId":                c.ch.id,
		"externalUserId":           strOrNil(c.owner.externalUserID),
		"isRemoved":                c.removed,
		"ownerSuperIdentityId":     c.owner.superID,
		"responderSuperIdentityId": c.responder.superID,
		"title":                    c.title,
		"workspaceId":              workspaceID,
	}
}

func preview(out map[string]any, prefix string, m *message) {
	if m == nil {
		out[prefix+"ContentPreview"], out[prefix+"CreatedAt"], out[prefix+"Role"] = nil, nil, nil
		return
	}
	content := m.content
	if r := []rune(content); len(r) > 100 {
		content = string(r[:100])
	}
	out[prefix+"ContentPreview"], out[prefix+"CreatedAt"], out[prefix+"Role"] = content, timeJSON(m.createdAt), m.role
}

func (m *message) json(sender map[string]any) map[string]any {
	out := map[string]any{
		"createdAt":             timeJSON(m.createdAt),
		"id":                    m.id,
		"updatedAt":             timeJSON(m.createdAt),
		"chatId":                m.chatID,
		"chatThreadId":          strOrNil(m.threadID),
		"content":               m.content,
		"externalId":            strOrNil(m.externalID),
		"rawContent":            strOrNil(m.rawContent),
		"role":                  m.role,
		"senderSuperIdentityId": m.senderID,
	}
	if sender != nil {
		out["sender"] = sender
	}
	return out
}
