package ccaip

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// Documented media limits, enforced before anything is uploaded. The guide
// says "2 MB" and "20 MB" without saying whether a megabyte is 10^6 or 2^20
// bytes; the client takes the stricter reading, 10^6, so that no file it
// accepts can be over the server's limit.
const (
	MaxPhotoBytes    = 2_000_000
	MaxVideoBytes    = 20_000_000
	PhotoContentType = "image/jpeg"
	VideoContentType = "video/mp4"
)

// mediaKind describes one of the two upload flows.
type mediaKind struct {
	name        string
	method      string // the exported method, for error strings
	contentType string
	maxBytes    int64
	request     func(*Client, context.Context, int64, ...call.Option) (*UploadTarget, error)
	attach      func(*Client, context.Context, int64, string) (*Media, error)
}

var (
	photoKind = mediaKind{
		name: "photo", method: "UploadPhoto", contentType: PhotoContentType, maxBytes: MaxPhotoBytes,
		request: (*Client).RequestPhotoUpload,
		attach: func(c *Client, ctx context.Context, chatID int64, key string) (*Media, error) {
			ms, err := c.AttachPhotos(ctx, chatID, []PhotoAttachment{PhotoAttachment{S3Path: key}})
			if err != nil {
				return nil, err
			}
			if len(ms) == 0 {
				return &Media{}, nil
			}
			return &ms[0], nil
		},
	}
	videoKind = mediaKind{
		name: "video", method: "UploadVideo", contentType: VideoContentType, maxBytes: MaxVideoBytes,
		request: (*Client).RequestVideoUpload,
		attach: func(c *Client, ctx context.Context, chatID int64, key string) (*Media, error) {
			return c.AttachVideo(ctx, chatID, VideoAttachment{S3Path: key})
		},
	}
)

// UploadPhoto runs the whole photo flow in one call: it gets a pre-signed
// URL, streams a multipart POST-policy upload of file (with every field the
// API returned) to the storage service, attaches the upload to the chat with
// s3_path set to the returned key, and returns the media id and URL.
//
// The photo must be image/jpeg (checked on its first bytes) and at most
// [MaxPhotoBytes] (2 MB, read as 2,000,000 bytes). size is its length in
// bytes, or -1 when unknown; 0 is read as unknown too, as net/http reads a
// zero ContentLength with a body. An unknown size is measured for an
// io.ReadSeeker (an *os.File of a regular file, a *bytes.Reader) or an
// io.ReaderAt with a Size method, which are streamed without being held in
// memory; any other reader needs its size and is read once. A size the
// content contradicts, a file of the wrong type or over the limit, and a
// chatID below 1 are refused with an error matching [ErrInvalidArgument]
// before anything is sent. Resize the photo and fix its orientation before
// uploading.
//
// POST /chats/{chatId}/photos/upload (idempotent), then POST <storage URL> and
// POST /chats/{chatId}/photos (unsafe): the upload and the attach are never
// retried after they may have reached the server.
func (c *Client) UploadPhoto(ctx context.Context, chatID int64, file io.Reader, size int64, opts ...call.Option) (*Media, error) {
	ctx = callopt.With(ctx, opts)
	return c.upload(ctx, photoKind, chatID, file, size)
}

// UploadVideo runs the whole video flow in one call, as [Client.UploadPhoto]
// does for photos. The video must be video/mp4, recognised by its ftyp box
// (whatever its brands: isom, iso2, avc1, mp42, ...; QuickTime, HEIF, AVIF,
// 3GPP and MPEG-4 audio files are refused), and at most [MaxVideoBytes]
// (20 MB, read as 20,000,000 bytes).
//
// POST /chats/{chatId}/videos/upload (idempotent), then POST <storage URL> and
// POST /chats/{chatId}/videos (unsafe).
func (c *Client) UploadVideo(ctx context.Context, chatID int64, file io.Reader, size int64, opts ...call.Option) (*Media, error) {
	ctx = callopt.With(ctx, opts)
	return c.upload(ctx, videoKind, chatID, file, size)
}

