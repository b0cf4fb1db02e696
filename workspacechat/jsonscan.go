package workspacechat

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// This file walks JSON text that json.Valid has already accepted: it only
// finds where each value starts and ends, so that a page is checked once
// and read once, without decoding every row into a map first.

// checkJSON returns the decoding error of data if it is not valid JSON.
func checkJSON(data []byte) error {
	if json.Valid(data) {
		return nil
	}
	var v json.RawMessage
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	return fmt.Errorf("invalid JSON %.20q", data)
}

// kindOf names the kind of a valid JSON value, for error messages.
func kindOf(v []byte) string {
	if len(v) == 0 {
		return "nothing"
	}
	switch v[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// skipSpace returns the index of the first byte at or after i that is not
// JSON white space.
func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// valueEnd returns the index just past the valid JSON value starting at i.
func valueEnd(data []byte, i int) int {
	switch data[i] {
	case '"':
		return stringEnd(data, i)
	case '{', '[':
		depth := 0
		for i < len(data) {
			switch data[i] {
			case '"':
				i = stringEnd(data, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	}
	for i < len(data) {
		switch data[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

// stringEnd returns the index just past the string whose opening quote is
// at i.
func stringEnd(data []byte, i int) int {
	for i++; i < len(data); i++ {
		q := bytes.IndexByte(data[i:], '"')
		if q < 0 {
			return len(data)
		}
		i += q
		// The quote ends the string unless an odd number of backslashes
		// escapes it.
		k := i - 1
		for data[k] == '\\' {
			k--
		}
		if (i-k)%2 == 1 {
			return i + 1
		}
	}
	return i
}

// eachElement calls fn with each element of the valid JSON array arr.
func eachElement(arr []byte, fn func(el []byte)) {
	i := skipSpace(arr, 1)
	for i < len(arr) && arr[i] != ']' {
		end := valueEnd(arr, i)
		fn(arr[i:end:end])
		i = skipSpace(arr, end)
		if i < len(arr) && arr[i] == ',' {
			i = skipSpace(arr, i+1)
		}
	}
}

// eachMember calls fn with the quoted key and the value of each member of
// the valid JSON object that starts obj, and returns the index just past
// the object.
func eachMember(obj []byte, fn func(key, val []byte)) int {
	i := skipSpace(obj, 1)
	for i < len(obj) && obj[i] == '"' {
		kend := stringEnd(obj, i)
		v := skipSpace(obj, kend)
		v = skipSpace(obj, v+1) // past the colon
		vend := valueEnd(obj, v)
		fn(obj[i:kend], obj[v:vend])
		i = skipSpace(obj, vend)
		if i < len(obj) && obj[i] == ',' {
			i = skipSpace(obj, i+1)
		}
	}
	return min(i+1, len(obj))
}

// plainString returns the text of a quoted JSON string that holds no
// escape and only valid UTF-8, which is then exactly the bytes between the
// quotes.
func plainString(v []byte) ([]byte, bool) {
	if len(v) < 2 || v[0] != '"' {
		return nil, false
	}
	in := v[1 : len(v)-1]
	return in, bytes.IndexByte(in, '\\') < 0 && utf8.Valid(in)
}

// unquoteKey returns a member's key as text.
func unquoteKey(key []byte) string {
	if in, ok := plainString(key); ok {
		return string(in)
	}
	var s string
	if json.Unmarshal(key, &s) != nil {
		return ""
	}
	return s
}

// trim removes JSON white space around data.
func trim(data []byte) []byte {
	return bytes.Trim(data, " \t\n\r")
}
