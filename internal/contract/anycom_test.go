package contract

import (
	"fmt"
	"testing"

	"github.com/switchboard-go/switchboard/anycom/anycomtest"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

// anycom reads AnyCom's envelope: its status is the error code of a
// failed command.
var anycom = Vendor{ErrorCode: func(body any) string {
	env, ok := body.(map[string]any)
	if !ok {
		return ""
	}
	if status, ok := env["status"].(float64); ok && status >= 300 {
		return fmt.Sprint(status)
	}
	return ""
}}

// anycomAllow lists the intended differences between the fake and the
// AnyCom recordings.
var anycomAllow = []Allow{}

// TestAnyCom replays every AnyCom recording against a fresh default fake:
// the fake holds the collection's examples, so no request needs seeding
// and the recorded credentials are the fake's defaults.
func TestAnyCom(t *testing.T) {
	var cases []Case
	for _, ex := range fixture.Glob(t, "../../testdata/anycom/*.json") {
		srv := anycomtest.NewServer()
		t.Cleanup(srv.Close)
		cases = append(cases, Case{Exchange: ex, Base: srv.URL()})
	}
	Check(t, anycom, anycomAllow, cases...)
}
