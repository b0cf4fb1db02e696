package workspacechat_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/internal/fixture"
	"github.com/switchboard-go/switchboard/workspacechat"
)

const (
	testKey   = "wsk_test_0123456789abcdef"
	chatID    = "9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e51"
	chatID2   = "9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e52"
	channel1  = "5f0c7f0e-2b1a-4c8e-9f3d-6a7b8c9d0e11"
	channel2  = "5f0c7f0e-2b1a-4c8e-9f3d-6a7b8c9d0e12"
	ownerSID  = "3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c71"
	extUser   = "3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c72"
	responder = "7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f81"
	ticketID  = "1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a91"
	threadID  = "2f3a4b5c-6d7e-4f8a-9b0c-1d2e3f4a5ba1"
)

// replay returns a client with key whose requests must match the named
// fixtures, in order.
func replay(t *testing.T, key string, names ...string) *workspacechat.Client {
	t.Helper()
	c, err := workspacechat.NewClient(key, workspacechat.WithHTTPClient(fixture.Client(t, "workspacechat", names...)),
		workspacechat.WithRetryWait(time.Millisecond, 5*time.Millisecond))
	require.NoError(t, err)
	return c
}

// TestFixtures runs every case that replays files of testdata/workspacechat,
// and fails when a file is replayed by none.
func TestFixtures(t *testing.T) {
	fixture.Exhaustive(t, "workspacechat", map[string]func(*testing.T){
		"GetChat":                    fixtureGetChat,
		"GetChatNotFound":            fixtureGetChatNotFound,
		"ListChatsOlderRevision":     fixtureListChatsOlderRevision,
		"ListChatEntitiesFiltered":   fixtureListChatEntitiesFiltered,
		"ListChatsUnauthorized":      fixtureListChatsUnauthorized,
		"ListChatEntities":           fixtureListChatEntities,
		"ListChatEntitiesError":      fixtureListChatEntitiesError,
		"CreateChat":                 fixtureCreateChat,
		"CreateChatErrors":           fixtureCreateChatErrors,
		"GetChatEntity":              fixtureGetChatEntity,
		"UnauthorizedEveryOperation": fixtureUnauthorizedEveryOperation,
		"NotFoundEveryOperation":     fixtureNotFoundEveryOperation,
		"RemoveChat":                 fixtureRemoveChat,
		"UpdateChat":                 fixtureUpdateChat,
		"ListChatMessages":           fixtureListChatMessages,
		"CreateChatMessage":          fixtureCreateChatMessage,
		"CreateChatMessageInvalid":   fixtureCreateChatMessageInvalid,
	})
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func requireAPIError(t *testing.T, err error, status int, sentinel error, message string) *workspacechat.Error {
	t.Helper()
	require.Error(t, err)
	var e *workspacechat.Error
	require.True(t, errors.As(err, &e), "want *workspacechat.Error, got %T: %v", err, err)
	assert.Equal(t, status, e.StatusCode)
	assert.ErrorIs(t, err, sentinel)
	assert.Equal(t, message, e.Message)
	assert.NotEmpty(t, e.Body)
	assert.Equal(t, "support-contact", e.CTA.Type)
	assert.NotEmpty(t, e.Feedback.EnUS)
	assert.NotContains(t, err.Error(), testKey)
	return e
}

func fixtureGetChat(t *testing.T) {
	c := replay(t, testKey, "01_get_chat")
	row, err := c.GetChat(context.Background(), chatID)
	require.NoError(t, err)
	assert.Equal(t, chatID, row.ID)
	assert.Equal(t, "0b9f2c1e-7a4d-4c3e-9d2a-1f6b8e5c4a01", row.WorkspaceID)
	assert.Equal(t, "Router not connecting", row.Title)
	assert.Equal(t, ts("2025-03-01T08:00:00Z"), row.CreatedAt)
	assert.Equal(t, channel1, row.ChannelID)
	assert.Equal(t, "Support WhatsApp", row.ChannelName)
	assert.Equal(t, workspacechat.ChannelWhatsApp, row.ChannelType)
	assert.False(t, row.IsOwnerBlocked)
	assert.False(t, row.IsRemoved)
	require.NotNil(t, row.LastMessage)
	assert.Equal(t, workspacechat.MessagePreview{Content: "Thanks, that fixed it!", CreatedAt: ts("2025-03-04T10:15:30Z"), Role: workspacechat.RoleUser}, *row.LastMessage)
	assert.Equal(t, ts("2025-03-04T10:15:30Z"), row.LastMessageAt())
	require.NotNil(t, row.PreviousMessage)
	assert.Equal(t, workspacechat.RoleAssistant, row.PreviousMessage.Role)
	assert.Empty(t, row.OwnerEmail)
	assert.Equal(t, extUser, row.OwnerExternalUserID)
	assert.Equal(t, "+5511999990000", row.OwnerIdentifier)
	assert.Equal(t, "Ana Souza", row.OwnerName)
	assert.Equal(t, workspacechat.ResponderAgents, row.ResponderEntity)
	assert.Equal(t, responder, row.ResponderID)
	assert.Equal(t, "Zaia Support", row.ResponderName)
	assert.Equal(t, "https://cdn.example.com/agents/support.png", row.ResponderPicture)
	assert.Equal(t, "7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f82", row.ResponderVersionID)
	assert.EqualValues(t, 7, row.ResponderVersionNumber)
	assert.Equal(t, ticketID, row.TicketID)
	assert.Equal(t, workspacechat.TicketStatus("ongoing"), row.TicketStatus)
	assert.Contains(t, string(row.Raw), `"ownerExternalUserId"`)
}

func fixtureGetChatNotFound(t *testing.T) {
	c := replay(t, testKey, "02_get_chat_not_found")
	_, err := c.GetChat(context.Background(), chatID2)
	e := requireAPIError(t, err, http.StatusNotFound, workspacechat.ErrNotFound, "Chat not found.")
	assert.Equal(t, workspacechat.CodeNotFound, e.Code)
	assert.Equal(t, "NotFoundError", e.Name)
	assert.Equal(t, "Não encontrado.", e.Feedback.PtBR)
	assert.Equal(t, "workspacechat: GET https://api.endless.zaia.app/api/v1/chats/"+chatID2+": HTTP 404 not-found: Chat not found.", err.Error())
}

func fixtureListChatsOlderRevision(t *testing.T) {
	c := replay(t, testKey, "03_list_chats_older_revision")
	rows, err := c.ListChats(context.Background(), &workspacechat.ChatFilter{ChannelIDs: []string{channel1}, PageNumber: 1, PageSize: 10})
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, chatID, rows[0].ID)
}

