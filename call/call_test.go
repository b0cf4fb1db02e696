package call

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

func settings(opts ...Option) callopt.Settings {
	var s callopt.Settings
	for _, o := range opts {
		o.Apply(&s)
	}
	return s
}

func TestOptions(t *testing.T) {
	s := settings(Timeout(time.Second), MaxRetries(-3), Header("x-a", "1"), Header("X-A", "2"), Idempotent())
	if s.Timeout != time.Second || s.MaxRetries == nil || *s.MaxRetries != 0 || !s.Idempotent || s.Err != nil {
		t.Fatalf("settings %+v", s)
	}
	if got := s.Header["X-A"]; len(got) != 2 || got[0] != "1" || got[1] != "2" {
		t.Fatalf("headers %v", s.Header)
	}
	if s := settings(Timeout(-time.Second)); s.Timeout != 0 {
		t.Fatalf("a negative timeout must keep the client's, got %v", s.Timeout)
	}
}

func TestHeaderRefused(t *testing.T) {
	for _, tc := range []struct{ key, value string }{
		{"X-A", "a\r\nX-B: b"}, {"X-A", "a\nb"}, {"X-A", "a\x00"}, {"", "v"}, {"X A", "v"}, {"X:A", "v"}, {"X-A\n", "v"},
	} {
		s := settings(Header(tc.key, tc.value), Header("X-Ok", "v"))
		if !errors.Is(s.Err, httpcore.ErrInvalidArgument) || !errors.Is(s.Err, httpcore.ErrInvalidHeader) {
			t.Errorf("Header(%q, %q): err %v, want one matching ErrInvalidArgument", tc.key, tc.value, s.Err)
		}
	}
}

func TestResponseInto(t *testing.T) {
	var r Response
	s := settings(ResponseInto(&r))
	h := http.Header{"X-Request-Id": {"id"}}
	s.Fill(callopt.Result{StatusCode: 503, Header: h, RequestID: "id", Attempts: 4})
	if r.StatusCode != 503 || r.RequestID != "id" || r.Attempts != 4 || r.Header.Get("X-Request-Id") != "id" {
		t.Fatalf("response %+v", r)
	}
	if s := settings(ResponseInto(nil)); s.Fill != nil {
		t.Fatal("ResponseInto(nil) must fill nothing")
	}
}
