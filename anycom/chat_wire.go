package anycom

// The wire structs of the chat commands (flex scalars: see channels_wire.go).

import "github.com/switchboard-go/switchboard/internal/flex"

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

type wireSoftware struct {
	Name    flex.String `json:"name"`
	Version flex.String `json:"version"`
}

func (w *wireSoftware) software() Software {
	return Software{Name: w.Name.Value, Version: w.Version.Value}
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
