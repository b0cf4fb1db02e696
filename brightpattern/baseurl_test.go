package brightpattern_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

// The one rule of every package: a base URL with no path gets the API root
// appended, a base URL with a path is used as is; in the host argument an
// https:// scheme is stripped and any other refused.
func TestBaseURLAndHostRule(t *testing.T) {
	for name, tc := range map[string]struct {
		tenant, base string
		opts         []brightpattern.Option
		want         string
	}{
		"bare host":              {tenant: "acme.example.com", want: "https://acme.example.com/clientweb/api/v1/availability"},
		"https scheme stripped":  {tenant: "https://acme.example.com", want: "https://acme.example.com/clientweb/api/v1/availability"},
		"any case, and a slash":  {tenant: "HTTPS://acme.example.com/", want: "https://acme.example.com/clientweb/api/v1/availability"},
		"base without a path":    {base: "https://proxy.example.com", want: "https://proxy.example.com/clientweb/api/v1/availability"},
		"base with a root slash": {base: "https://proxy.example.com/", want: "https://proxy.example.com/clientweb/api/v1/availability"},
		"base v2":                {base: "https://proxy.example.com", opts: []brightpattern.Option{brightpattern.WithAPIVersion(2)}, want: "https://proxy.example.com/clientweb/api/v2/availability"},
		"base with a path":       {base: "https://proxy.example.com/bp/api", want: "https://proxy.example.com/bp/api/availability"},
		"base with a path/":      {base: "https://proxy.example.com/bp/api/", want: "https://proxy.example.com/bp/api/availability"},
	} {
		t.Run(name, func(t *testing.T) {
			rec := &fixture.URLRecorder{}
			opts := append([]brightpattern.Option{brightpattern.WithHTTPClient(&http.Client{Transport: rec})}, tc.opts...)
			if tc.base != "" {
				opts = append(opts, brightpattern.WithBaseURL(tc.base))
			}
			tenant := tc.tenant
			if tenant == "" {
				tenant = "acme.example.com"
			}
			c, err := brightpattern.NewClient(tenant, "app", "client", opts...)
			require.NoError(t, err)
			_, err = c.Availability(context.Background())
			require.NoError(t, err)
			require.Len(t, rec.URLs(), 1)
			assert.Equal(t, tc.want, strings.Split(rec.URLs()[0], "?")[0])
		})
	}
}

func TestBaseURLAndHostRefused(t *testing.T) {
	for name, tc := range map[string]struct {
		tenant, base, says string
	}{
		"http scheme in the host":  {tenant: "http://acme.example.com", says: "tenant URL"},
		"other scheme in the host": {tenant: "ftp://acme.example.com", says: "https://"},
		"path in the host":         {tenant: "acme.example.com/clientweb", says: "tenant URL"},
		"relative base":            {base: "proxy.example.com", says: "WithBaseURL"},
		"other scheme base":        {base: "ftp://proxy.example.com", says: "WithBaseURL"},
		"base with a query":        {base: "https://proxy.example.com/?tenant=x", says: "WithBaseURL"},
		"base with a fragment":     {base: "https://proxy.example.com/#x", says: "WithBaseURL"},
	} {
		t.Run(name, func(t *testing.T) {
			tenant := tc.tenant
			if tenant == "" {
				tenant = "acme.example.com"
			}
			var opts []brightpattern.Option
			if tc.base != "" {
				opts = append(opts, brightpattern.WithBaseURL(tc.base))
			}
			_, err := brightpattern.NewClient(tenant, "app", "client", opts...)
			require.ErrorIs(t, err, brightpattern.ErrInvalidArgument)
			assert.Contains(t, err.Error(), tc.says)
			assert.True(t, strings.HasPrefix(err.Error(), "brightpattern: "), err.Error())
		})
	}
}
