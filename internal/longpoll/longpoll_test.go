package longpoll

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// script answers polls from a list of (batch, error) steps and counts how
// many polls run at once.
type script struct {
	steps    []step
	n        int
	inFlight atomic.Int32
	maxSeen  atomic.Int32
}

type step struct {
	batch Batch[int]
	err   error
}

func (s *script) poll(ctx context.Context) (Batch[int], error) {
	now := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	if now > s.maxSeen.Load() {
		s.maxSeen.Store(now)
	}
	if s.n >= len(s.steps) {
		<-ctx.Done()
		return Batch[int]{}, ctx.Err()
	}
	st := s.steps[s.n]
	s.n++
	return st.batch, st.err
}

func (s *script) config() Config[int] {
	return Config[int]{Poll: s.poll, WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond}
}

func collect(seq func(func(int, error) bool)) (items []int, errs []error) {
	for v, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, v)
	}
	return
}

var transient = &httpcore.TransportError{Vendor: "t", Err: errors.New("connection reset")}

func TestEmptyPollsAreSuccessAndDoneEnds(t *testing.T) {
	s := &script{steps: []step{
		{batch: Batch[int]{}},
		{batch: Batch[int]{Items: []int{1, 2}}},
		{batch: Batch[int]{}},
		{batch: Batch[int]{Items: []int{3}, Done: true}},
	}}
	items, errs := collect(Seq(context.Background(), s.config()))
	assert.Equal(t, []int{1, 2, 3}, items)
	assert.Empty(t, errs)
	assert.EqualValues(t, 1, s.maxSeen.Load(), "one poll in flight")
}

func TestTerminalErrorAfterItems(t *testing.T) {
	ended := errors.New("session ended")
	s := &script{steps: []step{{batch: Batch[int]{Items: []int{1}, Err: ended}}}}
	items, errs := collect(Seq(context.Background(), s.config()))
	assert.Equal(t, []int{1}, items)
	assert.Equal(t, []error{ended}, errs)
}

func TestPermanentErrorYieldedOnce(t *testing.T) {
	bad := errors.New("unauthorized")
	s := &script{steps: []step{{err: bad}, {batch: Batch[int]{Items: []int{1}}}}}
	items, errs := collect(Seq(context.Background(), s.config()))
	assert.Empty(t, items)
	assert.Equal(t, []error{bad}, errs)
}

func TestTooManyFailuresEndTheStream(t *testing.T) {
	s := &script{}
	for range 10 {
		s.steps = append(s.steps, step{err: transient})
	}
	cfg := s.config()
	cfg.MaxFailures = 3
	_, errs := collect(Seq(context.Background(), cfg))
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], transient)
	assert.Equal(t, 3, s.n)
}

func TestBreakStopsPolling(t *testing.T) {
	s := &script{steps: []step{{batch: Batch[int]{Items: []int{1, 2, 3}}}, {batch: Batch[int]{Items: []int{4}}}}}
	for v := range Seq(context.Background(), s.config()) {
		if v == 2 {
			break
		}
	}
	assert.Equal(t, 1, s.n)
}

func TestCancelEndsAHeldPoll(t *testing.T) {
	s := &script{steps: []step{{batch: Batch[int]{Items: []int{1}}}}} // then the poll holds until cancelled
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var errs []error
	for v, err := range Seq(ctx, s.config()) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if v == 1 {
			cancel()
		}
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
}

func TestIntervalBetweenPolls(t *testing.T) {
	s := &script{steps: []step{{batch: Batch[int]{Items: []int{1}}}, {batch: Batch[int]{Done: true}}}}
	cfg := s.config()
	cfg.Interval = 15 * time.Second
	clock := &httpcore.RecordingClock{}
	items, _ := collect(Seq(httpcore.WithClock(context.Background(), clock), cfg))
	assert.Equal(t, []int{1}, items)
	assert.Equal(t, []time.Duration{15 * time.Second}, clock.Waits(), "one pause, between the two polls")
}

func TestRepolls(t *testing.T) {
	assert.True(t, repolls(transient))
	assert.False(t, repolls(errors.New("x")))
	pollTimeout := &httpcore.TransportError{Err: context.DeadlineExceeded}
	assert.True(t, repolls(pollTimeout), "a poll's own timeout re-polls")
}

func TestPollTimeoutRepollsButCallerCancelEnds(t *testing.T) {
	pollTimeout := &httpcore.TransportError{Err: context.DeadlineExceeded}
	s := &script{steps: []step{{err: pollTimeout}, {batch: Batch[int]{Items: []int{1}, Done: true}}}}
	cfg := s.config()
	items, errs := collect(Seq(context.Background(), cfg))
	assert.Equal(t, []int{1}, items)
	assert.Empty(t, errs)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, errs = collect(Seq(ctx, s.config()))
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], context.Canceled)
}

func TestMorePollsAtOnce(t *testing.T) {
	s := &script{steps: []step{
		{batch: Batch[int]{More: true}},
		{err: transient},
		{batch: Batch[int]{Items: []int{1}, More: true}},
		{batch: Batch[int]{Items: []int{2}, Done: true}},
	}}
	cfg := s.config()
	cfg.Interval = time.Hour
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	items, errs := collect(Seq(ctx, cfg))
	assert.Equal(t, []int{1, 2}, items, "no Interval after a part")
	assert.Empty(t, errs)
}

func TestAPartThatWorksEndsARunOfFailures(t *testing.T) {
	s := &script{}
	for range 4 {
		s.steps = append(s.steps, step{err: transient}, step{err: transient}, step{batch: Batch[int]{More: true}})
	}
	s.steps = append(s.steps, step{batch: Batch[int]{Items: []int{1}, Done: true}})
	cfg := s.config()
	cfg.MaxFailures = 3
	items, errs := collect(Seq(context.Background(), cfg))
	assert.Equal(t, []int{1}, items)
	assert.Empty(t, errs)
}
