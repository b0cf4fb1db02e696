package workspacechattest_test

import (
	"context"
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
