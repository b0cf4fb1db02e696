package brightpattern_test

import (
	"context"
	"testing"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/internal/conformance"
)

// TestBaseURLAndHostRule holds brightpattern to the base-URL rule of every
// package (conformance.URLRule), the tenant URL being its host argument.
func TestBaseURLAndHostRule(t *testing.T) {
	type tc = conformance.URLCase[brightpattern.Option]
	const api = "https://acme.example.com/clientweb/api/v1/availability"
	const proxy = "https://proxy.example.com/clientweb/api/v1/availability"
	conformance.BaseURLRule(t, conformance.URLRule[brightpattern.Option]{
		Vendor: "brightpattern", Options: bpOptions,
		Call: func(tenant string, opts ...brightpattern.Option) error {
			c, err := brightpattern.NewClient(tenant, "app", "client", opts...)
			if err != nil {
				return err
			}
			_, err = c.Availability(context.Background())
			return err
		},
		Sends: []tc{
			{Name: "bare host", Host: "acme.example.com", Want: api},
			{Name: "https scheme stripped", Host: "https://acme.example.com", Want: api},
			{Name: "any case, and a slash", Host: "HTTPS://acme.example.com/", Want: api},
			{Name: "base without a path", Base: "https://proxy.example.com", Want: proxy},
			{Name: "base with a root slash", Base: "https://proxy.example.com/", Want: proxy},
			{Name: "base v2", Base: "https://proxy.example.com", Opts: []brightpattern.Option{brightpattern.WithAPIVersion(2)},
				Want: "https://proxy.example.com/clientweb/api/v2/availability"},
			{Name: "base with a path", Base: "https://proxy.example.com/bp/api", Want: "https://proxy.example.com/bp/api/availability"},
			{Name: "base with a path/", Base: "https://proxy.example.com/bp/api/", Want: "https://proxy.example.com/bp/api/availability"},
		},
		Refused: []tc{
			{Name: "http scheme in the host", Host: "http://acme.example.com", Says: "tenant URL"},
			{Name: "other scheme in the host", Host: "ftp://acme.example.com", Says: "https://"},
			{Name: "path in the host", Host: "acme.example.com/clientweb", Says: "tenant URL"},
			{Name: "relative base", Base: "proxy.example.com", Says: "WithBaseURL"},
			{Name: "other scheme base", Base: "ftp://proxy.example.com", Says: "WithBaseURL"},
			{Name: "base with a query", Base: "https://proxy.example.com/?tenant=x", Says: "WithBaseURL"},
			{Name: "base with a fragment", Base: "https://proxy.example.com/#x", Says: "WithBaseURL"},
		},
	})
}
