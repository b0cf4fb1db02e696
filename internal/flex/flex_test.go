package flex

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decodes checks that each JSON text of want decodes to its value, and
// that each of bad fails to decode.
func decodes[T any](t *testing.T, want map[string]T, bad ...string) {
	t.Helper()
	for in, w := range want {
		var got T
		require.NoError(t, json.Unmarshal([]byte(in), &got), in)
		assert.Equal(t, w, got, in)
	}
	for _, in := range bad {
		var got T
		assert.Error(t, json.Unmarshal([]byte(in), &got), in)
	}
}

func TestInt(t *testing.T) {
	decodes(t, map[string]Int{
		`42`: {42, true}, `"42"`: {42, true}, `42.0`: {42, true}, `" 7 "`: {7, true}, `-3`: {-3, true},
		`""`: {}, `null`: {}, `"  "`: {},
	}, `"abc"`, `4.5`, `true`, `{}`, `[1]`, `1e300`)
}

func TestFloat(t *testing.T) {
	decodes(t, map[string]Float{`1.5`: {1.5, true}, `"37.7749"`: {37.7749, true}, `""`: {}, `null`: {}},
		`"NaN"`, `"Inf"`, `"x"`, `[]`)
}

func TestBool(t *testing.T) {
	decodes(t, map[string]Bool{
		`true`: {true, true}, `false`: {false, true}, `"true"`: {true, true}, `"False"`: {false, true},
		`1`: {true, true}, `"0"`: {false, true}, `"yes"`: {true, true}, `""`: {}, `null`: {},
	}, `"maybe"`, `2`)
}

func TestString(t *testing.T) {
	decodes(t, map[string]String{
		`"abc"`: {"abc", true}, `""`: {"", true}, `42`: {"42", true}, `1617043377`: {"1617043377", true},
		`true`: {"true", true}, `null`: {}, `1.50`: {"1.50", true},
	}, `{"a":1}`)
}

func TestTime(t *testing.T) {
	sec := time.Unix(1617043377, 0).UTC()
	ms := time.UnixMilli(1617043377123).UTC()
	for in, want := range map[string]Time{
		`1617043377`:                 {sec, true},
		`"1617043377"`:               {sec, true}, // seconds where milliseconds were promised
		`1617043377123`:              {ms, true},
		`"1617043377123"`:            {ms, true},
		`1617043377.5`:               {sec.Add(500 * time.Millisecond), true},
		`"2021-03-29T18:42:57Z"`:     {sec, true},
		`"2021-03-29 18:42:57"`:      {sec, true},
		`"2021-03-29T18:42:57.123Z"`: {ms, true},
		`""`:                         {},
		`null`:                       {},
	} {
		var got Time
		require.NoError(t, json.Unmarshal([]byte(in), &got), in)
		assert.True(t, want.Value.Equal(got.Value), "%s: %v != %v", in, got.Value, want.Value)
		assert.Equal(t, want.Valid, got.Valid, in)
	}
	for _, bad := range []string{`"yesterday"`, `1e20`, `[]`, `"NaN"`} {
		var got Time
		assert.Error(t, json.Unmarshal([]byte(bad), &got), bad)
	}
}

func TestSeconds(t *testing.T) {
	decodes(t, map[string]Seconds{
		`90`: {90 * time.Second, true}, `"90"`: {90 * time.Second, true}, `1.5`: {1500 * time.Millisecond, true},
		`""`: {}, `null`: {},
	}, `"soon"`, `1e300`)
}

// FuzzDecode feeds every type arbitrary JSON: an error is fine, a panic is not.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{`42`, `"42"`, `"1617043377"`, `1617043377123`, `true`, `""`, `null`, `"2021-03-29T18:42:57Z"`, `{"a":1}`, `1e999`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var (
			i  Int
			fl Float
			b  Bool
			s  String
			tm Time
			d  Seconds
		)
		for _, v := range []any{&i, &fl, &b, &s, &tm, &d} {
			_ = json.Unmarshal(data, v)
		}
	})
}
