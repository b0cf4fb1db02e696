package anycomtest

import (
	"fmt"
	"net/http"
)

// This file holds the "bot" group.

func (s *Server) botShow(*args) (int, any) {
	out := []any{}
	for _, c := range s.customers {
		if !c.onBot() {
			continue
		}
		// The bot that handed a customer to a chat shows its running step
		// with the destination "chat", as the collection's example does.
		running := "message"
		if c.State == "on_chat" {
			running = "chat"
		}
		step := func(item, id int64, kind string) map[string]any {
			return map[string]any{
				"item": item, "step": 0, "flow": c.Flow, "id": id,
				"destination": map[string]any{"type": kind, "option": nil},
			}
		}
		out = append(out, map[string]any{
			"user_name":   c.UserName,
			"next":        step(c.Item+1, c.Session*10+c.Item+1, "message"),
			"running":     step(c.Item, c.Session*10+c.Item, running),
			"last_answer": "",
			"chat_group":  map[string]any{"id": s.groups[c.ChatGroup], "name": c.Attendant},
			"channel":     map[string]any{"user_id": c.UserID, "type": c.ChanType, "id": c.ChanID},
		})
	}
	return http.StatusOK, out
}

func (s *Server) botFlow(a *args) (int, any) {
	c, name := s.session(a)
	flow, item := a.int("flow"), a.int("item")
	if a.missing != "" {
		return 0, nil
	}
	if c == nil {
		return precondition("Channel %s not found", name)
	}
	c.Flow, c.Item, c.State = flow, item, "on_bot"
	return http.StatusOK, fmt.Sprintf("Next flow of channel %s set to %d/%d", name, flow, item)
}

func (s *Server) botReload(a *args) (int, any) {
	target := a.str("target")
	if a.missing != "" {
		return 0, nil
	}
	switch target {
	case "all", "macro", "global":
		return http.StatusOK, fmt.Sprintf("Reload %s command sent to LiveFlow", target)
	case "service", "function":
		id := a.int("id")
		if a.missing != "" {
			return 0, nil
		}
		return http.StatusOK, fmt.Sprintf("Reload %s %d command sent to LiveFlow", target, id)
	}
	return precondition("Invalid target %s", target)
}

// botRem ends a customer's bot session. A customer the bot handed to a
// chat keeps the chat.
func (s *Server) botRem(a *args) (int, any) {
	c, name := s.session(a)
	if a.missing != "" {
		return 0, nil
	}
	if c == nil || !c.onBot() {
		return precondition("BOT of Channel %s not found", name)
	}
	c.Flow, c.Item = 0, 0
	if c.State == "on_bot" {
		c.State = "none"
	}
	return http.StatusOK, fmt.Sprintf("BOT of Channel %s has been removed", name)
}

func (s *Server) botValidate(a *args) (int, any) {
	target, id := a.str("target"), a.int("id")
	if a.missing != "" {
		return 0, nil
	}
	if target != "service" && target != "function" {
		return precondition("Invalid target %s", target)
	}
	name, ok := s.services[id]
	if !ok {
		return precondition("LiveFlow BOT %s %d not found", target, id)
	}
	return http.StatusOK, fmt.Sprintf("LiveFlow BOT %s %d-(%s) sucessfully compiled", target, id, name)
}
