package httpcore

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

const redacted = "REDACTED"

// redactor hides secrets in URLs, headers and free text.
type redactor struct {
	headers map[string]bool // canonical header names
	query   map[string]bool // lower-cased parameter names

	mu     sync.RWMutex
	values []string // literal secret values
}

func newRedactor(headers, query []string) *redactor {
	r := &redactor{headers: map[string]bool{}, query: map[string]bool{}}
	for _, h := range headers {
		r.headers[http.CanonicalHeaderKey(h)] = true
	}
	for _, q := range query {
		r.query[strings.ToLower(q)] = true
	}
	return r
}

func (r *redactor) addValue(v string) {
	if len(v) < 4 { // too short to redact without mangling ordinary text
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.values = append(r.values, v)
}

// url returns raw with user info and secret query values replaced.
func (r *redactor) url(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return r.text(raw)
	}
	if u.User != nil {
		u.User = url.User(redacted)
	}
	if u.RawQuery != "" {
		q := u.Query()
		changed := false
		for k := range q {
			if r.query[strings.ToLower(k)] {
				q[k] = []string{redacted}
				changed = true
			}
		}
		if changed {
			u.RawQuery = q.Encode()
		}
	}
	return r.text(u.String())
}

// text replaces every registered secret value in s.
func (r *redactor) text(s string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, v := range r.values {
		s = strings.ReplaceAll(s, v, redacted)
		if esc := url.QueryEscape(v); esc != v {
			s = strings.ReplaceAll(s, esc, redacted)
		}
	}
	return s
}

// header returns a copy of h with secret headers replaced.
func (r *redactor) header(h http.Header) http.Header {
	out := h.Clone()
	for k := range out {
		if r.headers[http.CanonicalHeaderKey(k)] || k == "Authorization" || k == "Cookie" {
			out[k] = []string{redacted}
		}
	}
	return out
}

// RedactHeader returns a copy of h with the secret headers replaced, for
// debugging output.
func (c *Client) RedactHeader(h http.Header) http.Header { return c.redactor.header(h) }

// stripURL removes the *url.Error layer that net/http adds, since its message
// repeats the full, unredacted URL.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
