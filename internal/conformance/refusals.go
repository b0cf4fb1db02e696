package conformance

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// Refusal is one input a package must refuse before any I/O.
type Refusal struct {
	// Name names the case.
	Name string
	// Arg is what the error must name: the refused argument, option or
	// field, as the caller writes it.
	Arg string
	// Call makes the refused call and returns its error.
	Call func(ctx context.Context) error
}

// Refusals checks each refusal: its error matches invalid (the package's
// ErrInvalidArgument, which must be the shared one), names the package
// (vendor) and the refused argument, holds none of secrets in any
// encoding, and fits on one line. sent is called afterwards and must
// report that no request reached the server.
func Refusals(t *testing.T, vendor string, invalid error, sent func() int, secrets []string, cases []Refusal) {
	t.Helper()
	if invalid != httpcore.ErrInvalidArgument {
		t.Fatalf("%s.ErrInvalidArgument is not the shared sentinel", vendor)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			err := c.Call(t.Context())
			if err == nil {
				t.Fatalf("%s: accepted", c.Name)
			}
			CheckErrorText(t, err, secrets)
			if !errors.Is(err, invalid) {
				t.Errorf("%v: does not match ErrInvalidArgument", err)
			}
			if !strings.HasPrefix(err.Error(), vendor+": ") {
				t.Errorf("%v: does not start with %q", err, vendor+": ")
			}
			if !strings.Contains(err.Error(), c.Arg) {
				t.Errorf("%v: does not name %s", err, c.Arg)
			}
		})
	}
	if n := sent(); n != 0 {
		t.Errorf("%s: %d requests reached the server; refused input must send nothing", vendor, n)
	}
}

// CheckErrorText fails the test if err's message spans more than one line
// or holds one of secrets raw, URL-escaped, JSON-escaped or in base64.
func CheckErrorText(t testing.TB, err error, secrets []string) {
	t.Helper()
	msg := err.Error()
	if strings.ContainsAny(msg, "\r\n") {
		t.Errorf("the error spans lines: %q", msg)
	}
	for _, s := range secrets {
		if s == "" {
			continue
		}
		j, _ := json.Marshal(s)
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s), strings.Trim(string(j), `"`), base64.StdEncoding.EncodeToString([]byte(s))} {
			if strings.Contains(msg, form) {
				t.Errorf("the error reveals a secret (%d characters): %q", len(s), strings.ReplaceAll(msg, form, "<SECRET>"))
			}
		}
	}
}

// Refuse is a [Refusal] of the call named name, whose error must name arg.
func Refuse(name, arg string, call func(ctx context.Context) error) Refusal {
	return Refusal{Name: name, Arg: arg, Call: call}
}
