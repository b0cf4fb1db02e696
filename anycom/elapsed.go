package anycom

import (
	"strconv"
	"strings"
	"time"
)

// ParseElapsed reads a "last_elapsed" value: a number of seconds ("38"), or
// the server's day-and-clock form ("90 days, 4:11:48", "1 day, 0:00:05",
// "4:11:48.5"). It reports false for anything else.
func ParseElapsed(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if !(f >= 0 && f <= maxElapsedSeconds) { // also refuses NaN
			return 0, false
		}
		return time.Duration(f * float64(time.Second)), true
	}
	var days int64
	if i := strings.IndexByte(s, ','); i >= 0 {
		fields := strings.Fields(s[:i])
		if len(fields) != 2 || (fields[1] != "day" && fields[1] != "days") {
			return 0, false
		}
		n, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil || n < 0 || n > maxElapsedSeconds/86400 {
			return 0, false
		}
		days = n
		s = strings.TrimSpace(s[i+1:])
	}
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return 0, false
	}
	h, err1 := strconv.ParseInt(parts[0], 10, 64)
	m, err2 := strconv.ParseInt(parts[1], 10, 64)
	sec, err3 := strconv.ParseFloat(parts[2], 64)
	if err1 != nil || err2 != nil || err3 != nil || h < 0 || h > 23 || m < 0 || m > 59 || !(sec >= 0 && sec < 60) {
		return 0, false
	}
	total := time.Duration(days)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
		time.Duration(sec*float64(time.Second))
	return total, true
}

// maxElapsedSeconds keeps a parsed duration inside time.Duration's range.
const maxElapsedSeconds = 100 * 365 * 86400
