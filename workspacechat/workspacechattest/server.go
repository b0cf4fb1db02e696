// Package workspacechattest is a stateful in-process fake of the workspace
// chat API, for testing code that uses package workspacechat without a
// network or an API key.
//
// The fake holds channels, owners, responders, chats and their messages.
// It serves the Chats resource and the chat-messages list and create
// operations with the real paging and filtering semantics (channel IDs and
// types, owners, responders, tickets, last-message time ranges), checks the
// API key in the authorization header, and answers 400, 401 and 404 with the API's error body. Faults (delay,
// dropped connection, 5xx, 429 with Retry-After) are injected with
// [Server.InjectFault]. A chat is rendered either as a chat row or as a
// chat entity, never as a mix: by default paired with the request as seed
// 003 pairs them (see [ShapeBySeed]), or always one of them ([WithShape]).
//
// Where the real API's behaviour is unknown, the fake picks one and says
// so: lists are ordered by last-message time, newest first, then by chat
// ID; both last-message bounds are inclusive; a removed chat stays listed
// with isRemoved set; "Bearer <key>" is refused.
package workspacechattest

import (
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/switchboard-go/switchboard/internal/fakekit"
	"github.com/switchboard-go/switchboard/workspacechat"
)

// DefaultAPIKey is the key the fake accepts unless [WithAPIKey] sets one.
const DefaultAPIKey = "wsk_fake_key_0000"

// Fault is one injected misbehaviour; see [Server.InjectFault].
type Fault = fakekit.Fault

// Option configures a [Server].
type Option func(*Server)

// WithAPIKey sets the API key the fake accepts.
func WithAPIKey(key string) Option { return func(s *Server) { s.key = key } }

// WithChats seeds the fake with n generated chats (see [Server.Seed]).
func WithChats(n int) Option { return func(s *Server) { s.seedN = n } }

// Server is the fake. Its methods are safe for concurrent use.
type Server struct {
	*fakekit.Server

	key   string
	seedN int
	shape Shape

	mu          sync.Mutex
	ids         map[byte]int
	workspaceID string
	clock       time.Time
	channels    map[string]*channel
	owners      map[string]*owner
	responders  map[string]*responder
	chats       map[string]*chat
	gen         generator
}

// generator is what Seed reuses from one call to the next.
type generator struct {
	channels   []*channel
	responders []*responder
	owners     []*owner
	count      int
}

type channel struct {
	id, name string
	typ      workspacechat.ChannelType
}

type owner struct {
	superID, externalUserID, identifier, name string
	blocked                                   bool
}

type responder struct {
	superID, name, picture, versionID string
	entity                            workspacechat.ResponderEntity
	version                           int
}

type chat struct {
	id, title, ticketID, ticketStatus string
	ch                                *channel
	owner                             *owner
	responder                         *responder
	removed                           bool
	createdAt, updatedAt              time.Time
	messages                          []*message
}

type message struct {
	id, chatID, threadID, ticketID  string
	content, rawContent, externalID string
	role                            workspacechat.Role
	senderID                        string
	createdAt                       time.Time
}

// NewServer starts a fake on a loopback address. Close it when done.
func NewServer(opts ...Option) *Server {
	s := &Server{
		key:        DefaultAPIKey,
		ids:        map[byte]int{},
		channels:   map[string]*channel{},
		owners:     map[string]*owner{},
		responders: map[string]*responder{},
		chats:      map[string]*chat{},
	}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	s.workspaceID = s.newID('f')
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/chats", s.listChats)
	mux.HandleFunc("POST /api/v1/chats", s.createChat)
	mux.HandleFunc("GET /api/v1/chats/{id}", s.getChat)
	mux.HandleFunc("PATCH /api/v1/chats/{id}", s.updateChat)
	mux.HandleFunc("DELETE /api/v1/chats/{id}", s.removeChat)
	mux.HandleFunc("GET /api/v1/chat-messages", s.listMessages)
	mux.HandleFunc("POST /api/v1/chat-messages", s.createMessage)
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, "Route not found.")
	})
	s.Server = fakekit.Start(s.authenticate(mux))
	if s.seedN > 0 {
		s.Seed(s.seedN)
	}
	return s
}

// APIKey returns the key the fake accepts.
func (s *Server) APIKey() string { return s.key }

// WorkspaceID returns the ID of the fake's one workspace.
func (s *Server) WorkspaceID() string { return s.workspaceID }

// authenticate answers 401 unless the authorization header holds the bare
// key. The header is the documented one; that the value is bare is
// inferred, and whether the real API also accepts "Bearer <key>" is
// unconfirmed: the fake refuses it, so that a client adding the prefix is
// caught.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != s.key {
			writeError(w, http.StatusUnauthorized, "Unauthorized.")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// newID returns a fresh UUID v4-shaped ID whose first group is kind
// repeated, so IDs of different kinds are told apart at a glance. Callers
// hold s.mu (or run before the server is shared).
func (s *Server) newID(kind byte) string {
	s.ids[kind]++
	k := string(kind)
	return fmt.Sprintf("%s-0000-4000-8000-%012x", k+k+k+k+k+k+k+k, s.ids[kind])
}

// now returns the current time rounded up to the millisecond, strictly
// after the last time it returned, so messages created in a row are ordered
// and none is stamped before the moment it was added.
func (s *Server) now() time.Time {
	t := time.Now().UTC()
	if r := t.Truncate(time.Millisecond); r.Before(t) {
		t = r.Add(time.Millisecond)
	}
	if !t.After(s.clock) {
		t = s.clock.Add(time.Millisecond)
	}
	s.clock = t
	return t
}
