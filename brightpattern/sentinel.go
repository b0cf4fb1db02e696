package brightpattern

import "strings"

// alsoMatching returns err so that it also matches sentinel, with a
// one-line message: the sentinel's text, then err's without the repeated
// package prefix. errors.Join would print the two on separate lines.
func alsoMatching(sentinel, err error) error {
	return &joinedError{errs: []error{sentinel, err}, sep: ": "}
}

// joinOneLine is errors.Join on one line: the result matches every one of
// errs, and its message is theirs separated by "; ", the package prefix
// said once.
func joinOneLine(errs ...error) error {
	return &joinedError{errs: errs, sep: "; "}
}

// joinedError matches each of its errors.
type joinedError struct {
	errs []error
	sep  string
}

func (e *joinedError) Error() string {
	var b strings.Builder
	for i, err := range e.errs {
		msg := err.Error()
		if i > 0 {
			b.WriteString(e.sep)
			msg = strings.TrimPrefix(msg, "brightpattern: ")
		}
		b.WriteString(msg)
	}
	return b.String()
}

// Unwrap gives every joined error, for errors.Is and errors.As.
func (e *joinedError) Unwrap() []error { return e.errs }
