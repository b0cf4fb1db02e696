package ccaip_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

const (
	testHost  = "acme.uc1.ccaiplatform.com"
	testToken = "test-token"
	euID      = "6f1c2b9e-0c1d-4f7e-9a51-3b2d1e0f4a77"
)

// replay returns a client whose requests must match the named fixtures, in
// order.
func replay(t *testing.T, names ...string) *ccaip.Client {
	t.Helper()
	c, err := ccaip.NewClient(testHost, testToken, ccaip.WithHTTPClient(fixture.Client(t, "ccaip", names...)),
		ccaip.WithRetryWait(time.Millisecond, 5*time.Millisecond), ccaip.WithRateLimiter(nil))
	require.NoError(t, err)
	return c
}

// TestFixtures runs every case that replays files of testdata/ccaip, and
// fails when a file is replayed by none.
func TestFixtures(t *testing.T) {
	fixture.Exhaustive(t, "ccaip", map[string]func(*testing.T){
		"ChatCreate":           fixtureChatCreate,
		"ChatCreateTranscript": fixtureChatCreateTranscript,
		"ChatGet":              fixtureChatGet,
		"ChatGetNotFound":      fixtureChatGetNotFound,
		"ChatGetUnusualTimes":  fixtureChatGetUnusualTimes,
		"ChatUpdate":           fixtureChatUpdate,
		"ChatResume":           fixtureChatResume,
		"Messages":             fixtureMessages,
		"Escalations":          fixtureEscalations,
		"Photos":               fixturePhotos,
		"Videos":               fixtureVideos,
		"VideoGCSPath":         fixtureVideoGCSPath,
		"MediaDownload":        fixtureMediaDownload,
		"CustomerFlags":        fixtureCustomerFlags,
		"CustomData":           fixtureCustomData,
		"SeedSignedDataRecipe": fixtureSeedSignedDataRecipe,
		"EndUsers":             fixtureEndUsers,
		"ChatEndUser":          fixtureChatEndUser,
		"ChatEndUserHyphen":    fixtureChatEndUserHyphen,
	})
}

func fixtureChatCreate(t *testing.T) {
	c := replay(t, "chat_create")
	chat, err := c.CreateChat(context.Background(), &ccaip.CreateChatRequest{
		MenuID: 11, EndUserID: 555, Lang: "en", Email: "anna@example.com",
		Context:      map[string]any{"foo": "bar", "key": "value"},
		EndUserPhone: "+393331234567",
	})
	require.NoError(t, err)
	assertSeedChat(t, chat)
}

func assertSeedChat(t *testing.T, chat *ccaip.Chat) {
	t.Helper()
	assert.Equal(t, int64(4242), chat.ID)
	assert.Equal(t, ccaip.ChatVAAssigned, chat.Status)
	assert.Equal(t, "Virtual agent assigned", chat.StatusText)
	assert.Equal(t, []string{"photo", "video"}, chat.Features)
	assert.Equal(t, time.Date(2024, 10, 23, 10, 20, 30, 0, time.UTC), chat.CreatedAt.UTC())
	assert.Equal(t, time.Date(2024, 10, 23, 11, 20, 30, 0, time.UTC), chat.EndsAt.UTC())
	assert.Equal(t, time.Date(2024, 10, 23, 10, 50, 30, 0, time.UTC), chat.TimeoutAt.UTC())
	require.NotNil(t, chat.Agent)
	assert.Equal(t, ccaip.Agent{ID: 301, Name: "Maria Rossi", FirstName: "Maria", AvatarURL: "https://cdn.example.com/a/301.png", Status: "available"}, *chat.Agent)
	require.NotNil(t, chat.VirtualAgent)
	assert.Equal(t, "Helper Bot", chat.VirtualAgent.Name)
	assert.Len(t, chat.AllAgents, 2)
	assert.Equal(t, int64(302), chat.AllAgents[1].ID)
	assert.Len(t, chat.AllVirtualAgents, 2)
	assert.Equal(t, "en", chat.Lang)
	assert.Equal(t, []ccaip.Menu{{ID: 11, Name: "Support"}, {ID: 12, Name: "Billing"}}, chat.Menus)
	require.NotNil(t, chat.EndUser)
	assert.Equal(t, ccaip.EndUser{ID: 555, Identifier: euID}, *chat.EndUser)
}

