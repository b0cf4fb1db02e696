package brightpattern

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/flex"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// MaxUploadSize is the server's upload limit, 25 MB.
const MaxUploadSize = 25 << 20

// Upload is a file to send with [Client.UploadFile].
type Upload struct {
	// Name is the file name the agent sees.
	Name string
	// ContentType is the file's media type; empty means
	// application/octet-stream.
	ContentType string
	// Content is streamed, never read into memory. An *os.File of a
	// regular file, an io.ReadSeeker, or an io.ReaderAt with a Size method
	// (or a known Size) is measured and can be resent on a connection
	// failure; any other reader is sent once.
	Content io.Reader
	// Size is the content's length in bytes, or -1 when unknown; 0 reads
	// as unknown too, as net/http reads a zero ContentLength with a body,
	// so an Upload that leaves Size out is measured. Content of unknown
	// size that cannot be measured is sent once with unknown length. A
	// Size the content contradicts is refused, before anything is sent,
	// with an error matching [ErrInvalidArgument]; a one-shot reader that
	// yields more or fewer bytes than Size fails with such an error as it
	// is sent.
	Size int64
}

// UploadedFile is a stored file, to announce with [Client.SendFile].
type UploadedFile struct {
	ID          string
	Name        string
	ContentType string
}

// Type is the file type to announce: image for an image/* content type,
// attachment otherwise.
func (f *UploadedFile) Type() FileType {
	if strings.HasPrefix(f.ContentType, "image/") {
		return FileImage
	}
	return FileAttachment
}

// UploadFile uploads a file of up to 25 MB as a streamed multipart body,
// never held in memory. A file known to be larger is refused before
// sending with an error matching [ErrUploadTooLarge] and
// [ErrInvalidArgument]; the server's refusal (5501) matches
// [ErrUploadTooLarge] too. An answer without a file id matches [ErrMalformedResponse].
// Announce the file to the agent with [Client.SendFile].
//
// POST files — unsafe: retried only when the request certainly never
// reached the server, and a one-shot reader never.
func (c *Client) UploadFile(ctx context.Context, up *Upload, opts ...call.Option) (*UploadedFile, error) {
	ctx = callopt.With(ctx, opts)
	if up == nil || up.Content == nil {
		return nil, httpcore.InvalidArgument("brightpattern", "UploadFile: Upload.Content is nil")
	}
	size := up.Size
	if size == 0 {
		size = -1 // unknown, as net/http reads a zero ContentLength with a body
	}
	tooLarge := func(n int64) error {
		return httpcore.InvalidArgument("brightpattern", "UploadFile %q: %d bytes: %w (%d bytes)", up.Name, n, ErrUploadTooLarge, MaxUploadSize)
	}
	if size > MaxUploadSize {
		return nil, tooLarge(size)
	}
	content, err := httpcore.ReaderBody(up.Content, size, up.ContentType)
	if err != nil {
		return nil, fmt.Errorf("brightpattern: UploadFile: Upload.Content: %w", err)
	}
	if content.Size() > MaxUploadSize {
		return nil, tooLarge(content.Size())
	}
	body, err := httpcore.MultipartBody(nil, httpcore.FormFile{
		Field: c.uploadField, FileName: up.Name, ContentType: up.ContentType, Content: content,
	})
	if err != nil {
		return nil, fmt.Errorf("brightpattern: UploadFile: %w", err)
	}
	var w struct {
		FileID   flex.String `json:"file_id"`
		FileName flex.String `json:"file_name"`
	}
	err = c.doDecode(ctx, &httpcore.Request{Method: http.MethodPost, Path: "files", Body: body, Safety: httpcore.Unsafe},
		func(body []byte) error {
			if err := jsonInto(&w)(body); err != nil {
				return err
			}
			if w.FileID.Value == "" {
				return errNoFileID
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	f := &UploadedFile{ID: w.FileID.Value, Name: w.FileName.Value, ContentType: up.ContentType}
	if f.Name == "" {
		f.Name = up.Name
	}
	return f, nil
}

// errNoFileID is why an upload's answer was refused.
var errNoFileID = errors.New("the answer has no file_id")

// File is a downloaded file or photo. The caller must close Body.
type File struct {
	Body          io.ReadCloser
	ContentType   string
	ContentLength int64 // -1 when unknown
}

// GetFile downloads a file of the chat (see [FileEvent]) as a stream.
//
// GET chats/{chatId}/files/{fileId} — idempotent: retried on connection
// errors, 429, 502, 503 and 504.
func (c *Client) GetFile(ctx context.Context, chatID, fileID string, opts ...call.Option) (*File, error) {
	ctx = callopt.With(ctx, opts)
	return c.download(ctx, "chats/{chatId}/files/{fileId}", chatID, fileID)
}

// ProfilePhoto downloads the profile photo of a party of the chat (see
// [PartyJoinedEvent]) as a stream.
//
// GET chats/{chatId}/profilephotos/{partyId} — idempotent: retried on
// connection errors, 429, 502, 503 and 504.
func (c *Client) ProfilePhoto(ctx context.Context, chatID, partyID string, opts ...call.Option) (*File, error) {
	ctx = callopt.With(ctx, opts)
	return c.download(ctx, "chats/{chatId}/profilephotos/{partyId}", chatID, partyID)
}

func (c *Client) download(ctx context.Context, path string, params ...string) (*File, error) {
	s, err := c.core.Download(ctx, &httpcore.Request{Method: http.MethodGet, Path: path, PathParams: params, Safety: httpcore.Idempotent})
	if err != nil {
		return nil, err
	}
	return &File{Body: s.Body, ContentType: s.ContentType, ContentLength: s.ContentLength}, nil
}
