package anycom

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/switchboard-go/switchboard/internal/flex"
)

// The wire structs below mirror the documented result lists. Every scalar
// is a flex type: the docs show integer IDs that may arrive as strings,
// and one field (last_elapsed) that is a string in one command and a number
// in another.

type wireChannel struct {
	Type     flex.String `json:"type"`
	ID       flex.Int    `json:"id"`
	UserID   flex.String `json:"user_id"`
	UserName flex.String `json:"user_name"`
	User     flex.String `json:"user"`
}

func (w *wireChannel) channel() Channel {
	return Channel{
		Type:     ChannelType(w.Type.Value),
		ID:       w.ID.Value,
		UserID:   w.UserID.Value,
		UserName: w.UserName.Value,
		User:     w.User.Value,
	}
}

type wireGroup struct {
	ID   flex.Int    `json:"id"`
	Name flex.String `json:"name"`
}

func (w *wireGroup) group() ChatGroup { return ChatGroup{ID: w.ID.Value, Name: w.Name.Value} }

type wireStamp struct {
	Count       flex.Int    `json:"count"`
	Last        flex.Time   `json:"last"`
	LastElapsed flex.String `json:"last_elapsed"`
}

func (w *wireStamp) stamp() Stamp {
	d, _ := ParseElapsed(w.LastElapsed.Value)
	return Stamp{Last: w.Last.Value, LastElapsed: w.LastElapsed.Value, Elapsed: d}
}

func (w *wireStamp) stats() MessageStats { return MessageStats{Count: w.Count.Value, Stamp: w.stamp()} }

type wireChat struct {
	Group    wireGroup   `json:"group"`
	Invited  flex.Bool   `json:"invited"`
	Greeting flex.String `json:"greeting"`
	Call     flex.String `json:"call"`
	User     flex.String `json:"user"`
	Subject  flex.String `json:"subject"`
}

func (w *wireChat) chat() ChatInfo {
	return ChatInfo{
		Group:    w.Group.group(),
		Invited:  w.Invited.Value,
		Greeting: w.Greeting.Value,
		Call:     CallType(w.Call.Value),
		User:     w.User.Value,
		Subject:  w.Subject.Value,
	}
}

type wireUser struct {
	Customer flex.Int    `json:"customer"`
	State    flex.String `json:"state"`
	Session  flex.Int    `json:"session"`
	Send     wireStamp   `json:"send"`
	Receive  wireStamp   `json:"receive"`
	Chat     wireChat    `json:"chat"`
	UserName flex.String `json:"user_name"`
	Channel  wireChannel `json:"channel"`
}

func (w *wireUser) user() User {
	return User{
		Customer: w.Customer.Value,
		State:    State(w.State.Value),
		Session:  w.Session.Value,
		Sent:     w.Send.stats(),
		Received: w.Receive.stats(),
		Chat:     w.Chat.chat(),
		UserName: w.UserName.Value,
		Channel:  w.Channel.channel(),
	}
}

type wireCheck struct {
	Status  flex.String `json:"status"`
	Contact struct {
		IsBusiness flex.Bool   `json:"isBusiness"`
		UserName   flex.String `json:"user_name"`
	} `json:"contact"`
	Channel wireChannel `json:"channel"`
}

func (w *wireCheck) check() CheckResult {
	return CheckResult{
		Status:     CheckStatus(w.Status.Value),
		IsBusiness: w.Contact.IsBusiness.Value,
		UserName:   w.Contact.UserName.Value,
		Channel:    w.Channel.channel(),
	}
}

type wireStatus struct {
	Status  flex.String `json:"status"`
	Seen    wireStamp   `json:"seen"`
	Clients struct {
		Count flex.Int `json:"count"`
		Chats flex.Int `json:"chats"`
	} `json:"clients"`
	Channel wireChannel `json:"channel"`
}

func (w *wireStatus) status() ChannelStatus {
	return ChannelStatus{
		Status:  ChannelState(w.Status.Value),
		Seen:    w.Seen.stamp(),
		Clients: w.Clients.Count.Value,
		Chats:   w.Clients.Chats.Value,
		Channel: w.Channel.channel(),
	}
}

type wireStep struct {
	Item        flex.Int `json:"item"`
	Step        flex.Int `json:"step"`
	Destination struct {
		Type   flex.String `json:"type"`
		Option looseText   `json:"option"`
	} `json:"destination"`
	Flow flex.Int `json:"flow"`
	ID   flex.Int `json:"id"`
}

func (w *wireStep) step() FlowStep {
	return FlowStep{
		Item:              w.Item.Value,
		Step:              w.Step.Value,
		DestinationType:   w.Destination.Type.Value,
		DestinationOption: string(w.Destination.Option),
		Flow:              w.Flow.Value,
		ID:                w.ID.Value,
	}
}

type wireBotSession struct {
	UserName   flex.String `json:"user_name"`
	Next       wireStep    `json:"next"`
	Running    wireStep    `json:"running"`
	LastAnswer flex.String `json:"last_answer"`
	ChatGroup  struct {
		// The docs call this a String holding the group's name, while
		// everywhere else a chat group id is an integer: decode it as it
		// comes.
		ID   flex.String `json:"id"`
		Name flex.String `json:"name"`
	} `json:"chat_group"`
	Channel wireChannel `json:"channel"`
}

