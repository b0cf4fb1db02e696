package workspacechat

import "github.com/switchboard-go/switchboard/internal/httpcore"

// ErrInvalidArgument matches every error returned, before anything is
// sent, for an argument the client refuses: an empty or malformed API key,
// an ID that is not a UUID ([ErrInvalidID]), a page size or message limit
// out of range, a nil or empty request. It is the same value in every
// switchboard package.
var ErrInvalidArgument = httpcore.ErrInvalidArgument
