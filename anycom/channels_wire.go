package anycom

// The wire structs of the channel commands (users, check, status) and the
// pieces every result list shares: a channel, a chat group, a message stamp
// and a chat. Every scalar is a flex type: the docs show integer IDs that may
// arrive as strings, and one field (last_elapsed) that is a string in one
// command and a number in another.

import (
	"github.com/switchboard-go/switchboard/internal/flex"
)

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
