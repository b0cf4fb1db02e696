package flex

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInt(t *testing.T) {
	for in, want := range map[string]Int{
		`42`: {42, true}, `"42"`: {42, true}, `42.0`: {42, true}, `" 7 "`: {7, true}, `-3`: {-3, true},
		`""`: {}, `null`: {}, `"  "`: {},
	} {
		var got Int
		require.NoError(t, json.Unmarshal([]byte(in), &got), in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{`"abc"`, `4.5`, `true`, `{}`, `[1]`, `1e300`} {
		var got Int
		assert.Error(t, json.Unmarshal([]byte(bad), &got), bad)
	}
}

func TestFloat(t *testing.T) {
	for in, want := range map[string]Float{`1.5`: {1.5, true}, `"37.7749"`: {37.7749, true}, `""`: {}, `null`: {}} {
		var got Float
		require.NoError(t, json.Unmarshal([]byte(in), &got), in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{`"NaN"`, `"Inf"`, `"x"`, `[]`} {
		var got Float
		assert.Error(t, json.Unmarshal([]byte(bad), &got), bad)
	}
}

func TestBool(t *testing.T) {
	for in, want := range map[string]Bool{
		`true`: {true, true}, `false`: {false, true}, `"true"`: {true, true}, `"False"`: {false, true},
		`1`: {true, true}, `"0"`: {false, true}, `"yes"`: {true, true}, `""`: {}, `null`: {},
	} {
		var got Bool
		require.NoError(t, json.Unmarshal([]byte(in), &got), in)
		assert.Equal(t, want, got, in)
	}
	var got Bool
	assert.Error(t, json.Unmarshal([]byte(`"maybe"`), &got))
	assert.Error(t, json.Unmarshal([]byte(`2`), &got))
}

func TestString(t *testing.T) {
	for in, want := range map[string]String{
		`"abc"`: {"abc", true}, `""`: {"", true}, `42`: {"42", true}, `1617043377`: {"1617043377", true},
		`true`: {"true", true}, `null`: {}, `1.50`: {"1.50", true},
	} {
		var got String
		require.NoError(t, json.Unmarshal([]byte(in), &got), in)
		assert.Equal(t, want, got, in)
	}
	var got String
	assert.Error(t, json.Unmarshal([]byte(`{"a":1}`), &got))
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
	for in, want := range map[string]Seconds{
		`90`: {90 * time.Second, true}, `"90"`: {90 * time.Second, true}, `1.5`: {1500 * time.Millisecond, true},
		`""`: {}, `null`: {},
	} {
		var got Seconds
		require.NoError(t, json.Unmarshal([]byte(in), &got), in)
		assert.Equal(t, want, got, in)
	}
	var got Seconds
	assert.Error(t, json.Unmarshal([]byte(`"soon"`), &got))
	assert.Error(t, json.Unmarshal([]byte(`1e300`), &got))
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
