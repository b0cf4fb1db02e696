package workspacechat

import (
	"time"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// DefaultBaseURL is the Public API server.
const DefaultBaseURL = "https://api.endless.zaia.app"

// Client calls the workspace chat API. It is safe for concurrent use.
type Client struct {
	core     *httpcore.Client
	prefetch bool
	// watchInterval is WatchChats' default polling interval.
	watchInterval time.Duration
}

// NewClient returns a client that authenticates with apiKey, an API key
// created in the workspace settings. It validates its arguments and does no
// I/O; it reads no environment variable.
func NewClient(apiKey string, opts ...Option) (*Client, error) {
	if err := checkAPIKey(apiKey); err != nil {
		return nil, err
	}
	o := options{Settings: httpcore.Settings{BaseURL: DefaultBaseURL}, watchInterval: DefaultWatchInterval}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if o.watchInterval <= 0 {
		return nil, httpcore.InvalidArgument(vendor, "WithWatchInterval: watch interval %v must be positive", o.watchInterval)
	}
	base, err := httpcore.APIRoot(vendor, o.BaseURL, "")
	if err != nil {
		return nil, err
	}
	o.BaseURL = base
	core, err := httpcore.New(httpcore.Config{
		Vendor:       vendor,
		Settings:     o.Settings,
		Authenticate: keyAuth(apiKey),
		DecodeError:  decodeError,
		Secrets:      []string{apiKey},
	})
	if err != nil {
		return nil, err
	}
	return &Client{core: core, prefetch: o.prefetch, watchInterval: o.watchInterval}, nil
}

const vendor = "workspacechat"
