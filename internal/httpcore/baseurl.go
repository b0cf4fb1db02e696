package httpcore

import (
	"net/url"
	"strings"
)

// HostArgument reads the host argument of a vendor's NewClient: a bare host
// name such as "acme.example.com". One rule in every package: an https://
// scheme (in any case) and a trailing slash are accepted and stripped; any
// other scheme, a path, a query, user info or a space is refused with an
// error matching [ErrInvalidArgument] that names arg (plain http is asked
// for with WithBaseURL and WithInsecureHTTP instead).
func HostArgument(vendor, arg, host string) (string, error) {
	h := strings.TrimSuffix(strings.TrimSpace(host), "/")
	if len(h) >= len("https://") && strings.EqualFold(h[:len("https://")], "https://") {
		h = h[len("https://"):]
	}
	if strings.Contains(h, "://") {
		return "", InvalidArgument(vendor, "NewClient: %s %q: the only scheme accepted is https:// (for another, use WithBaseURL)", arg, host)
	}
	if h == "" || strings.ContainsAny(h, "/?#@ \r\n\t") {
		return "", InvalidArgument(vendor, "NewClient: %s %q must be a host name such as acme.example.com", arg, host)
	}
	return h, nil
}

// APIRoot reads a vendor's WithBaseURL value u. One rule in every package:
// a URL with no path (or only "/") gets the API's root path appended (root,
// such as "/apps/api/v1"; empty for an API served from the server's root);
// a URL with a path is the API root as it is. The
// result ends in "/". u must be an absolute http or https URL with a host
// and no query or fragment; otherwise the error matches
// [ErrInvalidArgument] and names WithBaseURL.
func APIRoot(vendor, u, root string) (string, error) {
	base, err := url.Parse(u)
	if err != nil {
		return "", InvalidArgument(vendor, "WithBaseURL: invalid base URL: %w", err)
	}
	shown := *base
	shown.User, shown.RawQuery, shown.Fragment = nil, "", "" // they may hold a secret
	if base.Scheme != "http" && base.Scheme != "https" || base.Host == "" {
		return "", InvalidArgument(vendor, "WithBaseURL: base URL %q must be absolute http or https", shown.String())
	}
	if base.RawQuery != "" || base.Fragment != "" || base.ForceQuery {
		return "", InvalidArgument(vendor, "WithBaseURL: base URL %q must have no query or fragment", shown.String())
	}
	if strings.Trim(base.Path, "/") == "" {
		base.Path, base.RawPath = "/", ""
		if r := strings.Trim(root, "/"); r != "" {
			base.Path = "/" + r + "/"
		}
	} else if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
		if base.RawPath != "" {
			base.RawPath += "/"
		}
	}
	return base.String(), nil
}
