package ccaip_test

import (
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
