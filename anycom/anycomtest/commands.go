package anycomtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// handler answers one command with the server locked. It returns the
// status and the envelope's result (a string or a list).
type handler func(s *Server, a *args) (int, any)

var handlers map[string]handler

func init() {
	handlers = map[string]handler{
		"chan/show":    (*Server).chanShow,
		"chan/state":   (*Server).chanState,
		"chan/rem":     (*Server).chanRem,
		"chan/check":   (*Server).chanCheck,
		"chan/reload":  (*Server).chanReload,
		"chan/message": (*Server).chanMessage,
		"status/":      (*Server).status,
		"bot/show":     (*Server).botShow,
		"bot/flow":     (*Server).botFlow,
		"bot/reload":   (*Server).botReload,
		"bot/rem":      (*Server).botRem,
		"bot/validate": (*Server).botValidate,
		"chat/connect": (*Server).chatConnect,
		"chat/close":   (*Server).chatClose,
		"chat/drop":    (*Server).chatDrop,
		"chat/invite":  (*Server).chatInvite,
		"chat/rem":     (*Server).chatRem,
		"chat/show":    (*Server).chatShow,
	}
}

// args reads a command's arguments, remembering the first missing one.
type args struct {
	raw     map[string]json.RawMessage
	missing string
}

func (a *args) text(name string) (string, bool) {
	v, ok := a.raw[name]
	if !ok || string(v) == "null" {
		return "", false
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s, true
	}
	var n json.Number
	if json.Unmarshal(v, &n) == nil {
		return n.String(), true
	}
	return "", false
}

// str returns a required argument sent as a string (a number is taken as
// its text).
func (a *args) str(name string) string {
	s, ok := a.text(name)
	if !ok && a.missing == "" {
		a.missing = name
	}
	return s
}

// int returns a required integer argument, sent as a number or a numeric
// string.
func (a *args) int(name string) int64 {
	s, ok := a.text(name)
	n, err := strconv.ParseInt(s, 10, 64)
	if (!ok || err != nil) && a.missing == "" {
		a.missing = name
	}
	return n
}

func precondition(format string, v ...any) (int, any) {
	return http.StatusPreconditionFailed, "Precondition Failed. " + fmt.Sprintf(format, v...)
}

func channelUser(number int64) string { return strconv.FormatInt(number, 10) + "@c.us" }

func unixText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return strconv.FormatInt(t.Unix(), 10)
}

// elapsedText renders a duration the way the server does: "90 days,
// 4:11:48".
func elapsedText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := time.Since(t).Truncate(time.Second)
	days := int64(d / (24 * time.Hour))
	d -= time.Duration(days) * 24 * time.Hour
	clock := fmt.Sprintf("%d:%02d:%02d", int64(d/time.Hour), int64(d/time.Minute)%60, int64(d/time.Second)%60)
	switch days {
	case 0:
		return clock
	case 1:
		return "1 day, " + clock
	}
	return fmt.Sprintf("%d days, %s", days, clock)
}

// session finds the customer named by chan_type, chan_id and chan_user.
func (s *Server) session(a *args) (*Customer, string) {
	typ, id, user := a.str("chan_type"), a.int("chan_id"), a.str("chan_user")
	name := fmt.Sprintf("%s/%d/%s", typ, id, user)
	if a.missing != "" {
		return nil, name
	}
	return s.customer(typ, id, user), name
}

func (s *Server) group(id int64) map[string]any {
	return map[string]any{"id": id, "name": s.groups[id]}
}

func (s *Server) chanShow(*args) (int, any) {
	out := []any{}
	for _, c := range s.customers {
		if c.State == "none" || c.State == "done" {
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
			case c.State == "none" || c.State == "done":
			case ch.Type == "livechat" && c.State == "on_chat":
				count++
				if c.Attendant != "" {
					chats++
				}
			case ch.Type == "liveflow" && c.State == "on_bot":
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

func (s *Server) botShow(*args) (int, any) {
	out := []any{}
	for _, c := range s.customers {
		if c.State != "on_bot" {
			continue
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
			"running":     step(c.Item, c.Session*10+c.Item, "message"),
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

func (s *Server) botRem(a *args) (int, any) {
	c, name := s.session(a)
	if a.missing != "" {
		return 0, nil
	}
	if c == nil || c.State != "on_bot" {
		return precondition("BOT of Channel %s not found", name)
	}
	c.State = "none"
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

func (s *Server) endChat(a *args, verb string) (int, any) {
	c, name := s.session(a)
	if a.missing != "" {
		return 0, nil
	}
	if c == nil || c.State != "on_chat" {
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