func fixtureListChatEntitiesFiltered(t *testing.T) {
	filter := &workspacechat.ChatFilter{
		ChannelIDs:      []string{channel1, channel2},
		ChannelTypes:    []workspacechat.ChannelType{workspacechat.ChannelWhatsApp, workspacechat.ChannelWidget},
		OwnerIDs:        []string{ownerSID},
		LastMessageFrom: ts("2025-03-01T00:00:00Z"),
		LastMessageTo:   ts("2025-03-31T23:59:59Z"),
		PageNumber:      2,
		PageSize:        50,
	}
	c := replay(t, testKey, "04_list_chat_entities_filtered")
	chats, err := c.ListChatEntities(context.Background(), filter)
	require.NoError(t, err)
	require.Len(t, chats, 2)
	assert.Equal(t, chatID2, chats[1].ID)
	assert.Equal(t, channel2, chats[1].ChannelID)
	assert.Equal(t, ownerSID, chats[1].OwnerSuperIdentityID)
	assert.Equal(t, extUser, chats[1].OwnerExternalUserID)

	// The same answer read as rows is refused, not turned into empty rows.
	c = replay(t, testKey, "04_list_chat_entities_filtered")
	_, err = c.ListChats(context.Background(), filter)
	assert.ErrorIs(t, err, workspacechat.ErrUnexpectedShape)
	assert.ErrorIs(t, err, workspacechat.ErrMalformedResponse)
}

func fixtureListChatsUnauthorized(t *testing.T) {
	c := replay(t, "wsk_wrong_key_000000", "05_list_chats_unauthorized")
	_, err := c.ListChats(context.Background(), nil)
	requireAPIError(t, err, http.StatusUnauthorized, workspacechat.ErrUnauthorized, "Unauthorized.")
	assert.NotContains(t, err.Error(), "wsk_wrong_key_000000")
}

func fixtureListChatEntities(t *testing.T) {
	c := replay(t, testKey, "06_list_chat_entities")
	chats, err := c.ListChatEntities(context.Background(), &workspacechat.ChatFilter{OwnerIDs: []string{ownerSID}, PageSize: 100})
	require.NoError(t, err)
	require.Len(t, chats, 2)
	assert.Equal(t, chatID, chats[0].ID)
	assert.Equal(t, ownerSID, chats[0].OwnerSuperIdentityID)
	assert.Equal(t, responder, chats[0].ResponderSuperIdentityID)
	assert.Equal(t, "Billing question", chats[1].Title)
}

func fixtureListChatEntitiesError(t *testing.T) {
	c := replay(t, "wsk_wrong_key_000000", "05_list_chats_unauthorized")
	_, err := c.ListChatEntities(context.Background(), nil)
	requireAPIError(t, err, http.StatusUnauthorized, workspacechat.ErrUnauthorized, "Unauthorized.")
}

