package ccaip_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip"
)

// TestErrorPaths runs every method against a chat the fake does not have (or
// with input the fake refuses) and checks the typed error.
func TestErrorPaths(t *testing.T) {
	e := newFake(t, nil)
	ctx := context.Background()
	u, chat := startChat(t, e.c)
	const missing = 999999
	yes := true
	notFound := map[string]func() error{
		"UpdateChat":         func() error { _, err := e.c.UpdateChat(ctx, missing, nil); return err },
		"FinishChat":         func() error { _, err := e.c.FinishChat(ctx, missing, u.ID); return err },
		"ResumeChat":         func() error { return e.c.ResumeChat(ctx, missing) },
		"SendText":           func() error { return e.c.SendText(ctx, missing, u.ID, "hi") },
		"Escalate":           func() error { _, err := e.c.Escalate(ctx, missing, nil); return err },
		"RequestPhotoUpload": func() error { _, err := e.c.RequestPhotoUpload(ctx, missing); return err },
		"RequestVideoUpload": func() error { _, err := e.c.RequestVideoUpload(ctx, missing); return err },
		"ListPhotos":         func() error { _, err := e.c.ListPhotos(ctx, missing); return err },
		"ListVideos":         func() error { _, err := e.c.ListVideos(ctx, missing); return err },
		"UpdateCustomerFlags": func() error {
			return e.c.UpdateCustomerFlags(ctx, missing, ccaip.CustomerFlagsUpdate{BadActor: &yes})
		},
		"SendCustomData": func() error {
			return e.c.SendCustomData(ctx, missing, ccaip.CustomData{"a": ccaip.StringItem("A", "b")})
		},
		"GetEndUserByIdentifier": func() error { _, err := e.c.GetEndUserByIdentifier(ctx, "nobody"); return err },
		"UploadPhoto": func() error {
			_, err := e.c.UploadPhoto(ctx, missing, bytes.NewReader(jpeg(64)), -1)
			return err
		},
		"UploadVideo": func() error {
			_, err := e.c.UploadVideo(ctx, missing, bytes.NewReader(mp4(64)), -1)
			return err
		},
	}
	for name, f := range notFound {
		t.Run(name, func(t *testing.T) {
			err := f()
			require.ErrorIs(t, err, ccaip.ErrNotFound)
			var ce *ccaip.Error
			require.ErrorAs(t, err, &ce)
		})
	}
	invalid := map[string]func() error{
		"CreateChat": func() error {
			_, err := e.c.CreateChat(ctx, &ccaip.CreateChatRequest{MenuID: 1, EndUserID: missing})
			return err
		},
		"CreateChat without menu": func() error {
			_, err := e.c.CreateChat(ctx, &ccaip.CreateChatRequest{EndUserID: u.ID})
			return err
		},
		"SendPhoto": func() error { return e.c.SendPhoto(ctx, chat.ID, u.ID, missing) },
		"SendVideo": func() error { return e.c.SendVideo(ctx, chat.ID, u.ID, missing) },
		"AttachPhotos": func() error {
			_, err := e.c.AttachPhotos(ctx, chat.ID, []ccaip.PhotoAttachment{ccaip.PhotoAttachment{S3Path: "nowhere.jpg"}})
			return err
		},
		"AttachVideo": func() error {
			_, err := e.c.AttachVideo(ctx, chat.ID, ccaip.VideoAttachment{S3Path: "nowhere.mp4"})
			return err
		},
	}
	for name, f := range invalid {
		t.Run(name, func(t *testing.T) {
			require.ErrorIs(t, f(), ccaip.ErrInvalidRequest)
		})
	}
}
