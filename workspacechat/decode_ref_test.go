package workspacechat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/switchboard-go/switchboard/internal/flex"
)

// This file keeps the decoder the package had before it decoded a page in
// one pass: each object into a map of raw values, then each field decoded
// again through its candidate names. The equivalence tests hold the
// one-pass decoder to it.

type refObject struct {
	m   map[string]json.RawMessage
	err error
}

func newRefObject(data []byte) (*refObject, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("expected a JSON object, got null")
	}
	return &refObject{m: m}, nil
}

func refPick(m map[string]json.RawMessage, f field) (json.RawMessage, bool) {
	for _, n := range f.names {
		if v, ok := m[n]; ok && string(bytes.TrimSpace(v)) != "null" {
			return v, true
		}
	}
	return nil, false
}

func (o *refObject) decode(f field, dst json.Unmarshaler) {
	v, ok := refPick(o.m, f)
	if !ok || o.err != nil {
		return
	}
	if err := dst.UnmarshalJSON(v); err != nil {
		o.err = fmt.Errorf("field %s: %w", f.names[0], err)
	}
}

func (o *refObject) str(f field) string {
	var s flex.String
	o.decode(f, &s)
	return s.Value
}

func (o *refObject) boolean(f field) bool {
	var b flex.Bool
	o.decode(f, &b)
	return b.Value
}

func (o *refObject) integer(f field) int64 {
	var i flex.Int
	o.decode(f, &i)
	return i.Value
}

func (o *refObject) time(f field) time.Time {
	var t flex.Time
	o.decode(f, &t)
	return t.Value
}

func (o *refObject) hasAny(fields []field) bool {
	for _, f := range fields {
		for _, n := range f.names {
			if _, ok := o.m[n]; ok {
				return true
			}
		}
	}
	return false
}

func (o *refObject) expect(want string) error {
	row, ent := o.hasAny(rowOnly), o.hasAny(entityOnly)
	got := ""
	switch {
	case row && ent:
		got = "row and entity"
	case row:
		got = "row"
	case ent:
		got = "entity"
	}
	switch {
	case got == "":
		return fmt.Errorf("%w: want a chat %s, got an object with neither row nor entity fields", ErrUnexpectedShape, want)
	case got != want && got != "row and entity":
		return fmt.Errorf("%w: want a chat %s, got a chat %s", ErrUnexpectedShape, want, got)
	}
	return o.requireID(rowID)
}

func (o *refObject) requireID(id field) error {
	if _, ok := refPick(o.m, id); !ok || o.str(id) == "" {
		return ErrMissingID
	}
	return nil
}

func (o *refObject) preview(content, createdAt, role field) *MessagePreview {
	_, hasContent := refPick(o.m, content)
	_, hasTime := refPick(o.m, createdAt)
	_, hasRole := refPick(o.m, role)
	if !hasContent && !hasTime && !hasRole {
		return nil
	}
	return &MessagePreview{Content: o.str(content), CreatedAt: o.time(createdAt), Role: Role(o.str(role))}
}

// refDecode is the frame of every reference decoder, as decode is of the
// package's: the object in data, refused when check does, read by fill.
func refDecode(what string, data []byte, check func(*refObject) error, fill func(o *refObject, raw json.RawMessage)) error {
	o, err := newRefObject(data)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := check(o); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	fill(o, append(json.RawMessage(nil), data...))
	if o.err != nil {
		return fmt.Errorf("%s: %w", what, o.err)
	}
	return nil
}

type refRow ChatRow

func (r *refRow) UnmarshalJSON(data []byte) error {
	return refDecode("chat row", data, func(o *refObject) error { return o.expect("row") }, func(o *refObject, raw json.RawMessage) {
		*r = refRow{
			ID:                     o.str(rowID),
			WorkspaceID:            o.str(rowWorkspaceID),
			Title:                  o.str(rowTitle),
			CreatedAt:              o.time(rowCreatedAt),
			ChannelID:              o.str(rowChannelID),
			ChannelName:            o.str(rowChannelName),
			ChannelType:            ChannelType(o.str(rowChannelType)),
			IsOwnerBlocked:         o.boolean(rowOwnerBlocked),
			IsRemoved:              o.boolean(rowIsRemoved),
			LastMessage:            o.preview(rowLastContent, rowLastCreatedAt, rowLastRole),
			PreviousMessage:        o.preview(rowPrevContent, rowPrevCreatedAt, rowPrevRole),
			OwnerEmail:             o.str(rowOwnerEmail),
			OwnerExternalUserID:    o.str(rowOwnerExternalUserID),
			OwnerIdentifier:        o.str(rowOwnerIdentifier),
			OwnerName:              o.str(rowOwnerName),
			ResponderEntity:        ResponderEntity(o.str(rowResponderEntity)),
			ResponderID:            o.str(rowResponderID),
			ResponderName:          o.str(rowResponderName),
			ResponderPicture:       o.str(rowResponderPicture),
			ResponderVersionID:     o.str(rowResponderVersionID),
			ResponderVersionNumber: o.integer(rowResponderVersionNumber),
			TicketID:               o.str(rowTicketID),
			TicketStatus:           TicketStatus(o.str(rowTicketStatus)),
			Raw:                    raw,
		}
	})
}

type refChat Chat

func (ch *refChat) UnmarshalJSON(data []byte) error {
	return refDecode("chat", data, func(o *refObject) error { return o.expect("entity") }, func(o *refObject, raw json.RawMessage) {
		*ch = refChat{
			ID:                       o.str(entID),
			WorkspaceID:              o.str(entWorkspaceID),
			ChannelID:                o.str(entChannelID),
			OwnerSuperIdentityID:     o.str(entOwnerSuperIdentityID),
			OwnerExternalUserID:      o.str(entOwnerExternalUserID),
			ResponderSuperIdentityID: o.str(entResponderSuperIdentityID),
			Title:                    o.str(entTitle),
			IsRemoved:                o.boolean(entIsRemoved),
			CreatedAt:                o.time(entCreatedAt),
			UpdatedAt:                o.time(entUpdatedAt),
			Raw:                      raw,
		}
	})
}

type refMessage ChatMessage

func (m *refMessage) UnmarshalJSON(data []byte) error {
	return refDecode("chat message", data, func(o *refObject) error { return o.requireID(msgID) }, func(o *refObject, raw json.RawMessage) {
		*m = refMessage{
			ID:                    o.str(msgID),
			ChatID:                o.str(msgChatID),
			ChatThreadID:          o.str(msgChatThreadID),
			Content:               o.str(msgContent),
			RawContent:            o.str(msgRawContent),
			ExternalID:            o.str(msgExternalID),
			Role:                  Role(o.str(msgRole)),
			SenderSuperIdentityID: o.str(msgSenderSuperIdentityID),
			CreatedAt:             o.time(msgCreatedAt),
			UpdatedAt:             o.time(msgUpdatedAt),
			Raw:                   raw,
		}
	})
}

// refList is the list decoder as it was, for items of type R.
func refList[R any](data []byte) ([]R, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, errors.New("empty")
	}
	if data[0] == '{' {
		var env map[string]json.RawMessage
		if err := json.Unmarshal(data, &env); err != nil {
			return nil, err
		}
		inner, ok := refPick(env, listEnvelopeKeys)
		if !ok {
			return nil, errors.New("expected a JSON array")
		}
		data = bytes.TrimSpace(inner)
	}
	if string(data) == "null" {
		return nil, errNullList
	}
	var out []R
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, err
	}
	return out, nil
}
