package ccaip_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip"
)

// PATCH chats/:id sets only the status the documents show ("finished"); the
// fake refuses any other rather than storing it.
func TestFakeRefusesUndocumentedStatus(t *testing.T) {
	e := newFake(t, nil)
	ctx := context.Background()
	u, chat := startChat(t, e.c)
	for _, status := range []ccaip.ChatStatus{ccaip.ChatQueued, ccaip.ChatAssigned, ccaip.ChatDismissed, "bogus"} {
		_, err := e.c.UpdateChat(ctx, chat.ID, &ccaip.UpdateChatRequest{Status: status})
		require.ErrorIs(t, err, ccaip.ErrInvalidRequest, status)
	}
	rec, _ := e.srv.Chat(chat.ID)
	assert.Equal(t, "va_assigned", rec.Status, "nothing stored")

	got, err := e.c.UpdateChat(ctx, chat.ID, &ccaip.UpdateChatRequest{DeflectionChannel: ccaip.DeflectEmail})
	require.NoError(t, err, "a PATCH without a status is accepted")
	assert.Equal(t, ccaip.ChatVAAssigned, got.Status)
	got, err = e.c.FinishChat(ctx, chat.ID, u.ID)
	require.NoError(t, err)
	assert.Equal(t, ccaip.ChatFinished, got.Status)
	assert.False(t, got.EndsAt.IsZero(), "an ended chat has ends_at")
	_, err = e.c.FinishChat(ctx, chat.ID, u.ID)
	require.NoError(t, err, "finishing twice is idempotent")
}

// A chat that is finished, failed or abandoned takes no message, escalation,
// end-user update or finish.
func TestFakeRefusesEndedChats(t *testing.T) {
	for _, status := range []string{"finished", "failed", "abandoned"} {
		t.Run(status, func(t *testing.T) {
			e := newFake(t, nil)
			ctx := context.Background()
			u, chat := startChat(t, e.c)
			require.NoError(t, e.srv.SetStatus(chat.ID, status))
			require.ErrorIs(t, e.c.SendText(ctx, chat.ID, u.ID, "hello?"), ccaip.ErrSessionEnded)
			_, err := e.c.Escalate(ctx, chat.ID, &ccaip.EscalateRequest{Reason: ccaip.ReasonByEndUserAsk})
			require.ErrorIs(t, err, ccaip.ErrSessionEnded)
			require.ErrorIs(t, e.c.UpdateChatEndUser(ctx, chat.ID, &ccaip.EndUserRequest{Identifier: "x"}), ccaip.ErrSessionEnded)
			rec, _ := e.srv.Chat(chat.ID)
			assert.Empty(t, rec.Messages)
			assert.Empty(t, rec.Escalations)
			assert.Empty(t, rec.EndUserUpdates)
			if status != "finished" {
				_, err = e.c.FinishChat(ctx, chat.ID, u.ID)
				require.ErrorIs(t, err, ccaip.ErrSessionEnded)
			}
		})
	}
}

// The fake takes the documented escalation reasons (and the client's
// unconfirmed after_hours) and refuses any other.
func TestFakeEscalationReasons(t *testing.T) {
	e := newFake(t, nil)
	ctx := context.Background()
	_, chat := startChat(t, e.c)
	for _, r := range []ccaip.EscalationReason{
		ccaip.ReasonUnknown, ccaip.ReasonByEndUserAsk, ccaip.ReasonByEndUserMessage, ccaip.ReasonByVirtualAgent,
		ccaip.ReasonPayloadFailure, ccaip.ReasonCouldNotResume, ccaip.ReasonByHumanAgent, ccaip.ReasonInvalidQueue,
		ccaip.ReasonDismissed, ccaip.ReasonOverCapacity, ccaip.ReasonAfterHours, "",
	} {
		_, err := e.c.Escalate(ctx, chat.ID, &ccaip.EscalateRequest{Reason: r})
		require.NoError(t, err, r)
	}
	for _, r := range []ccaip.EscalationReason{"by_consumer", "BY_END_USER_ASK", "1", "whatever"} {
		_, err := e.c.Escalate(ctx, chat.ID, &ccaip.EscalateRequest{Reason: r})
		require.ErrorIs(t, err, ccaip.ErrInvalidRequest, r)
	}
	rec, _ := e.srv.Chat(chat.ID)
	assert.Len(t, rec.Escalations, 12)
}

func TestFakeStoresTranscript(t *testing.T) {
	e := newFake(t, nil)
	u, err := e.c.UpsertEndUser(context.Background(), &ccaip.EndUserRequest{Identifier: euID})
	require.NoError(t, err)
	transcript := map[string]any{"transcript": []any{map[string]any{"sender": "end_user", "content": []any{}}}}
	chat, err := e.c.CreateChat(context.Background(), &ccaip.CreateChatRequest{MenuID: 11, EndUserID: u.ID, Transcript: transcript})
	require.NoError(t, err)
	rec, _ := e.srv.Chat(chat.ID)
	assert.Equal(t, transcript, rec.Transcript)
}

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
