// Package brightpatterntest is an in-process, stateful fake of the Bright
// Pattern Mobile/Web Messaging API (v1 and v2), for tests and examples.
//
// It checks the Authorization header and tenantUrl the way the server does
// (errors 1000, 2000-2004, 3000), keeps one active chat per client (request
// chat returns it again with is_new_chat false), holds long polls for real
// (answering a concurrent poll with 5509), keeps the chat history, stores
// files in memory (25 MB each, at most 1000), and scripts the agent's side:
// join, type, say, send a file, leave, end; a script method given a chat
// that is unknown or has ended returns an error matching [ErrUnknownChat].
// Faults are injected one by one with [Server.InjectFault], or at random,
// from a seed, with [WithChaos]; [Server.Play] makes an agent busy and
// [Server.OverlappingPolls] counts polls that overlapped.
//
//	srv := brightpatterntest.NewServer(brightpatterntest.WithHold(50 * time.Millisecond))
//	defer srv.Close()
//	c, _ := brightpattern.NewClient(brightpatterntest.DefaultTenant, brightpatterntest.DefaultAppID, "client-1",
//		brightpattern.WithBaseURL(srv.URL()))
package brightpatterntest

import (
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/switchboard-go/switchboard/internal/fakekit"
)

// Credentials the server accepts, among others: Bright Pattern's tenantUrl
// and appId name a tenant and an application, they are not secrets, so the
// fake accepts any unless [WithCredentials] names the ones it takes.
const (
	DefaultTenant = "acme.brightpattern.com"
	DefaultAppID  = "test-app-id"
)

// Limits the fake enforces, as the documentation states them.
const (
	MaxFileSize = 25 << 20
	MaxFiles    = 1000
)

// Option configures a [Server].
type Option func(*config)

type config struct {
	hold       time.Duration
	tenant     string
	appIDs     map[string]bool
	agent      *Agent
	available  bool
	ewt        string
	serverVer  string
	parameters []map[string]string
	chaos      *Chaos
}

// WithHold sets how long a poll is held when there are no events (5 s by
// default, the low end of the real server's 5–15 s). Tests use a few
// milliseconds.
func WithHold(d time.Duration) Option { return func(c *config) { c.hold = d } }

// WithCredentials makes the server accept only this tenantUrl (others get
// error 1000) and, when any are given, only these appIds (others get error
// 3000). By default it accepts any non-empty tenantUrl and appId, such as
// [DefaultTenant] and [DefaultAppID]. An empty tenant leaves the tenantUrl
// unchecked.
func WithCredentials(tenant string, appIDs ...string) Option {
	return func(c *config) {
		c.tenant, c.appIDs = tenant, nil
		if len(appIDs) > 0 {
			c.appIDs = map[string]bool{}
			for _, id := range appIDs {
				c.appIDs[id] = true
			}
		}
	}
}

// WithAgent scripts an agent who answers every new chat; see [Agent].
func WithAgent(a Agent) Option { return func(c *config) { c.agent = &a } }

// WithUnavailable makes availability answer notAvailable.
func WithUnavailable() Option { return func(c *config) { c.available = false } }

// WithEWT sets the estimated wait (seconds, as the server sends it) reported
// by availability, request chat and the queued status; "" sends none.
func WithEWT(ewt string) Option { return func(c *config) { c.ewt = ewt } }

// Server is the fake. Its URL is what brightpattern.WithBaseURL takes.
type Server struct {
	kit *fakekit.Server
	cfg config

	mu     sync.RWMutex // read-locked by a poll, which only finds its chat
	chats  map[string]*chat
	active map[string]string // client key -> chat id
	files  map[string]*storedFile
	order  []string // file ids, oldest first
	subs   map[string]map[string]any
	held   atomic.Int64 // polls being held
	polls  polls        // polls being served, for overlaps
	chaos  *chaosState  // nil unless WithChaos

	closed  chan struct{}
	agentMu sync.Mutex // guards closing and wg.Add against Close
	closing bool
	wg      sync.WaitGroup
}

// NewServer starts a fake on a loopback address. Pass its [Server.URL] to
// brightpattern.WithBaseURL, and [Server.Close] it when done.
func NewServer(opts ...Option) *Server {
	cfg := config{
		hold: 5 * time.Second, available: true, ewt: "3", serverVer: "5.5.6.12345 (Stable)",
		parameters: []map[string]string{{"first_name": "FIRST_NAME"}, {"last_name": "LAST_NAME"}, {"email": "EMAIL"}},
	}
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	s := &Server{
		cfg:    cfg,
		chats:  map[string]*chat{},
		active: map[string]string{},
		files:  map[string]*storedFile{},
		subs:   map[string]map[string]any{},
		closed: make(chan struct{}),
		chaos:  newChaosState(cfg.chaos),
	}
	s.kit = fakekit.Start(s.withFaults(s.routes()))
	return s
}

// Close ends held polls, stops the scripted agent and shuts the server down.
func (s *Server) Close() {
	s.agentMu.Lock()
	if !s.closing {
		s.closing = true
		close(s.closed)
	}
	s.agentMu.Unlock()
	s.kit.Close()
	s.wg.Wait()
}

// after runs f after d in a goroutine that Close waits for; f does not run
// once the server is closing.
func (s *Server) after(d time.Duration, f func()) {
	s.agentMu.Lock()
	defer s.agentMu.Unlock()
	if s.closing {
		return
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-s.closed:
		case <-t.C:
			f()
		}
	}()
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	api := "/clientweb/api/{version}/"
	mux.HandleFunc("GET "+api+"availability", s.auth(s.availability))
	mux.HandleFunc("GET "+api+"parameters", s.auth(s.parametersHandler))
	mux.HandleFunc("POST "+api+"chats", s.auth(s.requestChat))
	mux.HandleFunc("GET "+api+"chats/active", s.auth(s.activeChat))
	mux.HandleFunc("POST "+api+"chats/{chatId}/events", s.auth(s.sendEvents))
	mux.HandleFunc("GET "+api+"chats/{chatId}/events", s.auth(s.poll))
	mux.HandleFunc("GET "+api+"chats/{chatId}/history", s.auth(s.history))
	mux.HandleFunc("POST "+api+"files", s.auth(s.upload))
	mux.HandleFunc("GET "+api+"chats/{chatId}/files/{fileId}", s.authFile(s.getFile))
	mux.HandleFunc("GET "+api+"chats/{chatId}/profilephotos/{partyId}", s.authFile(s.profilePhoto))
	mux.HandleFunc("GET "+api+"iceservers", s.auth(s.iceServers))
	mux.HandleFunc("GET "+api+"configuration", s.auth(s.configuration))
	mux.HandleFunc("POST "+api+"requestsms", s.auth(s.requestSMS))
	mux.HandleFunc("GET "+api+"version", s.auth(v2(s.version)))
	mux.HandleFunc("POST "+api+"chats/{chatId}/notifications", s.auth(v2(s.notifications)))
	mux.HandleFunc("GET "+api+"chats/{chatId}/casehistory", s.auth(v2(s.caseHistory)))
	mux.HandleFunc("POST "+api+"chats/{chatId}/closecase", s.auth(v2(s.closeCase)))
	return mux
}
