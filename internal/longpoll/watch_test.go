package longpoll

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

func TestWatchResolve(t *testing.T) {
	w := Watch{}.Resolve(time.Second)
	assert.Equal(t, Watch{Interval: time.Second, MaxFailures: DefaultMaxFailures, WaitMin: time.Second, WaitMax: 8 * time.Second}, w)

	var set Watch
	set.SetInterval(time.Minute)
	w = set.Resolve(time.Second)
	assert.Equal(t, time.Minute, w.Interval)
	assert.Equal(t, time.Minute, w.WaitMin, "the wait bounds follow the interval")
	assert.Equal(t, 8*time.Minute, w.WaitMax)

	set.SetMaxFailures(2)
	set.SetWait(time.Millisecond, 3*time.Millisecond)
	w = set.Resolve(time.Second)
	assert.Equal(t, 2, w.MaxFailures)
	assert.Equal(t, time.Millisecond, w.WaitMin)
	assert.Equal(t, 3*time.Millisecond, w.WaitMax)
	require.NoError(t, set.Check("v"))

	cfg := Apply(Config[int]{}, w)
	assert.Equal(t, time.Minute, cfg.Interval)
	assert.Equal(t, 2, cfg.MaxFailures)
	assert.Equal(t, time.Millisecond, cfg.WaitMin)
	assert.Equal(t, 3*time.Millisecond, cfg.WaitMax)
}

func TestWatchCheck(t *testing.T) {
	for name, set := range map[string]func(*Watch){
		"negative interval": func(w *Watch) { w.SetInterval(-1) },
		"zero failures":     func(w *Watch) { w.SetMaxFailures(0) },
		"zero wait":         func(w *Watch) { w.SetWait(0, time.Second) },
		"min above max":     func(w *Watch) { w.SetWait(time.Second, time.Millisecond) },
	} {
		var w Watch
		set(&w)
		w.SetInterval(time.Second) // a later valid setting keeps the first problem
		err := w.Check("v")
		require.ErrorIs(t, err, httpcore.ErrInvalidArgument, name)
		assert.Regexp(t, `^v: Watch\w+: `, err.Error(), name)
	}
}
