package brightpattern_test

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
)

func ExampleClient_Availability() {
	srv := brightpatterntest.NewServer(brightpatterntest.WithEWT("45"))
	defer srv.Close()

	c, err := brightpattern.NewClient("acme.brightpattern.com", "my-app-id", brightpattern.NewClientID(),
		brightpattern.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	a, err := c.Availability(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Available(), a.EstimatedWait)
	// Output: true 45s
}

func ExampleClient_Events() {
	srv := brightpatterntest.NewServer(brightpatterntest.WithHold(50*time.Millisecond),
		brightpatterntest.WithAgent(brightpatterntest.Agent{FirstName: "Ann", LastName: "Lee", Greeting: "Hello, how can I help?"}))
	defer srv.Close()

	c, err := brightpattern.NewClient("acme.brightpattern.com", "my-app-id", "client-42",
		brightpattern.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	chat, err := c.RequestChat(ctx, &brightpattern.ChatRequest{Parameters: map[string]any{"first_name": "John"}})
	if err != nil {
		log.Fatal(err)
	}
	for ev, err := range c.Events(ctx, chat.ID) {
		if err != nil {
			log.Fatal(err)
		}
		switch ev := ev.(type) {
		case *brightpattern.StatusEvent:
			fmt.Println("status:", ev.State)
		case *brightpattern.PartyJoinedEvent:
			fmt.Println(ev.DisplayName, "joined")
		case *brightpattern.MessageEvent:
			fmt.Println("agent:", ev.Text)
			if strings.HasPrefix(ev.Text, "Hello") {
				if _, err := c.SendMessage(ctx, chat.ID, "bye"); err != nil {
					log.Fatal(err)
				}
			}
		case *brightpattern.EndedEvent:
			fmt.Println("chat ended")
		}
	}
	// Output:
	// status: queued
	// status: connected
	// Ann Lee joined
	// agent: Hello, how can I help?
	// agent: Goodbye!
	// chat ended
}

func ExampleClient_UploadFile() {
	srv := brightpatterntest.NewServer()
	defer srv.Close()

	c, err := brightpattern.NewClient("acme.brightpattern.com", "my-app-id", "client-42",
		brightpattern.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	chat, err := c.RequestChat(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	// Any io.Reader; an *os.File is streamed and never held in memory.
	f, err := c.UploadFile(ctx, &brightpattern.Upload{Name: "notes.txt", ContentType: "text/plain",
		Content: strings.NewReader("order #1234 arrived damaged")})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := c.SendFile(ctx, chat.ID, f); err != nil {
		log.Fatal(err)
	}
	fmt.Println(f.Name, f.Type())
	// Output: notes.txt attachment
}

// A service that restarts continues a chat's stream from the position it
// stored: together the two processes see every event exactly once.
func ExampleClient_EventStream() {
	srv := brightpatterntest.NewServer(brightpatterntest.WithHold(20 * time.Millisecond))
	defer srv.Close()
	newClient := func() *brightpattern.Client {
		c, err := brightpattern.NewClient("acme.brightpattern.com", "my-app-id", "client-42",
			brightpattern.WithBaseURL(srv.URL()))
		if err != nil {
			log.Fatal(err)
		}
		return c
	}
	show := func(who string, ev brightpattern.Event) {
		switch ev := ev.(type) {
		case *brightpattern.StatusEvent:
			fmt.Println(who, "status:", ev.State)
		case *brightpattern.PartyJoinedEvent:
			fmt.Println(who, ev.DisplayName, "joined")
		case *brightpattern.MessageEvent:
			fmt.Println(who, "agent:", ev.Text)
		case *brightpattern.EndedEvent:
			fmt.Println(who, "chat ended")
		}
	}
	ctx := context.Background()

	first := newClient()
	chat, err := first.RequestChat(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	agent, _ := srv.Join(chat.ID, "Ann", "Lee")
	_, _ = srv.Say(chat.ID, agent, "Hello")
	_, _ = srv.Say(chat.ID, agent, "How can I help?")

	// The first process handles three events, storing the position after
	// each, and then stops.
	var stored string
	stream := first.EventStream(chat.ID, brightpattern.Position{})
	handled := 0
	for ev, err := range stream.Events(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		show("first: ", ev)
		stored = stream.Position().String()
		if handled++; handled == 3 {
			break
		}
	}

	// While no process listens, the agent carries on.
	_, _ = srv.Say(chat.ID, agent, "Are you still there?")
	_ = srv.End(chat.ID)

	// A fresh process resumes from the stored position.
	pos, err := brightpattern.ParsePosition(stored)
	if err != nil {
		log.Fatal(err)
	}
	for ev, err := range newClient().EventStream(chat.ID, pos).Events(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		show("second:", ev)
	}
	// Output:
	// first:  status: queued
	// first:  status: connected
	// first:  Ann Lee joined
	// second: agent: Hello
	// second: agent: How can I help?
	// second: agent: Are you still there?
	// second: chat ended
}
