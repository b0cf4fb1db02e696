package brightpattern

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/cookiejar"
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
	chats chatStates

	creds credentials
}

// chatState is what the client remembers of a chat it sent events to: the
// next message number and the ids it used, so that a history read can tell
// the client's own events from the server's. It is forgotten when the chat
// ends.
type chatState struct {
	id string
	// numbered is set once nextMsg is known to follow every number the
	// customer used in the chat (learnt from the history).
	numbered bool
	nextMsg  int64
	sent     map[string]bool
	// answers counts the send answers that carried server events (v1),
	// which the server may have taken from the poll queue.
	answers int
	// sending is how many sends are in flight; sendMoves counts their
	// starts and ends, so that a stream tells a poll that overlapped one.
	sending, sendMoves int
}

// NewClient returns a client for the tenant at tenantURL (a host such as
// "acme.brightpattern.com"; an https:// scheme and a trailing slash are
// accepted and stripped, any other scheme is refused: plain http goes
// through [WithBaseURL] and [WithInsecureHTTP]), the
// scenario entry appID and the client application clientID. Use
// [NewClientID] once per installation for a mobile-style client, or
// [WebChatClientID] for cookie identification. NewClient does no I/O.
func NewClient(tenantURL, appID, clientID string, opts ...Option) (*Client, error) {
	tenant, err := httpcore.HostArgument("brightpattern", "tenant URL", tenantURL)
	if err != nil {
		return nil, err
	}
	if appID == "" || clientID == "" {
		return nil, httpcore.InvalidArgument("brightpattern", "NewClient: appID and clientID are required")
	}
	if err := httpcore.CheckQuotedValue("appId", appID); err != nil {
		return nil, httpcore.InvalidArgument("brightpattern", "NewClient: %w", err)
	}
	if err := httpcore.CheckQuotedValue("clientId", clientID); err != nil {
		return nil, httpcore.InvalidArgument("brightpattern", "NewClient: %w", err)
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
		return nil, httpcore.InvalidArgument("brightpattern", "WithAPIVersion: API version %d: want 1 or 2", o.apiVersion)
	}
	if o.pollTimeout <= 0 {
		return nil, httpcore.InvalidArgument("brightpattern", "WithPollTimeout: poll timeout %v must be positive", o.pollTimeout)
	}
	if o.uploadField == "" {
		return nil, httpcore.InvalidArgument("brightpattern", "WithUploadField: upload field name must not be empty")
	}
	settings := o.Settings
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
		creds:       newCredentials(tenant, appID, clientID),
	}
	c.core, err = httpcore.New(httpcore.Config{
		Vendor:        "brightpattern",
		Settings:      settings,
		Authenticate:  c.authenticate,
		DecodeError:   decodeError,
		ExpectedError: isNoEvents,
		Secrets:       []string{appID},
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// apiBase builds the API root from the tenant or the WithBaseURL override.
func apiBase(tenant, override string, version int) (string, error) {
	if override == "" {
		override = "https://" + tenant
	}
	return httpcore.APIRoot("brightpattern", override, fmt.Sprintf("clientweb/api/v%d", version))
}

// isNoEvents reports error 5511, the answer to a poll with no events: an
// ordinary answer, logged at Debug rather than as a failed call.
func isNoEvents(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == CodeNoEvents
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
		return httpcore.Invalid(ErrRequiresV2)
	}
	return nil
}