func fixtureChatCreateTranscript(t *testing.T) {
	c := replay(t, "chat_create_transcript")
	transcript := map[string]any{
		"greeting_override": "Welcome back",
		"agent":             map[string]any{"name": "Helper Bot", "avatar": "https://cdn.example.com/va/7.png"},
		"transcript": []map[string]any{
			{"sender": "end_user", "timestamp": "2021-03-15 12:00:00Z", "content": []map[string]any{{"type": "text", "text": "My order has not arrived"}}},
			{"sender": "agent", "timestamp": "2021-03-15 12:00:05Z", "content": []map[string]any{{"type": "text", "text": "Let me hand you to a colleague"}}},
		},
	}
	chat, err := c.CreateChat(context.Background(), &ccaip.CreateChatRequest{MenuID: 11, EndUserID: 555, Transcript: transcript})
	require.NoError(t, err)
	assert.Equal(t, int64(4243), chat.ID)
}

func fixtureChatGet(t *testing.T) {
	c := replay(t, "chat_get")
	chat, err := c.GetChat(context.Background(), 4242)
	require.NoError(t, err)
	assertSeedChat(t, chat)
	assert.Nil(t, chat.RawTimes)
}

func fixtureChatGetNotFound(t *testing.T) {
	c := replay(t, "chat_get_not_found")
	_, err := c.GetChat(context.Background(), 1)
	require.ErrorIs(t, err, ccaip.ErrNotFound)
	var e *ccaip.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 404, e.StatusCode)
	assert.Equal(t, "Not Found", e.Message)
	assert.Equal(t, "ccaip: GET https://acme.uc1.ccaiplatform.com/apps/api/v1/chats/1: HTTP 404: Not Found", e.Error())
	assert.NotContains(t, err.Error(), testToken)
}

func fixtureChatUpdate(t *testing.T) {
	c := replay(t, "chat_update", "chat_finish")
	chat, err := c.UpdateChat(context.Background(), 4242, &ccaip.UpdateChatRequest{
		FinishedByUserID: 555, Status: ccaip.ChatFinished, DeflectionChannel: ccaip.DeflectEmail, EscalationID: 91,
	})
	require.NoError(t, err)
	assert.Equal(t, ccaip.ChatFinished, chat.Status)
	assert.True(t, chat.Status.Ended())
	chat, err = c.FinishChat(context.Background(), 4242, 555)
	require.NoError(t, err)
	assert.Equal(t, "Finished: Disconnected By End User", chat.StatusText)
}

func fixtureChatResume(t *testing.T) {
	c := replay(t, "chat_resume", "chat_resume_not_dismissed")
	require.NoError(t, c.ResumeChat(context.Background(), 4242))
	err := c.ResumeChat(context.Background(), 4242)
	require.ErrorIs(t, err, ccaip.ErrNotDismissed)
	require.ErrorIs(t, err, ccaip.ErrInvalidRequest)
}

func fixtureMessages(t *testing.T) {
	c := replay(t, "message_text", "message_photo", "message_video", "message_chat_ended")
	ctx := context.Background()
	require.NoError(t, c.SendText(ctx, 4242, 555, "Hello, I need help with my order"))
	require.NoError(t, c.SendPhoto(ctx, 4242, 555, 9001))
	require.NoError(t, c.SendVideo(ctx, 4242, 555, 9002))
	err := c.SendText(ctx, 4242, 555, "anyone?")
	require.ErrorIs(t, err, ccaip.ErrSessionEnded)
	assert.Contains(t, err.Error(), "HTTP 400: Chat is already ended")
}

