// Package call holds the options of one client call, the same for every
// package of switchboard: each client method (and iterator) takes them as
// its final variadic argument, and the client's own options stay the
// defaults.
//
//	var resp call.Response
//	chat, err := client.GetChat(ctx, id, call.Timeout(5*time.Second), call.ResponseInto(&resp))
//	log.Println(resp.StatusCode, resp.RequestID, resp.Attempts)
package call

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// Option tunes one call. Only this package makes them.
type Option interface {
	// Apply records the option in the call's settings.
	Apply(*callopt.Settings)
}

// optionFunc is every Option of this package.
type optionFunc func(*callopt.Settings)

func (f optionFunc) Apply(s *callopt.Settings) { f(s) }

// Timeout bounds each attempt of this call instead of the client's
// WithTimeout; zero or a negative d keeps the client's. It replaces a long
// poll's own bound too, so for a poll the server holds open d must exceed
// the hold.
func Timeout(d time.Duration) Option {
	return optionFunc(func(s *callopt.Settings) {
		if d > 0 {
			s.Timeout = d
		}
	})
}

// MaxRetries sets the number of retries after the first attempt for this
// call instead of the client's WithMaxRetries; zero or a negative n means
// none. It never makes an unsafe call retry-safe, and a watcher's polls go
// out once each whatever it says: the watcher repeats a failed poll itself.
func MaxRetries(n int) Option {
	n = max(n, 0)
	return optionFunc(func(s *callopt.Settings) { s.MaxRetries = &n })
}

// Header adds a request header to every request of this call (not to a
// pre-signed storage URL, which carries no credential either), replacing
// any value the package sets itself (User-Agent, say); several Header
// options with one key send every value. The call
// fails before any I/O with an error matching the package's
// ErrInvalidArgument when the value holds CR, LF or NUL, or when the
// header is the one that carries the client's credential.
func Header(key, value string) Option {
	return optionFunc(func(s *callopt.Settings) {
		if s.Err != nil {
			return
		}
		name := http.CanonicalHeaderKey(key)
		if !validName(key) {
			s.Err = fmt.Errorf("%w: call.Header: invalid header name %q", httpcore.ErrInvalidHeader, key)
			return
		}
		if err := httpcore.CheckHeaderValue(name, value); err != nil {
			s.Err = fmt.Errorf("call.Header: %w", err)
			return
		}
		if s.Header == nil {
			s.Header = http.Header{}
		}
		s.Header.Add(name, value)
	})
}

// validName reports whether key is a header field name: one or more
// token characters (RFC 9110).
func validName(key string) bool {
	if key == "" {
		return false
	}
	for _, r := range key {
		if r > 0x7e || !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", r)) {
			return false
		}
	}
	return true
}

// Idempotent declares a Raw call safe to send again: it is then retried on
// connection errors and on 429, 502, 503 and 504 like the package's reads.
// Without it a Raw call is unsafe, never resent once it may have reached
// the server. The typed methods keep their own safety.
func Idempotent() Option {
	return optionFunc(func(s *callopt.Settings) { s.Idempotent = true })
}

// Response is the metadata of a call's last HTTP response.
type Response struct {
	// StatusCode is the answer's status. When the last attempt got none
	// (the connection failed or timed out), it and Header are those of the
	// last answer an earlier attempt got: zero and nil when none came.
	StatusCode int
	// Header holds the answer's headers (rate-limit headers among them).
	Header http.Header
	// RequestID is the first of X-Request-Id, Request-Id and
	// X-Correlation-Id the server sent; empty when it sent none.
	RequestID string
	// Attempts is how many times the request was sent.
	Attempts int
}

// ResponseInto fills r when the call ends, on success and on failure. For
// an iterator, or a method that sends several requests, r holds the last
// response. A call refused before any I/O leaves r untouched. Give each
// call its own r: concurrent calls must not share one.
func ResponseInto(r *Response) Option {
	return optionFunc(func(s *callopt.Settings) {
		if r == nil {
			return
		}
		s.Fill = func(res callopt.Result) {
			*r = Response{StatusCode: res.StatusCode, Header: res.Header, RequestID: res.RequestID, Attempts: res.Attempts}
		}
	})
}
