package workspacechattest

import (
	"errors"
	"fmt"
	"time"

	"github.com/switchboard-go/switchboard/internal/fakekit"
	"github.com/switchboard-go/switchboard/workspacechat"
)

// ErrUnknown is returned by the scripting methods for a channel, owner or
// responder ID the fake does not hold. An unknown chat ID gives an error
// matching [ErrUnknownChat], as in every switchboard fake.
var ErrUnknown = errors.New("workspacechattest: unknown id")

// AddChannel adds a channel of the given type and returns its ID. Chats
// created on it without a responder get the first responder added.
func (s *Server) AddChannel(name string, typ workspacechat.ChannelType) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addChannel(name, typ)
}

func (s *Server) addChannel(name string, typ workspacechat.ChannelType) string {
	c := &channel{id: s.newID('a'), name: name, typ: typ}
	s.channels[c.id] = c
	return c.id
}

// AddOwner adds an external user who can own chats and returns their
// super-identity ID. identifier is how the channel knows them (a phone
// number, say).
func (s *Server) AddOwner(name, identifier string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addOwner(name, identifier)
}

func (s *Server) addOwner(name, identifier string) string {
	o := &owner{superID: s.newID('b'), externalUserID: s.newID('9'), identifier: identifier, name: name}
	s.owners[o.superID] = o
	return o.superID
}

// AddResponder adds an agent, squad or workflow that can answer chats and
// returns its super-identity ID.
func (s *Server) AddResponder(name string, entity workspacechat.ResponderEntity) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addResponder(name, entity)
}

func (s *Server) addResponder(name string, entity workspacechat.ResponderEntity) string {
	r := &responder{superID: s.newID('d'), name: name, entity: entity, versionID: s.newID('7'), version: 1,
		picture: "https://cdn.example.com/responders/" + name + ".png"}
	s.responders[r.superID] = r
	return r.superID
}

// AddChat opens a chat and returns its ID. An empty responderID assigns
// any responder.
func (s *Server) AddChat(channelID, ownerID, responderID, title string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.addChat(channelID, ownerID, responderID, title)
	if err != nil {
		return "", err
	}
	return c.id, nil
}

func (s *Server) addChat(channelID, ownerID, responderID, title string) (*chat, error) {
	ch, ok := s.channels[channelID]
	if !ok {
		return nil, fmt.Errorf("%w: channel %s", ErrUnknown, channelID)
	}
	o, ok := s.owners[ownerID]
	if !ok {
		return nil, fmt.Errorf("%w: owner %s", ErrUnknown, ownerID)
	}
	r, err := s.pickResponder(responderID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	c := &chat{id: s.newID('c'), title: title, ch: ch, owner: o, responder: r, createdAt: now, updatedAt: now}
	s.chats[c.id] = c
	return c, nil
}

// pickResponder returns the named responder, or any one for "".
func (s *Server) pickResponder(id string) (*responder, error) {
	if id != "" {
		r, ok := s.responders[id]
		if !ok {
			return nil, fmt.Errorf("%w: responder %s", ErrUnknown, id)
		}
		return r, nil
	}
	var first *responder
	for _, r := range s.responders {
		if first == nil || r.superID < first.superID {
			first = r
		}
	}
	if first == nil {
		return nil, fmt.Errorf("%w: no responder", ErrUnknown)
	}
	return first, nil
}

// AddMessage adds a message to a chat, as if the owner (RoleUser) or the
// responder (any other role) had sent it, and returns its ID. The chat's
// latest-message preview moves to it. An unknown chat gives an error
// matching [ErrUnknownChat].
func (s *Server) AddMessage(chatID string, role workspacechat.Role, content string) (string, error) {
	var id string
	err := s.onChat(chatID, func(c *chat) { id = s.addMessage(c, role, content, "", "", s.now()).id })
	return id, err
}

func (s *Server) addMessage(c *chat, role workspacechat.Role, content, threadID, externalID string, at time.Time) *message {
	sender := c.responder.superID
	if role == workspacechat.RoleUser {
		sender = c.owner.superID
	}
	m := &message{id: s.newID('e'), chatID: c.id, threadID: threadID, ticketID: c.ticketID, content: content,
		externalID: externalID, role: role, senderID: sender, createdAt: at}
	if role == workspacechat.RoleAssistant {
		m.rawContent = content
	}
	c.messages = append(c.messages, m)
	c.updatedAt = at
	return m
}

// SetTicket links a ticket with the given status to a chat and returns the
// ticket's ID. An unknown chat gives an error matching [ErrUnknownChat].
func (s *Server) SetTicket(chatID string, status workspacechat.TicketStatus) (string, error) {
	var id string
	err := s.onChat(chatID, func(c *chat) {
		c.ticketID, c.ticketStatus = s.newID('1'), string(status)
		id = c.ticketID
	})
	return id, err
}

// Message is a message as the fake holds it.
type Message struct {
	ID        string
	Role      workspacechat.Role
	Content   string
	CreatedAt time.Time
}

// Messages returns a chat's messages, oldest first (nil for an unknown
// chat).
func (s *Server) Messages(chatID string) []Message {
	var out []Message
	_ = s.onChat(chatID, func(c *chat) {
		out = make([]Message, len(c.messages))
		for i, m := range c.messages {
			out[i] = Message{ID: m.id, Role: m.role, Content: m.content, CreatedAt: m.createdAt}
		}
	})
	return out
}

// onChat runs f on chat id with s.mu held, and releases it when f returns;
// for an unknown chat it returns an error matching [ErrUnknownChat] and does
// not call f.
func (s *Server) onChat(id string, f func(c *chat)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.chats[id]
	if !ok {
		return fakekit.UnknownChat("workspacechattest", id)
	}
	f(c)
	return nil
}

// ChatCount returns how many chats the fake holds, removed ones included.
func (s *Server) ChatCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.chats)
}

