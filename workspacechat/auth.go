package workspacechat

import (
	"errors"
	"net/http"
	"strings"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// authHeader carries the API key. The key is sent bare, with no "Bearer"
// prefix (CONFIRMED: every Public API page declares an "authorization"
// header parameter holding the key).
const authHeader = "Authorization"

// checkAPIKey validates the key once, in NewClient, without echoing it.
func checkAPIKey(key string) error {
	if key == "" {
		return errors.New("workspacechat: empty API key")
	}
	if strings.TrimSpace(key) != key {
		return errors.New("workspacechat: API key has leading or trailing spaces")
	}
	if err := httpcore.CheckHeaderValue("API key", key); err != nil {
		return errors.New("workspacechat: " + err.Error())
	}
	return nil
}

// keyAuth returns the credential step: the raw key in the authorization
// header.
func keyAuth(key string) func(*http.Request) error {
	return func(r *http.Request) error {
		r.Header.Set(authHeader, key)
		return nil
	}
}