func TestSendTextEmpty(t *testing.T) {
	c := replay(t)
	require.Error(t, c.SendText(context.Background(), 4242, 555, ""))
}

// The chat page calls the second id of PATCH chats/:chat_id/escalations/:id
// the menu id; the client sends the escalation's id (escalation_update.json
// records 91, the id escalation_create.json returned, while the chat's menu
// is 11). See Client.UpdateEscalation.
func fixtureEscalations(t *testing.T) {
	c := replay(t, "escalation_create", "escalation_update")
	ctx := context.Background()
	esc, err := c.Escalate(ctx, 4242, &ccaip.EscalateRequest{Reason: ccaip.ReasonByEndUserAsk, ForceEscalate: true})
	require.NoError(t, err)
	assert.Equal(t, ccaip.Escalation{ID: 91, ChatID: 4242, Status: ccaip.EscalationEscalating}, *esc)
	esc, err = c.UpdateEscalation(ctx, 4242, esc.ID, ccaip.DeflectHumanAgent)
	require.NoError(t, err)
	assert.Equal(t, ccaip.EscalationEscalated, esc.Status, "numeric status codes are read as names")
}

func fixturePhotos(t *testing.T) {
	c := replay(t, "photo_upload_url", "photo_attach", "photo_list")
	ctx := context.Background()
	target, err := c.RequestPhotoUpload(ctx, 4242)
	require.NoError(t, err)
	assert.Equal(t, "https://acme-media.s3.amazonaws.com/", target.URL)
	assert.Equal(t, "chats/4242/photos/abc123.jpg", target.Key)
	require.Len(t, target.Fields, 15)
	assert.Equal(t, ccaip.FormField{Name: "key", Value: "chats/4242/photos/abc123.jpg"}, target.Fields[0])

	media, err := c.AttachPhotos(ctx, 4242, []ccaip.PhotoAttachment{
		{S3Path: "chats/4242/photos/abc123.jpg"},
		{S3Path: "chats/4242/photos/abc124.jpg", PhotoType: "photo"},
	})
	require.NoError(t, err)
	assert.Equal(t, []ccaip.Media{{ID: 9001, URL: "https://acme-media.s3.amazonaws.com/chats/4242/photos/abc123.jpg"}}, media)

	list, err := c.ListPhotos(ctx, 4242)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, int64(9003), list[1].ID)
}

func fixtureVideos(t *testing.T) {
	c := replay(t, "video_upload_url", "video_attach", "video_list")
	ctx := context.Background()
	target, err := c.RequestVideoUpload(ctx, 4242)
	require.NoError(t, err)
	assert.Equal(t, "chats/4242/videos/def456.mp4", target.Key)
	m, err := c.AttachVideo(ctx, 4242, ccaip.VideoAttachment{S3Path: target.Key})
	require.NoError(t, err)
	assert.Equal(t, int64(9002), m.ID)
	list, err := c.ListVideos(ctx, 4242)
	require.NoError(t, err)
	assert.Equal(t, []ccaip.Media{{ID: 9002, URL: "https://storage.googleapis.com/acme-media/chats/4242/videos/def456.mp4"}}, list)
}

func fixtureMediaDownload(t *testing.T) {
	c := replay(t, "media_download", "media_download_missing")
	f, err := c.DownloadMedia(context.Background(), 4242, 777)
	require.NoError(t, err)
	defer f.Body.Close()
	assert.Equal(t, "application/pdf", f.ContentType)
	b, err := io.ReadAll(f.Body)
	require.NoError(t, err)
	assert.Equal(t, "%PDF-1.4 invoice", string(b))
	_, err = c.DownloadMedia(context.Background(), 4242, 778)
	require.ErrorIs(t, err, ccaip.ErrNotFound)
}

