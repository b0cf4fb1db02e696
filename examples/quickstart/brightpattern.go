package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
)

// runBrightPattern is a web-chat customer's conversation: check the
// service is open, request a chat, wait in the queue, talk to the agent who
// joins, send a receipt, end the chat.
func runBrightPattern(ctx context.Context, out io.Writer) error {
	// The fake plays the contact center: each new chat waits behind one
	// other customer, then its scripted agent joins, greets, answers every
	// message and acknowledges files.
	srv := brightpatterntest.NewServer(
		brightpatterntest.WithEWT("20"),
		brightpatterntest.WithAgent(brightpatterntest.Agent{
			FirstName: "Alice", LastName: "Martin",
			Greeting:   "Hi, I'm Alice. How can I help you today?",
			Reply:      agentReply,
			Delay:      50 * time.Millisecond,
			QueueAhead: 1,
		}),
	)
	defer srv.Close()

	// For a real tenant: your tenant URL, the app id of your Messaging/Chat
	// scenario entry, and a client id your application keeps; no
	// WithBaseURL.
	c, err := brightpattern.NewClient("acme.brightpattern.com", "my-app-id", brightpattern.NewClientID(),
		brightpattern.WithBaseURL(srv.URL()))
	if err != nil {
		return err
	}

	a, err := c.Availability(ctx)
	if err != nil {
		return fmt.Errorf("availability: %w", err)
	}
	fmt.Fprintf(out, "  availability: %s%s\n", a.Status, waitText(a.EstimatedWait, a.EstimatedWaitKnown))
	if !a.Available() {
		return errors.New("the chat service is closed")
	}

	chat, err := c.RequestChat(ctx, &brightpattern.ChatRequest{
		Parameters: map[string]any{"first_name": "Jane", "last_name": "Doe", "email": "jane@example.com"},
	})
	if err != nil {
		return fmt.Errorf("request chat: %w", err)
	}
	fmt.Fprintf(out, "  chat requested: %s%s\n", chat.State, waitText(chat.EstimatedWait, chat.EstimatedWaitKnown))

	// The customer's side of the conversation: each step answers the
	// agent's latest message.
	steps := []func() error{
		func() error { return say(ctx, c, out, chat.ID, "Hello, my order is late") },
		func() error { return sendReceipt(ctx, c, out, chat.ID) },
		func() error { return say(ctx, c, out, chat.ID, "Thank you!") },
		func() error {
			fmt.Fprintln(out, "  customer ends the chat")
			return c.EndChat(ctx, chat.ID)
		},
	}

	// Events long polls the chat and ends after the chat has ended.
	names := map[string]string{}
	scenario := map[string]bool{} // parties that are the service's scenario, not a person
	lastStatus := ""
	ended := false
	for ev, err := range c.Events(ctx, chat.ID) {
		if err != nil {
			return fmt.Errorf("events: %w", err)
		}
		switch ev := ev.(type) {
		case *brightpattern.StatusEvent:
			status := fmt.Sprintf("  status: %s%s", ev.State, waitText(ev.EstimatedWait, ev.EstimatedWaitKnown))
			if status != lastStatus { // the queue repeats its status as it advances
				fmt.Fprintln(out, status)
			}
			lastStatus = status
		case *brightpattern.PartyJoinedEvent:
			names[ev.PartyID] = ev.DisplayName
			if ev.Type == brightpattern.PartyScenario {
				scenario[ev.PartyID] = true
				continue
			}
			fmt.Fprintln(out, "  agent joined:", ev.DisplayName)
		case *brightpattern.PartyLeftEvent:
			if !scenario[ev.PartyID] {
				fmt.Fprintln(out, "  agent left:", partyName(names, ev.PartyID))
			}
		case *brightpattern.MessageEvent:
			if scenario[ev.PartyID] {
				// The API has no queue-position field: the scenario
				// announces the place in chat messages.
				fmt.Fprintln(out, "  queue:", ev.Text)
				continue
			}
			fmt.Fprintf(out, "  %s: %s\n", partyName(names, ev.PartyID), ev.Text)
			if len(steps) > 0 {
				step := steps[0]
				steps = steps[1:]
				if err := step(); err != nil {
					return err
				}
			}
		case *brightpattern.EndedEvent:
			fmt.Fprintln(out, "  chat ended")
			ended = true
		}
	}
	if !ended || len(steps) > 0 {
		return errors.New("the chat ended before the conversation was over")
	}
	return nil
}

// agentReply is what the fake's agent answers to each customer message.
func agentReply(text string) string {
	switch lower := strings.ToLower(text); {
	case strings.Contains(lower, "late"):
		return "Sorry about that. Could you send me your receipt?"
	case strings.Contains(lower, "thank"):
		return "You're welcome! Your order ships today."
	}
	return "I see."
}

// say sends one customer message.
func say(ctx context.Context, c *brightpattern.Client, out io.Writer, chatID, text string) error {
	fmt.Fprintln(out, "  customer:", text)
	if _, err := c.SendMessage(ctx, chatID, text); err != nil {
		return fmt.Errorf("send message: %w", err)
	}
	return nil
}

// sendReceipt uploads a small file and announces it in the chat (the
// chat_session_file event). An *os.File works the same way and is streamed.
func sendReceipt(ctx context.Context, c *brightpattern.Client, out io.Writer, chatID string) error {
	const receipt = "Order #1234, 2 items, paid 2025-01-02"
	f, err := c.UploadFile(ctx, &brightpattern.Upload{
		Name: "receipt.txt", ContentType: "text/plain", Content: strings.NewReader(receipt),
	})
	if err != nil {
		return fmt.Errorf("upload file: %w", err)
	}
	fmt.Fprintf(out, "  customer uploaded %s (%d bytes)\n", f.Name, len(receipt))
	if _, err := c.SendFile(ctx, chatID, f); err != nil {
		return fmt.Errorf("send file: %w", err)
	}
	fmt.Fprintf(out, "  customer sent the file: %s (%s)\n", f.Name, f.Type())
	return nil
}

func partyName(names map[string]string, partyID string) string {
	if n := names[partyID]; n != "" {
		return n
	}
	return "agent"
}

func waitText(d time.Duration, known bool) string {
	if !known || d <= 0 {
		return ""
	}
	return fmt.Sprintf(" (estimated wait %s)", d)
}
