package ccaip

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"strconv"
	"time"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// CustomDataType is the type of a custom-data item.
type CustomDataType string

// Custom-data item types.
const (
	TypeString  CustomDataType = "string"
	TypeNumber  CustomDataType = "number"
	TypeDate    CustomDataType = "date"
	TypeURL     CustomDataType = "url"
	TypeBoolean CustomDataType = "boolean"
)

// Reserved custom-data keys: they set the chat's customer flags.
const (
	KeyVerifiedCustomer = "reserved_verified_customer"
	KeyBadActor         = "reserved_bad_actor"
	KeyRepeatCustomer   = "reserved_repeat_customer"
)

// CustomDataItem is one labelled value shown to the agent and sent to the
// CRM. Build it with [StringItem], [NumberItem], [DateItem], [URLItem] or
// [BooleanItem], or with [Item] for an item with no type.
//
// The chat page's unsigned example sends items as {label, value} with no
// type; the SDK guides give every item a type. Both are accepted: an item
// with no type is sent without one.
type CustomDataItem struct {
	Label string `json:"label"`
	// Value is a string, a bool or a number (any integer or float kind); a
	// date is Unix milliseconds (any integer kind) or a time.Time.
	Value any `json:"value"`
	// Type is the item's type; empty sends none.
	Type CustomDataType `json:"type,omitempty"`
	// InvisibleToAgent keeps the item out of the CRM record and the agent
	// adapter (it still reaches the session metadata file).
	InvisibleToAgent bool `json:"invisible_to_agent,omitempty"`
}

// Item is an item with no type, as the chat page's unsigned example sends
// it: {"label": ..., "value": ...}. value is a string, a bool or a number.
func Item(label string, value any) CustomDataItem {
	return CustomDataItem{Label: label, Value: value}
}

// StringItem is a text item.
func StringItem(label, value string) CustomDataItem {
	return CustomDataItem{Label: label, Value: value, Type: TypeString}
}

// NumberItem is a numeric item.
func NumberItem(label string, value float64) CustomDataItem {
	return CustomDataItem{Label: label, Value: value, Type: TypeNumber}
}

// DateItem is a date item, sent as 13-digit Unix milliseconds.
func DateItem(label string, t time.Time) CustomDataItem {
	return CustomDataItem{Label: label, Value: t.UnixMilli(), Type: TypeDate}
}

// URLItem is a link item.
func URLItem(label, url string) CustomDataItem {
	return CustomDataItem{Label: label, Value: url, Type: TypeURL}
}

// BooleanItem is a yes/no item.
func BooleanItem(label string, value bool) CustomDataItem {
	return CustomDataItem{Label: label, Value: value, Type: TypeBoolean}
}

// MarshalJSON writes the item; a date given as a time.Time is sent as
// 13-digit Unix milliseconds.
func (i CustomDataItem) MarshalJSON() ([]byte, error) {
	type plain CustomDataItem
	p := plain(i)
	if t, ok := i.Value.(time.Time); ok && i.Type == TypeDate {
		p.Value = t.UnixMilli()
	}
	return json.Marshal(p)
}

// Hidden returns the item marked invisible_to_agent.
func (i CustomDataItem) Hidden() CustomDataItem {
	i.InvisibleToAgent = true
	return i
}

// CustomData maps keys to items. Its methods return the map so calls chain:
//
//	data := ccaip.CustomData{}.
//		Set("plan", ccaip.StringItem("Plan", "gold")).
//		VerifiedCustomer("Verified", true)
type CustomData map[string]CustomDataItem

// Set adds or replaces the item under key.
func (d CustomData) Set(key string, item CustomDataItem) CustomData {
	d[key] = item
	return d
}

// VerifiedCustomer sets the reserved_verified_customer flag.
func (d CustomData) VerifiedCustomer(label string, v bool) CustomData {
	return d.Set(KeyVerifiedCustomer, BooleanItem(label, v))
}

// BadActor sets the reserved_bad_actor flag.
func (d CustomData) BadActor(label string, v bool) CustomData {
	return d.Set(KeyBadActor, BooleanItem(label, v))
}

// RepeatCustomer sets the reserved_repeat_customer flag.
func (d CustomData) RepeatCustomer(label string, v bool) CustomData {
	return d.Set(KeyRepeatCustomer, BooleanItem(label, v))
}

