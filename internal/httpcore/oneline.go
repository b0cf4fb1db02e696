package httpcore

import (
	"strings"
	"unicode"
)

// OneLine returns s with each run of line breaks, tabs and other control
// characters replaced by one space and the ends trimmed, so that text from
// a server (an error message, an HTML page) never makes an error string
// span lines.
func OneLine(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsControl(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
