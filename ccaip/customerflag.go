package ccaip

import (
	"context"
	"net/http"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/flex"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// CustomerFlags are the reserved data attributes of a chat.
type CustomerFlags struct {
	VerifiedCustomer bool
	BadActor         bool
	RepeatCustomer   bool
}

// CustomerFlagsUpdate sets the flags that are non-nil.
type CustomerFlagsUpdate struct {
	VerifiedCustomer *bool
	BadActor         *bool
	RepeatCustomer   *bool
}

type wireCustomerFlags struct {
	VerifiedCustomer flex.Bool `json:"verified_customer"`
	BadActor         flex.Bool `json:"bad_actor"`
	RepeatCustomer   flex.Bool `json:"repeat_customer"`
	// RepeatCustomers is the spelling the update body uses in the docs.
	RepeatCustomers flex.Bool `json:"repeat_customers"`
}

// GetCustomerFlags returns the chat's reserved data attributes.
//
// GET /chats/{chatId}/customer_flag — idempotent.
func (c *Client) GetCustomerFlags(ctx context.Context, chatID int64, opts ...call.Option) (*CustomerFlags, error) {
	ctx = callopt.With(ctx, opts)
	if err := checkID("chatID", chatID); err != nil {
		return nil, err
	}
	var w wireCustomerFlags
	err := c.onChat(ctx, chatID, &httpcore.Request{
		Method: http.MethodGet, Path: "chats/{chatId}/customer_flag", Safety: httpcore.Idempotent,
	}, &w)
	if err != nil {
		return nil, err
	}
	return &CustomerFlags{
		VerifiedCustomer: w.VerifiedCustomer.Value,
		BadActor:         w.BadActor.Value,
		RepeatCustomer:   w.RepeatCustomer.Value || w.RepeatCustomers.Value,
	}, nil
}

// UpdateCustomerFlags sets reserved data attributes during a chat. The
// documented body spells the third key repeat_customers while the read
// spells it repeat_customer, so both keys are sent.
//
// POST /chats/{chatId}/customer_flag — idempotent: it sets flags.
func (c *Client) UpdateCustomerFlags(ctx context.Context, chatID int64, u CustomerFlagsUpdate, opts ...call.Option) error {
	ctx = callopt.With(ctx, opts)
	if err := checkID("chatID", chatID); err != nil {
		return err
	}
	body := map[string]bool{}
	if u.VerifiedCustomer != nil {
		body["verified_customer"] = *u.VerifiedCustomer
	}
	if u.BadActor != nil {
		body["bad_actor"] = *u.BadActor
	}
	if u.RepeatCustomer != nil {
		body["repeat_customer"] = *u.RepeatCustomer
		body["repeat_customers"] = *u.RepeatCustomer
	}
	return c.onChat(ctx, chatID, &httpcore.Request{
		Method: http.MethodPost, Path: "chats/{chatId}/customer_flag", JSON: body, Safety: httpcore.Idempotent,
	}, nil)
}
