package brightpattern

import "github.com/switchboard-go/switchboard/internal/httpcore"

// ErrInvalidArgument matches every error returned, before anything is
// sent, for an argument the client refuses: a malformed tenant, an empty
// app or client id, an option out of range, an empty chat id, no events to
// send, an upload that is missing, too large or whose declared size its
// content contradicts. It is the same value in every switchboard package.
var ErrInvalidArgument = httpcore.ErrInvalidArgument