func fixtureCreateChat(t *testing.T) {
	c := replay(t, testKey, "07_create_chat")
	ch, err := c.CreateChat(context.Background(), &workspacechat.NewChat{ChannelID: channel1, OwnerSuperIdentityID: ownerSID, ResponderSuperIdentityID: responder})
	require.NoError(t, err)
	assert.Equal(t, chatID, ch.ID)
	assert.Equal(t, channel1, ch.ChannelID)
	assert.Equal(t, "0b9f2c1e-7a4d-4c3e-9d2a-1f6b8e5c4a01", ch.WorkspaceID)
	assert.Equal(t, ts("2025-03-04T10:15:30Z"), ch.UpdatedAt)
	assert.Equal(t, ts("2025-03-01T08:00:00Z"), ch.CreatedAt)
}

func fixtureCreateChatErrors(t *testing.T) {
	c := replay(t, testKey, "08_create_chat_invalid", "09_create_chat_channel_not_found")
	_, err := c.CreateChat(context.Background(), &workspacechat.NewChat{ChannelID: channel1, OwnerSuperIdentityID: ownerSID})
	requireAPIError(t, err, http.StatusBadRequest, workspacechat.ErrInvalidData, "Invalid data provided.")
	assert.ErrorIs(t, err, workspacechat.ErrInvalidRequest)
	_, err = c.CreateChat(context.Background(), &workspacechat.NewChat{ChannelID: channel2, OwnerSuperIdentityID: ownerSID})
	requireAPIError(t, err, http.StatusNotFound, workspacechat.ErrNotFound, "Channel or responder not found.")
}

func fixtureGetChatEntity(t *testing.T) {
	c := replay(t, testKey, "10_get_chat_entity")
	ch, err := c.GetChatEntity(context.Background(), chatID)
	require.NoError(t, err)
	assert.Equal(t, "Router not connecting", ch.Title)
	assert.Equal(t, extUser, ch.OwnerExternalUserID)
	assert.Equal(t, ownerSID, ch.OwnerSuperIdentityID)
	assert.Contains(t, string(ch.Raw), `"responderSuperIdentityId"`)

	c = replay(t, testKey, "10_get_chat_entity")
	_, err = c.GetChat(context.Background(), chatID)
	assert.ErrorIs(t, err, workspacechat.ErrUnexpectedShape, "an entity is not read as an empty row")
}

// Every operation's 401, as recorded.
func fixtureUnauthorizedEveryOperation(t *testing.T) {
	const badKey = "wsk_wrong_key_000000"
	title := "Router fixed"
	for _, tc := range []struct {
		fixture string
		call    func(*workspacechat.Client) error
	}{
		{"19_get_chat_unauthorized", func(c *workspacechat.Client) error { _, err := c.GetChat(context.Background(), chatID); return err }},
		{"05_list_chats_unauthorized", func(c *workspacechat.Client) error { _, err := c.ListChats(context.Background(), nil); return err }},
		{"20_list_chat_entities_unauthorized", func(c *workspacechat.Client) error {
			_, err := c.ListChatEntities(context.Background(), &workspacechat.ChatFilter{ChannelTypes: []workspacechat.ChannelType{workspacechat.ChannelWhatsApp}})
			return err
		}},
		{"21_create_chat_unauthorized", func(c *workspacechat.Client) error {
			_, err := c.CreateChat(context.Background(), &workspacechat.NewChat{ChannelID: channel1, OwnerSuperIdentityID: ownerSID})
			return err
		}},
		{"22_get_chat_entity_unauthorized", func(c *workspacechat.Client) error {
			_, err := c.GetChatEntity(context.Background(), chatID)
			return err
		}},
		{"24_remove_chat_unauthorized", func(c *workspacechat.Client) error { _, err := c.RemoveChat(context.Background(), chatID); return err }},
		{"25_update_chat_unauthorized", func(c *workspacechat.Client) error {
			_, err := c.UpdateChat(context.Background(), chatID, &workspacechat.ChatUpdate{Title: &title})
			return err
		}},
		{"26_list_chat_messages_unauthorized", func(c *workspacechat.Client) error {
			_, err := c.ListChatMessages(context.Background(), chatID, nil)
			return err
		}},
		{"27_create_chat_message_unauthorized", func(c *workspacechat.Client) error {
			_, err := c.CreateChatMessage(context.Background(), &workspacechat.NewChatMessage{
				ChatID: chatID, Content: "Your technician arrives at 3 pm.", Role: workspacechat.RoleAssistant,
			})
			return err
		}},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			err := tc.call(replay(t, badKey, tc.fixture))
			e := requireAPIError(t, err, http.StatusUnauthorized, workspacechat.ErrUnauthorized, "Unauthorized.")
			assert.Equal(t, workspacechat.CodeUnauthorized, e.Code)
			assert.Equal(t, 1, e.Attempts, "a 401 is not retried")
			assert.NotContains(t, err.Error(), badKey)
		})
	}
}

