package httpcore

import (
	"encoding/base64"
	"errors"
	"net/url"
	"slices"
	"strings"
)

const redacted = "REDACTED"

// minSecretLen is the shortest secret redacted: a shorter one would match
// ordinary text.
const minSecretLen = 4

// minBase64Pattern is the shortest base64 pattern searched for, for the
// same reason.
const minBase64Pattern = 8

// redactor hides secrets in URLs and free text (log records, error strings
// and the response bodies kept in errors; request headers are never logged). A secret is found
// in every form a server may echo it in: as it is; URL-escaped (any byte as
// %XX, in either case); JSON-escaped (any character as \uXXXX, "/" as \/);
// as an HTML or XML character reference; through up to [unescapeDepth]
// layers of those escapes mixed; and base64-encoded (standard or URL
// alphabet) on its own or inside a longer value such as the
// "user:password" of a Basic credential.
//
// A redactor is built once, from the client's [Config], and never changes
// after: it is read by concurrent requests without a lock.
type redactor struct {
	query map[string]bool // lower-cased parameter names
	patterns
}

// patterns is what text searches for.
type patterns struct {
	literal []string // secrets as they are, and forms no unescaping reveals
	base64  []string // the base64 of each secret at each byte alignment
}

// newRedactor returns a redactor for the values of the query parameters
// named query and for the literal secrets. A secret shorter than
// minSecretLen is ignored.
func newRedactor(query, secrets []string) *redactor {
	r := &redactor{query: make(map[string]bool, len(query))}
	for _, q := range query {
		r.query[strings.ToLower(q)] = true
	}
	for _, v := range secrets {
		if len(v) < minSecretLen {
			continue
		}
		r.literal = appendNew(r.literal, v)
		// A query string may carry a space as "+", which unescaping keeps.
		if strings.Contains(v, " ") {
			r.literal = appendNew(r.literal, strings.ReplaceAll(v, " ", "+"))
		}
		r.base64 = appendNew(r.base64, base64Cores(v)...)
	}
	return r
}

// appendNew appends to list each of values it does not hold yet.
func appendNew(list []string, values ...string) []string {
	for _, v := range values {
		if !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}

// base64Cores returns, for each of the three byte alignments v may have
// inside a longer value, the base64 characters that depend on v's bytes
// alone, in the standard and the URL alphabet (the two agree on most
// values, so the list may repeat). Whatever surrounds v, its encoding holds
// one of them.
func base64Cores(v string) []string {
	var out []string
	for offset := range 3 {
		whole := (len(v) - offset) / 3 * 3
		if whole <= 0 {
			continue
		}
		chunk := []byte(v[offset : offset+whole])
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
			if p := enc.EncodeToString(chunk); len(p) >= minBase64Pattern {
				out = append(out, p)
			}
		}
	}
	return out
}

// text replaces every form of every registered secret in s.
func (r *redactor) text(s string) string {
	if len(r.literal) == 0 || s == "" {
		return s
	}
	var spans []span
	views := []view{identityView(s)}
	seen := map[string]bool{s: true} // decoding in another order often gives the same text
	for depth := 0; len(views) > 0; depth++ {
		var next []view
		for _, v := range views {
			spans = append(spans, v.find(&r.patterns)...)
			if depth == unescapeDepth {
				continue
			}
			for _, kind := range escapeKinds {
				if u, changed := v.unescape(kind); changed && !seen[u.s] {
					seen[u.s] = true
					next = append(next, u)
				}
			}
		}
		views = next
	}
	return cut(s, spans)
}

// redactMargin is how much more than maxErrorBody of a body is read and
// redacted before it is cut to maxErrorBody, so that the cut does not leave
// the first part of an escaped secret that straddles it.
const redactMargin = 4 << 10

// body redacts b, then truncates it to maxErrorBody.
func (r *redactor) body(b []byte) []byte {
	if len(b) == 0 {
		return b
	}
	b = b[:min(len(b), maxErrorBody+redactMargin)]
	out := []byte(r.text(string(b)))
	if len(out) > maxErrorBody {
		out = out[:maxErrorBody]
	}
	return out
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

// stripURL removes the *url.Error layer that net/http adds, since its message
// repeats the full, unredacted URL.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
