package anycom

import (
	"net/http"
	"strings"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// The header names AnyCom reads the credentials from.
const (
	headerAuthKey  = "auth_key"
	headerAuthUser = "auth_user"
)

// credentials holds the key and user a client authenticates with.
type credentials struct {
	key, user string
}

func newCredentials(key, user string) (credentials, error) {
	if key == "" {
		return credentials{}, httpcore.InvalidArgument("anycom", "NewClient: authKey is empty")
	}
	if user == "" {
		return credentials{}, httpcore.InvalidArgument("anycom", "NewClient: authUser is empty")
	}
	if err := httpcore.CheckHeaderValue(headerAuthKey, key); err != nil {
		return credentials{}, httpcore.InvalidArgument("anycom", "NewClient: authKey: %w", err)
	}
	if err := httpcore.CheckHeaderValue(headerAuthUser, user); err != nil {
		return credentials{}, httpcore.InvalidArgument("anycom", "NewClient: authUser: %w", err)
	}
	return credentials{key: key, user: user}, nil
}

// setHeaders is the header-mode credential step: auth_key and auth_user on
// every request, named exactly as the collection writes them. Header.Set
// would send Go's canonical "Auth_key" and "Auth_user"; header names are
// case-insensitive in HTTP, but a server or proxy that matches them as
// written would miss those, so the map keys are set directly.
func (c credentials) setHeaders(req *http.Request) error {
	for _, name := range []string{headerAuthKey, headerAuthUser} {
		for k := range req.Header {
			if k != name && strings.EqualFold(k, name) {
				delete(req.Header, k)
			}
		}
	}
	req.Header[headerAuthKey] = []string{c.key}
	req.Header[headerAuthUser] = []string{c.user}
	return nil
}

// authBlock is the "Authentication" object of the body-mode envelope.
type authBlock struct {
	Key  string `json:"auth_key"`
	User string `json:"auth_user"`
}

// bodyAuthEnvelope is the documented body form of a request that carries
// its own credentials.
type bodyAuthEnvelope struct {
	Authentication authBlock `json:"Authentication"`
	Request        any       `json:"Request"`
}