// Every operation's 404 on a chat, as recorded.
func fixtureNotFoundEveryOperation(t *testing.T) {
	r := responder
	for _, tc := range []struct {
		fixture, message string
		call             func(*workspacechat.Client) error
	}{
		{"02_get_chat_not_found", "Chat not found.", func(c *workspacechat.Client) error {
			_, err := c.GetChatEntity(context.Background(), chatID2)
			return err
		}},
		{"23_get_chat_entity_not_found", "Chat not found.", func(c *workspacechat.Client) error {
			_, err := c.GetChatEntity(context.Background(), chatID2)
			return err
		}},
		{"12_remove_chat_not_found", "Chat not found.", func(c *workspacechat.Client) error {
			_, err := c.RemoveChat(context.Background(), chatID2)
			return err
		}},
		{"14_update_chat_not_found", "The chat was not found.", func(c *workspacechat.Client) error {
			_, err := c.UpdateChat(context.Background(), chatID2, &workspacechat.ChatUpdate{ResponderSuperIdentityID: &r})
			return err
		}},
		{"16_list_chat_messages_not_found", "Chat not found.", func(c *workspacechat.Client) error {
			_, err := c.ListChatMessages(context.Background(), chatID2, nil)
			return err
		}},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			err := tc.call(replay(t, testKey, tc.fixture))
			requireAPIError(t, err, http.StatusNotFound, workspacechat.ErrNotFound, tc.message)
		})
	}
}

func fixtureRemoveChat(t *testing.T) {
	c := replay(t, testKey, "11_remove_chat")
	msg, err := c.RemoveChat(context.Background(), chatID)
	require.NoError(t, err)
	assert.Equal(t, "The chat was removed.", msg)
}

func fixtureUpdateChat(t *testing.T) {
	c := replay(t, testKey, "13_update_chat")
	title := "Router fixed"
	ch, err := c.UpdateChat(context.Background(), chatID, &workspacechat.ChatUpdate{Title: &title})
	require.NoError(t, err)
	assert.Equal(t, "Router fixed", ch.Title)
}

func fixtureListChatMessages(t *testing.T) {
	c := replay(t, testKey, "15_list_chat_messages")
	msgs, err := c.ListChatMessages(context.Background(), chatID, &workspacechat.MessageFilter{
		ChatThreadID: threadID,
		TicketIDs:    []string{ticketID},
		Joins:        []workspacechat.MessageJoin{workspacechat.JoinSenders, workspacechat.JoinFollowUps},
		Limit:        100,
	})
	require.NoError(t, err)
	require.Len(t, msgs, 2)
	assert.Equal(t, "Please restart the router.", msgs[0].Content)
	assert.Equal(t, "Please restart the router.", msgs[0].RawContent)
	assert.Equal(t, workspacechat.RoleAssistant, msgs[0].Role)
	assert.Equal(t, responder, msgs[0].SenderSuperIdentityID)
	assert.Equal(t, "crm-msg-881", msgs[1].ExternalID)
	assert.Equal(t, threadID, msgs[1].ChatThreadID)
	assert.Equal(t, chatID, msgs[1].ChatID)
	assert.Equal(t, ts("2025-03-04T10:15:30Z"), msgs[1].CreatedAt)
}

func fixtureCreateChatMessage(t *testing.T) {
	c := replay(t, testKey, "17_create_chat_message")
	m, err := c.CreateChatMessage(context.Background(), &workspacechat.NewChatMessage{
		ChatID: chatID, Content: "Your technician arrives at 3 pm.", ExternalID: "crm-msg-882", Role: workspacechat.RoleAssistant,
	})
	require.NoError(t, err)
	assert.Equal(t, "4b5c6d7e-8f9a-4b0c-8d1e-2f3a4b5c6dc3", m.ID)
	assert.Empty(t, m.ChatThreadID)
	assert.Equal(t, responder, m.SenderSuperIdentityID)
}

func fixtureCreateChatMessageInvalid(t *testing.T) {
	c := replay(t, testKey, "18_create_chat_message_invalid")
	_, err := c.CreateChatMessage(context.Background(), &workspacechat.NewChatMessage{ChatID: chatID, Content: "hi", Role: "robot"})
	requireAPIError(t, err, http.StatusBadRequest, workspacechat.ErrInvalidData, "Invalid data provided.")
}
