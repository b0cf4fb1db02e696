package calltest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// HeaderRefused checks that do, a call made with one more call option,
// refuses each header a caller must not set: credential (the package's
// credential header, its value holding secret), a value with CR/LF and a
// name with a space. Each error must match httpcore.ErrInvalidArgument and
// hold no secret, and no request may reach srv.
func HeaderRefused(t testing.TB, srv *Server, credential call.Option, secret string, do func(ctx context.Context, opt call.Option) error) {
	t.Helper()
	srv.Seen()
	for _, c := range []struct {
		name string
		opt  call.Option
	}{
		{"credential", credential},
		{"newline", call.Header("X-Note", "a\r\nX-Evil: 1")},
		{"bad name", call.Header("X Note", "a")},
	} {
		err := do(context.Background(), c.opt)
		if !errors.Is(err, httpcore.ErrInvalidArgument) {
			t.Errorf("%s header: err = %v, want one matching ErrInvalidArgument", c.name, err)
		}
		if err != nil && strings.Contains(err.Error(), secret) {
			t.Errorf("%s header: the error reveals the header's value: %v", c.name, err)
		}
	}
	if seen := srv.Seen(); len(seen) != 0 {
		t.Errorf("%d requests reached the server; a refused header must not", len(seen))
	}
}

// RawStaysInside checks that raw, the package's Raw with a path, refuses
// with an error matching httpcore.ErrInvalidArgument every path that
// leaves the API root: an absolute URL, a scheme-relative one, and climb,
// which climbs out with "..".
func RawStaysInside(t testing.TB, climb string, raw func(ctx context.Context, path string) error) {
	t.Helper()
	for _, path := range []string{"https://elsewhere.example/api", climb, "//elsewhere.example/x"} {
		if err := raw(context.Background(), path); !errors.Is(err, httpcore.ErrInvalidArgument) {
			t.Errorf("Raw %s: err = %v, want one matching ErrInvalidArgument", path, err)
		}
	}
}
