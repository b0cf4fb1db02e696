// Package roundtrip checks that a package's exported types survive
// json.Marshal then json.Unmarshal: every exported field of a value filled
// with non-zero data comes back equal. It is used by the vendor packages'
// tests.
package roundtrip

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// ExportedStructs lists the exported struct types declared in the non-test
// Go files of dir.
func ExportedStructs(t testing.TB, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, s := range g.Specs {
				ts := s.(*ast.TypeSpec)
				if _, ok := ts.Type.(*ast.StructType); ok && ts.Name.IsExported() {
					names = append(names, ts.Name.Name)
				}
			}
		}
	}
	slices.Sort(names)
	return names
}

// Check round-trips each value through JSON and fails on any exported
// field that does not come back equal. A zero value is first filled (see
// [Fill]); a value that is not zero is used as given, for a type whose
// fields depend on one another. It also fails when an exported struct type of dir is neither
// among values nor in skip, which maps a type's name to why it is not
// data (a client, a type holding funcs or readers).
func Check(t *testing.T, dir string, values []any, skip map[string]string) {
	t.Helper()
	covered := map[string]bool{}
	for name := range skip {
		covered[name] = true
	}
	for _, v := range values {
		typ := reflect.TypeOf(v)
		covered[typ.Name()] = true
		t.Run(typ.Name(), func(t *testing.T) {
			want := reflect.New(typ)
			if reflect.ValueOf(v).IsZero() {
				Fill(want.Elem())
			} else {
				want.Elem().Set(reflect.ValueOf(v))
			}
			data, err := json.Marshal(want.Interface())
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			got := reflect.New(typ)
			if err := json.Unmarshal(data, got.Interface()); err != nil {
				t.Fatalf("unmarshal %s: %v", data, err)
			}
			if _, custom := got.Interface().(json.Unmarshaler); custom {
				// A type that decodes itself keeps the JSON it was given.
				if raw := want.Elem().FieldByName("Raw"); raw.IsValid() && raw.Type() == reflect.TypeFor[json.RawMessage]() {
					raw.Set(reflect.ValueOf(json.RawMessage(data)))
				}
			}
			if !reflect.DeepEqual(want.Interface(), got.Interface()) {
				t.Errorf("JSON %s\ndecodes to %+v\nwant       %+v", data, got.Elem().Interface(), want.Elem().Interface())
			}
		})
	}
	for _, name := range ExportedStructs(t, dir) {
		if !covered[name] {
			t.Errorf("exported type %s is not round-tripped: add it to the values, or to skip with a reason", name)
		}
	}
}

// Fill sets every exported field of v, recursively, to a non-zero value,
// each different: strings, numbers, booleans, times (whole seconds, UTC),
// one-element slices and maps, pointers to filled values. Interfaces,
// funcs and channels are left nil, and fields that JSON skips are left
// zero.
func Fill(v reflect.Value) {
	n := 0
	fill(v, &n, 0)
}

func fill(v reflect.Value, n *int, depth int) {
	*n++
	if depth > 4 {
		return
	}
	switch v.Type() {
	case reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(time.Date(2025, 3, 4, 10, 15, *n%60, 0, time.UTC)))
		return
	case reflect.TypeFor[json.RawMessage]():
		v.SetBytes(fmt.Appendf(nil, `{"n":%d}`, *n))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(*n))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(*n) + 0.5)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), n, depth+1)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), n, depth+1)
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), n, depth+1)
		}
	case reflect.Map:
		m := reflect.MakeMapWithSize(v.Type(), 1)
		k := reflect.New(v.Type().Key()).Elem()
		fill(k, n, depth+1)
		e := reflect.New(v.Type().Elem()).Elem()
		fill(e, n, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() || f.Tag.Get("json") == "-" {
				continue
			}
			fill(v.Field(i), n, depth+1)
		}
	}
}