// Validate checks every key and item: keys are non-empty, types are known
// (or absent), values match their types, and reserved keys hold booleans.
func (d CustomData) Validate() error {
	if len(d) == 0 {
		return httpcore.InvalidArgument("ccaip", "CustomData is empty")
	}
	for key, it := range d {
		if key == "" {
			return httpcore.InvalidArgument("ccaip", "CustomData has an empty key")
		}
		if err := it.check(); err != nil {
			return httpcore.InvalidArgument("ccaip", "CustomData %q: %w", key, err)
		}
		if key == KeyVerifiedCustomer || key == KeyBadActor || key == KeyRepeatCustomer {
			if _, isBool := it.Value.(bool); !isBool || it.Type != TypeBoolean && it.Type != "" {
				return httpcore.InvalidArgument("ccaip", "CustomData %q: a reserved flag must be boolean", key)
			}
		}
	}
	return nil
}

// Unix milliseconds with 13 digits, as the SDK guides require of a date.
const minDateMillis, maxDateMillis = 1e12, 1e13

func (i CustomDataItem) check() error {
	ok := false
	switch i.Type {
	case TypeString, TypeURL:
		_, ok = i.Value.(string)
	case TypeBoolean:
		_, ok = i.Value.(bool)
	case TypeDate:
		ms, isInt := dateMillis(i.Value)
		ok = isInt && ms >= minDateMillis && ms < maxDateMillis
	case TypeNumber:
		ok = isNumber(i.Value)
	case "":
		switch i.Value.(type) {
		case string, bool:
			ok = true
		default:
			ok = isNumber(i.Value)
		}
	default:
		return fmt.Errorf("unknown type %q", i.Type)
	}
	if !ok {
		// The value itself is left out: custom data may hold personal data.
		return fmt.Errorf("a %T value does not fit type %q", i.Value, i.Type)
	}
	return nil
}

// dateMillis reads a date value: Unix milliseconds of any integer kind, or a
// time.Time.
func dateMillis(v any) (int64, bool) {
	if t, ok := v.(time.Time); ok {
		return t.UnixMilli(), true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if u := rv.Uint(); u <= math.MaxInt64 {
			return int64(u), true
		}
	}
	return 0, false
}

// isNumber reports a finite number of any integer or float kind, or a valid
// json.Number.
func isNumber(v any) bool {
	if n, ok := v.(json.Number); ok {
		f, err := strconv.ParseFloat(string(n), 64)
		return err == nil && !math.IsInf(f, 0)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	case reflect.Float32, reflect.Float64:
		f := rv.Float()
		return !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	return false
}

// SendCustomData sends unsigned custom data to the chat ({"signed": false,
// "data": ...}). Prefer [Client.SendSignedCustomData]: unsigned data can be
// altered in transit.
//
// POST /chats/{chatId}/custom_data — unsafe: never retried after the request may
// have reached the server.
func (c *Client) SendCustomData(ctx context.Context, chatID int64, data CustomData, opts ...call.Option) error {
	ctx = callopt.With(ctx, opts)
	if err := checkID("chatID", chatID); err != nil {
		return err
	}
	if err := data.Validate(); err != nil {
		return err
	}
	return c.postCustomData(ctx, chatID, map[string]any{"signed": false, "data": data})
}

// SendSignedCustomData signs data with the company secret of the client's
// [Signer] (see [WithSigner]) and sends {"signed": true, "signed_data": jwt}.
//
// POST /chats/{chatId}/custom_data — unsafe.
func (c *Client) SendSignedCustomData(ctx context.Context, chatID int64, data CustomData, opts ...call.Option) error {
	ctx = callopt.With(ctx, opts)
	if err := checkID("chatID", chatID); err != nil {
		return err
	}
	if c.signer == nil {
		return httpcore.Invalid(ErrNoSigner)
	}
	token, err := c.signer.SignCustomData(data)
	if err != nil {
		return err
	}
	return c.SendSignedCustomDataToken(ctx, chatID, token)
}

// SendSignedCustomDataToken sends custom data already signed elsewhere.
//
// POST /chats/{chatId}/custom_data — unsafe.
func (c *Client) SendSignedCustomDataToken(ctx context.Context, chatID int64, token string, opts ...call.Option) error {
	ctx = callopt.With(ctx, opts)
	if err := checkID("chatID", chatID); err != nil {
		return err
	}
	if token == "" {
		return httpcore.InvalidArgument("ccaip", "SendSignedCustomDataToken: token is empty")
	}
	return c.postCustomData(ctx, chatID, map[string]any{"signed": true, "signed_data": token})
}

func (c *Client) postCustomData(ctx context.Context, chatID int64, body any) error {
	return c.onChat(ctx, chatID, &httpcore.Request{
		Method: http.MethodPost, Path: "chats/{chatId}/custom_data", JSON: body,
	}, nil)
}
