package workspacechat

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/switchboard-go/switchboard/internal/flex"
)

// A page is decoded in one pass: json.Valid checks it, then each object's
// members are walked once and each member the package knows by one of its
// names is put in that name's slot. A field is then read from the first of
// its names whose slot holds a value other than null, with the flex rules
// (numbers as strings and the like); the common forms (plain strings,
// true and false, integers, RFC 3339 times) are read without a second
// look at the text.

// slots numbers every JSON name the decoders read.
var slots = map[string]int{}

// field is one field of a decoded object: its candidate names, first
// listed wins, and their slots.
type field struct {
	names []string
	slots []int
}

// names declares a field read from the first of the given names present
// and not null.
func names(list ...string) field {
	f := field{names: list}
	for _, n := range list {
		s, ok := slots[n]
		if !ok {
			s = len(slots)
			slots[n] = s
		}
		f.slots = append(f.slots, s)
	}
	return f
}

// slotOf returns the slot of a quoted member key, if the package reads it.
func slotOf(key []byte) (int, bool) {
	if in, ok := plainString(key); ok {
		s, ok := slots[string(in)]
		return s, ok
	}
	s, ok := slots[unquoteKey(key)]
	return s, ok
}

// object is one JSON object's known members, by slot, read through the
// fields above. The first decoding error is kept.
type object struct {
	vals [][]byte // nil where the key is absent
	end  int      // the length of the object's JSON
	err  error
}

// load fills o from the valid JSON value that starts data, which must be
// an object; what follows it in data is not read.
func (o *object) load(data []byte) error {
	if o.vals == nil {
		o.vals = make([][]byte, len(slots))
	} else {
		clear(o.vals)
	}
	o.err = nil
	if len(data) == 0 || data[0] != '{' {
		return fmt.Errorf("expected a JSON object, got %s", kindOf(data))
	}
	o.end = eachMember(data, func(key, val []byte) {
		if s, ok := slotOf(key); ok {
			o.vals[s] = val
		}
	})
	return nil
}

// pick returns the value of the first of f's names present and not null.
func (o *object) pick(f field) ([]byte, bool) {
	for _, s := range f.slots {
		if v := o.vals[s]; v != nil && string(v) != "null" {
			return v, true
		}
	}
	return nil, false
}

// has reports whether any of f's names is a key of o, null or not.
func (o *object) has(f field) bool {
	for _, s := range f.slots {
		if o.vals[s] != nil {
			return true
		}
	}
	return false
}

// fail keeps the first decoding error, naming the field.
func (o *object) fail(f field, err error) {
	if o.err == nil {
		o.err = fmt.Errorf("field %s: %w", f.names[0], err)
	}
}

func (o *object) str(f field) string {
	v, ok := o.pick(f)
	if !ok || o.err != nil {
		return ""
	}
	if in, ok := plainString(v); ok {
		return string(in)
	}
	var s flex.String
	if err := s.UnmarshalJSON(v); err != nil {
		o.fail(f, err)
	}
	return s.Value
}

func (o *object) boolean(f field) bool {
	v, ok := o.pick(f)
	if !ok || o.err != nil {
		return false
	}
	switch string(v) {
	case "true":
		return true
	case "false":
		return false
	}
	var b flex.Bool
	if err := b.UnmarshalJSON(v); err != nil {
		o.fail(f, err)
	}
	return b.Value
}

func (o *object) integer(f field) int64 {
	v, ok := o.pick(f)
	if !ok || o.err != nil {
		return 0
	}
	if n, ok := smallInt(v); ok {
		return n
	}
	var i flex.Int
	if err := i.UnmarshalJSON(v); err != nil {
		o.fail(f, err)
	}
	return i.Value
}

// smallInt reads a JSON integer of up to 18 digits.
func smallInt(v []byte) (int64, bool) {
	neg := len(v) > 0 && v[0] == '-'
	if neg {
		v = v[1:]
	}
	if len(v) == 0 || len(v) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func (o *object) time(f field) time.Time {
	v, ok := o.pick(f)
	if !ok || o.err != nil {
		return time.Time{}
	}
	// An RFC 3339 string: what flex reads it as, without copying the text.
	if in, ok := plainString(v); ok && len(in) > 0 && in[0] >= '0' && in[0] <= '9' && bytes.IndexByte(in, 'T') > 0 {
		var t time.Time
		if t.UnmarshalText(in) == nil {
			return t
		}
	}
	var t flex.Time
	if err := t.UnmarshalJSON(v); err != nil {
		o.fail(f, err)
	}
	return t.Value
}

// objectDecoder is a type that decodes itself from one JSON object: it
// loads the object that starts data, valid JSON, into o, decodes it and
// keeps raw as its Raw, or the object's own bytes in data when raw is nil.
type objectDecoder interface {
	decodeObject(o *object, data, raw []byte) error
}

// decode is the frame of every decodeObject: it loads the object that
// starts data into o, refuses it when check does, and has fill read it,
// passing raw, or the object's own bytes in data when raw is nil. what
// names the type in every error.
func (o *object) decode(what string, data, raw []byte, check func(*object) error, fill func(raw []byte)) error {
	if err := o.load(data); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if raw == nil {
		raw = data[:o.end:o.end]
	}
	if err := check(o); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	fill(raw)
	if o.err != nil {
		return fmt.Errorf("%s: %w", what, o.err)
	}
	return nil
}

// decodeOne decodes data into dst, keeping a copy of data as its raw
// JSON; what names the type in a syntax error.
func decodeOne(dst objectDecoder, what string, data []byte) error {
	if err := checkJSON(data); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	var o object
	return dst.decodeObject(&o, trim(data), append([]byte(nil), data...))
}

// listEnvelopeKeys: a list answers with a bare JSON array (INFERRED from
// every sibling list). An envelope holding the array under one of these
// keys is accepted too. UNCONFIRMED.
var listEnvelopeKeys = names("data", "items", "results")

// errEmptyBody is the decoding error for a 2xx answer with no body where
// the call returns one; like every unusable body, the error it is wrapped
// in matches [ErrMalformedResponse].
var errEmptyBody = errors.New("empty response body")

// errNullList is the decoding error for a JSON null where a list was
// expected.
var errNullList = errors.New("null where a JSON array was expected")

// decodeList decodes a bare array, or an array inside an envelope, into
// items. An empty body, null, or an envelope without the array is an
// error: only [] is an empty list. The items' Raw fields share data.
func decodeList[T any](data []byte) ([]T, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, errEmptyBody
	}
	if err := checkJSON(data); err != nil {
		return nil, err
	}
	var o object
	if data[0] == '{' {
		_ = o.load(data)
		inner, ok := o.pick(listEnvelopeKeys)
		if !ok {
			return nil, errors.New("expected a JSON array")
		}
		data = inner
	}
	if string(data) == "null" {
		return nil, errNullList
	}
	if data[0] != '[' {
		return nil, fmt.Errorf("expected a JSON array, got %s", kindOf(data))
	}
	n := 0
	eachElement(data, func([]byte) { n++ })
	out := make([]T, n)
	i := skipSpace(data, 1)
	for k := range out {
		d, ok := any(&out[k]).(objectDecoder)
		if !ok {
			return nil, fmt.Errorf("%T cannot be decoded from a list", out[k])
		}
		if err := d.decodeObject(&o, data[i:], nil); err != nil {
			return nil, err
		}
		i = skipSpace(data, i+o.end)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
	return out, nil
}
