package anycomtest

import (
	"fmt"
	"net/http"
)

// This file holds the "chat" group.

func (s *Server) chatConnect(a *args) (int, any) {
	c, name := s.session(a)
	user := a.str("chat_user")
	if a.missing != "" {
		return 0, nil
	}
	if c == nil {
		return precondition("Channel %s not found", name)
	}
	at := s.attendant(user)
	if at == nil || !at.Online {
		return precondition("LiveChat User %s is not online", user)
	}
	c.State, c.Attendant, c.Call, c.Invited, c.ChatGroup = "on_chat", at.User, "direct", false, at.Group
	return http.StatusOK, "Chat connected Successful"
}

// endChat closes or drops a conversation: a customer on a chat with an
// attendant. A customer still waiting in the queue has no conversation.
func (s *Server) endChat(a *args, verb string) (int, any) {
	c, name := s.session(a)
	if a.missing != "" {
		return 0, nil
	}
	if c == nil || c.State != "on_chat" || c.Attendant == "" {
		return precondition("LiveChat conversation of %s not found", name)
	}
	with := c.Attendant
	c.State, c.Attendant = "done", ""
	return http.StatusOK, fmt.Sprintf("LiveChat conversation of %s with %s has been %s", name, with, verb)
}

func (s *Server) chatClose(a *args) (int, any) { return s.endChat(a, "closed") }

func (s *Server) chatDrop(a *args) (int, any) { return s.endChat(a, "dropped") }

func (s *Server) chatInvite(a *args) (int, any) {
	typ, id, number, group := a.str("chan_type"), a.int("chan_id"), a.int("chan_user"), a.int("chat_group")
	attendant, subject, greeting := a.str("chat_user"), a.str("chat_subj"), a.str("chat_greet")
	a.str("customer_ft")
	a.int("customer_fk")
	a.int("session_fk")
	if a.missing != "" {
		return 0, nil
	}
	if _, ok := s.groups[group]; !ok && attendant == "" {
		return precondition("Chat group %d not found", group)
	}
	if attendant != "" && s.attendant(attendant) == nil {
		return precondition("LiveChat User %s not found", attendant)
	}
	c := s.customer(typ, id, channelUser(number))
	if c == nil {
		c = &Customer{ChanType: typ, ChanID: id, UserID: channelUser(number)}
		s.putCustomer(c)
	}
	c.State, c.Attendant, c.Call, c.Invited = "on_chat", "", "invite", true
	c.ChatGroup, c.Subject, c.Greeting = group, subject, greeting
	return http.StatusOK, "Chat invited Successful"
}

func (s *Server) chatRem(a *args) (int, any) {
	user := a.str("chat_user")
	if a.missing != "" {
		return 0, nil
	}
	at := s.attendant(user)
	if at == nil || !at.Online {
		return precondition("LiveChat User %s is not online", user)
	}
	at.Online = false
	s.requeue(at)
	return http.StatusOK, fmt.Sprintf("LiveChat User %s has been removed", user)
}

func (s *Server) chatShow(a *args) (int, any) {
	target := a.str("target")
	if a.missing != "" {
		return 0, nil
	}
	out := []any{}
	switch target {
	case "user":
		for _, at := range s.attendants {
			if at.Online {
				out = append(out, s.attendantEntry(at))
			}
		}
	case "awaiting":
		for _, c := range s.customers {
			if c.State == "on_chat" && c.Attendant == "" {
				out = append(out, map[string]any{
					"chat": map[string]any{
						"call": c.Call, "group": s.group(c.ChatGroup), "greeting": c.Greeting, "subject": c.Subject,
					},
					"channel": map[string]any{"user_id": c.UserID, "type": c.ChanType, "id": c.ChanID, "user_name": c.UserName},
				})
			}
		}
	case "conversation":
		for _, c := range s.customers {
			if c.State == "on_chat" && c.Attendant != "" {
				at := s.attendant(c.Attendant)
				name := ""
				if at != nil {
					name = at.Name
				}
				out = append(out, map[string]any{
					"chat_user": c.Attendant, "chat_user_name": name, "chat_group": s.group(c.ChatGroup),
					"channel": map[string]any{"user_id": c.UserID, "type": c.ChanType, "id": c.ChanID, "user_name": c.UserName},
				})
			}
		}
	default:
		return precondition("Invalid target %s", target)
	}
	return http.StatusOK, out
}

func (s *Server) attendantEntry(at *Attendant) map[string]any {
	var clients int64
	for _, c := range s.customers {
		if c.State == "on_chat" && c.Attendant == at.User {
			clients++
		}
	}
	return map[string]any{
		"chat_user": at.User,
		"connection": map[string]any{
			"start_time": unixText(at.Since), "ip_addr": at.IPAddr, "last_ack": 4,
		},
		"group":          map[string]any{"id": at.Group, "alternative_groups": []int64{}, "name": s.groups[at.Group]},
		"os":             map[string]any{"version": "10.15.7", "name": "macOS"},
		"web_version":    map[string]any{"front": "V1.3.010", "core": "V1.3.023"},
		"clients":        map[string]any{"count": clients},
		"chat_user_name": at.Name,
		"browser":        map[string]any{"version": "91.0.4472.114", "name": "Chrome"},
	}
}
