package ccaip

import (
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
		return httpcore.InvalidArgument("ccaip", "NewClient: the username (host subdomain or WithUsername) is empty")
	}
	if token == "" {
		return httpcore.InvalidArgument("ccaip", "NewClient: apiToken is empty")
	}
	if strings.Contains(username, ":") {
		return httpcore.InvalidArgument("ccaip", "NewClient: the username (WithUsername) must not contain a colon")
	}
	if err := httpcore.CheckHeaderValue("username", username); err != nil {
		return httpcore.InvalidArgument("ccaip", "NewClient: %w", err)
	}
	if err := httpcore.CheckHeaderValue("apiToken", token); err != nil {
		return httpcore.InvalidArgument("ccaip", "NewClient: %w", err)
	}
	return nil
}

// subdomain is the first label of host ("acme" for acme.uc1.ccaiplatform.com).
func subdomain(host string) string {
	label, _, _ := strings.Cut(host, ".")
	return label
}
