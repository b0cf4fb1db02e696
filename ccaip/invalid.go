package ccaip

import "github.com/switchboard-go/switchboard/internal/httpcore"

// ErrInvalidArgument matches every error returned, before anything is
// sent, for an argument the client refuses: an empty or malformed username
// or token, an id that is zero or negative, empty custom data or message
// text, a photo or video that is too large, of the wrong type or whose
// declared size its content contradicts. It is the same value in every
// switchboard package.
var ErrInvalidArgument = httpcore.ErrInvalidArgument

// checkID refuses an id that is zero or negative: the platform numbers its
// records from 1, and such an id would reach the server as a path or query
// value naming nothing. name is the argument's name.
func checkID(name string, v int64) error {
	if v <= 0 {
		return httpcore.InvalidArgument("ccaip", "%s %d: an id must be positive", name, v)
	}
	return nil
}

// checkIDs is checkID over name, value pairs, stopping at the first refusal.
func checkIDs(ids ...namedID) error {
	for _, a := range ids {
		if err := checkID(a.name, a.v); err != nil {
			return err
		}
	}
	return nil
}

// namedID is an id argument and its name.
type namedID struct {
	name string
	v    int64
}