// seedEpoch is when generated chats start: they lie in the past, one
// minute apart, so a watcher started now sees none of them.
var seedEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

var channelTypes = []workspacechat.ChannelType{
	workspacechat.ChannelWidget, workspacechat.ChannelWAHA, workspacechat.ChannelWhatsApp,
	workspacechat.ChannelInstagram, workspacechat.ChannelAPI,
}

// Seed adds n generated chats and returns their IDs, oldest first. The
// first call adds one channel of each type, 3 responders and up to 50
// owners, which later calls reuse. The k-th generated chat (counting from
// 1 across calls) has two messages, the user's and then the assistant's,
// its latest at 2025-01-01 00:00 UTC plus k minutes; every seventh has an
// ongoing ticket.
func (s *Server) Seed(n int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := &s.gen
	if g.channels == nil {
		for _, typ := range channelTypes {
			g.channels = append(g.channels, s.channels[s.addChannel(string(typ)+" channel", typ)])
		}
		g.responders = []*responder{
			s.responders[s.addResponder("support", workspacechat.ResponderAgents)],
			s.responders[s.addResponder("sales", workspacechat.ResponderSquads)],
			s.responders[s.addResponder("triage", workspacechat.ResponderWorkflows)],
		}
	}
	for len(g.owners) < min(g.count+n, 50) {
		i := len(g.owners) + 1
		g.owners = append(g.owners, s.owners[s.addOwner(fmt.Sprintf("Customer %d", i), fmt.Sprintf("+55119%08d", i))])
	}
	ids := make([]string, n)
	for j := range n {
		i := g.count
		g.count++
		last := seedEpoch.Add(time.Duration(i+1) * time.Minute)
		c := &chat{
			id: s.newID('c'), title: fmt.Sprintf("Conversation %d", i+1),
			ch: g.channels[i%len(g.channels)], owner: g.owners[i%len(g.owners)], responder: g.responders[i%len(g.responders)],
			createdAt: last.Add(-time.Minute / 2),
		}
		if i%7 == 0 {
			c.ticketID, c.ticketStatus = s.newID('1'), "ongoing"
		}
		s.chats[c.id] = c
		s.addMessage(c, workspacechat.RoleUser, fmt.Sprintf("Hello, I need help with order %d.", i+1), "", "", last.Add(-20*time.Second))
		s.addMessage(c, workspacechat.RoleAssistant, fmt.Sprintf("Order %d ships tomorrow.", i+1), "", "", last)
		ids[j] = c.id
	}
	return ids
}
