package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
)

// runCCAIP is a chat that starts with the virtual agent: register the end
// user, open the chat, attach signed customer data the agent can trust,
// escalate to a human agent, and finish the chat.
func runCCAIP(ctx context.Context, out io.Writer) error {
	srv := ccaiptest.NewServer()
	defer srv.Close()

	// For a real installation: the company secret from Settings > Developer
	// Settings, with ccaip.WithIssuer(host).
	signer, err := ccaip.NewSigner(ccaiptest.DefaultCompanySecret)
	if err != nil {
		return err
	}
	// For a real installation: your host (acme.uc1.ccaiplatform.com) and
	// API token; no WithBaseURL.
	c, err := ccaip.NewClient(ccaiptest.DefaultHost, ccaiptest.DefaultToken,
		ccaip.WithBaseURL(srv.URL()), ccaip.WithSigner(signer))
	if err != nil {
		return err
	}

	user, err := c.UpsertEndUser(ctx, &ccaip.EndUserRequest{
		Identifier: "3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b", Name: "Jane Doe", Email: "jane@example.com",
	})
	if err != nil {
		return fmt.Errorf("upsert end user: %w", err)
	}
	fmt.Fprintf(out, "  end user %d: %s\n", user.ID, user.Identifier)

	// MenuID is the id of one of your chat menus (Settings > Chat > Menu).
	chat, err := c.CreateChat(ctx, &ccaip.CreateChatRequest{
		MenuID: 11, EndUserID: user.ID, Lang: "en", Context: map[string]any{"order_id": "1234"},
	})
	if err != nil {
		return fmt.Errorf("create chat: %w", err)
	}
	with := ""
	if chat.VirtualAgent != nil {
		with = " with " + chat.VirtualAgent.Name
	}
	fmt.Fprintf(out, "  chat %d: %s%s\n", chat.ID, chat.Status, with)

	const text = "Hello, my order is late"
	if err := c.SendText(ctx, chat.ID, user.ID, text); err != nil {
		return fmt.Errorf("send text: %w", err)
	}
	fmt.Fprintln(out, "  customer:", text)

	data := ccaip.CustomData{}.
		VerifiedCustomer("Verified customer", true).
		Set("order_id", ccaip.StringItem("Order", "1234")).
		Set("order_total", ccaip.NumberItem("Total (EUR)", 59.90))
	if err := c.SendSignedCustomData(ctx, chat.ID, data); err != nil {
		return fmt.Errorf("signed custom data: %w", err)
	}
	fmt.Fprintf(out, "  signed custom data sent: %d items\n", len(data))

	esc, err := c.Escalate(ctx, chat.ID, &ccaip.EscalateRequest{Reason: ccaip.ReasonByEndUserAsk})
	if err != nil {
		return fmt.Errorf("escalate: %w", err)
	}
	fmt.Fprintf(out, "  escalation %d: %s\n", esc.ID, esc.Status)

	if err := waitForAgent(ctx, c, srv, chat.ID, out); err != nil {
		return err
	}

	chat, err = c.FinishChat(ctx, chat.ID, user.ID)
	if err != nil {
		return fmt.Errorf("finish chat: %w", err)
	}
	fmt.Fprintf(out, "  chat %d: %s\n", chat.ID, chat.Status)
	return nil
}

// waitForAgent watches the chat until a human agent has joined.
func waitForAgent(ctx context.Context, c *ccaip.Client, srv *ccaiptest.Server, chatID int64, out io.Writer) error {
	// The watch options are the same in every package: WatchInterval only
	// makes this watch poll faster than its default (2 s) for the
	// demonstration, and WatchGiveUpAfter ends it after 5 failed polls in a
	// row instead of 8.
	for change, err := range c.WatchChat(ctx, chatID,
		ccaip.WatchInterval(20*time.Millisecond), ccaip.WatchGiveUpAfter(5)) {
		if err != nil {
			return fmt.Errorf("watch chat: %w", err)
		}
		switch {
		case change.Kind == ccaip.ChangeStatus && change.Chat != nil:
			fmt.Fprintln(out, "  status:", change.Chat.Status)
			if change.Chat.Status == ccaip.ChatQueued {
				// On a real installation an agent accepts the chat from
				// the queue; here the fake plays that part.
				if _, err := srv.AgentJoins(chatID, "Maria Rossi"); err != nil {
					return err
				}
			}
		case change.Kind == ccaip.ChangeAgentJoined && change.Agent != nil:
			fmt.Fprintln(out, "  agent joined:", change.Agent.Name)
			return nil
		}
	}
	return errors.New("the chat ended before an agent joined")
}