func (c *Client) upload(ctx context.Context, k mediaKind, chatID int64, file io.Reader, size int64) (*Media, error) {
	if err := checkID("chatID", chatID); err != nil {
		return nil, err
	}
	if file == nil {
		return nil, httpcore.InvalidArgument("ccaip", "%s: file is nil", k.method)
	}
	if size == 0 {
		size = -1 // unknown, as net/http reads a zero ContentLength with a body
	}
	head, file, err := sniff(file)
	if err != nil {
		return nil, fmt.Errorf("ccaip: %s: read file: %w", k.method, err)
	}
	if got := detectMedia(head); got != k.contentType {
		return nil, httpcore.Invalid(fmt.Errorf("%w: a %s must be %s, this looks like %s", ErrMediaType, k.name, k.contentType, got))
	}
	body, err := httpcore.ReaderBody(file, size, k.contentType)
	if err != nil {
		return nil, fmt.Errorf("ccaip: %s: %w", k.method, err)
	}
	switch {
	case body.Size() < 0:
		return nil, httpcore.InvalidArgument("ccaip", "%s: size is required for a reader that cannot be measured", k.method)
	case body.Size() > k.maxBytes:
		return nil, httpcore.Invalid(fmt.Errorf("%w: a %s may be at most %d bytes, this one is %d", ErrUploadTooLarge, k.name, k.maxBytes, body.Size()))
	}
	target, err := k.request(c, ctx, chatID)
	if err != nil {
		return nil, err
	}
	if target.URL == "" || target.Key == "" {
		return nil, fmt.Errorf("ccaip: upload %s: the pre-signed answer lacks a url or key", k.name)
	}
	fields := make([]httpcore.FormField, 0, len(target.Fields))
	for _, f := range target.Fields {
		fields = append(fields, httpcore.FormField{Name: f.Name, Value: f.Value})
	}
	form, err := httpcore.MultipartBody(fields, httpcore.FormFile{
		Field: "file", FileName: path.Base(target.Key), ContentType: k.contentType, Content: body,
	})
	if err != nil {
		return nil, fmt.Errorf("ccaip: upload %s: %w", k.name, err)
	}
	if _, _, err := c.core.DoRaw(ctx, &httpcore.Request{Method: http.MethodPost, URL: target.URL, Body: form, NoAuth: true}); err != nil {
		return nil, err
	}
	return k.attach(c, ctx, chatID, target.Key)
}

// sniffLen is how much net/http's content sniffing reads.
const sniffLen = 512

// sniff returns the first bytes of r and a reader that still yields all of
// r: a seeker is rewound, a ReaderAt is read in place, any other reader is
// stitched back together.
func sniff(r io.Reader) ([]byte, io.Reader, error) {
	head := make([]byte, sniffLen)
	switch src := r.(type) {
	case io.ReadSeeker:
		start, err := src.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, nil, err
		}
		n, err := io.ReadFull(src, head)
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return nil, nil, err
		}
		if _, err := src.Seek(start, io.SeekStart); err != nil {
			return nil, nil, err
		}
		return head[:n], r, nil
	case io.ReaderAt:
		n, err := src.ReadAt(head, 0)
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, nil, err
		}
		return head[:n], r, nil
	}
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, nil, err
	}
	return head[:n], io.MultiReader(bytes.NewReader(head[:n]), r), nil
}

// detectMedia names the content type of a file's first bytes. MP4 is
// recognised by its ftyp box, whatever its brands: net/http's sniffer knows
// only files that list an "mp4*" brand and calls a valid isom, iso2 or avc1
// file application/octet-stream.
func detectMedia(head []byte) string {
	if isMP4(head) {
		return VideoContentType
	}
	return http.DetectContentType(head)
}

// nonMP4Brands are ftyp major brands of ISO base media files that are not
// MP4 video: QuickTime, HEIF and AVIF images, 3GPP, MPEG-4 audio, Canon raw.
var nonMP4Brands = map[string]bool{
	"qt  ": true, "heic": true, "heix": true, "hevc": true, "hevx": true, "heim": true, "heis": true,
	"mif1": true, "msf1": true, "avif": true, "avis": true, "crx ": true,
	"3gp4": true, "3gp5": true, "3gp6": true, "3g2a": true, "M4A ": true, "M4B ": true,
}

// isMP4 reports an ISO base media file whose first box is a well-formed
// ftyp box (size, "ftyp", major brand, minor version, compatible brands)
// with a major brand that is not known to be something else.
func isMP4(head []byte) bool {
	if len(head) < 16 || string(head[4:8]) != "ftyp" {
		return false
	}
	size := int(head[0])<<24 | int(head[1])<<16 | int(head[2])<<8 | int(head[3])
	if size < 16 || size%4 != 0 {
		return false
	}
	major := string(head[8:12])
	for _, r := range major {
		if r < ' ' || r > '~' {
			return false
		}
	}
	return !nonMP4Brands[major]
}
