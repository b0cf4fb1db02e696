package conformance

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// GaveUp checks a watcher run against a server that answers every poll
// with a 503 (fixture.Down), told to give up after polls failed polls:
// it yielded one error (errs), which matches httpcore.ErrServerError and
// holds the vendor's Error, read by errorAs, for a 503 after polls
// attempts, and says so in its message; and the server received polls
// requests.
func GaveUp(t testing.TB, errs []error, requests, polls int, errorAs func(error) (ErrorInfo, bool)) {
	t.Helper()
	if len(errs) != 1 {
		t.Fatalf("the watcher yielded %d errors, want one: %v", len(errs), errs)
	}
	err := errs[0]
	if !errors.Is(err, httpcore.ErrServerError) {
		t.Errorf("%v: does not match ErrServerError", err)
	}
	if requests != polls {
		t.Errorf("the server received %d polls, want %d", requests, polls)
	}
	info, ok := errorAs(err)
	if !ok {
		t.Fatalf("%v: holds no vendor Error", err)
	}
	if info.StatusCode != http.StatusServiceUnavailable || info.Attempts != polls {
		t.Errorf("%v: status %d after %d attempts, want 503 after %d", err, info.StatusCode, info.Attempts, polls)
	}
	if want := fmt.Sprintf("(after %d attempts)", polls); !strings.Contains(err.Error(), want) {
		t.Errorf("%v: the message does not say %s", err, want)
	}
}