func fixtureCustomerFlags(t *testing.T) {
	c := replay(t, "customer_flag_get", "customer_flag_update")
	ctx := context.Background()
	flags, err := c.GetCustomerFlags(ctx, 4242)
	require.NoError(t, err)
	assert.Equal(t, ccaip.CustomerFlags{VerifiedCustomer: true, BadActor: false, RepeatCustomer: true}, *flags)
	yes, no := true, false
	require.NoError(t, c.UpdateCustomerFlags(ctx, 4242, ccaip.CustomerFlagsUpdate{VerifiedCustomer: &yes, BadActor: &no, RepeatCustomer: &yes}))
}

func fixtureCustomData(t *testing.T) {
	c := replay(t, "custom_data_unsigned", "custom_data_signed")
	ctx := context.Background()
	// The seed's unsigned items carry no type.
	require.NoError(t, c.SendCustomData(ctx, 4242, seedCustomData()))
	seedToken, err := os.ReadFile(filepath.Join("..", "testdata", "ccaip", "custom_data_signed.json"))
	require.NoError(t, err)
	_, rest, _ := strings.Cut(string(seedToken), `"signed_data": "`)
	token, _, _ := strings.Cut(rest, `"`)
	require.NoError(t, c.SendSignedCustomDataToken(ctx, 4242, token))
}

func TestCustomDataErrors(t *testing.T) {
	c := replay(t)
	ctx := context.Background()
	require.Error(t, c.SendCustomData(ctx, 1, ccaip.CustomData{}))
	require.Error(t, c.SendCustomData(ctx, 1, ccaip.CustomData{ccaip.KeyBadActor: ccaip.StringItem("x", "y")}))
	require.Error(t, c.SendCustomData(ctx, 1, ccaip.CustomData{"d": {Label: "d", Value: "x", Type: ccaip.TypeDate}}))
	require.Error(t, c.SendCustomData(ctx, 1, ccaip.CustomData{"": ccaip.StringItem("x", "y")}))
	require.Error(t, c.SendCustomData(ctx, 1, ccaip.CustomData{"k": {Label: "k", Value: 1, Type: "weird"}}))
	require.ErrorIs(t, c.SendSignedCustomData(ctx, 1, ccaip.CustomData{"a": ccaip.StringItem("a", "b")}), ccaip.ErrNoSigner)
	require.Error(t, c.SendSignedCustomDataToken(ctx, 1, ""))
}

func fixtureEndUsers(t *testing.T) {
	c := replay(t, "end_user_upsert", "end_user_get_id", "end_user_get_identifier")
	ctx := context.Background()
	u, err := c.UpsertEndUser(ctx, &ccaip.EndUserRequest{Identifier: euID, Name: "Anna Verdi", Email: "anna@example.com", Phone: "+393331234567"})
	require.NoError(t, err)
	assert.Equal(t, ccaip.EndUser{ID: 555, Identifier: euID}, *u)
	u, err = c.GetEndUser(ctx, 555)
	require.NoError(t, err)
	assert.Equal(t, euID, u.Identifier)
	u, err = c.GetEndUserByIdentifier(ctx, euID)
	require.NoError(t, err)
	assert.Equal(t, int64(555), u.ID)
}

func TestEndUserNeedsIdentifier(t *testing.T) {
	c := replay(t)
	ctx := context.Background()
	_, err := c.UpsertEndUser(ctx, &ccaip.EndUserRequest{})
	require.Error(t, err)
	_, err = c.GetEndUserByIdentifier(ctx, "")
	require.Error(t, err)
	require.Error(t, c.UpdateChatEndUser(ctx, 1, nil))
}

func fixtureChatEndUser(t *testing.T) {
	c := replay(t, "chat_end_user", "chat_end_user_missing_identifier")
	ctx := context.Background()
	req := &ccaip.EndUserRequest{Identifier: euID, Name: "Anna Verdi", Email: "anna@example.com", Phone: "+393331234567"}
	require.NoError(t, c.UpdateChatEndUser(ctx, 4242, req))
	err := c.UpdateChatEndUser(ctx, 4242, req)
	require.ErrorIs(t, err, ccaip.ErrInvalidRequest)
	assert.False(t, errors.Is(err, ccaip.ErrNotFound))
}
