package brightpattern

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// WebChatClientID is the client ID that tells the server to identify the
// client by HTTP cookie rather than by client ID. A [Client] created with it
// keeps a cookie jar, so that every request of the session carries the
// cookie the server set.
const WebChatClientID = "WebChat"

// DefaultUserAgent is the User-Agent the API asks mobile clients to send.
const DefaultUserAgent = "MobileClient"

// DefaultPollTimeout bounds one long poll; it outlasts the server's 5–15 s
// hold.
const DefaultPollTimeout = 25 * time.Second

// Client talks to one Messaging/Chat scenario entry of one tenant as one
// client application. It is safe for concurrent use.
type Client struct {
	core        *httpcore.Client
	tenant      string
	appID       string
	clientID    string
	apiVersion  int
	pollTimeout time.Duration
	uploadField string
	waitMin     time.Duration
	waitMax     time.Duration

	mu    sync.Mutex
	chats map[string]*chatState

	creds credentials
}

// chatState is what the client remembers of a chat it sent events to: the
// next message number and the ids it used, so that a history read can tell
// the client's own events from the server's. It is forgotten when the chat
// ends.
type chatState struct {
	// numbered is set once nextMsg is known to follow every number the
	// customer used in the chat (learnt from the history).
	numbered bool
	nextMsg  int64
	sent     map[string]bool
	// answers counts the send answers that carried server events (v1),
	// which the server may have taken from the poll queue.
	answers int
}

// NewClient returns a client for the tenant at tenantURL (a bare host such
// as "acme.brightpattern.com"; a scheme is accepted and stripped), the
// scenario entry appID and the client application clientID. Use
// [NewClientID] once per installation for a mobile-style client, or
// [WebChatClientID] for cookie identification. NewClient does no I/O.
func NewClient(tenantURL, appID, clientID string, opts ...Option) (*Client, error) {
	tenant := strings.TrimSuffix(tenantURL, "/")
	for _, scheme := range []string{"https://", "http://"} {
		if len(tenant) >= len(scheme) && strings.EqualFold(tenant[:len(scheme)], scheme) {
			tenant = tenant[len(scheme):]
		}
	}
	if tenant == "" || strings.ContainsAny(tenant, "/?#@ \r\n\t") {
		return nil, fmt.Errorf("brightpattern: invalid tenant URL %q: want a host name", tenantURL)
	}
	if appID == "" || clientID == "" {
		return nil, errors.New("brightpattern: appID and clientID are required")
	}
	if err := httpcore.CheckQuotedValue("appId", appID); err != nil {
		return nil, fmt.Errorf("brightpattern: %w", err)
	}
	if err := httpcore.CheckQuotedValue("clientId", clientID); err != nil {
		return nil, fmt.Errorf("brightpattern: %w", err)
	}
	o := options{
		Settings:   httpcore.Settings{UserAgent: DefaultUserAgent},
		apiVersion: 1, pollTimeout: DefaultPollTimeout, uploadField: "file",
	}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if o.apiVersion != 1 && o.apiVersion != 2 {
		return nil, fmt.Errorf("brightpattern: API version %d: want 1 or 2", o.apiVersion)
	}
	if o.pollTimeout <= 0 {
		return nil, errors.New("brightpattern: poll timeout must be positive")
	}
	if o.uploadField == "" {
		return nil, errors.New("brightpattern: upload field name must not be empty")
	}
	settings := o.Settings
	var err error
	settings.BaseURL, err = apiBase(tenant, o.BaseURL, o.apiVersion)
	if err != nil {
		return nil, err
	}
	if clientID == WebChatClientID && (settings.HTTPClient == nil || settings.HTTPClient.Jar == nil) {
		settings.HTTPClient = withCookieJar(settings.HTTPClient)
	}
	c := &Client{
		tenant:      tenant,
		appID:       appID,
		clientID:    clientID,
		apiVersion:  o.apiVersion,
		pollTimeout: o.pollTimeout,
		uploadField: o.uploadField,
		waitMin:     o.RetryWaitMin,
		waitMax:     o.RetryWaitMax,
		chats:       map[string]*chatState{},
		creds:       newCredentials(tenant, appID, clientID),
	}
	c.core, err = httpcore.New(httpcore.Config{
		Vendor:        "brightpattern",
		Settings:      settings,
		Authenticate:  c.authenticate,
		SecretHeaders: []string{"Authorization", "Cookie", "Set-Cookie"},
		DecodeError:   decodeError,
	})
	if err != nil {
		return nil, err
	}
	c.core.AddSecret(appID)
	return c, nil
}

// apiBase builds the API root from the tenant or the WithBaseURL override.
func apiBase(tenant, override string, version int) (string, error) {
	prefix := fmt.Sprintf("clientweb/api/v%d/", version)
	if override == "" {
		return "https://" + tenant + "/" + prefix, nil
	}
	u, err := url.Parse(override)
	if err != nil {
		return "", fmt.Errorf("brightpattern: invalid base URL: %w", err)
	}
	if strings.Trim(u.Path, "/") == "" {
		u.Path = "/" + prefix
	} else if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawPath = ""
	return u.String(), nil
}

// withCookieJar returns a copy of hc (or of a default client) with a cookie
// jar, which a WebChat client needs.
func withCookieJar(hc *http.Client) *http.Client {
	cp := &http.Client{}
	if hc != nil {
		*cp = *hc
	}
	cp.Jar, _ = cookiejar.New(nil) // cookiejar.New never fails without options
	return cp
}

// NewClientID returns a fresh random client ID in UUID form, as the API asks
// mobile applications to generate once per installation and keep.
func NewClientID() string { return uuid.NewString() }

// ClientID returns the client ID the client identifies itself with.
func (c *Client) ClientID() string { return c.clientID }

// APIVersion returns the API version the client speaks, 1 or 2.
func (c *Client) APIVersion() int { return c.apiVersion }

// requireV2 refuses a v2-only call on a v1 client, before any I/O.
func (c *Client) requireV2() error {
	if c.apiVersion < 2 {
		return ErrRequiresV2
	}
	return nil
}
