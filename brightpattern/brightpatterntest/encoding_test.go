package brightpatterntest

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzQueryParam holds queryParam to url.ParseQuery's Get and Has.
func FuzzQueryParam(f *testing.F) {
	for _, q := range []string{"", "tenantUrl=a.example.com", "x=1&tenantUrl=&tenantUrl=b", "tenant%55rl=c", "tenantUrl=%zz&tenantUrl=d",
		"tenantUrl=a;b&tenantUrl=e", "tenantUrl", "&&tenantUrl=f+g%20h", "tenantUrl+=x", "%74enantUrl=y&tenantUrl=z"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw)
		value, given := queryParam(raw, "tenantUrl")
		assert.Equal(t, q.Has("tenantUrl"), given, "has in %q", raw)
		assert.Equal(t, q.Get("tenantUrl"), value, "value in %q", raw)
	})
}

// FuzzParseParams holds parseParams to reading every parameter into a map.
func FuzzParseParams(f *testing.F) {
	for _, s := range []string{`appId="a", clientId="b"`, `appId=a,clientId=b`, `appId="a"`, `clientId="x", clientId="y"`,
		`appId=a"b`, `appId`, ` , appId = "a" , `, `appId=""`, `appId="`, `a=b=c`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := map[string]string{}
		wantOK := true
		for _, part := range strings.Split(s, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			k, v, ok := strings.Cut(part, "=")
			if !ok {
				wantOK = false
				break
			}
			v = strings.TrimSpace(v)
			if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
				v = v[1 : len(v)-1]
			} else if strings.Contains(v, `"`) {
				wantOK = false
				break
			}
			out[strings.TrimSpace(k)] = v
		}
		appID, clientID, ok := parseParams(s)
		assert.Equal(t, wantOK, ok, "%q", s)
		if wantOK {
			assert.Equal(t, out["appId"], appID, "%q", s)
			assert.Equal(t, out["clientId"], clientID, "%q", s)
		}
	})
}

// FuzzMessageJSON holds the message encoding Say uses to the map encoding
// every other event uses: the same bytes.
func FuzzMessageJSON(f *testing.F) {
	f.Add("hello", "3f1c2a9e", "12", "1700000000")
	f.Add(`<a href="x">&amp;</a> é \u2028`, "p\n1", "", "1700000000")
	f.Add("a\x7fb", "p", "2", "")
	f.Add("plain text, no escapes", "3f1c2a9e-5b7d", "4", "1700000000")
	f.Fuzz(func(t *testing.T, text, party, id, timestamp string) {
		want, err := json.Marshal(map[string]any{"event": "chat_session_message", "party_id": party, "msg_id": id, "msg": text,
			"channel": "web", "timestamp": timestamp})
		require.NoError(t, err)
		assert.Equal(t, string(want), string(encodeMessage(text, id, party, timestamp)))
	})
}
