package httpcore

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// unescapeDepth is how many layers of escaping the redactor looks through:
// a JSON string that holds a URL-escaped value is two.
const unescapeDepth = 3

// span is the byte range [start, end) of the original text.
type span struct{ start, end int }

// view is the original text seen through some layers of unescaping: s, with
// where in the original text each of its bytes starts. The bytes that one
// escape decodes to share its start, so the views' bytes partition the
// original text in order, and a byte's source ends where the next
// different start begins.
type view struct {
	s      string
	starts []int32 // nil: s is the original text itself
	size   int     // the original text's length
}

func identityView(s string) view { return view{s: s, size: len(s)} }

// start is where in the original text byte i of the view starts.
func (v view) start(i int) int {
	if v.starts == nil {
		return i
	}
	return int(v.starts[i])
}

// appendStarts appends the starts of bytes [from, to) of the view.
func (v view) appendStarts(starts []int32, from, to int) []int32 {
	if v.starts != nil {
		return append(starts, v.starts[from:to]...)
	}
	for i := from; i < to; i++ {
		starts = append(starts, int32(i))
	}
	return starts
}

// end is where in the original text byte i of the view ends.
func (v view) end(i int) int {
	if v.starts == nil {
		return i + 1
	}
	for j := i + 1; j < len(v.starts); j++ {
		if v.starts[j] != v.starts[i] {
			return int(v.starts[j])
		}
	}
	return v.size
}

// find returns the original spans of every occurrence of p's patterns in the
// view. A base64 match is widened by the characters at its edges that mix
// the secret's bits with its neighbours', and by any padding.
func (v view) find(p *patterns) []span {
	var out []span
	each := func(pattern string, widen bool) {
		for at := 0; ; {
			i := strings.Index(v.s[at:], pattern)
			if i < 0 {
				return
			}
			start, end := at+i, at+i+len(pattern)
			if widen {
				for n := 0; n < 3 && start > 0 && isBase64Char(v.s[start-1]); n++ {
					start--
				}
				for n := 0; n < 3 && end < len(v.s) && isBase64Char(v.s[end]); n++ {
					end++
				}
				for n := 0; n < 2 && end < len(v.s) && v.s[end] == '='; n++ {
					end++
				}
			}
			out = append(out, span{v.start(start), v.end(end - 1)})
			at += i + len(pattern)
		}
	}
	for _, l := range p.literal {
		each(l, false)
	}
	for _, b := range p.base64 {
		each(b, true)
	}
	return out
}

func isBase64Char(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '+' || c == '/' || c == '-' || c == '_'
}

// escapeKind is one family of escapes, named by the byte that starts them:
// a backslash for JSON and JavaScript escapes, '%' for URL escapes, '&'
// for HTML and XML character references. One layer of escaping uses one
// family, so each is undone on its own: a JSON string may hold "\\%17",
// which is not a URL escape.
type escapeKind byte

var escapeKinds = []escapeKind{'\\', '%', '&'}

// unescape decodes one layer of escapes of the given kind. It reports whether
// anything was decoded.
func (v view) unescape(kind escapeKind) (view, bool) {
	if strings.IndexByte(v.s, byte(kind)) < 0 {
		return v, false
	}
	out := make([]byte, 0, len(v.s))
	starts := make([]int32, 0, len(v.s))
	changed := false
	for i := 0; i < len(v.s); {
		// Copy the run up to the next escape as it is.
		run := strings.IndexByte(v.s[i+1:], byte(kind)) + 1
		if v.s[i] == byte(kind) {
			run = 0
		} else if run == 0 {
			run = len(v.s) - i
		}
		if run > 0 {
			out = append(out, v.s[i:i+run]...)
			starts = v.appendStarts(starts, i, i+run)
			i += run
			continue
		}
		decoded, k, n := decodeEscape(kind, v.s[i:])
		if n == 0 {
			n, decoded[0], k = 1, v.s[i], 1
		} else {
			changed = true
		}
		out = append(out, decoded[:k]...)
		for range k {
			starts = append(starts, int32(v.start(i)))
		}
		i += n
	}
	if !changed {
		return v, false
	}
	return view{s: string(out), starts: starts, size: v.size}, true
}

