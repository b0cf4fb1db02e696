package conformance

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/switchboard-go/switchboard/internal/fixture"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// DefaultHost is the host argument of a [URLCase] that names none.
const DefaultHost = "acme.example.com"

// URLRule is a package's part in the base-URL rule every package follows:
// a base URL with no path gets the API root appended, one with a path is
// used as is; in the host argument an https:// scheme is stripped and any
// other refused. O is the package's Option type.
type URLRule[O any] struct {
	// Vendor is the package name, which every refusal names first.
	Vendor string
	// Options are the package's options; the rule uses WithHTTPClient and
	// WithBaseURL.
	Options Options[O]
	// Call makes a client for host with opts and, unless it is refused,
	// makes one call with it.
	Call func(host string, opts ...O) error
	// Sends are cases whose call must request their Want.
	Sends []URLCase[O]
	// Refused are cases that NewClient must refuse, naming their Says.
	Refused []URLCase[O]
}

// URLCase is one host argument and base URL of a [URLRule].
type URLCase[O any] struct {
	Name string
	// Host is the host argument; empty means DefaultHost.
	Host string
	// Base, when set, is the value for WithBaseURL.
	Base string
	// Opts are more options for the client.
	Opts []O
	// Want is the URL the call requests, without its query.
	Want string
	// Says is what the refusal's error names.
	Says string
}

// BaseURLRule checks r's Sends with [BaseURLs] and its Refused with
// [Refusals].
func BaseURLRule[O any](t *testing.T, r URLRule[O]) {
	t.Run("Sends", func(t *testing.T) { BaseURLs(t, r) })
	t.Run("Refused", func(t *testing.T) {
		rec := &fixture.URLRecorder{}
		var refusals []Refusal
		for _, c := range r.Refused {
			refusals = append(refusals, Refuse(c.Name, c.Says, func(ctx context.Context) error {
				return r.Call(c.host(), r.options(c, rec)...)
			}))
		}
		Refusals(t, r.Vendor, httpcore.ErrInvalidArgument, func() int { return len(rec.URLs()) }, nil, refusals)
	})
}

// BaseURLs checks r's Sends: each call sends one request, to its Want.
func BaseURLs[O any](t testing.TB, r URLRule[O]) {
	t.Helper()
	for _, c := range r.Sends {
		rec := &fixture.URLRecorder{}
		if err := r.Call(c.host(), r.options(c, rec)...); err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		urls := rec.URLs()
		if len(urls) != 1 {
			t.Errorf("%s: %d requests %v, want one", c.Name, len(urls), urls)
			continue
		}
		if got, _, _ := strings.Cut(urls[0], "?"); got != c.Want {
			t.Errorf("%s: requested %s, want %s", c.Name, got, c.Want)
		}
	}
}

// options are c's options, with a client that sends through rt.
func (r URLRule[O]) options(c URLCase[O], rt http.RoundTripper) []O {
	opts := append([]O{r.Options.WithHTTPClient(&http.Client{Transport: rt})}, c.Opts...)
	if c.Base != "" {
		opts = append(opts, r.Options.WithBaseURL(c.Base))
	}
	return opts
}

// host is c's host argument.
func (c URLCase[O]) host() string {
	if c.Host == "" {
		return DefaultHost
	}
	return c.Host
}
