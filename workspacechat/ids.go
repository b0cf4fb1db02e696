package workspacechat

import "fmt"

// checkID refuses, before anything is sent, a value that is not a UUID in
// its canonical 8-4-4-4-12 hexadecimal form. what names the argument. The
// error matches [ErrInvalidID] and [ErrInvalidArgument].
func checkID(what, id string) error {
	if !isUUID(id) {
		if len(id) > 40 {
			id = id[:40] + "..."
		}
		return &idError{msg: fmt.Sprintf("%v: %s %q", ErrInvalidID, what, id)}
	}
	return nil
}

// idError is an argument refused by checkID.
type idError struct{ msg string }

func (e *idError) Error() string { return e.msg }

// Is matches [ErrInvalidID] and [ErrInvalidArgument].
func (e *idError) Is(target error) bool {
	return target == ErrInvalidID || target == ErrInvalidArgument
}

// checkOptionalID is checkID for an argument that may be left empty.
func checkOptionalID(what, id string) error {
	if id == "" {
		return nil
	}
	return checkID(what, id)
}

// checkIDs is checkID for each of ids.
func checkIDs(what string, ids []string) error {
	for _, id := range ids {
		if err := checkID(what, id); err != nil {
			return err
		}
	}
	return nil
}

// isUUID reports whether s is a canonical UUID (any version, any case).
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}
