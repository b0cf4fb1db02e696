package roundtrip

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"
)

type inner struct {
	N int
}

type sample struct {
	S       string
	B       bool
	I       int64
	U       uint8
	F       float64
	T       time.Time
	D       time.Duration
	P       *inner
	L       []inner
	M       map[string]int
	Raw     json.RawMessage
	Skipped string `json:"-"`
	Any     any
}

func TestFillSetsEveryExportedField(t *testing.T) {
	var s sample
	Fill(reflect.ValueOf(&s).Elem())
	v := reflect.ValueOf(s)
	for i := range v.NumField() {
		f := v.Type().Field(i)
		zeroWanted := !f.IsExported() || f.Name == "Skipped" || f.Name == "Any"
		if v.Field(i).IsZero() != zeroWanted {
			t.Errorf("field %s: zero %v, want zero %v", f.Name, v.Field(i).IsZero(), zeroWanted)
		}
	}
	if s.P.N == 0 || s.L[0].N == 0 || !json.Valid(s.Raw) || s.T.Location() != time.UTC {
		t.Errorf("nested values not filled: %+v", s)
	}
	if s.S == s.Skipped || s.I == int64(s.U) {
		t.Errorf("fields share values: %+v", s)
	}
}

func TestExportedStructs(t *testing.T) {
	got := ExportedStructs(t, "../../workspacechat")
	if !slices.Contains(got, "ChatRow") || !slices.Contains(got, "ChatFilter") || slices.Contains(got, "object") {
		t.Errorf("got %v: want the exported struct types of workspacechat only", got)
	}
}
