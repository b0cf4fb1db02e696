package ccaip

import (
	"context"
	"net/http"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// MessageType is the type of a chat message.
type MessageType string

// Message types: text, and media referenced by media id.
const (
	MessageText  MessageType = "text"
	MessagePhoto MessageType = "photo"
	MessageVideo MessageType = "video"
)

type wireMessage struct {
	FromUserID int64 `json:"from_user_id"`
	Message    struct {
		Type    MessageType `json:"type"`
		Content any         `json:"content"`
	} `json:"message"`
}

type mediaContent struct {
	MediaID int64 `json:"media_id"`
}

// SendText sends a text message into the chat on behalf of fromUserID (the
// end user).
//
// POST /chats/{chatId}/message — unsafe: never retried after the request may have
// reached the server, so a customer never sees a message twice.
func (c *Client) SendText(ctx context.Context, chatID, fromUserID int64, text string, opts ...call.Option) error {
	ctx = callopt.With(ctx, opts)
	if text == "" {
		return httpcore.InvalidArgument("ccaip", "SendText: text is empty")
	}
	return c.sendMessage(ctx, chatID, fromUserID, MessageText, text)
}

// SendPhoto sends a photo message referencing a media id returned by
// [Client.AttachPhotos] or [Client.UploadPhoto].
//
// POST /chats/{chatId}/message — unsafe.
func (c *Client) SendPhoto(ctx context.Context, chatID, fromUserID, mediaID int64, opts ...call.Option) error {
	ctx = callopt.With(ctx, opts)
	if err := checkID("mediaID", mediaID); err != nil {
		return err
	}
	return c.sendMessage(ctx, chatID, fromUserID, MessagePhoto, mediaContent{mediaID})
}

// SendVideo sends a video message referencing a media id returned by
// [Client.AttachVideo] or [Client.UploadVideo].
//
// POST /chats/{chatId}/message — unsafe.
func (c *Client) SendVideo(ctx context.Context, chatID, fromUserID, mediaID int64, opts ...call.Option) error {
	ctx = callopt.With(ctx, opts)
	if err := checkID("mediaID", mediaID); err != nil {
		return err
	}
	return c.sendMessage(ctx, chatID, fromUserID, MessageVideo, mediaContent{mediaID})
}

func (c *Client) sendMessage(ctx context.Context, chatID, fromUserID int64, t MessageType, content any) error {
	if err := checkIDs(namedID{"chatID", chatID}, namedID{"fromUserID", fromUserID}); err != nil {
		return err
	}
	var body wireMessage
	body.FromUserID = fromUserID
	body.Message.Type, body.Message.Content = t, content
	return c.onChat(ctx, chatID, &httpcore.Request{
		Method: http.MethodPost, Path: "chats/{chatId}/message", JSON: body,
	}, nil)
}
