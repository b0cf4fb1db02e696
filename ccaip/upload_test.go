package ccaip_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
)

func fixtureVideoGCSPath(t *testing.T) {
	c := replay(t, "video_attach_gcs")
	m, err := c.AttachVideo(context.Background(), 4242, ccaip.VideoAttachment{GCSPath: "chats/4242/videos/def457.mp4"})
	require.NoError(t, err)
	assert.Equal(t, ccaip.Media{ID: 9004, URL: "https://storage.googleapis.com/acme-media/chats/4242/videos/def457.mp4"}, *m)
}

// AttachVideo by gcs_path: the fake takes either key; two that disagree are
// refused.
func TestAttachVideoGCSPathOnFake(t *testing.T) {
	e := newFake(t, nil)
	ctx := context.Background()
	_, chat := startChat(t, e.c)
	target, err := e.c.RequestVideoUpload(ctx, chat.ID)
	require.NoError(t, err)
	_, err = e.c.AttachVideo(ctx, chat.ID, ccaip.VideoAttachment{GCSPath: target.Key})
	require.ErrorIs(t, err, ccaip.ErrInvalidRequest, "nothing was uploaded under the key yet")

	// A file uploaded (and attached by s3_path) by the whole flow is then
	// attached again by gcs_path, and by both keys agreeing.
	v, err := e.c.UploadVideo(ctx, chat.ID, bytes.NewReader(mp4Brand("isom", 2000)), -1)
	require.NoError(t, err)
	keyOf := func(m *ccaip.Media) string { return m.URL[len(e.srv.StorageURL())+1:] }
	m, err := e.c.AttachVideo(ctx, chat.ID, ccaip.VideoAttachment{GCSPath: keyOf(v)})
	require.NoError(t, err)
	assert.NotEqual(t, v.ID, m.ID)
	m2, err := e.c.AttachVideo(ctx, chat.ID, ccaip.VideoAttachment{S3Path: keyOf(v), GCSPath: keyOf(v)})
	require.NoError(t, err)
	_, err = e.c.AttachVideo(ctx, chat.ID, ccaip.VideoAttachment{S3Path: keyOf(v), GCSPath: "chats/other.mp4"})
	require.ErrorIs(t, err, ccaip.ErrInvalidRequest)
	list, err := e.c.ListVideos(ctx, chat.ID)
	require.NoError(t, err)
	assert.Equal(t, []ccaip.Media{*v, *m, *m2}, list)
}

// mp4Brand is an ISO base media file of n bytes whose ftyp box names brand
// as its major brand and as its only compatible brand.
func mp4Brand(brand string, n int) []byte {
	b := make([]byte, n)
	binary.BigEndian.PutUint32(b, 20)
	copy(b[4:], "ftyp"+brand+"\x00\x00\x02\x00"+brand)
	binary.BigEndian.PutUint32(b[20:], 8)
	copy(b[24:], "free")
	return b
}

func TestUploadVideoRecognisesMP4ByFtyp(t *testing.T) {
	e := newFake(t, nil)
	ctx := context.Background()
	_, chat := startChat(t, e.c)
	for _, brand := range []string{"isom", "iso2", "iso5", "avc1", "mp41", "mp42", "M4V ", "dash"} {
		_, err := e.c.UploadVideo(ctx, chat.ID, bytes.NewReader(mp4Brand(brand, 4096)), -1)
		require.NoError(t, err, brand)
	}
	before := len(e.srv.Received())
	for name, file := range map[string][]byte{
		"QuickTime":     mp4Brand("qt  ", 4096),
		"HEIF image":    mp4Brand("heic", 4096),
		"AVIF image":    mp4Brand("avif", 4096),
		"MPEG-4 audio":  mp4Brand("M4A ", 4096),
		"short":         []byte("\x00\x00\x00\x14ftypisom"),
		"box too small": append([]byte("\x00\x00\x00\x08ftypisom"), make([]byte, 64)...),
		"odd box size":  append([]byte("\x00\x00\x00\x15ftypisom"), make([]byte, 64)...),
		"binary brand":  append([]byte("\x00\x00\x00\x14ftyp\x00\x01\x02\x03"), make([]byte, 64)...),
		"no ftyp":       append([]byte("\x00\x00\x00\x14moovisom"), make([]byte, 64)...),
		"JPEG":          jpeg(4096),
	} {
		_, err := e.c.UploadVideo(ctx, chat.ID, bytes.NewReader(file), -1)
		require.ErrorIs(t, err, ccaip.ErrMediaType, name)
	}
	assert.Len(t, e.srv.Received(), before, "nothing is sent for a refused file")
}

// The guide's "2 MB" and "20 MB" are read as 10^6-byte megabytes, the
// stricter reading: a file of exactly the limit passes, one byte more does
// not, on the client and on the fake's storage.
func TestUploadLimitsAreDecimalMegabytes(t *testing.T) {
	assert.Equal(t, 2_000_000, ccaip.MaxPhotoBytes)
	assert.Equal(t, 20_000_000, ccaip.MaxVideoBytes)
	assert.Equal(t, ccaip.MaxPhotoBytes, ccaiptest.MaxPhotoBytes)
	assert.Equal(t, ccaip.MaxVideoBytes, ccaiptest.MaxVideoBytes)

	e := newFake(t, nil)
	ctx := context.Background()
	_, chat := startChat(t, e.c)
	_, err := e.c.UploadPhoto(ctx, chat.ID, bytes.NewReader(jpeg(ccaip.MaxPhotoBytes)), -1)
	require.NoError(t, err)
	_, err = e.c.UploadPhoto(ctx, chat.ID, bytes.NewReader(jpeg(2<<20)), -1)
	require.ErrorIs(t, err, ccaip.ErrUploadTooLarge, "2 MiB is over 2 MB")
	_, err = e.c.UploadVideo(ctx, chat.ID, bytes.NewReader(mp4Brand("isom", ccaip.MaxVideoBytes+1)), -1)
	require.ErrorIs(t, err, ccaip.ErrUploadTooLarge)
}
