package httpcore

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/switchboard-go/switchboard/internal/callopt"
)

// apply sets the request's own bound and retry count (a long poll's) and
// then the per-call options o (nil: none) on s, over the client's defaults.
// A retry count the request fixes stays over the caller's: a long poll
// that must not be resent (Bright Pattern's, whose stream recovers from
// the history) is sent once. A per-call timeout replaces every other bound.
func (s *call) apply(r *Request, o *callopt.Settings) error {
	if o != nil && o.Err != nil {
		return o.Err
	}
	if r.Timeout > 0 {
		s.timeout = r.Timeout
	}
	if o != nil && o.Timeout > 0 {
		s.timeout = o.Timeout
	}
	switch {
	case r.MaxRetries != nil:
		s.maxRetries = max(*r.MaxRetries, 0)
	case o != nil && o.MaxRetries != nil:
		s.maxRetries = max(*o.MaxRetries, 0)
	}
	return nil
}

// fill hands the call's outcome to the per-call ResponseInto: resp, or,
// when the call ended without one, the last answer an earlier attempt got.
func (s *call) fill(o *callopt.Settings, resp *http.Response) {
	if o == nil || o.Fill == nil {
		return
	}
	res := callopt.Result{Attempts: s.attempts, StatusCode: s.lastStatus, Header: s.lastHeader}
	if resp != nil {
		res.StatusCode, res.Header = resp.StatusCode, resp.Header
	}
	res.RequestID = RequestID(res.Header)
	o.Fill(res)
}

// requestIDHeaders are the headers a server names its request id in, in
// the order they are looked up.
var requestIDHeaders = []string{"X-Request-Id", "Request-Id", "X-Correlation-Id"}

// RequestID returns the first of X-Request-Id, Request-Id and
// X-Correlation-Id in h, or "".
func RequestID(h http.Header) string {
	for _, name := range requestIDHeaders {
		if v := h.Get(name); v != "" {
			return v
		}
	}
	return ""
}

// snapshot copies the values req holds, before authentication, for each
// header that the call's options add.
func snapshot(req http.Header, extra http.Header) http.Header {
	if len(extra) == 0 {
		return nil
	}
	out := make(http.Header, len(extra))
	for name := range extra {
		out[name] = slices.Clone(req[name])
	}
	return out
}

// ErrCredentialHeader is returned when a per-call header would replace or
// join the header that carries the client's credential. It matches
// [ErrInvalidArgument].
var ErrCredentialHeader = ArgumentSentinel("per-call header would override the credential header")

// checkCredentialHeaders refuses a per-call header that authentication
// changed: the header carries the credential.
func checkCredentialHeaders(req http.Header, before http.Header) error {
	for name, values := range before {
		if !slices.Equal(req[name], values) {
			return fmt.Errorf("%w: %s", ErrCredentialHeader, name)
		}
	}
	return nil
}

// Raw sends method to path, relative to the client's API root, with in
// encoded as its JSON body (nil: no body) and the 2xx body decoded into out
// (nil discards it). path may hold a query. The request is unsafe unless
// the call's options declare it idempotent (call.Idempotent).
func (c *Client) Raw(ctx context.Context, method, path string, in, out any) (*Response, error) {
	if method == "" || strings.ContainsAny(method, " \t\r\n\x00/") {
		return nil, InvalidArgument(c.vendor, "Raw: invalid method %q", method)
	}
	u, err := url.Parse(path)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Fragment != "" {
		return nil, InvalidArgument(c.vendor, "Raw: path %q must be relative to the API root", c.redactor.text(path))
	}
	for seg := range strings.SplitSeq(u.Path, "/") {
		if seg == "." || seg == ".." {
			return nil, InvalidArgument(c.vendor, "Raw: path %q must not hold . or .. segments", c.redactor.text(path))
		}
	}
	method = strings.ToUpper(method)
	r := &Request{
		Operation: method + " " + c.redactor.text(u.Path),
		Method:    method,
		URL:       c.baseRoot + "/" + strings.TrimPrefix(u.EscapedPath(), "/"),
	}
	if u.RawQuery != "" {
		r.URL += "?" + u.RawQuery
	}
	if in != nil {
		r.JSON = in
	}
	if ctx != nil {
		if o := callopt.From(ctx); o != nil && o.Idempotent {
			r.Safety = Idempotent
		}
	}
	return c.Do(ctx, r, out)
}
