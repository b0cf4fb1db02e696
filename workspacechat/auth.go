package workspacechat

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// authHeader carries the API key.
//
//   - The header name is CONFIRMED: every Public API page, the chats page
//     included, declares an "authorization" header parameter described as
//     the API key (header names are case-insensitive).
//   - The value is the bare key, with no "Bearer" prefix: INFERRED. The
//     docs describe the value only as "the API key" and never mention a
//     prefix; a third-party write-up of this API (reference S12) sends the
//     bare key; "Bearer <key>" belongs to the legacy API at api.zaia.app.
//   - UNCONFIRMED: whether the server also accepts "Bearer <key>".
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
		return fmt.Errorf("workspacechat: %w", err)
	}
	return nil
}

// keyAuth returns the credential step: the bare key in the authorization
// header (see authHeader for what is confirmed).
func keyAuth(key string) func(*http.Request) error {
	return func(r *http.Request) error {
		r.Header.Set(authHeader, key)
		return nil
	}
}
