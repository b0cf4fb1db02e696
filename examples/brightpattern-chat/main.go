// Command brightpattern-chat is a terminal chat client for the Bright Pattern
// Mobile/Web Messaging API.
//
// By default it starts the in-process fake server with a scripted agent and
// chats with it, after a short wait in the queue that shows the place and
// the estimated wait. With BP_TENANT_URL, BP_APP_ID and BP_CLIENT_ID set, it talks
// to a real tenant instead. Type a message and press Enter; "/file PATH"
// uploads a file and "/quit" ends the chat. When stdin is not a terminal it
// plays a short scripted conversation and exits.
//
//	go run ./examples/brightpattern-chat
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
	"github.com/switchboard-go/switchboard/examples/internal/tty"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	c, cleanup, err := newClient()
	if err != nil {
		return err
	}
	defer cleanup()

	interactive := tty.IsTerminal(os.Stdin)
	if !interactive {
		// Unattended: bound the whole scripted conversation.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
	}

	a, err := c.Availability(ctx)
	if err != nil {
		return err
	}
	if !a.Available() {
		fmt.Println("The service is closed now; trying anyway.")
	}
	chat, err := c.RequestChat(ctx, &brightpattern.ChatRequest{Parameters: map[string]any{"first_name": "Terminal", "last_name": "User"}})
	if err != nil {
		return err
	}
	if !chat.IsNewChat {
		fmt.Println("(resuming your open chat)")
	}
	fmt.Printf("Chat %s: %s%s\n", chat.ID, chat.State, waitText(chat.EstimatedWait, chat.EstimatedWaitKnown))

	agentSaid := make(chan string, 16)
	done := make(chan error, 1)
	evCtx, cancelEvents := context.WithCancel(ctx)
	defer cancelEvents()
	go func() { done <- show(evCtx, c, chat.ID, agentSaid) }()

	if interactive {
		fmt.Println(`Type a message; "/file PATH" sends a file, "/quit" ends the chat.`)
		go readTerminal(ctx, c, chat.ID)
	} else {
		go playScript(ctx, c, chat.ID, agentSaid)
	}
	err = <-done
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		return nil // interrupted
	}
	return err
}

// newClient talks to a real tenant when BP_TENANT_URL, BP_APP_ID and
// BP_CLIENT_ID are set, and to the fake with a scripted agent otherwise.
func newClient() (*brightpattern.Client, func(), error) {
	tenant, app, client := os.Getenv("BP_TENANT_URL"), os.Getenv("BP_APP_ID"), os.Getenv("BP_CLIENT_ID")
	if tenant != "" && app != "" && client != "" {
		c, err := brightpattern.NewClient(tenant, app, client)
		return c, func() {}, err
	}
	srv := brightpatterntest.NewServer(
		brightpatterntest.WithHold(2*time.Second),
		brightpatterntest.WithEWT("20"),
		brightpatterntest.WithAgent(brightpatterntest.Agent{
			FirstName: "Ann", LastName: "Lee",
			Greeting: "Hi, I'm Ann. How can I help you today?",
			Reply:    reply,
			Delay:    300 * time.Millisecond,
			// Two customers are ahead: the queue announces places 3 and 2
			// before Ann joins.
			QueueAhead: 2,
		}),
	)
	fmt.Println("(talking to the built-in fake server; set BP_TENANT_URL, BP_APP_ID and BP_CLIENT_ID for a real tenant)")
	c, err := brightpattern.NewClient("demo.brightpattern.com", "demo-app", brightpattern.NewClientID(),
		brightpattern.WithBaseURL(srv.URL()))
	return c, srv.Close, err
}

// reply is the scripted agent's side of the conversation.
func reply(text string) string {
	lower := strings.ToLower(text)
	switch {
	case strings.Contains(lower, "damaged"), strings.Contains(lower, "broken"):
		return "I'm sorry to hear that. Could you send a photo of it?"
	case strings.Contains(lower, "thank"):
		return "You're welcome! Type bye when you're done."
	}
	return "I see: " + text
}

