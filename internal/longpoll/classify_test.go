package longpoll

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// vendorError stands for a vendor's error type: it matches the shared
// sentinels through Is and carries its attempts and Retry-After.
type vendorError struct {
	status     int
	attempts   int
	retryAfter time.Duration
}

func (e *vendorError) Error() string {
	return fmt.Sprintf("vendor: HTTP %d%s", e.status, httpcore.AttemptsSuffix(e.attempts))
}

func (e *vendorError) Is(target error) bool {
	return target != nil && httpcore.StatusSentinel(e.status) == target
}

var vendorDetail = DetailOf(func(e *vendorError) ErrorDetail {
	return ErrorDetail{RetryAfter: e.retryAfter, Attempts: &e.attempts}
})

func TestRepollsReadsTheSharedSentinels(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{&vendorError{status: 503}, true},
		{&vendorError{status: 500}, true},
		{&vendorError{status: 429}, true},
		{fmt.Errorf("wrapped: %w", &vendorError{status: 502}), true},
		{&httpcore.DecodeError{Err: errors.New("unexpected EOF")}, true},
		{transient, true},
		{&vendorError{status: 401}, false},
		{&vendorError{status: 404}, false},
		{&vendorError{status: 400}, false},
		{context.Canceled, false},
		{&httpcore.TransportError{Err: context.Canceled}, false},
		{errors.New("page repeated"), false},
	} {
		assert.Equal(t, c.want, repolls(c.err), "%v", c.err)
	}
}

// failing returns a script whose every poll fails with a fresh error from
// mk, and counts the polls.
func failing(n int, mk func() error) *script {
	s := &script{}
	for range n {
		s.steps = append(s.steps, step{err: mk()})
	}
	return s
}

func TestGivingUpReportsEveryRequestOfTheRun(t *testing.T) {
	s := failing(20, func() error { return &vendorError{status: 503, attempts: 1} })
	cfg := s.config()
	cfg.Detail = vendorDetail
	_, errs := collect(Seq(context.Background(), cfg))
	require.Len(t, errs, 1)
	var e *vendorError
	require.ErrorAs(t, errs[0], &e)
	assert.Equal(t, defaultMaxFailures, s.n, "one request per poll, no more")
	assert.Equal(t, defaultMaxFailures, e.attempts)
	assert.ErrorContains(t, errs[0], fmt.Sprintf("(after %d attempts)", defaultMaxFailures))
}

func TestGivingUpCountsRequestsAPollSentItself(t *testing.T) {
	s := failing(3, func() error { return &vendorError{status: 503, attempts: 2} })
	cfg := s.config()
	cfg.Detail, cfg.MaxFailures = vendorDetail, 3
	_, errs := collect(Seq(context.Background(), cfg))
	var e *vendorError
	require.ErrorAs(t, errs[0], &e)
	assert.Equal(t, 6, e.attempts)
}

func TestGivingUpOnATransportErrorSetsItsAttempts(t *testing.T) {
	s := failing(3, func() error { return &httpcore.TransportError{Vendor: "t", Attempts: 1, Err: errors.New("reset")} })
	cfg := s.config()
	cfg.MaxFailures = 3
	_, errs := collect(Seq(context.Background(), cfg))
	var te *httpcore.TransportError
	require.ErrorAs(t, errs[0], &te)
	assert.Equal(t, 3, te.Attempts)
	assert.ErrorContains(t, errs[0], "(after 3 attempts)")
}

func TestGivingUpOnAnErrorWithoutACountSaysItInTheText(t *testing.T) {
	garbled := &httpcore.DecodeError{Vendor: "t", Err: errors.New("unexpected EOF")}
	s := failing(2, func() error { return garbled })
	cfg := s.config()
	cfg.MaxFailures = 2
	_, errs := collect(Seq(context.Background(), cfg))
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], httpcore.ErrMalformedResponse)
	assert.ErrorIs(t, errs[0], garbled)
	assert.ErrorContains(t, errs[0], "(after 2 attempts)")
}

func TestATerminalErrorAfterFailuresCountsTheRun(t *testing.T) {
	s := &script{steps: []step{
		{err: &vendorError{status: 503, attempts: 1}},
		{err: &vendorError{status: 401, attempts: 1}},
	}}
	cfg := s.config()
	cfg.Detail = vendorDetail
	_, errs := collect(Seq(context.Background(), cfg))
	var e *vendorError
	require.ErrorAs(t, errs[0], &e)
	assert.Equal(t, 401, e.status)
	assert.Equal(t, 2, e.attempts)
}

func TestASinglePermanentErrorIsLeftAlone(t *testing.T) {
	bad := &vendorError{status: 404, attempts: 1}
	s := &script{steps: []step{{err: bad}}}
	cfg := s.config()
	cfg.Detail = vendorDetail
	_, errs := collect(Seq(context.Background(), cfg))
	assert.Equal(t, []error{bad}, errs)
	assert.Equal(t, "vendor: HTTP 404", errs[0].Error())
}

func TestASuccessStartsTheCountAgain(t *testing.T) {
	s := &script{}
	for range 3 {
		s.steps = append(s.steps, step{err: &vendorError{status: 503, attempts: 1}}, step{batch: Batch[int]{Items: []int{1}}})
	}
	s.steps = append(s.steps, step{err: &vendorError{status: 404, attempts: 1}})
	cfg := s.config()
	cfg.Detail, cfg.MaxFailures = vendorDetail, 2
	items, errs := collect(Seq(context.Background(), cfg))
	assert.Equal(t, []int{1, 1, 1}, items)
	var e *vendorError
	require.ErrorAs(t, errs[0], &e)
	assert.Equal(t, 1, e.attempts)
}

func TestRetryAfterReadThroughDetailIsKeptButCapped(t *testing.T) {
	for _, tc := range []struct {
		retryAfter, waitMax, want time.Duration
	}{
		{30 * time.Second, time.Minute, 30 * time.Second},
		{time.Hour, 5 * time.Second, 5 * time.Second},
	} {
		s := &script{steps: []step{
			{err: &vendorError{status: 429, retryAfter: tc.retryAfter}},
			{batch: Batch[int]{Items: []int{1}, Done: true}},
		}}
		cfg := s.config()
		cfg.Detail, cfg.WaitMax = vendorDetail, tc.waitMax
		clock := &httpcore.RecordingClock{}
		items, errs := collect(Seq(httpcore.WithClock(context.Background(), clock), cfg))
		assert.Equal(t, []int{1}, items)
		assert.Empty(t, errs)
		assert.Equal(t, []time.Duration{tc.want}, clock.Waits(), "Retry-After %v, WaitMax %v", tc.retryAfter, tc.waitMax)
	}
}
