package conformance

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/switchboard-go/switchboard/internal/fixture"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// UploadSizes checks the size convention of an upload with data: upload
// must accept a bytes.Reader and an *os.File of data with size -1
// (unknown), 0 (read as unknown, as net/http reads a zero ContentLength
// with a body) and len(data), six uploads in all; and it must refuse a
// one-shot reader (fixture.OneShot) of data whose size contradicts it, as
// it is sent, with a one-line error matching httpcore.ErrInvalidArgument
// that holds none of secrets, not the transport's ContentLength message.
func UploadSizes(t testing.TB, data []byte, secrets []string, upload func(content io.Reader, size int64) error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "upload.bin")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, size := range []int64{-1, 0, int64(len(data))} {
		if err := upload(bytes.NewReader(data), size); err != nil {
			t.Errorf("bytes.Reader, size %d: %v", size, err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := upload(f, size); err != nil {
			t.Errorf("os.File, size %d: %v", size, err)
		}
		_ = f.Close()
	}
	err := upload(fixture.OneShot{Reader: bytes.NewReader(data)}, int64(len(data)/2))
	if !errors.Is(err, httpcore.ErrInvalidArgument) {
		t.Fatalf("a one-shot reader of %d bytes sent as %d: err = %v, want one matching ErrInvalidArgument", len(data), len(data)/2, err)
	}
	if strings.Contains(err.Error(), "ContentLength=") {
		t.Errorf("the transport's message leaks out: %v", err)
	}
	CheckErrorText(t, err, secrets)
}
