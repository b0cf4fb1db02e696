// Package ccaiptest is a stateful in-process fake of the CCAI Platform Apps
// API chat endpoints, for testing code that uses package ccaip without a
// tenant. It keeps end users, chats, messages, escalations, photos and
// videos; serves a storage endpoint that accepts POST-policy uploads and
// checks their fields and size; checks Basic auth and verifies signed custom
// data with the company secret; signs webhooks like the vendor; scripts the
// agent's side (an agent joins, the chat is dismissed or finished); and
// injects faults.
package ccaiptest

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/switchboard-go/switchboard/internal/fakekit"
)

// Defaults the fake accepts unless told otherwise.
const (
	DefaultHost          = "acme.uc1.ccaiplatform.com"
	DefaultUsername      = "acme"
	DefaultToken         = "test-token"
	DefaultCompanySecret = "test-company-secret"
	DefaultWebhookSecret = "test-webhook-secret"
)

// Fault is an injected misbehaviour (delay, status, dropped connection).
type Fault = fakekit.Fault

// Option configures the fake.
type Option func(*config)

type config struct {
	username, token string
	companySecret   string
	webhookSecrets  []string
	endUserPaths    []string
	now             func() time.Time
}

// WithCredentials sets the Basic-auth username and API token the fake
// accepts.
func WithCredentials(username, token string) Option {
	return func(c *config) { c.username, c.token = username, token }
}

// WithCompanySecret sets the secret signed custom data must be signed with.
func WithCompanySecret(secret string) Option { return func(c *config) { c.companySecret = secret } }

// WithWebhookSecrets sets the primary (and optional secondary) secrets the
// webhook sender signs with.
func WithWebhookSecrets(secrets ...string) Option {
	return func(c *config) { c.webhookSecrets = secrets }
}

// WithEndUserPath serves the mid-session end-user update only under this
// spelling ("end_user" or "end-user"); by default both are served.
func WithEndUserPath(spelling string) Option {
	return func(c *config) { c.endUserPaths = []string{spelling} }
}

// WithClock replaces time.Now for timestamps and token expiry checks.
func WithClock(now func() time.Time) Option { return func(c *config) { c.now = now } }

// Server is the fake. Its methods are safe for concurrent use.
type Server struct {
	*fakekit.Server
	cfg config

	mu       sync.Mutex
	nextID   int64
	endUsers map[int64]*EndUser
	chats    map[int64]*Chat
	pending  map[string]pendingUpload // issued upload keys
	objects  map[string]object        // uploaded files by key
	media    map[int64]*mediaRecord
}

// NewServer starts a fake. Close it when done.
func NewServer(opts ...Option) *Server {
	s := &Server{
		cfg: config{
			username: DefaultUsername, token: DefaultToken, companySecret: DefaultCompanySecret,
			webhookSecrets: []string{DefaultWebhookSecret}, endUserPaths: []string{"end_user", "end-user"}, now: time.Now,
		},
		nextID:   1000,
		endUsers: map[int64]*EndUser{},
		chats:    map[int64]*Chat{},
		pending:  map[string]pendingUpload{},
		objects:  map[string]object{},
		media:    map[int64]*mediaRecord{},
	}
	for _, o := range opts {
		if o != nil {
			o(&s.cfg)
		}
	}
	s.Server = fakekit.Start(s.routes())
	return s
}

// URL is the API base URL, to pass to ccaip.WithBaseURL.
func (s *Server) URL() string { return s.Server.URL() + apiPrefix }

// StorageURL is the root of the fake storage service.
func (s *Server) StorageURL() string { return s.Server.URL() + "/storage" }

const apiPrefix = "/apps/api/v1"

func (s *Server) routes() http.Handler {
	api := http.NewServeMux()
	h := func(pattern string, f http.HandlerFunc) { api.HandleFunc(pattern, f) }
	h("POST /end_users", s.upsertEndUser)
	h("GET /end_users", s.getEndUser)
	h("POST /chats", s.createChat)
	h("GET /chats/{id}", s.getChat)
	h("PATCH /chats/{id}", s.updateChat)
	h("PATCH /chats/{id}/resume", s.resumeChat)
	h("POST /chats/{id}/message", s.sendMessage)
	h("POST /chats/{id}/escalations", s.escalate)
	h("PATCH /chats/{id}/escalations/{eid}", s.updateEscalation)
	h("POST /chats/{id}/photos/upload", s.uploadURL(kindPhoto))
	h("POST /chats/{id}/videos/upload", s.uploadURL(kindVideo))
	h("POST /chats/{id}/photos", s.attach(kindPhoto))
	h("POST /chats/{id}/videos", s.attach(kindVideo))
	h("GET /chats/{id}/photos", s.listMedia(kindPhoto))
	h("GET /chats/{id}/videos", s.listMedia(kindVideo))
	h("GET /chats/{id}/media/{mid}", s.downloadMedia)
	h("GET /chats/{id}/customer_flag", s.getFlags)
	h("POST /chats/{id}/customer_flag", s.updateFlags)
	h("POST /chats/{id}/custom_data", s.customData)
	for _, p := range s.cfg.endUserPaths {
		h("POST /chats/{id}/"+p, s.chatEndUser)
	}
	// Any other path (a spelling not served, an unknown route) answers as
	// the API does: 404 {"message": "Not Found"}.
	h("/", func(w http.ResponseWriter, _ *http.Request) { writeNotFound(w) })
	root := http.NewServeMux()
	root.Handle(apiPrefix+"/", http.StripPrefix(apiPrefix, s.authenticated(api)))
	root.HandleFunc("POST /storage/upload", s.storageUpload)
	root.HandleFunc("GET /storage/{key...}", s.storageGet)
	return root
}

// authenticated answers 401 unless the request carries the configured Basic
// credentials.
func (s *Server) authenticated(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		if !ok || u != s.cfg.username || p != s.cfg.token {
			w.Header().Set("WWW-Authenticate", `Basic realm="Application"`)
			writeMessage(w, http.StatusUnauthorized, "Unauthorized")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeMessage answers with the API's error body, {"message": "..."}.
func writeMessage(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg})
}

// writeNotFound answers with the documented 404 (mid-session
// authentication page): {"message": "Not Found"}. The API does not say
// which resource is missing, so neither does the fake.
func writeNotFound(w http.ResponseWriter) {
	writeMessage(w, http.StatusNotFound, "Not Found")
}
