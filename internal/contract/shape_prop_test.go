package contract

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

var shapeSeeds = flag.Int("contract.seeds", 300, "random documents TestShapeProperties checks")

// genValue builds a random JSON value as encoding/json decodes one. Lists
// are homogeneous: every entry has the shape of the first.
func genValue(r *rand.Rand, depth int) any {
	switch n := r.IntN(7); {
	case depth > 3 || n < 3:
		return genScalar(r, r.IntN(3))
	case n < 5:
		m := map[string]any{}
		for i := range 1 + r.IntN(4) {
			m[fmt.Sprintf("k%d", i)] = genValue(r, depth+1)
		}
		return m
	default:
		first := genValue(r, depth+1)
		out := []any{first}
		for range r.IntN(3) {
			out = append(out, reshape(r, first))
		}
		return out
	}
}

func genScalar(r *rand.Rand, kind int) any {
	switch kind {
	case 0:
		return fmt.Sprintf("s%d", r.IntN(100))
	case 1:
		return float64(r.IntN(1000))
	}
	return r.IntN(2) == 0
}

// reshape returns a value of v's shape with other values.
func reshape(r *rand.Rand, v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := map[string]any{}
		for k, x := range v {
			m[k] = reshape(r, x)
		}
		return m
	case []any:
		out := make([]any, 1+r.IntN(3))
		for i := range out {
			out[i] = reshape(r, v[0])
		}
		return out
	case string:
		return genScalar(r, 0)
	case float64:
		return genScalar(r, 1)
	}
	return genScalar(r, 2)
}

// mutate changes v's shape at one random place and returns the changed
// copy and that place's path.
func mutate(r *rand.Rand, v any, path string) (any, string) {
	switch x := v.(type) {
	case map[string]any:
		keys := sortedKeys(x)
		m := map[string]any{}
		for k, y := range x {
			m[k] = y
		}
		switch n := r.IntN(4); {
		case n == 0:
			delete(m, keys[0])
			return m, path + "." + keys[0]
		case n == 1:
			m["extra"] = "x"
			return m, path + ".extra"
		default:
			k := keys[r.IntN(len(keys))]
			changed, p := mutate(r, x[k], path+"."+k)
			m[k] = changed
			return m, p
		}
	case []any:
		if r.IntN(3) == 0 {
			return []any{}, path
		}
		out := append([]any(nil), x...)
		i := r.IntN(len(out))
		changed, p := mutate(r, out[i], fmt.Sprintf("%s[%d]", path, i))
		out[i] = changed
		return out, p
	case string:
		return 1.0, path
	case float64:
		return "1", path
	}
	return nil, path
}

// TestShapeProperties: a value of the recording's shape with other values
// matches it, and one change of shape anywhere is reported at its place.
// Run more with -contract.seeds; a failure prints its seed.
func TestShapeProperties(t *testing.T) {
	for seed := range *shapeSeeds {
		r := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
		want := genValue(r, 0)
		if problems := Shape(want, reshape(r, want)); len(problems) > 0 {
			t.Fatalf("seed %d: same shape reported %v", seed, problems)
		}
		got, path := mutate(r, want, "$")
		problems := Shape(want, got)
		found := false
		for _, p := range problems {
			found = found || strings.HasPrefix(p, path)
		}
		if !found {
			t.Fatalf("seed %d: the change at %s was not reported: %v", seed, path, problems)
		}
	}
}
