package ccaip

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"sort"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/flex"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// UploadTarget is a pre-signed storage upload: POST a multipart form with
// every field, then the file, to URL. It expires after five minutes and
// serves one file.
type UploadTarget struct {
	URL string
	// Fields are forwarded as form fields, in the order given ("key" first).
	Fields []FormField
	// Key is the storage key, to pass as s3_path when attaching.
	Key string
}

// FormField is one field of a pre-signed upload form.
type FormField struct {
	Name, Value string
}

// Media is an uploaded photo or video attached to a chat.
type Media struct {
	ID  int64
	URL string
}

// PhotoAttachment is one photo to attach; S3Path is the upload's key.
type PhotoAttachment struct {
	S3Path    string `json:"s3_path"`
	PhotoType string `json:"photo_type,omitempty"`
}

// VideoAttachment is the video to attach; S3Path is the upload's key.
type VideoAttachment struct {
	S3Path  string `json:"s3_path,omitempty"`
	GCSPath string `json:"gcs_path,omitempty"`
}

// PhotoTypePhoto is the only documented photo_type.
const PhotoTypePhoto = "photo"

type wireMedia struct {
	MediaID flex.Int    `json:"media_id"`
	ID      flex.Int    `json:"id"`
	URL     flex.String `json:"url"`
}

func (w wireMedia) media() Media {
	m := Media{ID: w.MediaID.Value, URL: w.URL.Value}
	if !w.MediaID.Valid {
		m.ID = w.ID.Value
	}
	return m
}

// mediaList decodes one media object or an array of them.
type mediaList []Media

func (l *mediaList) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '[' {
		var ws []wireMedia
		if err := json.Unmarshal(data, &ws); err != nil {
			return err
		}
		out := make(mediaList, 0, len(ws))
		for _, w := range ws {
			out = append(out, w.media())
		}
		*l = out
		return nil
	}
	var w wireMedia
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*l = mediaList{w.media()}
	return nil
}

type wireUploadTarget struct {
	URL    flex.String            `json:"url"`
	Fields map[string]flex.String `json:"fields"`
	Key    flex.String            `json:"key"`
}

func (w *wireUploadTarget) target() *UploadTarget {
	t := &UploadTarget{URL: w.URL.Value, Key: w.Key.Value}
	names := make([]string, 0, len(w.Fields))
	for name, v := range w.Fields {
		if v.Valid {
			names = append(names, name)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == "key") != (names[j] == "key") {
			return names[i] == "key"
		}
		return names[i] < names[j]
	})
	for _, name := range names {
		t.Fields = append(t.Fields, FormField{name, w.Fields[name].Value})
	}
	if k, ok := w.Fields["key"]; ok && k.Valid {
		t.Key = k.Value
	}
	return t
}

// RequestPhotoUpload gets a pre-signed URL for one photo (image/jpeg, at most
// 2 MB). [Client.UploadPhoto] does the whole flow.
//
// POST /chats/{chatId}/photos/upload — idempotent: it only issues a URL.
func (c *Client) RequestPhotoUpload(ctx context.Context, chatID int64, opts ...call.Option) (*UploadTarget, error) {
	ctx = callopt.With(ctx, opts)
	return c.requestUpload(ctx, "chats/{chatId}/photos/upload", chatID)
}

// RequestVideoUpload gets a pre-signed URL for one video (video/mp4, at most
// 20 MB). [Client.UploadVideo] does the whole flow.
//
// POST /chats/{chatId}/videos/upload — idempotent: it only issues a URL.
func (c *Client) RequestVideoUpload(ctx context.Context, chatID int64, opts ...call.Option) (*UploadTarget, error) {
	ctx = callopt.With(ctx, opts)
	return c.requestUpload(ctx, "chats/{chatId}/videos/upload", chatID)
}

func (c *Client) requestUpload(ctx context.Context, path string, chatID int64) (*UploadTarget, error) {
	if err := checkID("chatID", chatID); err != nil {
		return nil, err
	}
	var w wireUploadTarget
	err := c.onChat(ctx, chatID, &httpcore.Request{
		Method: http.MethodPost, Path: path, Safety: httpcore.Idempotent,
	}, &w)
	if err != nil {
		return nil, err
	}
	return w.target(), nil
}

