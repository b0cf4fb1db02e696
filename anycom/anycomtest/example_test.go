package anycomtest_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/anycom/anycomtest"
)

func ExampleServer_InjectFault() {
	srv := anycomtest.NewServer()
	defer srv.Close()
	c, err := anycom.NewClient(anycomtest.DefaultAuthKey, anycomtest.DefaultAuthUser,
		anycom.WithBaseURL(srv.URL()), anycom.WithRetryWait(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	// The next two commands fail with 503; the third gets through.
	srv.InjectFault(anycomtest.Fault{Method: http.MethodPost, Status: http.StatusServiceUnavailable, Times: 2})

	channels, err := c.Status(context.Background())
	fmt.Println(len(channels), err, srv.Count(http.MethodPost, "/"))
	// Output:
	// 4 <nil> 3
}

func ExampleServer_EndChat() {
	srv := anycomtest.NewServer(anycomtest.WithEmpty())
	defer srv.Close()
	srv.AddAttendant(anycomtest.Attendant{User: "ana", Name: "Ana", Group: 1, Online: true})
	srv.Enqueue("whatsapp", 9, "5511@c.us", "Rui", 1, "Exchange")
	srv.AcceptNext("ana")

	fmt.Println(srv.EndChat("whatsapp", 9, "5511@c.us"))
	fmt.Println(srv.EndChat("whatsapp", 9, "5511@c.us"))
	// Output:
	// <nil>
	// anycomtest: chat whatsapp/9/5511@c.us: unknown chat
}
