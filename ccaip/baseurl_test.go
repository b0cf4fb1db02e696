package ccaip_test

import (
	"context"
	"testing"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/internal/conformance"
)

// TestBaseURLAndHostRule holds ccaip to the base-URL rule of every
// package (conformance.URLRule), the host being its host argument.
func TestBaseURLAndHostRule(t *testing.T) {
	type tc = conformance.URLCase[ccaip.Option]
	const api = "https://acme.example.com/apps/api/v1/chats/7"
	const proxy = "https://proxy.example.com/apps/api/v1/chats/7"
	conformance.BaseURLRule(t, conformance.URLRule[ccaip.Option]{
		Vendor: "ccaip", Options: ccOptions,
		Call: func(host string, opts ...ccaip.Option) error {
			c, err := ccaip.NewClient(host, "token", append(opts, ccaip.WithRateLimiter(nil))...)
			if err != nil {
				return err
			}
			_, err = c.GetChat(context.Background(), 7)
			return err
		},
		Sends: []tc{
			{Name: "bare host", Host: "acme.example.com", Want: api},
			{Name: "https scheme stripped", Host: "https://acme.example.com", Want: api},
			{Name: "any case, and a slash", Host: "HTTPS://acme.example.com/", Want: api},
			{Name: "base without a path", Base: "https://proxy.example.com", Want: proxy},
			{Name: "base with a root slash", Base: "https://proxy.example.com/", Want: proxy},
			{Name: "base with a path", Base: "https://proxy.example.com/cc/api", Want: "https://proxy.example.com/cc/api/chats/7"},
			{Name: "base with a path/", Base: "https://proxy.example.com/cc/api/", Want: "https://proxy.example.com/cc/api/chats/7"},
		},
		Refused: []tc{
			{Name: "http scheme in the host", Host: "http://acme.example.com", Says: "host"},
			{Name: "other scheme in the host", Host: "ftp://acme.example.com", Says: "https://"},
			{Name: "path in the host", Host: "acme.example.com/apps", Says: "host"},
			{Name: "relative base", Base: "proxy.example.com", Says: "WithBaseURL"},
			{Name: "other scheme base", Base: "ftp://proxy.example.com", Says: "WithBaseURL"},
			{Name: "base with a query", Base: "https://proxy.example.com/?tenant=x", Says: "WithBaseURL"},
			{Name: "base with a fragment", Base: "https://proxy.example.com/#x", Says: "WithBaseURL"},
		},
	})
}
