package workspacechattest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

func ExampleServer_InjectFault() {
	srv := workspacechattest.NewServer(workspacechattest.WithChats(3))
	defer srv.Close()
	c, err := workspacechat.NewClient(workspacechattest.DefaultAPIKey, workspacechat.WithBaseURL(srv.URL()),
		workspacechat.WithRetryWait(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	// The next two list calls fail with 503; the third gets through.
	srv.InjectFault(workspacechattest.Fault{Method: "GET", Path: "/api/v1/chats", Status: 503, Times: 2})

	chats, err := c.ListChats(context.Background(), nil)
	fmt.Println(len(chats), err, srv.Count("GET", "/api/v1/chats"))
	// Output:
	// 3 <nil> 3
}

func ExampleServer_AddMessage() {
	srv := workspacechattest.NewServer()
	defer srv.Close()
	channel := srv.AddChannel("Support", workspacechat.ChannelWhatsApp)
	owner := srv.AddOwner("Rui", "+5511999990000")
	srv.AddResponder("Ana", workspacechat.ResponderAgents)
	chatID, err := srv.AddChat(channel, owner, "", "Order 7")
	if err != nil {
		log.Fatal(err)
	}
	if _, err := srv.AddMessage(chatID, workspacechat.RoleUser, "Where is my order?"); err != nil {
		log.Fatal(err)
	}

	c, err := workspacechat.NewClient(workspacechattest.DefaultAPIKey, workspacechat.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	msgs, err := c.ListChatMessages(context.Background(), chatID, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(msgs), msgs[0].Role, msgs[0].Content)
	_, err = srv.AddMessage("no-such-chat", workspacechat.RoleUser, "hello")
	fmt.Println(errors.Is(err, workspacechattest.ErrUnknownChat))
	// Output:
	// 1 user Where is my order?
	// true
}
