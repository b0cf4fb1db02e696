package conformance

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/switchboard-go/switchboard/fake"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

// cancelStopsCall: a call held by the server returns as soon as its
// context is cancelled, with an error matching context.Canceled.
func (s *suite[C, F]) cancelStopsCall(t *testing.T) {
	e := s.start(t)
	ctx, cancel := context.WithCancel(testContext(t))
	defer cancel()
	do := e.prepare(t, ctx, s.v.Idempotent)
	arrived, held := arrival()
	e.inject(s.v.Idempotent.Method, s.v.Idempotent.Path, fake.Fault{Delay: longDelay, Match: arrived})

	done := async(ctx, do)
	await(t, held, "the call to reach the fake")
	cancel()
	start := time.Now()
	err := await(t, done, "the call to return after its context was cancelled")
	assert.Less(t, time.Since(start), promptly, "the call returned at once")
	assert.ErrorIs(t, err, context.Canceled)
}

// cancelStopsIterator: an iterator whose poll is held by the server ends as
// soon as its context is cancelled, yielding the context's error or
// nothing.
func (s *suite[C, F]) cancelStopsIterator(t *testing.T) {
	e := s.start(t)
	ctx, cancel := context.WithCancel(testContext(t))
	defer cancel()
	seq, err := s.v.Stream.Open(ctx, e.client, e.fake)
	require.NoError(t, err, "opening the iterator")
	arrived, held := arrival()
	e.inject(s.v.Stream.Method, s.v.Stream.Path, fake.Fault{Delay: longDelay, Match: arrived})

	done := make(chan []error, 1)
	go func() { done <- fixture.Errs(seq) }()
	await(t, held, "the iterator's poll to reach the fake")
	cancel()
	start := time.Now()
	errs := await(t, done, "the iterator to end after its context was cancelled")
	assert.Less(t, time.Since(start), promptly, "the iterator ended at once")
	assert.LessOrEqual(t, len(errs), 1, "an iterator yields at most one error: %v", errs)
	for _, err := range errs {
		assert.ErrorIs(t, err, context.Canceled)
	}
}

// brokenOffIterator: breaking out of the loop after the first item leaves
// no goroutine running once the fake and the client's idle connections are
// closed.
func (s *suite[C, F]) brokenOffIterator(t *testing.T) {
	before := goleak.IgnoreCurrent()
	e := s.start(t)
	ctx := testContext(t)
	seq, err := s.v.Stream.Open(ctx, e.client, e.fake)
	require.NoError(t, err, "opening the iterator")
	items := 0
	var first error
	for _, err := range seq {
		items, first = items+1, err
		break
	}
	require.Equal(t, 1, items, "the iterator yields an item at once")
	require.NoError(t, first)
	e.close()
	goleak.VerifyNone(t, before)
}
