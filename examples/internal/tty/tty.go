// Package tty tells the examples whether they talk to a person: attached to
// a terminal they are interactive, otherwise they run unattended.
package tty

import "os"

// IsTerminal reports whether f is a terminal: a character device other than
// the null device (which CI and cron give as standard input).
func IsTerminal(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(fi, null)
}
