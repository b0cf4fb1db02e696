package anycomtest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// This file holds the "chan" group and the "status" command.

func (s *Server) chanShow(*args) (int, any) {
	out := []any{}
	for _, c := range s.customers {
		if !c.active() {
			continue
		}
		out = append(out, map[string]any{
			"customer": c.ID, "state": c.State, "session": c.Session,
			"send": map[string]any{"count": c.Sent, "last": unixText(c.LastSent), "last_elapsed": elapsedText(c.LastSent)},
			"chat": map[string]any{
				"group": s.group(c.ChatGroup), "invited": c.Invited, "greeting": c.Greeting,
				"call": c.Call, "user": c.Attendant, "subject": c.Subject,
			},
			"receive":   map[string]any{"count": c.Received, "last": unixText(c.LastReceived), "last_elapsed": elapsedText(c.LastReceived)},
			"user_name": c.UserName,
			"channel":   map[string]any{"user_id": c.UserID, "type": c.ChanType, "id": c.ChanID},
		})
	}
	return http.StatusOK, out
}

var states = map[string]bool{"none": true, "identifying": true, "on_bot": true, "on_chat": true, "done": true}

func (s *Server) chanState(a *args) (int, any) {
	c, name := s.session(a)
	state := a.str("new_state")
	if a.missing != "" {
		return 0, nil
	}
	if c == nil {
		return precondition("Channel %s not found", name)
	}
	if !states[state] {
		return precondition("Invalid state %s", state)
	}
	c.State = state
	if state != "on_chat" {
		c.Attendant = ""
	}
	return http.StatusOK, fmt.Sprintf("State of channel %s changed to %s", name, state)
}

func (s *Server) chanRem(a *args) (int, any) {
	c, name := s.session(a)
	if a.missing != "" {
		return 0, nil
	}
	if c == nil {
		return precondition("Channel %s not found", name)
	}
	s.removeCustomer(c)
	return http.StatusOK, fmt.Sprintf("BOT, Channel %s has been removed", name)
}

func (s *Server) removeCustomer(c *Customer) {
	for i, x := range s.customers {
		if x == c {
			s.customers = append(s.customers[:i], s.customers[i+1:]...)
			return
		}
	}
}

func (s *Server) chanCheck(a *args) (int, any) {
	typ, id, number := a.str("chan_type"), a.int("chan_id"), a.int("user")
	if a.missing != "" {
		return 0, nil
	}
	digits := strconv.FormatInt(number, 10)
	status, name, business := "invalid", "", false
	if number > 0 && len(digits) >= 10 && len(digits) <= 15 {
		status = "valid"
		if c := s.customer(typ, id, channelUser(number)); c != nil {
			status, name, business = "already", c.UserName, true
		}
	}
	return http.StatusOK, []any{map[string]any{
		"status":  status,
		"contact": map[string]any{"isBusiness": business, "user_name": name},
		"channel": map[string]any{"user_id": channelUser(number), "type": typ, "user": digits},
	}}
}

func (s *Server) findChannel(typ string, id int64) *Channel {
	for _, c := range s.channels {
		if c.Type == typ && c.ID == id {
			return c
		}
	}
	return nil
}

func (s *Server) chanReload(a *args) (int, any) {
	typ, id := a.str("chan_type"), a.int("chan_id")
	if a.missing != "" {
		return 0, nil
	}
	ch := s.findChannel(typ, id)
	if ch == nil {
		return precondition("Channel %s/%d not found", typ, id)
	}
	ch.Status, ch.LastSeen = "UP", time.Now()
	return http.StatusOK, fmt.Sprintf("Reload command sent to %d", id)
}

func (s *Server) chanMessage(a *args) (int, any) {
	m := Message{ChanType: a.str("chan_type"), ChanID: a.int("chan_id"), User: a.int("user"), Flow: a.int("flow"), Text: a.str("message")}
	if a.missing != "" {
		return 0, nil
	}
	if s.findChannel(m.ChanType, m.ChanID) == nil {
		return precondition("Channel %s/%d not found", m.ChanType, m.ChanID)
	}
	s.messages = append(s.messages, m)
	c := s.customer(m.ChanType, m.ChanID, channelUser(m.User))
	if c == nil {
		c = &Customer{ChanType: m.ChanType, ChanID: m.ChanID, UserID: channelUser(m.User), State: "on_bot"}
		s.putCustomer(c)
	}
	c.Flow, c.Item = m.Flow, 1
	c.Sent++
	c.LastSent = time.Now()
	short := strconv.FormatInt(m.User, 10)
	if f := strings.Fields(c.UserName); len(f) > 0 {
		short = f[0]
	}
	return http.StatusOK, fmt.Sprintf("Sent message to %s/%d/%s/%s and flow set to %d", m.ChanType, m.ChanID, c.UserID, short, m.Flow)
}

func (s *Server) status(*args) (int, any) {
	out := []any{}
	for _, ch := range s.channels {
		var count, chats int64
		for _, c := range s.customers {
			switch {
			case !c.active():
			case ch.Type == "livechat" && c.State == "on_chat":
				count++
				if c.Attendant != "" {
					chats++
				}
			case ch.Type == "liveflow" && c.onBot():
				count++
			case c.ChanType == ch.Type && c.ChanID == ch.ID && ch.ID != 0:
				count++
			}
		}
		entry := map[string]any{"status": ch.Status}
		switch ch.Type {
		case "livechat":
			entry["clients"] = map[string]any{"count": count, "chats": chats}
			entry["channel"] = map[string]any{"type": ch.Type}
		case "liveflow":
			entry["clients"] = map[string]any{"count": count}
			entry["channel"] = map[string]any{"type": ch.Type}
		default:
			entry["seen"] = map[string]any{"last": unixText(ch.LastSeen), "last_elapsed": int64(time.Since(ch.LastSeen) / time.Second)}
			entry["clients"] = map[string]any{"count": count}
			entry["channel"] = map[string]any{"type": ch.Type, "id": ch.ID}
		}
		out = append(out, entry)
	}
	return http.StatusOK, out
}
