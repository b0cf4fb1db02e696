package ccaiptest

import (
	"maps"
	"slices"
	"time"

	"github.com/switchboard-go/switchboard/internal/fakekit"
)

// EndUser is an end user the fake knows.
type EndUser struct {
	ID                             int64
	Identifier, Name, Email, Phone string
}

// Agent is a human or virtual agent on a chat.
type Agent struct {
	ID   int64
	Name string
}

// Message is one message sent into a chat through the API.
type Message struct {
	FromUserID int64
	Type       string
	// Text is a text message's content; MediaID a photo's or video's.
	Text    string
	MediaID int64
}

// Escalation is an escalation of a chat.
type Escalation struct {
	ID                int64
	Reason            string
	ForceEscalate     bool
	Status            string
	DeflectionChannel string
}

// CustomData is one custom-data post; Data is the verified claim of a signed
// post.
type CustomData struct {
	Signed bool
	Data   map[string]any
}

// Flags are the chat's reserved data attributes.
type Flags struct {
	VerifiedCustomer, BadActor, RepeatCustomer bool
}

// Chat is the fake's record of a chat. Server.Chat returns a copy.
type Chat struct {
	ID                int64
	Status            string
	MenuID            int64
	EndUserID         int64
	Lang, Email       string
	Context           map[string]any
	Transcript        any
	CreatedAt         time.Time
	Agent             *Agent
	VirtualAgent      *Agent
	FinishedByUserID  int64
	DeflectionChannel string
	EscalationID      int64 // the escalation_id the last PATCH named
	Messages          []Message
	Escalations       []Escalation
	CustomData        []CustomData
	Flags             Flags
	Photos, Videos    []int64 // media ids
	EndUserUpdates    []EndUser
	// EndedAt is when the chat ended (by a PATCH, or SetStatus); zero while
	// it is open.
	EndedAt time.Time
}

// VirtualAgentName is the virtual agent every new chat starts with.
const VirtualAgentName = "Virtual Agent"

func (c *Chat) clone() Chat {
	cp := *c
	cp.Messages = slices.Clone(c.Messages)
	cp.Escalations = slices.Clone(c.Escalations)
	cp.CustomData = slices.Clone(c.CustomData)
	cp.Photos, cp.Videos = slices.Clone(c.Photos), slices.Clone(c.Videos)
	cp.EndUserUpdates = slices.Clone(c.EndUserUpdates)
	cp.Context = maps.Clone(c.Context)
	if c.Agent != nil {
		a := *c.Agent
		cp.Agent = &a
	}
	if c.VirtualAgent != nil {
		a := *c.VirtualAgent
		cp.VirtualAgent = &a
	}
	return cp
}

// Chat returns a copy of the chat's record.
func (s *Server) Chat(id int64) (Chat, bool) {
	var cp Chat
	err := s.onChat(id, func(c *Chat) { cp = c.clone() })
	return cp, err == nil
}

// EndUser returns the end user with this id.
func (s *Server) EndUser(id int64) (EndUser, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.endUsers[id]
	if !ok {
		return EndUser{}, false
	}
	return *u, true
}

// AgentJoins assigns a human agent to the chat: the virtual agent leaves,
// the status becomes assigned, and a pending escalation becomes escalated.
// An unknown chat gives an error matching [ErrUnknownChat].
func (s *Server) AgentJoins(chatID int64, name string) (Agent, error) {
	var a Agent
	err := s.onChat(chatID, func(c *Chat) {
		a = Agent{ID: s.id(), Name: name}
		c.Agent, c.VirtualAgent, c.Status = &a, nil, "assigned"
		for i := range c.Escalations {
			if c.Escalations[i].Status == "escalating" {
				c.Escalations[i].Status = "escalated"
			}
		}
	})
	return a, err
}

// SetStatus sets the chat's status ("dismissed", "finished", "failed",
// "abandoned", ...), as the platform would. A chat that is finished, failed
// or abandoned refuses messages, escalations and end-user updates with
// "Chat is already ended". An unknown chat gives an error matching
// [ErrUnknownChat].
func (s *Server) SetStatus(chatID int64, status string) error {
	return s.onChat(chatID, func(c *Chat) {
		c.Status = status
		if ended(status) && c.EndedAt.IsZero() {
			c.EndedAt = s.cfg.now()
		}
	})
}

// AddAgentMedia stores a file an agent attached to the chat and returns its
// media id, for GET /chats/{id}/media/{media_id}. An unknown chat gives an
// error matching [ErrUnknownChat].
func (s *Server) AddAgentMedia(chatID int64, contentType string, content []byte) (int64, error) {
	var id int64
	err := s.onChat(chatID, func(*Chat) {
		id = s.id()
		s.media[id] = &mediaRecord{id: id, chatID: chatID, obj: object{contentType: contentType, data: slices.Clone(content)}}
	})
	return id, err
}

// Object returns an uploaded file by storage key.
func (s *Server) Object(key string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.objects[key]
	return slices.Clone(o.data), ok
}

// onChat runs f on chat id with s.mu held, and releases it when f returns;
// for an unknown chat it returns an error matching [ErrUnknownChat] and does
// not call f.
func (s *Server) onChat(id int64, f func(c *Chat)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.chats[id]
	if !ok {
		return unknownChat(id)
	}
	f(c)
	return nil
}

// unknownChat is the error for a chat id the fake does not hold.
func unknownChat(id int64) error { return fakekit.UnknownChat("ccaiptest", id) }

// id returns a fresh id; s.mu must be held.
func (s *Server) id() int64 {
	s.nextID++
	return s.nextID
}
