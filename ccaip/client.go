package ccaip

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"sync/atomic"
	"time"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// Client calls the CCAI Platform Apps API chat endpoints of one
// installation. It is safe for concurrent use.
type Client struct {
	core          *httpcore.Client
	signer        *Signer
	watchInterval time.Duration
	// endUserPath is what the client knows of the mid-session end-user
	// path: an index into endUserPaths, and endUserConfirmed.
	endUserPath atomic.Int32
}

// NewClient returns a client for the installation host (such as
// "acme.uc1.ccaiplatform.com"; an https:// scheme and a trailing slash are
// accepted and stripped, any other scheme is refused), authenticating with HTTP Basic: the host's
// first label as username (see [WithUsername]) and apiToken as password.
// It validates its arguments and does no I/O.
func NewClient(host, apiToken string, opts ...Option) (*Client, error) {
	host, err := httpcore.HostArgument("ccaip", "host", host)
	if err != nil {
		return nil, err
	}
	o := options{watchInterval: DefaultWatchInterval}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if o.username == "" {
		o.username = subdomain(host)
	}
	if err := checkCredentials(o.username, apiToken); err != nil {
		return nil, err
	}
	if o.BaseURL == "" {
		o.BaseURL = "https://" + host
	}
	if o.BaseURL, err = httpcore.APIRoot("ccaip", o.BaseURL, apiPath); err != nil {
		return nil, err
	}
	base, _ := url.Parse(o.BaseURL) // APIRoot parsed it
	if o.watchInterval <= 0 {
		return nil, httpcore.InvalidArgument("ccaip", "WithWatchInterval: watch interval %v must be positive", o.watchInterval)
	}
	throttle, err := o.throttle(base.Host)
	if err != nil {
		return nil, err
	}
	core, err := httpcore.New(httpcore.Config{
		Vendor:       "ccaip",
		Settings:     o.Settings,
		Authenticate: basicAuth(o.username, apiToken),
		SecretQuery:  []string{"x-amz-signature", "x-amz-security-token", "x-goog-signature", "signature"},
		DecodeError:  decodeError,
		Throttle:     throttle,
		// The token, and the Authorization header's value should a server
		// echo it whole.
		Secrets: []string{apiToken, base64.StdEncoding.EncodeToString([]byte(o.username + ":" + apiToken))},
	})
	if err != nil {
		return nil, err
	}
	return &Client{core: core, signer: o.signer, watchInterval: o.watchInterval}, nil
}

// apiPath is where the platform serves the API under a tenant's host.
const apiPath = "/apps/api/v1"

// jsonHeader is sent on every API request: the API documents both headers.
func jsonHeader() http.Header {
	return http.Header{"Accept": {"application/json"}, "Content-Type": {"application/json"}}
}

// id formats a numeric id as a path parameter.
func id(n int64) string { return fmt.Sprint(n) }
