package brightpattern

import "strings"

// alsoMatching returns err so that it also matches sentinel, with a
// one-line message: the sentinel's text, then err's without the repeated
// package prefix. errors.Join would print the two on separate lines.
func alsoMatching(sentinel, err error) error {
	return &sentinelError{sentinel: sentinel, err: err}
}

// sentinelError is an error that matches a sentinel besides its own chain.
type sentinelError struct{ sentinel, err error }

func (e *sentinelError) Error() string {
	return e.sentinel.Error() + ": " + strings.TrimPrefix(e.err.Error(), "brightpattern: ")
}

// Unwrap gives both the sentinel and the error, for errors.Is and errors.As.
func (e *sentinelError) Unwrap() []error { return []error{e.sentinel, e.err} }
