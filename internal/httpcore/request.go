package httpcore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/go-querystring/query"

	"github.com/switchboard-go/switchboard/internal/callopt"
)

// Safety says whether an operation may be sent twice.
type Safety int

const (
	// Unsafe operations (sending a message, creating a chat, uploading) are
	// retried only when the request provably never reached the server, or
	// was refused with 429. It is the zero value, so an operation that
	// declares nothing is never resent.
	Unsafe Safety = iota
	// Idempotent operations (reads, PUT, DELETE, read-only commands) are
	// retried on connection errors and on 429, 502, 503 and 504.
	Idempotent
)

// String names the safety for logs.
func (s Safety) String() string {
	if s == Idempotent {
		return "idempotent"
	}
	return "unsafe"
}

// Request describes one API operation.
type Request struct {
	// Operation names the operation in log records, such as AnyCom's
	// "chat show" (group and command). Empty names it by Method and the
	// Path template ("GET chats/{chatId}/events"), or by Method alone for
	// a request to an absolute URL.
	Operation string
	// Method is the HTTP method.
	Method string
	// Path is a template relative to the base URL, such as
	// "chats/{chatId}/events". Each {name} is replaced, in order, by the
	// next value of PathParams, escaped with url.PathEscape.
	Path       string
	PathParams []string
	// URL, when set, is an absolute URL used instead of the base URL and
	// Path (a pre-signed upload URL, say).
	URL string
	// Query is a struct with `url:` tags (encoded by go-querystring, arrays
	// as repeated keys) or a url.Values. Nil sends no query of its own.
	Query any
	// Header holds request headers; each value is checked for CR and LF.
	Header http.Header
	// JSON, when non-nil, is encoded as the body with Content-Type
	// application/json. Raw bytes may be given as json.RawMessage.
	JSON any
	// Body is a streaming body. Set JSON or Body, not both.
	Body *Body
	// Safety declares whether the operation may be retried.
	Safety Safety
	// MaxRetries overrides the client's retry count for this request:
	// nil keeps it, a pointer to 0 disables retries.
	MaxRetries *int
	// Timeout bounds each attempt of this request instead of the client's
	// timeout: a long poll, which the server holds on purpose, sets its
	// own. Zero keeps the client's.
	Timeout time.Duration
	// NoAuth skips the credential step (a pre-signed storage URL).
	NoAuth bool
	// Sends, when set, counts every time the transport writes the
	// request's headers, over all attempts: more than one for a single
	// attempt is a resend of the transport's own, even when the call fails.
	Sends *atomic.Int32
}

// ErrInvalidPathParam is returned for a path parameter that is empty, "."
// or "..", or when the template and its parameters do not match. It
// matches [ErrInvalidArgument].
var ErrInvalidPathParam = ArgumentSentinel("invalid path parameter")

// expandPath returns root, a slash and template with its {name}
// placeholders filled with params, each escaped with url.PathEscape: the
// request URL without its query, built in one buffer. An empty template
// gives root alone; one leading slash of the template is dropped.
func expandPath(root, template string, params ...string) (string, error) {
	if template == "" && len(params) == 0 {
		return root, nil
	}
	var b strings.Builder
	n := len(root) + 1 + len(template)
	for _, p := range params {
		n += len(p)
	}
	b.Grow(n)
	b.WriteString(root)
	b.WriteByte('/')
	rest := strings.TrimPrefix(template, "/")
	used := 0
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			b.WriteString(rest)
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return "", fmt.Errorf("%w: unclosed placeholder in %q", ErrInvalidPathParam, template)
		}
		name := rest[open+1 : open+end]
		if used >= len(params) {
			return "", fmt.Errorf("%w: no value for {%s}", ErrInvalidPathParam, name)
		}
		p := params[used]
		used++
		if p == "" || p == "." || p == ".." {
			return "", fmt.Errorf("%w: {%s} must not be %q", ErrInvalidPathParam, name, p)
		}
		b.WriteString(rest[:open])
		b.WriteString(url.PathEscape(p))
		rest = rest[open+end+1:]
	}
	if used != len(params) {
		return "", fmt.Errorf("%w: %d values for %d placeholders in %q", ErrInvalidPathParam, len(params), used, template)
	}
	return b.String(), nil
}

