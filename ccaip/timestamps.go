package ccaip

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/switchboard-go/switchboard/internal/flex"
)

// The chat pages print every timestamp as "string" and never name a layout;
// the call pages use ISO 8601 with milliseconds and Z (UNCONFIRMED for
// chats). A Rails server can also render "2024-01-02 15:04:05 UTC" or a
// "-0700" offset. The layouts below cover those and the other common forms;
// fractional seconds are accepted after the seconds of any of them.
var timestampLayouts = []string{
	time.RFC3339,                    // 2024-01-02T15:04:05.123Z, 2024-01-02T15:04:05+01:00
	"2006-01-02T15:04:05Z0700",      // 2024-01-02T15:04:05-0700
	"2006-01-02T15:04:05Z07",        // 2024-01-02T15:04:05+01
	"2006-01-02 15:04:05Z07:00",     // 2021-03-15 12:00:00Z (the SDK transcript form)
	"2006-01-02 15:04:05Z0700",      // 2024-01-02 15:04:05+0100
	"2006-01-02 15:04:05 Z07:00",    // 2024-01-02 15:04:05 +01:00
	"2006-01-02 15:04:05 Z0700",     // 2024-01-02 15:04:05 -0700 (Ruby's Time#to_s)
	"2006-01-02 15:04:05 -0700 MST", // 2024-01-02 15:04:05 -0700 PDT (Go's Time.String)
	time.RFC1123Z,                   // Tue, 02 Jan 2024 15:04:05 -0700
	time.RFC1123,                    // Tue, 02 Jan 2024 15:04:05 GMT
}

// zonelessLayouts carry no offset; they are read as UTC.
var zonelessLayouts = []string{
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// parseTimestamp reads Unix seconds or milliseconds, or text in any of the
// layouts above. A zone is taken from a numeric offset, Z, or the names UTC
// and GMT; other zone names are ambiguous ("IST") and are not guessed.
func parseTimestamp(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		t, err := flex.ParseTime(s)
		return t, err == nil
	}
	for _, layout := range timestampLayouts {
		if t, err := time.Parse(layout, s); err == nil && knownZone(layout, t) {
			return t, true
		}
	}
	for _, suffix := range []string{" UTC", " GMT", "Z"} {
		s = strings.TrimSuffix(s, suffix)
	}
	for _, layout := range zonelessLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// knownZone refuses what time.Parse invents for a zone name it does not
// know: a zero offset under that name (RFC 1123 with "EST", say).
func knownZone(layout string, t time.Time) bool {
	if layout != time.RFC1123 {
		return true
	}
	name, _ := t.Zone()
	return name == "UTC" || name == "GMT"
}

// wireTime is a timestamp as the API sends it. Decoding it never fails, so
// one unexpected layout cannot fail a whole call: text that no layout reads
// leaves Value zero and is kept in Raw.
type wireTime struct {
	Value time.Time
	Raw   string
}

// UnmarshalJSON reads a string or a number; null and "" are absent.
func (t *wireTime) UnmarshalJSON(data []byte) error {
	*t = wireTime{}
	data = bytes.TrimSpace(data)
	if len(data) == 0 || string(data) == "null" {
		return nil
	}
	text := string(data)
	if data[0] == '"' {
		var s string
		if json.Unmarshal(data, &s) == nil {
			text = s
		}
	}
	if strings.TrimSpace(text) == "" {
		return nil
	}
	if v, ok := parseTimestamp(text); ok {
		t.Value = v
		return nil
	}
	t.Raw = text
	return nil
}

// rawTimes collects the text of each timestamp that could not be read, by
// JSON key; nil when there is none.
func rawTimes(fields map[string]wireTime) map[string]string {
	var out map[string]string
	for key, t := range fields {
		if t.Raw == "" {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[key] = t.Raw
	}
	return out
}
