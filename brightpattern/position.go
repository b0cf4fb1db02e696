package brightpattern

import (
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
)

// tailLen is how many of the last yielded events a Position identifies.
const tailLen = 4

// Position is where an [EventStream] stands in its chat: how many of the
// server events that the chat history keeps it has yielded, and the
// identity of the last of them (hashes; no content of the chat). Store its
// String after any event and give it back to [Client.EventStream] (through
// [ParsePosition]) to continue the stream, in another process if need be,
// with nothing lost and nothing repeated.
//
// The zero Position, whose String is "", is the start of the chat.
type Position struct {
	n    int
	chat uint32
	tail [tailLen]uint64 // the last min(n, tailLen) event hashes, oldest first
}

// String encodes the position as "bp1:<count>:<chat>:<hash>,<hash>,…"; the
// zero Position is "".
func (p Position) String() string {
	if p == (Position{}) {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "bp1:%d:%08x:", p.n, p.chat)
	for i, h := range p.tail[:p.tailLen()] {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%016x", h)
	}
	return b.String()
}

// MarshalText encodes the position as its String, so a Position stored in
// JSON (or any text encoding) reads back as itself.
func (p Position) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads a position written by MarshalText, as
// [ParsePosition] does.
func (p *Position) UnmarshalText(text []byte) error {
	q, err := ParsePosition(string(text))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// Events returns how many of the history's server events the stream had
// yielded at this position.
func (p Position) Events() int { return p.n }

func (p Position) tailLen() int { return min(p.n, tailLen) }

// last returns the hashes of the last yielded events, oldest first.
func (p Position) last() []uint64 { return p.tail[:p.tailLen()] }

// advance returns the position after one more history event, of hash h.
func (p Position) advance(h uint64) Position {
	if k := p.tailLen(); k < tailLen {
		p.tail[k] = h
	} else {
		copy(p.tail[:], p.tail[1:])
		p.tail[tailLen-1] = h
	}
	p.n++
	return p
}

// ErrInvalidPosition is matched by every [*PositionError].
var ErrInvalidPosition = errors.New("brightpattern: invalid stream position")

// PositionError is a stored position that cannot be used: it does not
// parse, or it belongs to another chat.
type PositionError struct {
	// Position is the text given, cut to 100 bytes.
	Position string
	// Reason says what is wrong with it.
	Reason string
}

// Error says which position is invalid and why.
func (e *PositionError) Error() string {
	return fmt.Sprintf("%v %q: %s", ErrInvalidPosition, e.Position, e.Reason)
}

// Is matches [ErrInvalidPosition] and [ErrInvalidArgument].
func (e *PositionError) Is(target error) bool {
	return target == ErrInvalidPosition || target == ErrInvalidArgument
}

// ParsePosition reads a position stored from [Position.String]. The empty
// string is the zero Position, the start of the chat. Anything else that
// is not such a position gives a *PositionError.
func ParsePosition(s string) (Position, error) {
	if s == "" {
		return Position{}, nil
	}
	bad := func(reason string) (Position, error) {
		text := s
		if len(text) > 100 {
			text = text[:100]
		}
		return Position{}, &PositionError{Position: text, Reason: reason}
	}
	fields := strings.Split(s, ":")
	if len(fields) != 4 || fields[0] != "bp1" {
		return bad(`want "bp1:<count>:<chat>:<hashes>"`)
	}
	n, err := strconv.Atoi(fields[1])
	if err != nil || n < 0 || fields[1] != strconv.Itoa(n) {
		return bad("the event count is not a non-negative integer")
	}
	chat, err := strconv.ParseUint(fields[2], 16, 32)
	if err != nil || len(fields[2]) != 8 {
		return bad("the chat hash is not 8 hex digits")
	}
	p := Position{n: n, chat: uint32(chat)}
	var hashes []string
	if fields[3] != "" {
		hashes = strings.Split(fields[3], ",")
	}
	if len(hashes) != p.tailLen() {
		return bad(fmt.Sprintf("want %d event hashes, got %d", p.tailLen(), len(hashes)))
	}
	for i, h := range hashes {
		v, err := strconv.ParseUint(h, 16, 64)
		if err != nil || len(h) != 16 {
			return bad("an event hash is not 16 hex digits")
		}
		p.tail[i] = v
	}
	return p, nil
}

// chatHash identifies a chat in a Position.
func chatHash(chatID string) uint32 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(chatID))
	return max(h.Sum32(), 1) // 0 is the zero Position's
}
