package httpcore

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/textproto"
)

// FormField is one plain field of a multipart form.
type FormField struct {
	Name, Value string
}

// FormFile is the file part of a multipart form.
type FormFile struct {
	// Field is the form field name ("file").
	Field string
	// FileName is sent as the part's filename.
	FileName string
	// ContentType is the part's media type; empty means
	// application/octet-stream.
	ContentType string
	// Content is the file's bytes, streamed.
	Content *Body
}

// MultipartBody builds a multipart/form-data body that streams file between a
// small in-memory preamble (the fields and the part header) and the closing
// boundary. Nothing of the file is buffered and no goroutine is started. The
// body is replayable when the file's body is, and its length is known when
// the file's is.
func MultipartBody(fields []FormField, file FormFile) (*Body, error) {
	var pre bytes.Buffer
	w := multipart.NewWriter(&pre)
	for _, f := range fields {
		if err := w.WriteField(f.Name, f.Value); err != nil {
			return nil, err
		}
	}
	ct := file.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", multipart.FileContentDisposition(file.Field, file.FileName))
	h.Set("Content-Type", ct)
	if _, err := w.CreatePart(h); err != nil {
		return nil, err
	}
	head := bytes.Clone(pre.Bytes())
	pre.Reset()
	if err := w.Close(); err != nil {
		return nil, err
	}
	tail := bytes.Clone(pre.Bytes())

	size := int64(-1)
	if file.Content.size >= 0 {
		size = int64(len(head)) + file.Content.size + int64(len(tail))
	}
	return &Body{
		open: func() (io.ReadCloser, error) {
			rc, err := file.Content.open()
			if err != nil {
				return nil, err
			}
			return struct {
				io.Reader
				io.Closer
			}{io.MultiReader(bytes.NewReader(head), rc, bytes.NewReader(tail)), rc}, nil
		},
		size:        size,
		contentType: w.FormDataContentType(),
		replayable:  file.Content.replayable,
	}, nil
}