// show prints the chat's events until the chat ends. Only the agent's
// messages go to agentSaid.
func show(ctx context.Context, c *brightpattern.Client, chatID string, agentSaid chan<- string) error {
	names := map[string]string{}
	scenario := map[string]bool{} // parties that are the service's scenario, not a person
	var state brightpattern.ChatState
	wait := "" // the latest estimated wait while queued
	for ev, err := range c.Events(ctx, chatID) {
		if err != nil {
			return err
		}
		switch ev := ev.(type) {
		case *brightpattern.StatusEvent:
			wait = waitText(ev.EstimatedWait, ev.EstimatedWaitKnown)
			if ev.State != state {
				fmt.Printf("* %s%s\n", ev.State, wait)
			}
			state = ev.State
		case *brightpattern.PartyJoinedEvent:
			names[ev.PartyID] = ev.DisplayName
			if ev.Type == brightpattern.PartyScenario {
				scenario[ev.PartyID] = true
				continue
			}
			fmt.Printf("* %s joined the chat\n", ev.DisplayName)
		case *brightpattern.PartyLeftEvent:
			if !scenario[ev.PartyID] {
				fmt.Printf("* %s left the chat\n", nameOf(names, ev.PartyID))
			}
		case *brightpattern.TypingEvent:
			fmt.Printf("* %s is typing…\n", nameOf(names, ev.PartyID))
		case *brightpattern.MessageEvent:
			if scenario[ev.PartyID] {
				showAnnouncement(ev.Text, wait)
				continue
			}
			fmt.Printf("%s: %s\n", nameOf(names, ev.PartyID), ev.Text)
			select {
			case agentSaid <- ev.Text:
			default:
			}
		case *brightpattern.FileEvent:
			fmt.Printf("%s sent a file: %s\n", nameOf(names, ev.PartyID), ev.FileName)
		case *brightpattern.TimeoutWarningEvent:
			fmt.Println("*", ev.Text)
		case *brightpattern.InactivityTimeoutEvent:
			fmt.Println("*", ev.Text)
		case *brightpattern.EndedEvent:
			fmt.Println("* the chat has ended")
		}
	}
	return nil
}

// showAnnouncement prints a message of the service's scenario. The API has
// no field for the place in the queue: Bright Pattern scenarios announce it
// in chat messages such as "You are number 2 in the queue.", so the place
// is read from that text; the estimated wait is the ewt of the latest
// queued status. Other announcements are printed as they are.
func showAnnouncement(text, wait string) {
	var place int
	if _, err := fmt.Sscanf(text, "You are number %d in the queue.", &place); err == nil {
		fmt.Printf("* number %d in the queue%s\n", place, wait)
		return
	}
	fmt.Println("*", text)
}

func nameOf(names map[string]string, partyID string) string {
	if n := names[partyID]; n != "" {
		return n
	}
	return "Agent"
}

func waitText(d time.Duration, known bool) string {
	if !known || d <= 0 {
		return ""
	}
	return fmt.Sprintf(" (estimated wait %s)", d)
}

// readTerminal sends what the user types.
func readTerminal(ctx context.Context, c *brightpattern.Client, chatID string) {
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		if err := say(ctx, c, chatID, strings.TrimSpace(in.Text())); err != nil {
			fmt.Println("!", err)
		}
	}
}

// say sends one line: a message, "/file PATH" or "/quit".
func say(ctx context.Context, c *brightpattern.Client, chatID, line string) error {
	switch {
	case line == "":
		return nil
	case line == "/quit":
		return c.EndChat(ctx, chatID)
	case strings.HasPrefix(line, "/file "):
		return sendFile(ctx, c, chatID, strings.TrimSpace(strings.TrimPrefix(line, "/file ")))
	}
	_, err := c.SendMessage(ctx, chatID, line)
	return err
}

func sendFile(ctx context.Context, c *brightpattern.Client, chatID, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	up, err := c.UploadFile(ctx, &brightpattern.Upload{Name: filepath.Base(path), Content: f, ContentType: contentType(path)})
	if err != nil {
		return err
	}
	_, err = c.SendFile(ctx, chatID, up)
	return err
}

func contentType(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".png":
		return "image/png"
	case ".txt":
		return "text/plain"
	}
	return "application/octet-stream"
}

// playScript is the unattended conversation: each line waits for the
// agent's previous answer.
func playScript(ctx context.Context, c *brightpattern.Client, chatID string, agentSaid <-chan string) {
	f, err := os.CreateTemp("", "parcel-*.txt")
	if err != nil {
		fmt.Println("!", err)
		return
	}
	photo := f.Name()
	defer os.Remove(photo)
	_, err = f.WriteString("a photo of the damaged parcel")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Println("!", err)
		return
	}
	for _, line := range []string{"Hello, my parcel arrived damaged.", "/file " + photo, "Thank you!", "bye"} {
		select {
		case <-ctx.Done():
			return
		case <-agentSaid:
		}
		fmt.Println("you:", line)
		if err := say(ctx, c, chatID, line); err != nil {
			fmt.Println("!", err)
			return
		}
	}
}
