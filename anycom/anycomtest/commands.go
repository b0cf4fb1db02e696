package anycomtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// handler answers one command with the server locked. It returns the
// status and the envelope's result (a string or a list).
type handler func(s *Server, a *args) (int, any)

// handlers maps "group/cmd" to the command's handler: every command of the
// collection. The "status" group has one command whose name is empty.
var handlers = map[string]handler{
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
