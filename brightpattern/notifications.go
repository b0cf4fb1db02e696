package brightpattern

import (
	"context"
	"net/http"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// PushSubscription names the device to notify of new events of a chat. Set
// one kind of token: APNs (with the bundle id), iOS Firebase or Android
// Firebase. The zero value unsubscribes. The push payload carries the chat
// id under the key "chatID".
type PushSubscription struct {
	APNSDeviceToken        string `json:"ios_apns_device_token,omitempty"`
	AppBundleID            string `json:"ios_app_bundle_id,omitempty"`
	IOSFirebaseDeviceToken string `json:"ios_firebase_device_token,omitempty"`
	AndroidFirebaseToken   string `json:"android_firebase_device_token,omitempty"`
}

// SubscribeNotifications subscribes a device to push notifications for
// chatID; a zero sub unsubscribes. API v2 only. Too many tokens at once is
// error 5603.
//
// POST chats/{chatId}/notifications — idempotent: the subscription is
// replaced, so a resend changes nothing; retried on connection errors, 429,
// 502, 503 and 504.
func (c *Client) SubscribeNotifications(ctx context.Context, chatID string, sub PushSubscription, opts ...call.Option) error {
	ctx = callopt.With(ctx, opts)
	if err := c.requireV2(); err != nil {
		return err
	}
	_, err := c.core.Do(ctx, &httpcore.Request{
		Method: http.MethodPost, Path: "chats/{chatId}/notifications", PathParams: []string{chatID},
		JSON: sub, Safety: httpcore.Idempotent,
	}, nil)
	return err
}
