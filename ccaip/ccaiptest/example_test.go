package ccaiptest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
)

// exampleChat starts a chat through c for a new end user.
func exampleChat(ctx context.Context, c *ccaip.Client) *ccaip.Chat {
	user, err := c.UpsertEndUser(ctx, &ccaip.EndUserRequest{Identifier: "cust-1"})
	if err != nil {
		log.Fatal(err)
	}
	chat, err := c.CreateChat(ctx, &ccaip.CreateChatRequest{MenuID: 11, EndUserID: user.ID})
	if err != nil {
		log.Fatal(err)
	}
	return chat
}

func ExampleServer_InjectFault() {
	srv := ccaiptest.NewServer()
	defer srv.Close()
	c, err := ccaip.NewClient(ccaiptest.DefaultHost, ccaiptest.DefaultToken,
		ccaip.WithBaseURL(srv.URL()), ccaip.WithRetryWait(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	chat := exampleChat(ctx, c)
	// The next two reads of the chat fail with 503; the third gets through.
	srv.InjectFault(ccaiptest.Fault{Method: http.MethodGet, Path: "/chats/", Status: http.StatusServiceUnavailable, Times: 2})

	chat, err = c.GetChat(ctx, chat.ID)
	fmt.Println(chat.Status, err, srv.Count(http.MethodGet, "/chats/"))
	// Output:
	// va_assigned <nil> 3
}

func ExampleServer_AgentJoins() {
	srv := ccaiptest.NewServer()
	defer srv.Close()
	c, err := ccaip.NewClient(ccaiptest.DefaultHost, ccaiptest.DefaultToken, ccaip.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	chat := exampleChat(ctx, c)

	agent, err := srv.AgentJoins(chat.ID, "Maria Rossi")
	fmt.Println(agent.Name, err)
	chat, err = c.GetChat(ctx, chat.ID)
	fmt.Println(chat.Status, err)
	_, err = srv.AgentJoins(chat.ID+1000, "Maria Rossi")
	fmt.Println(errors.Is(err, ccaiptest.ErrUnknownChat))
	// Output:
	// Maria Rossi <nil>
	// assigned <nil>
	// true
}
