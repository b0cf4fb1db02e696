package ccaip_test

import (
	"testing"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/internal/roundtrip"
)

// TestTypesSurviveJSON round-trips every exported struct type of the
// package through json.Marshal and json.Unmarshal.
func TestTypesSurviveJSON(t *testing.T) {
	roundtrip.Check(t, ".", []any{
		ccaip.Chat{}, ccaip.Agent{}, ccaip.VirtualAgent{}, ccaip.Menu{},
		ccaip.CreateChatRequest{}, ccaip.UpdateChatRequest{},
		// Value is an interface: a string comes back a string.
		ccaip.CustomDataItem{Label: "Plan", Value: "gold", Type: ccaip.TypeString, InvisibleToAgent: true},
		ccaip.CustomerFlags{}, ccaip.CustomerFlagsUpdate{}, ccaip.EndUser{}, ccaip.EndUserRequest{},
		ccaip.Error{}, ccaip.Escalation{}, ccaip.EscalateRequest{}, ccaip.UploadTarget{},
		ccaip.FormField{}, ccaip.Media{}, ccaip.PhotoAttachment{}, ccaip.VideoAttachment{},
		ccaip.MediaFile{}, ccaip.EndUserClaims{}, ccaip.ChatChange{}, ccaip.WebhookEvent{},
	}, map[string]string{
		"Client":          "a client, not data",
		"Signer":          "holds a signing secret, not data",
		"RateLimiter":     "a limiter shared by clients, not data",
		"WebhookVerifier": "holds a func (Now): configuration, not data",
	})
}
