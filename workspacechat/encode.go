package workspacechat

import (
	"encoding/json"
	"time"
)

// The encoders write each type as the API sends it, every field under the
// first of its names (see the *_wire.go files), so that the decoders read it
// back the same: a value survives json.Marshal then json.Unmarshal. Raw is
// not written; decoding the output sets Raw to it.

// member is one field of an encoded object.
type member struct {
	f field
	v any
}

// jsonTime is t as the API sends it, or null for the zero time.
func jsonTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// encodeObject writes the members as one JSON object.
func encodeObject(members []member) ([]byte, error) {
	buf := []byte{'{'}
	for i, m := range members {
		if i > 0 {
			buf = append(buf, ',')
		}
		key, _ := json.Marshal(m.f.names[0])
		buf = append(append(buf, key...), ':')
		v, err := json.Marshal(m.v)
		if err != nil {
			return nil, err
		}
		buf = append(buf, v...)
	}
	return append(buf, '}'), nil
}

// previewMembers writes a message preview, or nulls when there is none.
func previewMembers(p *MessagePreview, content, createdAt, role field) []member {
	if p == nil {
		return []member{{content, nil}, {createdAt, nil}, {role, nil}}
	}
	return []member{{content, p.Content}, {createdAt, jsonTime(p.CreatedAt)}, {role, p.Role}}
}

// MarshalJSON writes the row as the list operation sends it, every key
// present, so that [ChatRow.UnmarshalJSON] reads it back the same. Raw is
// not written.
func (r ChatRow) MarshalJSON() ([]byte, error) {
	members := []member{
		{rowID, r.ID}, {rowWorkspaceID, r.WorkspaceID}, {rowTitle, r.Title}, {rowCreatedAt, jsonTime(r.CreatedAt)},
		{rowChannelID, r.ChannelID}, {rowChannelName, r.ChannelName}, {rowChannelType, r.ChannelType},
		{rowOwnerBlocked, r.IsOwnerBlocked}, {rowIsRemoved, r.IsRemoved},
		{rowOwnerEmail, r.OwnerEmail}, {rowOwnerExternalUserID, r.OwnerExternalUserID},
		{rowOwnerIdentifier, r.OwnerIdentifier}, {rowOwnerName, r.OwnerName},
		{rowResponderEntity, r.ResponderEntity}, {rowResponderID, r.ResponderID}, {rowResponderName, r.ResponderName},
		{rowResponderPicture, r.ResponderPicture}, {rowResponderVersionID, r.ResponderVersionID},
		{rowResponderVersionNumber, r.ResponderVersionNumber},
		{rowTicketID, r.TicketID}, {rowTicketStatus, r.TicketStatus},
	}
	members = append(members, previewMembers(r.LastMessage, rowLastContent, rowLastCreatedAt, rowLastRole)...)
	members = append(members, previewMembers(r.PreviousMessage, rowPrevContent, rowPrevCreatedAt, rowPrevRole)...)
	return encodeObject(members)
}

// MarshalJSON writes the entity as the API sends it, so that
// [Chat.UnmarshalJSON] reads it back the same. Raw is not written.
func (ch Chat) MarshalJSON() ([]byte, error) {
	return encodeObject([]member{
		{entID, ch.ID}, {entWorkspaceID, ch.WorkspaceID}, {entChannelID, ch.ChannelID},
		{entOwnerSuperIdentityID, ch.OwnerSuperIdentityID}, {entOwnerExternalUserID, ch.OwnerExternalUserID},
		{entResponderSuperIdentityID, ch.ResponderSuperIdentityID}, {entTitle, ch.Title},
		{entIsRemoved, ch.IsRemoved}, {entCreatedAt, jsonTime(ch.CreatedAt)}, {entUpdatedAt, jsonTime(ch.UpdatedAt)},
	})
}

// MarshalJSON writes the message as the API sends it, so that
// [ChatMessage.UnmarshalJSON] reads it back the same. Raw is not written.
func (m ChatMessage) MarshalJSON() ([]byte, error) {
	return encodeObject([]member{
		{msgID, m.ID}, {msgChatID, m.ChatID}, {msgChatThreadID, m.ChatThreadID}, {msgContent, m.Content},
		{msgRawContent, m.RawContent}, {msgExternalID, m.ExternalID}, {msgRole, m.Role},
		{msgSenderSuperIdentityID, m.SenderSuperIdentityID},
		{msgCreatedAt, jsonTime(m.CreatedAt)}, {msgUpdatedAt, jsonTime(m.UpdatedAt)},
	})
}
