package httpcore

import (
	"encoding/base64"
	"errors"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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
// alphabet) on its own or inside a longer encoded value such as the
// "user:password" of a Basic credential.
type redactor struct {
	query map[string]bool // lower-cased parameter names

	mu       sync.Mutex // serialises addValue
	patterns atomic.Pointer[patterns]
}

// patterns is an immutable snapshot of what text redacts, replaced as a
// whole when a secret is added so that readers never lock.
type patterns struct {
	literal []string // secrets as they are, and forms no unescaping reveals
	base64  []string // the base64 of each secret at each byte alignment
}

func newRedactor(query []string) *redactor {
	r := &redactor{query: map[string]bool{}}
	for _, q := range query {
		r.query[strings.ToLower(q)] = true
	}
	r.patterns.Store(&patterns{})
	return r
}

// addValue registers a literal secret. A value shorter than minSecretLen is
// ignored.
func (r *redactor) addValue(v string) {
	if len(v) < minSecretLen {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	old := r.patterns.Load()
	next := &patterns{literal: slices.Clone(old.literal), base64: slices.Clone(old.base64)}
	add := func(list *[]string, p string) {
		if !slices.Contains(*list, p) {
			*list = append(*list, p)
		}
	}
	add(&next.literal, v)
	// A query string may carry a space as "+", which unescaping keeps.
	if strings.Contains(v, " ") {
		add(&next.literal, strings.ReplaceAll(v, " ", "+"))
	}
	for _, p := range base64Cores(v) {
		add(&next.base64, p)
	}
	r.patterns.Store(next)
}

// base64Cores returns, for each of the three byte alignments v may have
// inside a longer value, the base64 characters that depend on v's bytes
// alone, in the standard and the URL alphabet. Whatever surrounds v, its
// encoding holds one of them.
func base64Cores(v string) []string {
	var out []string
	for offset := range 3 {
		whole := (len(v) - offset) / 3 * 3
		if whole <= 0 {
			continue
		}
		chunk := []byte(v[offset : offset+whole])
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
			if p := enc.EncodeToString(chunk); len(p) >= minBase64Pattern && !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// text replaces every form of every registered secret in s.
func (r *redactor) text(s string) string {
	p := r.patterns.Load()
	if len(p.literal) == 0 || s == "" {
		return s
	}
	var spans []span
	views := []view{identityView(s)}
	seen := map[string]bool{s: true} // decoding in another order often gives the same text
	for depth := 0; len(views) > 0; depth++ {
		var next []view
		for _, v := range views {
			spans = append(spans, v.find(p)...)
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
