package brightpattern

import "net/http"

// authScheme is the Authorization scheme of the Mobile/Web Messaging API.
const authScheme = "MOBILE-API-140-327-PLAIN"

// authenticate adds the credentials every request carries: the
// Authorization header with appId and clientId (quoted, as documented; the
// values were checked for quotes and line breaks by NewClient) and the
// tenantUrl query parameter.
func (c *Client) authenticate(req *http.Request) error {
	req.Header.Set("Authorization", authScheme+` appId="`+c.appID+`", clientId="`+c.clientID+`"`)
	q := req.URL.Query()
	if q.Get("tenantUrl") == "" {
		q.Set("tenantUrl", c.tenant)
		req.URL.RawQuery = q.Encode()
	}
	return nil
}
