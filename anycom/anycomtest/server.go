// Package anycomtest is a stateful in-process fake of AnyCom Web Services,
// for testing code that uses package anycom without the real service.
//
// It keeps channels, customers with states and sessions, bot sessions,
// attendants and chat groups; answers every documented command with the
// documented result shapes and result strings; checks both credential
// forms (400 when the key is missing, 401 when it is wrong); answers 404
// for an unknown group or command and 412 when a required argument is
// missing; and injects faults like every switchboard fake.
//
// A new server holds the collection's examples (see [NewServer]): every
// request of the collection, sent as written, gets its documented result,
// and every list command lists the kind of entry the collection shows.
// [WithEmpty] starts from nothing instead, for a test that scripts every
// change with the Add methods.
package anycomtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/switchboard-go/switchboard/internal/fakekit"
)

// Default credentials the server accepts unless [WithCredentials] says
// otherwise.
const (
	DefaultAuthKey  = "test-auth-key"
	DefaultAuthUser = "test-user"
)

// Fault is an injected misbehaviour: a delay, a status such as 502 or 429
// with Retry-After, or a connection dropped before or after the command is
// handled.
type Fault = fakekit.Fault

// Option configures a [Server].
type Option func(*Server)

// WithCredentials makes the server accept key and user instead of the
// defaults.
func WithCredentials(key, user string) Option {
	return func(s *Server) { s.key, s.user = key, user }
}

// WithEmpty starts the server with no channels, chat groups, customers,
// attendants or bot services, instead of the collection's examples. Add
// what a test needs with the Add methods.
func WithEmpty() Option { return func(s *Server) { s.empty = true } }

// Server is the fake. Its methods script the other side: customers
// arriving, attendants logging in, channels going down.
type Server struct {
	*fakekit.Server

	mu           sync.Mutex
	key, user    string
	empty        bool
	channels     []*Channel
	customers    []*Customer
	attendants   []*Attendant
	groups       map[int64]string
	services     map[int64]string
	messages     []Message
	commands     []string
	nextCustomer int64
	nextSession  int64
}

// NewServer starts a fake on a loopback address. Pass its URL to
// anycom.WithBaseURL. Unless [WithEmpty] is given it holds the
// collection's examples, so that every request of the collection, sent as
// written, gets the documented result: whatsapp channels 1 and 9, the
// livechat and liveflow channels, chat groups 1 and 14 ("Suporte"), bot
// service 100, the attendants "maxbauer", "maxbauer@exc" and "excodes"
// online, and the customer 554432328668@c.us ("ExCodes Software") waiting
// in the queue on channel 9 and in a conversation with maxbauer on channel
// 1, handed over by the bot.
func NewServer(opts ...Option) *Server {
	s := &Server{
		key: DefaultAuthKey, user: DefaultAuthUser,
		groups: map[int64]string{}, services: map[int64]string{},
		nextCustomer: 12001, nextSession: 16688,
	}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	if !s.empty {
		s.seed()
	}
	s.Server = fakekit.Start(http.HandlerFunc(s.serveHTTP))
	return s
}

// Channel is a channel the fake shows in "status".
type Channel struct {
	Type string
	// ID is zero for channels shown without one (livechat, liveflow).
	ID int64
	// Status is "UP" or "DOWN".
	Status   string
	LastSeen time.Time
}

// Customer is a customer session.
type Customer struct {
	ChanType string
	ChanID   int64
	// UserID is the full channel username ("554432328668@c.us").
	UserID   string
	UserName string
	// State is none, identifying, on_bot, on_chat or done.
	State string
	// ID and Session are assigned by the server when zero.
	ID      int64
	Session int64
	// ChatGroup, Call, Attendant, Subject and Greeting describe the chat:
	// a customer on_chat with no Attendant is waiting in the queue.
	ChatGroup int64
	Call      string
	Attendant string
	Subject   string
	Greeting  string
	Invited   bool
	// Flow and Item are the bot's position. A customer has a bot session
	// while State is on_bot or Flow is set: the bot that hands a customer
	// to a chat keeps its session (its running step's destination is
	// "chat", as in the collection's example) until "bot rem" ends it.
	Flow, Item int64
	// Sent and Received count messages; LastSent and LastReceived time
	// the last ones.
	Sent, Received         int64
	LastSent, LastReceived time.Time
}

// active reports whether the customer has a current session: every state
// but none and done.
func (c *Customer) active() bool { return c.State != "none" && c.State != "done" }

// onBot reports whether the customer has a bot session.
func (c *Customer) onBot() bool { return c.active() && (c.State == "on_bot" || c.Flow != 0) }

// Attendant is a chat attendant.
type Attendant struct {
	User   string
	Name   string
	Group  int64
	IPAddr string
	Online bool
	Since  time.Time
}

// Message is a message the server was asked to send with "chan message".
type Message struct {
	ChanType string
	ChanID   int64
	User     int64
	Flow     int64
	Text     string
}

// serveHTTP authenticates, decodes and dispatches one command.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/" {
		reply(w, http.StatusNotFound, "Invalid method.")
		return
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		reply(w, http.StatusPreconditionFailed, "Precondition Failed. Unreadable body.")
		return
	}
	var body struct {
		commandBody
		Authentication *struct {
			Key  *string `json:"auth_key"`
			User *string `json:"auth_user"`
		} `json:"Authentication"`
		Request *commandBody `json:"Request"`
	}
	if err := json.Unmarshal(raw, &body); err != nil {
		reply(w, http.StatusPreconditionFailed, "Precondition Failed. Invalid JSON body.")
		return
	}
	key, user := r.Header.Get("auth_key"), r.Header.Get("auth_user")
	cmd := body.commandBody
	if body.Authentication != nil || body.Request != nil {
		if body.Authentication != nil && body.Authentication.Key != nil {
			key = *body.Authentication.Key
		}
		if body.Authentication != nil && body.Authentication.User != nil {
			user = *body.Authentication.User
		}
		if body.Request != nil {
			cmd = *body.Request
		}
	}
	switch {
	case key == "":
		reply(w, http.StatusBadRequest, "Missing authentication key!")
		return
	case key != s.key || user != s.user:
		reply(w, http.StatusUnauthorized, "Unauthorized! The authentication key does not exist or is not active.")
		return
	}
	if cmd.Group == nil || cmd.Cmd == nil || cmd.Args == nil {
		reply(w, http.StatusPreconditionFailed, "Precondition Failed. The group, cmd and args keys are mandatory.")
		return
	}
	h, ok := handlers[*cmd.Group+"/"+*cmd.Cmd]
	if !ok {
		reply(w, http.StatusNotFound, "Invalid method.")
		return
	}
	a := args{}
	if err := json.Unmarshal(cmd.Args, &a.raw); err != nil {
		reply(w, http.StatusPreconditionFailed, "Precondition Failed. args must be an object.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commands = append(s.commands, *cmd.Group+"/"+*cmd.Cmd)
	status, result := h(s, &a)
	if a.missing != "" {
		status, result = http.StatusPreconditionFailed, fmt.Sprintf("Precondition Failed. Missing argument: %s", a.missing)
	}
	reply(w, status, result)
}

// commandBody is the request part of a call.
type commandBody struct {
	Group *string         `json:"group"`
	Cmd   *string         `json:"cmd"`
	Args  json.RawMessage `json:"args"`
}

// reply writes the documented envelope.
func reply(w http.ResponseWriter, status int, result any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"status": status, "result": result})
}