// AttachPhotos attaches uploaded photos to the chat and returns their media
// ids and read-only URLs.
//
// POST /chats/{chatId}/photos — unsafe: never retried after the request may have
// reached the server.
func (c *Client) AttachPhotos(ctx context.Context, chatID int64, photos []PhotoAttachment, opts ...call.Option) ([]Media, error) {
	ctx = callopt.With(ctx, opts)
	if err := checkID("chatID", chatID); err != nil {
		return nil, err
	}
	photos = slices.Clone(photos) // the default type is filled in on a copy
	for i := range photos {
		if photos[i].PhotoType == "" {
			photos[i].PhotoType = PhotoTypePhoto
		}
	}
	var out mediaList
	err := c.onChat(ctx, chatID, &httpcore.Request{
		Method: http.MethodPost, Path: "chats/{chatId}/photos", JSON: map[string][]PhotoAttachment{"photo": photos},
	}, &out)
	return out, err
}

// AttachVideo attaches one uploaded video to the chat.
//
// POST /chats/{chatId}/videos — unsafe: never retried after the request may have
// reached the server.
func (c *Client) AttachVideo(ctx context.Context, chatID int64, video VideoAttachment, opts ...call.Option) (*Media, error) {
	ctx = callopt.With(ctx, opts)
	if err := checkID("chatID", chatID); err != nil {
		return nil, err
	}
	var out mediaList
	err := c.onChat(ctx, chatID, &httpcore.Request{
		Method: http.MethodPost, Path: "chats/{chatId}/videos", JSON: map[string]VideoAttachment{"video": video},
	}, &out)
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return &Media{}, nil
	}
	return &out[0], nil
}

// ListPhotos returns the media id and URL of every photo on the chat.
//
// GET /chats/{chatId}/photos — idempotent.
func (c *Client) ListPhotos(ctx context.Context, chatID int64, opts ...call.Option) ([]Media, error) {
	ctx = callopt.With(ctx, opts)
	return c.listMedia(ctx, "chats/{chatId}/photos", chatID)
}

// ListVideos returns the media id and URL of every video on the chat.
//
// GET /chats/{chatId}/videos — idempotent.
func (c *Client) ListVideos(ctx context.Context, chatID int64, opts ...call.Option) ([]Media, error) {
	ctx = callopt.With(ctx, opts)
	return c.listMedia(ctx, "chats/{chatId}/videos", chatID)
}

func (c *Client) listMedia(ctx context.Context, path string, chatID int64) ([]Media, error) {
	if err := checkID("chatID", chatID); err != nil {
		return nil, err
	}
	var out mediaList
	err := c.onChat(ctx, chatID, &httpcore.Request{
		Method: http.MethodGet, Path: path, Safety: httpcore.Idempotent,
	}, &out)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MediaFile is a downloaded attachment. The caller must close Body.
type MediaFile struct {
	Body          io.ReadCloser
	ContentType   string
	ContentLength int64 // -1 when unknown
}

// DownloadMedia streams an attachment (an agent's file announced by a
// message_received webhook) without reading it into memory.
//
// GET /chats/{chatId}/media/{mediaId} — idempotent.
func (c *Client) DownloadMedia(ctx context.Context, chatID, mediaID int64, opts ...call.Option) (*MediaFile, error) {
	ctx = callopt.With(ctx, opts)
	if err := checkIDs(namedID{"chatID", chatID}, namedID{"mediaID", mediaID}); err != nil {
		return nil, err
	}
	s, err := c.core.Download(ctx, &httpcore.Request{
		Method: http.MethodGet, Path: "chats/{chatId}/media/{mediaId}", PathParams: []string{id(chatID), id(mediaID)},
		Safety: httpcore.Idempotent,
	})
	if err != nil {
		return nil, err
	}
	return &MediaFile{Body: s.Body, ContentType: s.ContentType, ContentLength: s.ContentLength}, nil
}
