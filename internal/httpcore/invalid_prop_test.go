package httpcore

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

var propSeeds = flag.Int("invalid.seeds", 300, "seeds of the size-check and one-line property tests")

// TestPropReaderBodySizeCheck: for random content, reader kinds and
// declared sizes, a measurable body is refused with ErrInvalidArgument
// exactly when the declared size (-1: unknown) differs from its length,
// and an accepted body yields exactly the content, attempt after attempt.
// A one-shot body yields the content when the size is right and fails
// with ErrInvalidArgument when it is not.
func TestPropReaderBodySizeCheck(t *testing.T) {
	for seed := range uint64(*propSeeds) {
		rng := rand.New(rand.NewPCG(seed, 0x5eed))
		n := rng.IntN(5000)
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(rng.IntN(256))
		}
		declared := int64(n)
		switch rng.IntN(3) {
		case 0:
			declared = -1
		case 1:
			declared = int64(rng.IntN(6000))
		}
		kind := rng.IntN(3)
		var r io.Reader
		switch kind {
		case 0:
			r = bytes.NewReader(data)
		case 1:
			r = sizedReaderAt{bytes.NewReader(data)}
		default:
			r = io.MultiReader(bytes.NewReader(data))
		}
		body, err := ReaderBody(r, declared, "")
		mismatch := declared >= 0 && declared != int64(n)
		if kind < 2 {
			if mismatch != (err != nil) || err != nil && !errors.Is(err, ErrInvalidArgument) {
				t.Fatalf("seed %d: kind %d, %d bytes declared %d: err %v", seed, kind, n, declared, err)
			}
			if err != nil {
				continue
			}
			for range 2 {
				got := readBody(t, seed, body)
				if !bytes.Equal(got, data) {
					t.Fatalf("seed %d: kind %d: the body differs from the content", seed, kind)
				}
			}
			continue
		}
		if err != nil {
			t.Fatalf("seed %d: one-shot: %v", seed, err)
		}
		rc, err := body.open()
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		got, err := io.ReadAll(rc)
		switch {
		case mismatch && !errors.Is(err, ErrInvalidArgument):
			t.Fatalf("seed %d: one-shot of %d bytes declared %d: err %v", seed, n, declared, err)
		case !mismatch && (err != nil || !bytes.Equal(got, data)):
			t.Fatalf("seed %d: one-shot of %d bytes declared %d: err %v, %d bytes read", seed, n, declared, err, len(got))
		}
	}
}

func readBody(t *testing.T, seed uint64, b *Body) []byte {
	t.Helper()
	rc, err := b.open()
	if err != nil {
		t.Fatalf("seed %d: open: %v", seed, err)
	}
	defer func() { _ = rc.Close() }()
	got, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("seed %d: read: %v", seed, err)
	}
	return got
}

// TestPropOneLine: whatever a server sends, OneLine leaves no control
// character and keeps every other character in order.
func TestPropOneLine(t *testing.T) {
	alphabet := []rune("ab \r\n\t\x00\x1b\u0085é€<>")
	for seed := range uint64(*propSeeds) {
		rng := rand.New(rand.NewPCG(seed, 0x11e))
		var b strings.Builder
		for range rng.IntN(60) {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		in := b.String()
		out := OneLine(in)
		if strings.ContainsFunc(out, unicode.IsControl) {
			t.Fatalf("seed %d: %q gave %q", seed, in, out)
		}
		keep := func(s string) string {
			return strings.Map(func(r rune) rune {
				if unicode.IsControl(r) || r == ' ' {
					return -1
				}
				return r
			}, s)
		}
		if keep(in) != keep(out) {
			t.Fatalf("seed %d: %q gave %q: characters lost", seed, in, out)
		}
	}
}
