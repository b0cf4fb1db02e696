package brightpatterntest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
)

func ExampleServer_InjectFault() {
	srv := brightpatterntest.NewServer()
	defer srv.Close()
	c, err := brightpattern.NewClient(brightpatterntest.DefaultTenant, brightpatterntest.DefaultAppID, "client-1",
		brightpattern.WithBaseURL(srv.URL()), brightpattern.WithRetryWait(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	// The next two availability checks fail with 503; the third gets through.
	srv.InjectFault(brightpatterntest.Fault{Method: http.MethodGet, Path: "/availability",
		Status: http.StatusServiceUnavailable, Times: 2})

	a, err := c.Availability(context.Background())
	fmt.Println(a.Available(), err, srv.Count(http.MethodGet, "/availability"))
	// Output:
	// true <nil> 3
}

func ExampleServer_End() {
	srv := brightpatterntest.NewServer()
	defer srv.Close()
	c, err := brightpattern.NewClient(brightpatterntest.DefaultTenant, brightpatterntest.DefaultAppID, "client-1",
		brightpattern.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	chat, err := c.RequestChat(context.Background(), &brightpattern.ChatRequest{})
	if err != nil {
		log.Fatal(err)
	}

	fmt.Println(srv.End(chat.ID))
	err = srv.End(chat.ID)
	fmt.Println(errors.Is(err, brightpatterntest.ErrUnknownChat))
	// Output:
	// <nil>
	// true
}
