package httpcore

import (
	"errors"
	"fmt"
)

// ErrInvalidArgument is matched by every error a client returns, before
// any I/O, for an argument it refuses: an empty credential, an empty or
// malformed id, a page size out of range, an upload whose declared size
// does not match its content. Each vendor package re-exports it.
var ErrInvalidArgument = errors.New("invalid argument")

// InvalidArgument returns an error reading "<vendor>: <message>", the
// message formatted from format and args as fmt.Errorf does. It matches
// [ErrInvalidArgument] and every error the format wraps with %w. The
// message must name the refused argument and must never hold a secret.
func InvalidArgument(vendor, format string, args ...any) error {
	return &argumentError{err: fmt.Errorf("%s: "+format, append([]any{vendor}, args...)...)}
}

// invalidArgument is InvalidArgument without a vendor prefix, for the
// checks of this package that the vendor package wraps.
func invalidArgument(format string, args ...any) error {
	return &argumentError{err: fmt.Errorf(format, args...)}
}

// argumentError is a refused argument.
type argumentError struct{ err error }

func (e *argumentError) Error() string { return e.err.Error() }

func (e *argumentError) Unwrap() error { return e.err }

// Is matches [ErrInvalidArgument].
func (e *argumentError) Is(target error) bool { return target == ErrInvalidArgument }

// ArgumentSentinel returns a sentinel error with the text msg that also
// matches [ErrInvalidArgument]: a narrower kind of refused argument that
// callers may test for on its own, such as an invalid path parameter.
func ArgumentSentinel(msg string) error { return &argumentSentinel{msg: msg} }

type argumentSentinel struct{ msg string }

func (e *argumentSentinel) Error() string { return e.msg }

// Is matches [ErrInvalidArgument].
func (e *argumentSentinel) Is(target error) bool { return target == ErrInvalidArgument }

// Invalid marks err, whose message already names its vendor, as a refused
// argument: the result reads as err and matches [ErrInvalidArgument] and
// whatever err matches. It is for an error built around a vendor's own
// sentinel, whose text carries the vendor prefix.
func Invalid(err error) error { return &argumentError{err: err} }
