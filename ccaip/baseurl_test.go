package ccaip_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

// The one rule of every package: a base URL with no path gets the API root
// appended, a base URL with a path is used as is; in the host argument an
// https:// scheme is stripped and any other refused.
func TestBaseURLAndHostRule(t *testing.T) {
	for name, tc := range map[string]struct {
		tenant, base string
		want         string
	}{
		"bare host":              {tenant: "acme.example.com", want: "https://acme.example.com/apps/api/v1/chats/7"},
		"https scheme stripped":  {tenant: "https://acme.example.com", want: "https://acme.example.com/apps/api/v1/chats/7"},
		"any case, and a slash":  {tenant: "HTTPS://acme.example.com/", want: "https://acme.example.com/apps/api/v1/chats/7"},
		"base without a path":    {base: "https://proxy.example.com", want: "https://proxy.example.com/apps/api/v1/chats/7"},
		"base with a root slash": {base: "https://proxy.example.com/", want: "https://proxy.example.com/apps/api/v1/chats/7"},
		"base with a path":       {base: "https://proxy.example.com/cc/api", want: "https://proxy.example.com/cc/api/chats/7"},
		"base with a path/":      {base: "https://proxy.example.com/cc/api/", want: "https://proxy.example.com/cc/api/chats/7"},
	} {
		t.Run(name, func(t *testing.T) {
			rec := &fixture.URLRecorder{}
			opts := []ccaip.Option{ccaip.WithHTTPClient(&http.Client{Transport: rec}), ccaip.WithRateLimiter(nil)}
			if tc.base != "" {
				opts = append(opts, ccaip.WithBaseURL(tc.base))
			}
			tenant := tc.tenant
			if tenant == "" {
				tenant = "acme.example.com"
			}
			c, err := ccaip.NewClient(tenant, "token", opts...)
			require.NoError(t, err)
			_, err = c.GetChat(context.Background(), 7)
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
		"http scheme in the host":  {tenant: "http://acme.example.com", says: "host"},
		"other scheme in the host": {tenant: "ftp://acme.example.com", says: "https://"},
		"path in the host":         {tenant: "acme.example.com/apps", says: "host"},
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
			var opts []ccaip.Option
			if tc.base != "" {
				opts = append(opts, ccaip.WithBaseURL(tc.base))
			}
			_, err := ccaip.NewClient(tenant, "token", opts...)
			require.ErrorIs(t, err, ccaip.ErrInvalidArgument)
			assert.Contains(t, err.Error(), tc.says)
			assert.True(t, strings.HasPrefix(err.Error(), "ccaip: "), err.Error())
		})
	}
}
