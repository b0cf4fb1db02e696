package anycom

import (
	"context"
	"time"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// Client sends AnyCom commands. It is safe for concurrent use.
type Client struct {
	core     *httpcore.Client
	creds    credentials
	bodyAuth bool
	// watchInterval is the watchers' default polling interval.
	watchInterval time.Duration
	endpoint      string // the redacted URL every command is posted to

	// Channels holds the "chan" group: users, states, sessions, numbers,
	// reloads and outgoing messages.
	Channels *ChannelsService
	// Bot holds the "bot" group: bot sessions, flows, reloads and
	// validation.
	Bot *BotService
	// Chat holds the "chat" group: attendants, invites, the awaiting queue
	// and conversations.
	Chat *ChatService
}

// NewClient returns a client that authenticates with authKey (shown on the
// AnyCom parameters menu) and authUser (a user configured on AnyCom). It
// validates its arguments, does no I/O and reads no environment variable.
func NewClient(authKey, authUser string, opts ...Option) (*Client, error) {
	creds, err := newCredentials(authKey, authUser)
	if err != nil {
		return nil, err
	}
	o := options{Settings: httpcore.Settings{BaseURL: DefaultBaseURL}, watchInterval: DefaultWatchInterval}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if o.watchInterval <= 0 {
		return nil, httpcore.InvalidArgument("anycom", "WithWatchInterval: watch interval %v must be positive", o.watchInterval)
	}
	if o.BaseURL, err = httpcore.APIRoot("anycom", o.BaseURL, ""); err != nil {
		return nil, err
	}
	c := &Client{creds: creds, bodyAuth: o.bodyAuth, watchInterval: o.watchInterval}
	cfg := httpcore.Config{
		Vendor:      "anycom",
		Settings:    o.Settings,
		DecodeError: decodeHTTPError,
		Secrets:     []string{authKey, authUser},
	}
	if !o.bodyAuth {
		cfg.Authenticate = creds.setHeaders
	}
	core, err := httpcore.New(cfg)
	if err != nil {
		return nil, err
	}
	c.core = core
	c.endpoint = core.Redact(core.BaseURL().String())
	c.Channels = &ChannelsService{c: c}
	c.Bot = &BotService{c: c}
	c.Chat = &ChatService{c: c}
	return c, nil
}

// Do sends any command and returns its raw [Result]: an escape hatch for
// commands this package does not type.
//
// POST {"group": group, "cmd": cmd, "args": args} — unsafe: never retried
// once the request may have reached the server, since the command may
// change state.
func (c *Client) Do(ctx context.Context, group, cmd string, args any, opts ...call.Option) (*Result, error) {
	ctx = callopt.With(ctx, opts)
	if group == "" {
		return nil, httpcore.InvalidArgument("anycom", "Do: group is empty")
	}
	return c.send(ctx, group, cmd, args, httpcore.Unsafe)
}