// decoded is what one escape stands for: a character, at most four bytes
// of UTF-8.
type decoded = [utf8.UTFMax]byte

// decodeEscape decodes the escape of the given kind at the start of s,
// returning the k bytes it stands for and its length n, or n == 0 when s
// starts with none.
func decodeEscape(kind escapeKind, s string) (d decoded, k, n int) {
	if len(s) < 2 || s[0] != byte(kind) {
		return d, 0, 0
	}
	switch kind {
	case '\\':
		return decodeBackslash(s)
	case '%':
		if len(s) >= 3 {
			if c, ok := hexValue(s[1:3]); ok {
				d[0] = byte(c)
				return d, 1, 3
			}
		}
	case '&':
		return decodeReference(s)
	}
	return d, 0, 0
}

// char returns r as decoded bytes.
func char(r rune) (d decoded, k int) {
	return d, utf8.EncodeRune(d[:], r)
}

// single returns c as a decoded byte.
func single(c byte) (d decoded, k int) {
	d[0] = c
	return d, 1
}

// decodeBackslash decodes \" \\ \/ \' \b \f \n \r \t, \xHH and \uXXXX
// (with a surrogate pair as one character).
func decodeBackslash(s string) (d decoded, k, n int) {
	switch c := s[1]; c {
	case '"', '\\', '/', '\'':
		d, k = single(c)
		return d, k, 2
	case 'b', 'f', 'n', 'r', 't':
		d, k = single(controlEscapes[c])
		return d, k, 2
	case 'x':
		if len(s) >= 4 {
			if h, ok := hexValue(s[2:4]); ok {
				d, k = single(byte(h))
				return d, k, 4
			}
		}
	case 'u':
		if len(s) < 6 {
			return d, 0, 0
		}
		r1, ok := hexValue(s[2:6])
		if !ok {
			return d, 0, 0
		}
		if utf16.IsSurrogate(rune(r1)) && len(s) >= 12 && s[6] == '\\' && s[7] == 'u' {
			if r2, ok := hexValue(s[8:12]); ok {
				if r := utf16.DecodeRune(rune(r1), rune(r2)); r != utf8.RuneError {
					d, k = char(r)
					return d, k, 12
				}
			}
		}
		d, k = char(rune(r1))
		return d, k, 6
	}
	return d, 0, 0
}

// controlEscapes maps the letter of \b \f \n \r \t to its byte.
var controlEscapes = map[byte]byte{'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// namedReferences are the character entities of XML, which HTML shares.
var namedReferences = map[string]byte{"amp": '&', "lt": '<', "gt": '>', "quot": '"', "apos": '\''}

// decodeReference decodes &#NNN;, &#xHHHH; and the XML named entities.
func decodeReference(s string) (d decoded, k, n int) {
	end := strings.IndexByte(s[:min(len(s), 12)], ';')
	if end < 2 {
		return d, 0, 0
	}
	body := s[1:end]
	if named, ok := namedReferences[body]; ok {
		d, k = single(named)
		return d, k, end + 1
	}
	if body[0] != '#' || len(body) < 2 {
		return d, 0, 0
	}
	var r uint64
	var err error
	if body[1] == 'x' || body[1] == 'X' {
		r, err = strconv.ParseUint(body[2:], 16, 32)
	} else {
		r, err = strconv.ParseUint(body[1:], 10, 32)
	}
	if err != nil || r > utf8.MaxRune {
		return d, 0, 0
	}
	d, k = char(rune(r))
	return d, k, end + 1
}

// hexValue parses s, made of hex digits only.
func hexValue(s string) (uint64, bool) {
	for i := range len(s) {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(s, 16, 32)
	return n, err == nil
}

// cut replaces each span of s with the redaction marker, overlapping spans
// as one.
func cut(s string, spans []span) string {
	if len(spans) == 0 {
		return s
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	at := 0
	for i := 0; i < len(spans); {
		cur := spans[i]
		for i++; i < len(spans) && spans[i].start <= cur.end; i++ {
			cur.end = max(cur.end, spans[i].end)
		}
		b.WriteString(s[at:cur.start])
		b.WriteString(redacted)
		at = cur.end
	}
	b.WriteString(s[at:])
	return b.String()
}
