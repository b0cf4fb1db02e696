package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/anycom/anycomtest"
)

// runAnyCom is a supervisor's round: are the channels up, who is waiting
// for an attendant, is this customer's number on WhatsApp, and invite the
// customer to a chat with the support group.
func runAnyCom(ctx context.Context, out io.Writer) error {
	// The fake holds the documentation's examples (WhatsApp channels 1 and
	// 9, the "Suporte" chat group 14, attendant maxbauer, the collection's
	// customer waiting on channel 9); here a second customer joins the
	// queue.
	srv := anycomtest.NewServer()
	defer srv.Close()
	srv.Enqueue("whatsapp", 9, "5511987650001@c.us", "Ana Souza", 14, "Second copy of invoice")

	// For the real service: your auth key and user; no WithBaseURL.
	c, err := anycom.NewClient(anycomtest.DefaultAuthKey, anycomtest.DefaultAuthUser,
		anycom.WithBaseURL(srv.URL()))
	if err != nil {
		return err
	}

	status, err := c.Status(ctx)
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	channels := make([]string, 0, len(status))
	for _, s := range status {
		name := string(s.Channel.Type)
		if s.Channel.ID != 0 {
			name = fmt.Sprintf("%s/%d", s.Channel.Type, s.Channel.ID)
		}
		channels = append(channels, name+" "+string(s.Status))
	}
	fmt.Fprintln(out, "  channels:", strings.Join(channels, ", "))

	if err := printAwaiting(ctx, c, out); err != nil {
		return err
	}

	const number = 5511987650002
	check, err := c.Channels.Check(ctx, anycom.CheckArgs{ChanType: anycom.ChannelWhatsApp, ChanID: 9, User: number})
	if err != nil {
		return fmt.Errorf("check number: %w", err)
	}
	fmt.Fprintf(out, "  WhatsApp number +%d: %s\n", number, check.Status)
	if check.Status == anycom.CheckInvalid {
		return fmt.Errorf("+%d is not on WhatsApp", number)
	}

	msg, err := c.Chat.Invite(ctx, anycom.InviteArgs{
		ChanType: anycom.ChannelWhatsApp, ChanID: 9, ChanUser: number, ChatGroup: 14,
		ChatSubj: "Order 1234 is late", ChatGreet: "Hi, this is support. How can we help?",
		CustomerFT: "M", CustomerFK: 1234, SessionFK: 1000,
	})
	if err != nil {
		return fmt.Errorf("invite: %w", err)
	}
	fmt.Fprintln(out, "  invite sent:", msg)

	return printAwaiting(ctx, c, out)
}

// printAwaiting prints the customers waiting for an attendant.
func printAwaiting(ctx context.Context, c *anycom.Client, out io.Writer) error {
	waiting, err := c.Chat.Awaiting(ctx)
	if err != nil {
		return fmt.Errorf("awaiting queue: %w", err)
	}
	fmt.Fprintf(out, "  awaiting queue: %d waiting\n", len(waiting))
	for _, w := range waiting {
		who := w.Channel.UserID
		if w.Channel.UserName != "" {
			who = w.Channel.UserName + " <" + who + ">"
		}
		fmt.Fprintf(out, "    %s, group %s: %s\n", who, w.Chat.Group.Name, w.Chat.Subject)
	}
	return nil
}
