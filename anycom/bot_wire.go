package anycom

// The wire structs of the bot commands, and looseText, the one value typed
// loosely. Scalars are flex types, as in channels_wire.go.

import (
	"bytes"
	"encoding/json"

	"github.com/switchboard-go/switchboard/internal/flex"
)

type wireStep struct {
	Item        flex.Int `json:"item"`
	Step        flex.Int `json:"step"`
	Destination struct {
		Type   flex.String `json:"type"`
		Option looseText   `json:"option"`
	} `json:"destination"`
	Flow flex.Int `json:"flow"`
	ID   flex.Int `json:"id"`
}

func (w *wireStep) step() FlowStep {
	return FlowStep{
		Item:              w.Item.Value,
		Step:              w.Step.Value,
		DestinationType:   w.Destination.Type.Value,
		DestinationOption: string(w.Destination.Option),
		Flow:              w.Flow.Value,
		ID:                w.ID.Value,
	}
}

// looseText is a value documented as a string that may come as anything:
// a string keeps its text, null is empty, any other JSON keeps its literal.
type looseText string

// UnmarshalJSON accepts any JSON value.
func (t *looseText) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	switch {
	case len(data) == 0 || string(data) == "null":
		*t = ""
	case data[0] == '"':
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		*t = looseText(s)
	default:
		*t = looseText(data)
	}
	return nil
}

type wireBotSession struct {
	UserName   flex.String `json:"user_name"`
	Next       wireStep    `json:"next"`
	Running    wireStep    `json:"running"`
	LastAnswer flex.String `json:"last_answer"`
	ChatGroup  struct {
		// The docs call this a String holding the group's name, while
		// everywhere else a chat group id is an integer: decode it as it
		// comes.
		ID   flex.String `json:"id"`
		Name flex.String `json:"name"`
	} `json:"chat_group"`
	Channel wireChannel `json:"channel"`
}

func (w *wireBotSession) session() BotSession {
	return BotSession{
		UserName:      w.UserName.Value,
		Next:          w.Next.step(),
		Running:       w.Running.step(),
		LastAnswer:    w.LastAnswer.Value,
		ChatGroup:     w.ChatGroup.ID.Value,
		ChatAttendant: w.ChatGroup.Name.Value,
		Channel:       w.Channel.channel(),
	}
}
