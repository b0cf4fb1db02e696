package workspacechat_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

// Per-call options and response metadata: any method takes call options,
// and Raw reaches an endpoint the package does not model with the client's
// credentials, retries, redaction and error decoding.
func ExampleClient_Raw() {
	srv := workspacechattest.NewServer(workspacechattest.WithChats(3))
	defer srv.Close()
	c, err := workspacechat.NewClient(workspacechattest.DefaultAPIKey, workspacechat.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	var resp call.Response
	chats, err := c.ListChats(ctx, &workspacechat.ChatFilter{PageSize: 2},
		call.Timeout(5*time.Second), call.Header("X-Trace", "demo"), call.ResponseInto(&resp))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(chats), "chats; HTTP", resp.StatusCode, "after", resp.Attempts, "attempt")

	var rows []map[string]any
	err = c.Raw(ctx, http.MethodGet, "api/v1/chats?pageSize=1", nil, &rows, call.Idempotent(), call.ResponseInto(&resp))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(rows), "raw row; HTTP", resp.StatusCode)
	// Output:
	// 2 chats; HTTP 200 after 1 attempt
	// 1 raw row; HTTP 200
}
