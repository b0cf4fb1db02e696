package workspacechat_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

func Example() {
	srv := workspacechattest.NewServer()
	defer srv.Close()
	channel := srv.AddChannel("Site widget", workspacechat.ChannelWidget)
	agent := srv.AddResponder("ana", workspacechat.ResponderAgents)
	owner := srv.AddOwner("Bruno", "bruno@example.com")

	c, err := workspacechat.NewClient(workspacechattest.DefaultAPIKey, workspacechat.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	chat, err := c.CreateChat(ctx, &workspacechat.NewChat{ChannelID: channel, OwnerSuperIdentityID: owner, ResponderSuperIdentityID: agent})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := srv.AddMessage(chat.ID, workspacechat.RoleUser, "Where is my order?"); err != nil {
		log.Fatal(err)
	}
	if _, err := c.CreateChatMessage(ctx, &workspacechat.NewChatMessage{
		ChatID: chat.ID, Content: "It ships today.", Role: workspacechat.RoleAssistant,
	}); err != nil {
		log.Fatal(err)
	}
	row, err := c.GetChat(ctx, chat.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(row.ChannelType, row.OwnerName, "->", row.ResponderName)
	fmt.Println(row.PreviousMessage.Role+":", row.PreviousMessage.Content)
	fmt.Println(row.LastMessage.Role+":", row.LastMessage.Content)
	// Output:
	// widget Bruno -> ana
	// user: Where is my order?
	// assistant: It ships today.
}

func ExampleClient_AllChats() {
	srv := workspacechattest.NewServer(workspacechattest.WithChats(250))
	defer srv.Close()
	c, err := workspacechat.NewClient(workspacechattest.DefaultAPIKey, workspacechat.WithBaseURL(srv.URL()), workspacechat.WithPrefetch())
	if err != nil {
		log.Fatal(err)
	}
	filter := &workspacechat.ChatFilter{
		LastMessageFrom: time.Date(2025, 1, 1, 1, 0, 0, 0, time.UTC),
		LastMessageTo:   time.Date(2025, 1, 1, 3, 0, 0, 0, time.UTC),
	}
	n := 0
	for row, err := range c.AllChats(context.Background(), filter) {
		if err != nil {
			log.Fatal(err)
		}
		if n == 0 {
			fmt.Println("newest:", row.Title, row.LastMessageAt().Format(time.Kitchen))
		}
		n++
	}
	fmt.Println(n, "chats")
	// Output:
	// newest: Conversation 180 3:00AM
	// 121 chats
}

func ExampleClient_AllChatEntities() {
	srv := workspacechattest.NewServer(workspacechattest.WithChats(250))
	defer srv.Close()
	c, err := workspacechat.NewClient(workspacechattest.DefaultAPIKey, workspacechat.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	// Filtering on channel types selects the variant of the list that
	// answers with chat entities.
	filter := &workspacechat.ChatFilter{
		ChannelTypes: []workspacechat.ChannelType{workspacechat.ChannelWhatsApp, workspacechat.ChannelInstagram},
	}
	n := 0
	for chat, err := range c.AllChatEntities(context.Background(), filter) {
		if err != nil {
			log.Fatal(err)
		}
		if n == 0 {
			fmt.Println("first:", chat.Title)
		}
		n++
	}
	fmt.Println(n, "chats")
	// Output:
	// first: Conversation 249
	// 100 chats
}

func ExampleClient_WatchChats() {
	srv := workspacechattest.NewServer()
	defer srv.Close()
	ids := srv.Seed(10)
	c, err := workspacechat.NewClient(workspacechattest.DefaultAPIKey, workspacechat.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	since := time.Now()
	if _, err := srv.AddMessage(ids[4], workspacechat.RoleUser, "Is anyone there?"); err != nil {
		log.Fatal(err)
	}
	for row, err := range c.WatchChats(ctx, workspacechat.WatchFrom(since), workspacechat.WatchInterval(10*time.Millisecond)) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(row.Title+":", row.LastMessage.Content)
		break
	}
	// Output:
	// Conversation 5: Is anyone there?
}

func ExampleError() {
	srv := workspacechattest.NewServer()
	defer srv.Close()
	c, err := workspacechat.NewClient(workspacechattest.DefaultAPIKey, workspacechat.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	_, err = c.GetChat(context.Background(), "9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e51")
	var e *workspacechat.Error
	if errors.As(err, &e) {
		fmt.Println(e.StatusCode, e.Message, errors.Is(err, workspacechat.ErrNotFound))
	}
	// Output:
	// 404 Chat not found. true
}
