package brightpattern

import (
	"net/http"
	"net/url"
)

// authScheme is the Authorization scheme of the Mobile/Web Messaging API.
const authScheme = "MOBILE-API-140-327-PLAIN"

// credentials is what authenticate adds to every request, built once.
type credentials struct {
	header string // the Authorization header's value
	query  string // tenantUrl, encoded as a whole query
}

func newCredentials(tenant, appID, clientID string) credentials {
	return credentials{
		header: authScheme + ` appId="` + appID + `", clientId="` + clientID + `"`,
		query:  url.Values{"tenantUrl": {tenant}}.Encode(),
	}
}

// authenticate adds the credentials every request carries: the
// Authorization header with appId and clientId (quoted, as documented; the
// values were checked for quotes and line breaks by NewClient) and the
// tenantUrl query parameter.
func (c *Client) authenticate(req *http.Request) error {
	req.Header["Authorization"] = []string{c.creds.header} // a canonical key
	if req.URL.RawQuery == "" {
		req.URL.RawQuery = c.creds.query
		return nil
	}
	q := req.URL.Query()
	if q.Get("tenantUrl") == "" {
		q.Set("tenantUrl", c.tenant)
		req.URL.RawQuery = q.Encode()
	}
	return nil
}
