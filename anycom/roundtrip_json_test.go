package anycom_test

import (
	"testing"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/internal/roundtrip"
)

// TestTypesSurviveJSON round-trips every exported struct type of the
// package through json.Marshal and json.Unmarshal.
func TestTypesSurviveJSON(t *testing.T) {
	roundtrip.Check(t, ".", []any{
		anycom.FlowArgs{},
		// The ID is sent only for the targets that take one.
		anycom.ReloadArgs{Target: anycom.ReloadService, ID: 7},
		anycom.ValidateArgs{}, anycom.StateArgs{}, anycom.SessionArgs{}, anycom.CheckArgs{},
		anycom.ReloadChannelArgs{}, anycom.MessageArgs{}, anycom.ConnectArgs{}, anycom.InviteArgs{},
		anycom.DisconnectArgs{}, anycom.Result{}, anycom.Error{}, anycom.Channel{},
		anycom.ChatGroup{}, anycom.Stamp{}, anycom.MessageStats{}, anycom.ChatInfo{},
		anycom.User{}, anycom.CheckResult{}, anycom.ChannelStatus{}, anycom.FlowStep{},
		anycom.BotSession{}, anycom.Software{}, anycom.Attendant{}, anycom.AwaitingCustomer{},
		anycom.Conversation{}, anycom.AwaitingChange{}, anycom.AttendantChange{}, anycom.StatusChange{},
	}, map[string]string{
		"Client":          "a client, not data",
		"BotService":      "a handle on the client, not data",
		"ChannelsService": "a handle on the client, not data",
		"ChatService":     "a handle on the client, not data",
	})
}