// resolve builds the request URL from the base URL, path and query. The
// result is a string, parsed once by http.NewRequest.
func (c *Client) resolve(r *Request) (string, error) {
	var target string
	var q url.Values
	if r.URL != "" {
		parsed, err := url.Parse(r.URL)
		if err != nil || !parsed.IsAbs() {
			return "", fmt.Errorf("invalid request URL %q", c.redactor.url(r.URL))
		}
		q = parsed.Query()
		parsed.RawQuery = ""
		target = parsed.String()
	} else {
		var err error
		target, err = expandPath(c.baseRoot, r.Path, r.PathParams...)
		if err != nil {
			return "", err
		}
	}
	if r.Query == nil && len(q) == 0 {
		return target, nil
	}
	extra, err := encodeQuery(r.Query)
	if err != nil {
		return "", err
	}
	if q == nil {
		q = extra
	} else {
		for k, vs := range extra {
			q[k] = append(q[k], vs...)
		}
	}
	if len(q) == 0 {
		return target, nil
	}
	return target + "?" + q.Encode(), nil
}

// encodeQuery turns a `url:`-tagged struct (or url.Values, or nil) into
// query values.
func encodeQuery(v any) (url.Values, error) {
	switch q := v.(type) {
	case nil:
		return url.Values{}, nil
	case url.Values:
		out := make(url.Values, len(q))
		for k, vs := range q {
			out[k] = append([]string(nil), vs...)
		}
		return out, nil
	}
	q, err := query.Values(v)
	if err != nil {
		return nil, invalidArgument("encode query: %w", err)
	}
	return q, nil
}

// newHTTPRequest builds the *http.Request for one operation.
func (c *Client) newHTTPRequest(ctx context.Context, r *Request, opts *callopt.Settings) (*http.Request, *Body, error) {
	target, err := c.resolve(r)
	if err != nil {
		return nil, nil, err
	}
	body := r.Body
	if r.JSON != nil {
		if body != nil {
			return nil, nil, errors.New("request has both a JSON and a streaming body")
		}
		buf, err := encodeJSON(r.JSON)
		if err != nil {
			return nil, nil, err
		}
		body = bytesBody(buf, "application/json")
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, target, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("build request: %w", err)
	}
	if !r.NoAuth && r.URL != "" {
		// A request on the base URL goes to the scheme and host NewClient
		// checked; an absolute URL is checked here.
		if err := checkTransportSecurity(req.URL, c.insecure); err != nil {
			return nil, nil, err
		}
	}
	for name, values := range r.Header {
		for _, v := range values {
			if err := CheckHeaderValue(name, v); err != nil {
				return nil, nil, err
			}
			req.Header.Add(name, v)
		}
	}
	if req.Header.Get("User-Agent") == "" && c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if body != nil && body.contentType != "" && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", body.contentType)
	}
	if r.NoAuth {
		return req, body, nil
	}
	var extra http.Header
	if opts != nil {
		extra = opts.Header
	}
	for name, values := range extra {
		req.Header[name] = slices.Clone(values) // replaces the package's own value
	}
	before := snapshot(req.Header, extra)
	if c.authenticate != nil {
		if err := c.authenticate(req); err != nil {
			return nil, nil, err
		}
	}
	if err := checkCredentialHeaders(req.Header, before); err != nil {
		return nil, nil, err
	}
	return req, body, nil
}

func encodeJSON(v any) ([]byte, error) {
	if raw, ok := v.(json.RawMessage); ok {
		if !json.Valid(raw) {
			return nil, invalidArgument("encode body: invalid raw JSON")
		}
		return raw, nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, invalidArgument("encode body: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
