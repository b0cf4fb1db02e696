package callopt

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// layer is an Option that sets the whole of a layer's settings.
type layer Settings

func (l layer) Apply(s *Settings) { *s = Settings(l) }

// layered returns the settings of ctx after each layer in turn.
func layered(layers ...Settings) *Settings {
	ctx := context.Background()
	for _, l := range layers {
		ctx = With(ctx, []layer{layer(l)})
	}
	return From(ctx)
}

func TestLayersMerge(t *testing.T) {
	zero, three := 0, 3
	errA, errB := errors.New("a"), errors.New("b")
	var filled string
	fillA := func(Result) { filled = "a" }
	fillB := func(Result) { filled = "b" }
	full := Settings{Timeout: time.Second, MaxRetries: &three, Header: http.Header{"X-A": {"1"}}, Idempotent: true, Fill: fillA}
	for _, tc := range []struct {
		name         string
		outer, inner Settings
		want         Settings
		fill         string // the Fill that the result calls: "a", "b" or none
	}{
		{name: "an empty inner layer inherits every field", outer: full, want: full, fill: "a"},
		{name: "an empty outer layer takes every field of the inner", inner: full, want: full, fill: "a"},
		{
			name:  "a watcher's send-once keeps the caller's header, timeout and fill",
			outer: full, inner: Settings{MaxRetries: &zero},
			want: Settings{Timeout: time.Second, MaxRetries: &zero, Header: full.Header, Idempotent: true, Fill: fillA}, fill: "a",
		},
		{
			name:  "the inner timeout replaces the outer",
			outer: Settings{Timeout: time.Second, MaxRetries: &three}, inner: Settings{Timeout: time.Minute},
			want: Settings{Timeout: time.Minute, MaxRetries: &three},
		},
		{
			name:  "headers merge by name, the inner's values replacing the outer's",
			outer: Settings{Header: http.Header{"X-A": {"1"}, "X-B": {"2", "3"}}},
			inner: Settings{Header: http.Header{"X-B": {"4"}, "X-C": {"5"}}},
			want:  Settings{Header: http.Header{"X-A": {"1"}, "X-B": {"4"}, "X-C": {"5"}}},
		},
		{name: "idempotent set outside stays", outer: Settings{Idempotent: true}, want: Settings{Idempotent: true}},
		{name: "idempotent set inside is added", inner: Settings{Idempotent: true}, want: Settings{Idempotent: true}},
		{name: "the inner fill replaces the outer", outer: Settings{Fill: fillA}, inner: Settings{Fill: fillB}, want: Settings{Fill: fillB}, fill: "b"},
		{name: "the outer error, the first, stays", outer: Settings{Err: errA}, inner: Settings{Err: errB}, want: Settings{Err: errA}},
		{name: "an inner error is reported", outer: full, inner: Settings{Err: errB}, want: Settings{Timeout: time.Second, MaxRetries: &three, Header: full.Header, Idempotent: true, Fill: fillA, Err: errB}, fill: "a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := layered(tc.outer, tc.inner)
			require.NotNil(t, got)
			filled = ""
			if got.Fill != nil {
				got.Fill(Result{})
			}
			assert.Equal(t, tc.fill, filled, "Fill")
			got.Fill, tc.want.Fill = nil, nil
			assert.Equal(t, tc.want, *got)
		})
	}
}

func TestLayerLeavesOuterUnchanged(t *testing.T) {
	outer := With(context.Background(), []layer{{Header: http.Header{"X-A": {"1"}}}})
	inner := With(outer, []layer{{Header: http.Header{"X-B": {"2"}}}})
	assert.Equal(t, http.Header{"X-A": {"1"}}, From(outer).Header)
	assert.Equal(t, http.Header{"X-A": {"1"}, "X-B": {"2"}}, From(inner).Header)
}

func TestLayerTwiceIsLayerOnce(t *testing.T) {
	three := 3
	l := Settings{Timeout: time.Second, MaxRetries: &three, Header: http.Header{"X-A": {"1", "2"}}, Idempotent: true}
	assert.Equal(t, layered(l), layered(l, l), "a method passing its options on to another sends each header once")
}

func TestOnce(t *testing.T) {
	three := 3
	ctx := Once(With(context.Background(), []layer{{Timeout: time.Second, MaxRetries: &three, Header: http.Header{"X-A": {"1"}}}}))
	got := From(ctx)
	require.NotNil(t, got.MaxRetries)
	assert.Zero(t, *got.MaxRetries, "sent once, whatever the caller asked")
	assert.Equal(t, time.Second, got.Timeout)
	assert.Equal(t, http.Header{"X-A": {"1"}}, got.Header)

	got = From(Once(context.Background()))
	require.NotNil(t, got.MaxRetries)
	assert.Zero(t, *got.MaxRetries)
}

func TestWithNothing(t *testing.T) {
	ctx := context.Background()
	assert.Equal(t, ctx, With[layer](ctx, nil), "no options: the same context")
	//lint:ignore SA1012 a nil context is the point
	assert.Nil(t, With(nil, []layer{{Idempotent: true}}), "a nil context stays nil")
	assert.Nil(t, From(ctx))
}
