package conformance

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/fake"
	"github.com/switchboard-go/switchboard/internal/fixture"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// Sizes for the response cap check: the cap leaves room for the fake's
// ordinary answers, the oversized body is well past it.
const (
	responseCap   = 16 << 10
	oversizedBody = 256 << 10
)

// malformed is a JSON body cut short.
const malformed = `{"broken`

// oversizedResponse: a 200 whose body is larger than WithMaxResponseBytes
// gives an error matching httpcore.ErrResponseTooLarge, not a panic.
func (s *suite[C, F]) oversizedResponse(t *testing.T) {
	body := `{"padding":"` + strings.Repeat("x", oversizedBody) + `"}`
	tr := s.start(t, func(set *Settings) { set.MaxResponseBytes = responseCap }).
		arm(t, s.v.Idempotent, fake.Fault{Status: http.StatusOK, Body: body})

	var err error
	require.NotPanics(t, func() { err = tr.do(tr.ctx) })
	require.Error(t, err, "a %d-byte response with a %d-byte cap", len(body), responseCap)
	assert.ErrorIs(t, err, httpcore.ErrResponseTooLarge)
}

// malformedJSON: a 200 with a truncated JSON body gives an error, not a
// panic, from a call; an iterator whose polls are all answered so ends
// with an error.
func (s *suite[C, F]) malformedJSON(t *testing.T) {
	t.Run("Call", func(t *testing.T) {
		tr := s.start(t).arm(t, s.v.Idempotent, fake.Fault{Status: http.StatusOK, Body: malformed})

		var err error
		require.NotPanics(t, func() { err = tr.do(tr.ctx) })
		s.assertCallError(t, "idempotent call", err)
	})
	t.Run("Iterator", func(t *testing.T) {
		e := s.start(t)
		ctx, cancel := context.WithTimeout(t.Context(), giveUpWithin)
		defer cancel()
		seq, err := s.v.Stream.Open(ctx, e.client, e.fake)
		require.NoError(t, err, "opening the iterator")
		e.inject(s.v.Stream.Method, s.v.Stream.Path, fake.Fault{Status: http.StatusOK, Body: malformed, Times: 1 << 20})

		var errs []error
		require.NotPanics(t, func() { errs = fixture.Errs(seq) })
		require.Len(t, errs, 1, "the iterator ends with one error")
		require.False(t, errors.Is(errs[0], context.DeadlineExceeded) || errors.Is(errs[0], context.Canceled),
			"the iterator gives up on answers that are all malformed within %v, rather than poll until its context ends: %v",
			giveUpWithin, errs[0])
		s.assertCallError(t, "iterator", errs[0])
	})
}
