package brightpattern

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
)

func TestOwnMsgNumber(t *testing.T) {
	for _, tc := range []struct {
		id   string
		n    int64
		ok   bool
		name string
	}{
		{"5", 5, true, "the web client's form"},
		{"chat-1:7", 7, true, "the documented form"},
		{"(chat-1:9)", 9, true, "the documented form, in parentheses"},
		{"chat-2:7", 0, false, "another chat"},
		{"abc", 0, false, "not a number"},
		{"-3", 0, false, "negative"},
		{"", 0, false, "empty"},
	} {
		n, ok := ownMsgNumber("chat-1", tc.id)
		assert.Equal(t, tc.ok, ok, tc.name)
		if tc.ok {
			assert.Equal(t, tc.n, n, tc.name)
		}
	}
}

func TestNumberingContinuesAfterTheHistory(t *testing.T) {
	c, err := NewClient("acme.example.com", "app", "client")
	require.NoError(t, err)
	c.noteHistory("chat-1", []Event{
		&MessageEvent{MsgID: "chat-1:7", Text: "documented form, no party"},
		&MessageEvent{MsgID: "(chat-1:9)", PartyID: "chat-1"},
		&MessageEvent{MsgID: "40", PartyID: "agent-party"}, // the agent's numbering
		&MessageEvent{MsgID: "chat-1:30", PartyID: "agent-party"},
	})
	id, err := c.nextMsgID(context.Background(), "chat-1")
	require.NoError(t, err)
	assert.Equal(t, "11", id)
	id, err = c.nextMsgID(context.Background(), "chat-1")
	require.NoError(t, err)
	assert.Equal(t, "13", id)
}

func TestChatStateIsForgottenWhenTheChatEnds(t *testing.T) {
	srv := brightpatterntest.NewServer(brightpatterntest.WithHold(20 * time.Millisecond))
	defer srv.Close()
	c, err := NewClient("acme.example.com", "app", "client", WithBaseURL(srv.URL()))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	remembered := func(chatID string) bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.chats.get(chatID) != nil
	}

	chat, err := c.RequestChat(ctx, nil)
	require.NoError(t, err)
	_, err = c.SendMessage(ctx, chat.ID, "hello")
	require.NoError(t, err)
	require.True(t, remembered(chat.ID))
	require.NoError(t, srv.End(chat.ID))
	for _, err := range c.Events(ctx, chat.ID) {
		require.NoError(t, err)
	}
	assert.False(t, remembered(chat.ID), "forgotten once the stream saw the end")

	other, err := NewClient("acme.example.com", "app", "client-2", WithBaseURL(srv.URL()))
	require.NoError(t, err)
	chat2, err := other.RequestChat(ctx, nil)
	require.NoError(t, err)
	_, err = other.SendMessage(ctx, chat2.ID, "hello")
	require.NoError(t, err)
	require.NoError(t, other.EndChat(ctx, chat2.ID))
	other.mu.Lock()
	assert.Zero(t, other.chats.len(), "forgotten once the customer ended the chat")
	other.mu.Unlock()
}
