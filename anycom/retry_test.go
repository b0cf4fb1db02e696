package anycom_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/anycom/anycomtest"
)

// TestSendMessageNotRetried: a 502 on "send message" must not make the
// customer receive the message twice.
func TestSendMessageNotRetried(t *testing.T) {
	srv, c := newFake(t)
	srv.InjectFault(anycomtest.Fault{Status: 502, Times: 3})
	_, err := c.Channels.SendMessage(context.Background(), anycom.MessageArgs{ChanType: anycom.ChannelWhatsApp, ChanID: 9, User: 554432328668, Flow: 1, Message: "hi"})
	require.Error(t, err)
	assert.ErrorIs(t, err, anycom.ErrServerError)
	assert.Equal(t, 1, srv.Count("POST", "/"), "an unsafe command is sent once")
	assert.Empty(t, srv.Messages())
}

// TestSendMessageDroppedAfterHandling: the server handled the message and
// the connection dropped; the client must not send it again.
func TestSendMessageDroppedAfterHandling(t *testing.T) {
	srv, c := newFake(t)
	srv.InjectFault(anycomtest.Fault{DropAfter: true})
	_, err := c.Channels.SendMessage(context.Background(), anycom.MessageArgs{ChanType: anycom.ChannelWhatsApp, ChanID: 9, User: 554432328668, Flow: 1, Message: "hi"})
	require.Error(t, err)
	assert.Len(t, srv.Messages(), 1, "the customer received the message exactly once")
	assert.Equal(t, 1, srv.Count("POST", "/"))
}

// TestShowRetried: a 502 on a read-only command is retried.
func TestShowRetried(t *testing.T) {
	srv, c := newFake(t)
	srv.InjectFault(anycomtest.Fault{Status: 502, Times: 2})
	users, err := c.Channels.Users(context.Background())
	require.NoError(t, err)
	assert.Empty(t, users)
	assert.Equal(t, 3, srv.Count("POST", "/"))
}

func TestReadOnlyCommandsRetried(t *testing.T) {
	ctx := context.Background()
	calls := map[string]func(*anycom.Client) error{
		"Status": func(c *anycom.Client) error { _, err := c.Status(ctx); return err },
		"Check": func(c *anycom.Client) error {
			_, err := c.Channels.Check(ctx, anycom.CheckArgs{ChanType: "whatsapp", ChanID: 9, User: 1})
			return err
		},
		"Sessions":   func(c *anycom.Client) error { _, err := c.Bot.Sessions(ctx); return err },
		"Attendants": func(c *anycom.Client) error { _, err := c.Chat.Attendants(ctx); return err },
		"Awaiting":   func(c *anycom.Client) error { _, err := c.Chat.Awaiting(ctx); return err },
		"Convs":      func(c *anycom.Client) error { _, err := c.Chat.Conversations(ctx); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			srv, c := newFake(t)
			srv.InjectFault(anycomtest.Fault{Status: 503, RetryAfter: "0"})
			srv.InjectFault(anycomtest.Fault{DropBefore: true})
			require.NoError(t, call(c))
			assert.Equal(t, 3, srv.Count("POST", "/"))
		})
	}
}

func TestRetriesExhausted(t *testing.T) {
	srv, c := newFake(t, anycom.WithMaxRetries(2))
	srv.InjectFault(anycomtest.Fault{Status: 503, Body: `{"status":503,"result":"maintenance"}`, Times: 5})
	_, err := c.Status(context.Background())
	var e *anycom.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 3, e.Attempts)
	assert.Equal(t, "maintenance", e.Message)
	assert.Contains(t, err.Error(), "(after 3 attempts)")
}
