package ccaip

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// basicAuth returns the credential step: HTTP Basic with the installation
// subdomain as username and the API token as password.
func basicAuth(username, token string) func(*http.Request) error {
	return func(r *http.Request) error {
		r.SetBasicAuth(username, token)
		return nil
	}
}

// checkCredentials validates the username and token once, in NewClient.
func checkCredentials(username, token string) error {
	if username == "" {
		return errors.New("ccaip: empty username (subdomain)")
	}
	if token == "" {
		return errors.New("ccaip: empty API token")
	}
	if strings.Contains(username, ":") {
		return errors.New("ccaip: username must not contain a colon")
	}
	if err := httpcore.CheckHeaderValue("username", username); err != nil {
		return fmt.Errorf("ccaip: %w", err)
	}
	if err := httpcore.CheckHeaderValue("API token", token); err != nil {
		return fmt.Errorf("ccaip: %w", err)
	}
	return nil
}

// subdomain is the first label of host ("acme" for acme.uc1.ccaiplatform.com).
func subdomain(host string) string {
	label, _, _ := strings.Cut(host, ".")
	return label
}
