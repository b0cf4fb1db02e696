package contract

import (
	"fmt"
	"sort"
	"strings"
)

// Shape lists every way got's JSON shape differs from want's: the keys of
// each object and the type of each value, recursively. Both are values as
// encoding/json decodes them into an any. The rules:
//
//   - a recorded null says nothing about the type, so any value matches it;
//     a null where the recording has a value is a difference;
//   - an object must have exactly the recorded keys: a missing key and a
//     key the recording does not have are both differences;
//   - a list recorded empty says nothing about its entries; a list recorded
//     with entries must not be empty, and each entry must match the shape
//     of one of the recorded entries (lists may mix shapes, as AnyCom's
//     status does);
//   - numbers are one type: JSON does not tell an integer from a float.
//
// Each difference names its place as a path such as $.result[0].chat.
func Shape(want, got any) []string { return shaper{}.diff(want, got) }

// ShapeByKind is [Shape] for lists whose entries come in kinds told apart
// by the string value of one key, such as Bright Pattern's events by
// "event": an entry is compared only with recorded entries of its kind,
// and an entry of a kind the recording does not show is not compared (the
// recording says nothing about it).
func ShapeByKind(want, got any, key string) []string { return shaper{kindKey: key}.diff(want, got) }

// shaper compares shapes; kindKey, when set, names the key that tells
// list entries' kinds apart.
type shaper struct{ kindKey string }

func (s shaper) diff(want, got any) []string {
	var out []string
	s.shape("$", want, got, &out)
	return out
}

func (s shaper) shape(path string, want, got any, out *[]string) {
	if want == nil {
		return
	}
	wk, gk := kind(want), kind(got)
	if wk != gk {
		*out = append(*out, fmt.Sprintf("%s: %s, want %s", path, gk, wk))
		return
	}
	switch w := want.(type) {
	case map[string]any:
		g := got.(map[string]any)
		for _, k := range sortedKeys(w) {
			if _, ok := g[k]; !ok {
				*out = append(*out, fmt.Sprintf("%s.%s: missing, want %s", path, k, kind(w[k])))
				continue
			}
			s.shape(path+"."+k, w[k], g[k], out)
		}
		for _, k := range sortedKeys(g) {
			if _, ok := w[k]; !ok {
				*out = append(*out, fmt.Sprintf("%s.%s: not in the recording (%s)", path, k, kind(g[k])))
			}
		}
	case []any:
		g := got.([]any)
		if len(w) == 0 {
			return
		}
		if len(g) == 0 {
			*out = append(*out, fmt.Sprintf("%s: empty list, want entries like the recording's", path))
			return
		}
		for i, entry := range g {
			if best := s.closest(s.sameKind(w, entry), entry); len(best) > 0 {
				for _, p := range best {
					*out = append(*out, fmt.Sprintf("%s[%d]%s", path, i, strings.TrimPrefix(p, "$")))
				}
			}
		}
	}
}

// sameKind returns the recorded entries of entry's kind: all of them when
// kinds are not told apart or entry has no kind.
func (s shaper) sameKind(recorded []any, entry any) []any {
	kindOf := func(v any) (string, bool) {
		m, ok := v.(map[string]any)
		if !ok || s.kindKey == "" {
			return "", false
		}
		k, ok := m[s.kindKey].(string)
		return k, ok
	}
	k, ok := kindOf(entry)
	if !ok {
		return recorded
	}
	var out []any
	for _, w := range recorded {
		if wk, _ := kindOf(w); wk == k {
			out = append(out, w)
		}
	}
	return out
}

// closest returns the differences between entry and the recorded entry it
// is most like: none when it matches one of them, or when there is none to
// compare with.
func (s shaper) closest(recorded []any, entry any) []string {
	var best []string
	for i, w := range recorded {
		var diff []string
		s.shape("$", w, entry, &diff)
		if len(diff) == 0 {
			return nil
		}
		if i == 0 || len(diff) < len(best) {
			best = diff
		}
	}
	return best
}

// kind names a decoded JSON value's type.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "list"
	case string:
		return "string"
	case bool:
		return "bool"
	case float64:
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
