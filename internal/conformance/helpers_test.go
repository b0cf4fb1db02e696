package conformance

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/fixture"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// vendorError has the fields of a vendor's Error.
type vendorError struct {
	StatusCode, Attempts int
	Message, RequestID   string
	Body                 []byte
	Header               http.Header
	wrapped              error
}

func (e *vendorError) Error() string { return "vendor: " + e.Message }
func (e *vendorError) Unwrap() error { return e.wrapped }

// lacking is an error without the Attempts field.
type lacking struct{ StatusCode int }

func (*lacking) Error() string { return "lacking" }

func TestErrorAsReadsEveryField(t *testing.T) {
	e := &vendorError{StatusCode: 503, Attempts: 3, Message: "down", RequestID: "r1", Body: []byte("{}"),
		Header: http.Header{"X": {"1"}}}
	info, ok := ErrorAs[*vendorError](fmt.Errorf("wrapped: %w", e))
	require.True(t, ok)
	assert.Equal(t, ErrorInfo{StatusCode: 503, Attempts: 3, Message: "down", Body: []byte("{}"), RequestID: "r1",
		Header: http.Header{"X": {"1"}}}, info)

	_, ok = ErrorAs[*vendorError](errors.New("other"))
	assert.False(t, ok)
	assert.PanicsWithValue(t, "conformance: conformance.lacking has no field Attempts of type int", func() {
		_, _ = ErrorAs[*lacking](&lacking{})
	})
}

func TestGaveUpPassesAWatcherThatGaveUp(t *testing.T) {
	err := &vendorError{StatusCode: 503, Attempts: 3, wrapped: httpcore.ErrServerError}
	GaveUp(t, []error{err}, 3, 3, ErrorAs[*vendorError])
}

func TestGaveUpFailsEachViolation(t *testing.T) {
	for name, tc := range map[string]struct {
		errs     []error
		requests int
		want     string
	}{
		"two errors":         {[]error{errors.New("a"), errors.New("b")}, 3, "yielded 2 errors, want one"},
		"no error":           {nil, 3, "yielded 0 errors, want one"},
		"not ErrServerError": {[]error{&vendorError{StatusCode: 503, Attempts: 3}}, 3, "does not match ErrServerError"},
		"more polls":         {[]error{&vendorError{StatusCode: 503, Attempts: 3, wrapped: httpcore.ErrServerError}}, 4, "received 4 polls, want 3"},
		"no vendor Error":    {[]error{httpcore.ErrServerError}, 3, "holds no vendor Error"},
		"attempts unknown":   {[]error{&vendorError{StatusCode: 503, wrapped: httpcore.ErrServerError}}, 3, "status 503 after 0 attempts"},
	} {
		failures := fixture.Failures(t, func(tb testing.TB) { GaveUp(tb, tc.errs, tc.requests, 3, ErrorAs[*vendorError]) })
		assert.Contains(t, strings.Join(failures, "\n"), tc.want, name)
	}
}
