package longpoll

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

func TestWatchResolve(t *testing.T) {
	w := Watch{}.Resolve(time.Second)
	assert.Equal(t, Watch{Interval: time.Second, MaxFailures: defaultMaxFailures, WaitMin: time.Second, WaitMax: 8 * time.Second}, w)

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

	cfg := Apply(Config[int]{}, w, nil, "w")
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

func TestWatchLogsWaitsAndGiveUp(t *testing.T) {
	var buf bytes.Buffer
	core, err := httpcore.New(httpcore.Config{Vendor: "t", Settings: httpcore.Settings{
		BaseURL: "https://example.com/", Logger: slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}})
	require.NoError(t, err)
	polls := 0
	cfg := Apply(Config[int]{Poll: func(context.Context) (Batch[int], error) {
		polls++
		return Batch[int]{}, transient
	}}, Watch{MaxFailures: 3, WaitMin: time.Microsecond, WaitMax: time.Millisecond}.Resolve(time.Millisecond), core, "WatchThings")
	var errs []error
	for _, err := range Seq(context.Background(), cfg) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.Equal(t, 3, polls)

	var waits, gaveUp []map[string]any
	dec := json.NewDecoder(&buf)
	for dec.More() {
		var r map[string]any
		require.NoError(t, dec.Decode(&r))
		switch r["msg"] {
		case "t watch retry wait":
			waits = append(waits, r)
		case "t watch give up":
			gaveUp = append(gaveUp, r)
		}
	}
	require.Len(t, waits, 2, "a wait after each failure but the last")
	for i, w := range waits {
		assert.Equal(t, "DEBUG", w["level"])
		assert.Equal(t, "WatchThings", w["watch"])
		assert.EqualValues(t, i+1, w["failures"])
		assert.Contains(t, w["reason"], "connection reset")
		assert.Contains(t, w, "wait")
	}
	require.Len(t, gaveUp, 1)
	assert.Equal(t, "3 failed polls in a row", gaveUp[0]["reason"])
}
