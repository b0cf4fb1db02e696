// Package flex decodes JSON values that servers send in more than one form:
// a number or a numeric string, a bool or "true", Unix seconds or
// milliseconds, an empty string for "absent". Vendor packages use these types
// in their wire structs and copy the results into plain Go fields.
package flex

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// scalar returns the text of a JSON string or number, and whether the value
// is absent (null or an empty or blank string).
func scalar(data []byte) (text string, absent bool, err error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 || string(data) == "null" {
		return "", true, nil
	}
	if data[0] == '"' {
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return "", false, err
		}
		s = strings.TrimSpace(s)
		return s, s == "", nil
	}
	if data[0] == '{' || data[0] == '[' {
		return "", false, fmt.Errorf("flex: want a scalar, got %.20s", data)
	}
	return string(data), false, nil
}

// Int is an integer sent as a number or a numeric string.
type Int struct {
	Value int64
	Valid bool
}

// UnmarshalJSON accepts 42, "42", 42.0, "", and null.
func (i *Int) UnmarshalJSON(data []byte) error {
	s, absent, err := scalar(data)
	if err != nil || absent {
		*i = Int{}
		return err
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		*i = Int{v, true}
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<62 {
		return fmt.Errorf("flex: %q is not an integer", s)
	}
	*i = Int{int64(f), true}
	return nil
}

// Float is a number sent as a number or a numeric string.
type Float struct {
	Value float64
	Valid bool
}

// UnmarshalJSON accepts 1.5, "1.5", "", and null.
func (f *Float) UnmarshalJSON(data []byte) error {
	s, absent, err := scalar(data)
	if err != nil || absent {
		*f = Float{}
		return err
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("flex: %q is not a number", s)
	}
	*f = Float{v, true}
	return nil
}

// Bool is a boolean sent as true, "true", 1 or "1" (and their opposites).
type Bool struct {
	Value bool
	Valid bool
}

// UnmarshalJSON accepts true/false, "true"/"false", 1/0, "1"/"0",
// "yes"/"no", "", and null.
func (b *Bool) UnmarshalJSON(data []byte) error {
	s, absent, err := scalar(data)
	if err != nil || absent {
		*b = Bool{}
		return err
	}
	switch strings.ToLower(s) {
	case "true", "1", "yes", "y", "on":
		*b = Bool{true, true}
	case "false", "0", "no", "n", "off":
		*b = Bool{false, true}
	default:
		return fmt.Errorf("flex: %q is not a boolean", s)
	}
	return nil
}

// String is text sent as a string, a number or a bool. A number keeps its
// literal text ("42", not "42.000000").
type String struct {
	Value string
	Valid bool
}

// UnmarshalJSON accepts "abc", 42, true, and null. An empty string is valid
// and empty.
func (s *String) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		*s = String{}
		return nil
	}
	if len(data) > 0 && data[0] == '"' {
		var v string
		if err := json.Unmarshal(data, &v); err != nil {
			return err
		}
		*s = String{v, true}
		return nil
	}
	text, _, err := scalar(data)
	if err != nil {
		return err
	}
	if !json.Valid(data) {
		return fmt.Errorf("flex: invalid JSON %.20q", data)
	}
	*s = String{text, true}
	return nil
}

// msThreshold separates Unix seconds from milliseconds: 1e11 seconds is the
// year 5138, 1e11 milliseconds is March 1973. No date this package meets
// falls on the wrong side.
const msThreshold = 1e11

// Time is an instant sent as Unix seconds or milliseconds (a number or a
// numeric string, detected by magnitude) or as an RFC 3339 string.
type Time struct {
	Value time.Time
	Valid bool
}

// UnmarshalJSON accepts 1617043377, "1617043377", 1617043377123,
// "1617043377123", 1617043377.5, "2021-03-29T18:42:57Z", "", and null.
func (t *Time) UnmarshalJSON(data []byte) error {
	s, absent, err := scalar(data)
	if err != nil || absent {
		*t = Time{}
		return err
	}
	v, err := ParseTime(s)
	if err != nil {
		return err
	}
	*t = Time{v, true}
	return nil
}

// ParseTime reads Unix seconds, Unix milliseconds or RFC 3339 text.
func ParseTime(s string) (time.Time, error) {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e16 {
			return time.Time{}, fmt.Errorf("flex: %q is not a Unix time", s)
		}
		if math.Abs(f) >= msThreshold {
			return time.UnixMilli(int64(f)).UTC(), nil
		}
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05"} {
		if v, err := time.Parse(layout, s); err == nil {
			return v, nil
		}
	}
	return time.Time{}, fmt.Errorf("flex: %q is not a time", s)
}

// Seconds is a duration sent as a number of seconds, as a number or a
// numeric string.
type Seconds struct {
	Value time.Duration
	Valid bool
}

// UnmarshalJSON accepts 90, "90", 1.5, "", and null.
func (d *Seconds) UnmarshalJSON(data []byte) error {
	var f Float
	if err := f.UnmarshalJSON(data); err != nil {
		return err
	}
	if f.Valid && math.Abs(f.Value) > float64(math.MaxInt64/int64(time.Second)) {
		return fmt.Errorf("flex: %v seconds is out of range", f.Value)
	}
	*d = Seconds{time.Duration(f.Value * float64(time.Second)), f.Valid}
	return nil
}