func (w *wireBotSession) session() BotSession {
	return BotSession{
		UserName:      w.UserName.Value,
		Next:          w.Next.step(),
		Running:       w.Running.step(),
		LastAnswer:    w.LastAnswer.Value,
		ChatGroup:     w.ChatGroup.ID.Value,
		ChatAttendant: w.ChatGroup.Name.Value,
		Channel:       w.Channel.channel(),
	}
}

type wireSoftware struct {
	Name    flex.String `json:"name"`
	Version flex.String `json:"version"`
}

func (w *wireSoftware) software() Software {
	return Software{Name: w.Name.Value, Version: w.Version.Value}
}

type wireAttendant struct {
	ChatUser     flex.String `json:"chat_user"`
	ChatUserName flex.String `json:"chat_user_name"`
	Connection   struct {
		StartTime flex.Time    `json:"start_time"`
		IPAddr    flex.String  `json:"ip_addr"`
		LastAck   flex.Seconds `json:"last_ack"`
	} `json:"connection"`
	Group struct {
		ID                flex.Int    `json:"id"`
		Name              flex.String `json:"name"`
		AlternativeGroups []flex.Int  `json:"alternative_groups"`
	} `json:"group"`
	OS         wireSoftware `json:"os"`
	Browser    wireSoftware `json:"browser"`
	WebVersion struct {
		Front flex.String `json:"front"`
		Core  flex.String `json:"core"`
	} `json:"web_version"`
	Clients struct {
		Count flex.Int `json:"count"`
	} `json:"clients"`
}

func (w *wireAttendant) attendant() Attendant {
	a := Attendant{
		ChatUser:     w.ChatUser.Value,
		ChatUserName: w.ChatUserName.Value,
		StartTime:    w.Connection.StartTime.Value,
		IPAddr:       w.Connection.IPAddr.Value,
		LastAck:      w.Connection.LastAck.Value,
		Group:        ChatGroup{ID: w.Group.ID.Value, Name: w.Group.Name.Value},
		OS:           w.OS.software(),
		Browser:      w.Browser.software(),
		WebFront:     w.WebVersion.Front.Value,
		WebCore:      w.WebVersion.Core.Value,
		Clients:      w.Clients.Count.Value,
	}
	for _, g := range w.Group.AlternativeGroups {
		if g.Valid {
			a.AlternativeGroups = append(a.AlternativeGroups, g.Value)
		}
	}
	return a
}

type wireAwaiting struct {
	Chat    wireChat    `json:"chat"`
	Channel wireChannel `json:"channel"`
}

func (w *wireAwaiting) awaiting() AwaitingCustomer {
	return AwaitingCustomer{Chat: w.Chat.chat(), Channel: w.Channel.channel()}
}

type wireConversation struct {
	ChatUser     flex.String `json:"chat_user"`
	ChatUserName flex.String `json:"chat_user_name"`
	ChatGroup    wireGroup   `json:"chat_group"`
	Channel      wireChannel `json:"channel"`
}

func (w *wireConversation) conversation() Conversation {
	return Conversation{
		ChatUser:     w.ChatUser.Value,
		ChatUserName: w.ChatUserName.Value,
		ChatGroup:    w.ChatGroup.group(),
		Channel:      w.Channel.channel(),
	}
}

// looseText is a value documented as a string that may come as anything:
// a string keeps its text, null is empty, any other JSON keeps its literal.
type looseText string

// UnmarshalJSON accepts any JSON value.
func (t *looseText) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	switch {
	case len(data) == 0 || string(data) == "null":
		*t = ""
	case data[0] == '"':
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		*t = looseText(s)
	default:
		*t = looseText(data)
	}
	return nil
}

// ParseElapsed reads a "last_elapsed" value: a number of seconds ("38"), or
// the server's day-and-clock form ("90 days, 4:11:48", "1 day, 0:00:05",
// "4:11:48.5"). It reports false for anything else.
func ParseElapsed(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if !(f >= 0 && f <= maxElapsedSeconds) { // also refuses NaN
			return 0, false
		}
		return time.Duration(f * float64(time.Second)), true
	}
	var days int64
	if i := strings.IndexByte(s, ','); i >= 0 {
		fields := strings.Fields(s[:i])
		if len(fields) != 2 || (fields[1] != "day" && fields[1] != "days") {
			return 0, false
		}
		n, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil || n < 0 || n > maxElapsedSeconds/86400 {
			return 0, false
		}
		days = n
		s = strings.TrimSpace(s[i+1:])
	}
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return 0, false
	}
	h, err1 := strconv.ParseInt(parts[0], 10, 64)
	m, err2 := strconv.ParseInt(parts[1], 10, 64)
	sec, err3 := strconv.ParseFloat(parts[2], 64)
	if err1 != nil || err2 != nil || err3 != nil || h < 0 || h > 23 || m < 0 || m > 59 || !(sec >= 0 && sec < 60) {
		return 0, false
	}
	total := time.Duration(days)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
		time.Duration(sec*float64(time.Second))
	return total, true
}

// maxElapsedSeconds keeps a parsed duration inside time.Duration's range.
const maxElapsedSeconds = 100 * 365 * 86400
