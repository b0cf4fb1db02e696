package anycom

import "github.com/switchboard-go/switchboard/internal/httpcore"

// ErrInvalidArgument matches every error returned, before anything is
// sent, for an argument the client refuses: an empty or malformed auth key
// or user, an option out of range, a command without a group or name, a
// bot reload without the ID it needs. It is the same value in every
// switchboard package.
var ErrInvalidArgument = httpcore.ErrInvalidArgument
