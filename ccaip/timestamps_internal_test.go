package ccaip

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseTimestampLayouts(t *testing.T) {
	at := time.Date(2024, 1, 2, 15, 4, 5, 0, time.UTC)
	ms := at.Add(123 * time.Millisecond)
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"2024-01-02T15:04:05Z", at},
		{"2024-01-02T15:04:05.123Z", ms},
		{"2024-01-02T15:04:05.123456789Z", at.Add(123456789)},
		{"2024-01-02T16:04:05+01:00", at},
		{"2024-01-02T08:04:05-0700", at},
		{"2024-01-02T16:04:05+01", at},
		{"2024-01-02T15:04:05", at},
		{"2024-01-02T15:04:05.123", ms},
		{"2024-01-02 15:04:05", at},
		{"2024-01-02 15:04:05 UTC", at},
		{"2024-01-02 15:04:05.123 UTC", ms},
		{"2024-01-02 15:04:05 GMT", at},
		{"2024-01-02 15:04:05Z", at},
		{"2024-01-02 16:04:05+0100", at},
		{"2024-01-02 16:04:05 +01:00", at},
		{"2024-01-02 08:04:05 -0700", at},
		{"2024-01-02 08:04:05.123 -0700", ms},
		{"2024-01-02 08:04:05 -0700 MST", at},
		{"Tue, 02 Jan 2024 08:04:05 -0700", at},
		{"Tue, 02 Jan 2024 15:04:05 GMT", at},
		{"2024-01-02", time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)},
		{"1704207845", at},
		{"1704207845123", ms},
		{"  2024-01-02T15:04:05Z ", at},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := parseTimestamp(tc.in)
			require.True(t, ok)
			assert.True(t, tc.want.Equal(got), "got %s", got)
		})
	}
	for _, in := range []string{
		"", "soon", "2024-13-02T15:04:05Z", "2024-01-02 15:04:05 IST", "Tue, 02 Jan 2024 15:04:05 EST",
		"15:04:05", "2024/01/02 15:04:05", "NaN", "1e400",
	} {
		_, ok := parseTimestamp(in)
		assert.False(t, ok, "%q", in)
	}
}

func TestWireTimeNeverFails(t *testing.T) {
	for in, want := range map[string]wireTime{
		`null`:                      {},
		`""`:                        {},
		`"  "`:                      {},
		`"2024-01-02 15:04:05 UTC"`: {Value: time.Date(2024, 1, 2, 15, 4, 5, 0, time.UTC)},
		`1704207845`:                {Value: time.Date(2024, 1, 2, 15, 4, 5, 0, time.UTC)},
		`"tomorrow"`:                {Raw: "tomorrow"},
		`true`:                      {Raw: "true"},
		`{"at":1}`:                  {Raw: `{"at":1}`},
		`[1,2]`:                     {Raw: `[1,2]`},
	} {
		var got wireTime
		require.NoError(t, json.Unmarshal([]byte(in), &got), in)
		assert.True(t, want.Value.Equal(got.Value), "%s: %v", in, got.Value)
		assert.Equal(t, want.Raw, got.Raw, in)
	}
}

func FuzzWireTime(f *testing.F) {
	for _, s := range []string{`"2024-01-02 15:04:05 UTC"`, `"2024-01-02T15:04:05.1-0700"`, `1704207845123`, `"x"`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) {
			return
		}
		var w wireTime
		if err := json.Unmarshal(b, &w); err != nil {
			t.Fatalf("%q: %v", b, err)
		}
		if !w.Value.IsZero() && w.Raw != "" {
			t.Fatalf("%q: both a time and raw text", b)
		}
	})
}
