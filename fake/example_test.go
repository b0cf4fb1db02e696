package fake_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/anycom/anycomtest"
	"github.com/switchboard-go/switchboard/fake"
	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

// faulty is what every fake server offers for injecting faults.
type faulty interface {
	InjectFault(fake.Fault)
	Count(method, path string) int
}

// busyTwice makes the next two requests to srv fail with 503.
func busyTwice(srv faulty) {
	srv.InjectFault(fake.Fault{Status: http.StatusServiceUnavailable, Times: 2})
}

// One helper serves every fake, because they share these types.
func Example() {
	ctx := context.Background()
	a := anycomtest.NewServer()
	defer a.Close()
	ac, err := anycom.NewClient(anycomtest.DefaultAuthKey, anycomtest.DefaultAuthUser,
		anycom.WithBaseURL(a.URL()), anycom.WithRetryWait(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	busyTwice(a)
	_, err = ac.Status(ctx)
	fmt.Println("anycom:", err, a.Count("", "/"))

	w := workspacechattest.NewServer(workspacechattest.WithChats(1))
	defer w.Close()
	wc, err := workspacechat.NewClient(workspacechattest.DefaultAPIKey,
		workspacechat.WithBaseURL(w.URL()), workspacechat.WithRetryWait(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	busyTwice(w)
	_, err = wc.ListChats(ctx, nil)
	fmt.Println("workspacechat:", err, w.Count("", "/api/v1/chats"))

	_, err = w.AddMessage("no-such-chat", workspacechat.RoleUser, "hello")
	fmt.Println(errors.Is(err, fake.ErrUnknownChat))
	// Output:
	// anycom: <nil> 3
	// workspacechat: <nil> 3
	// true
}
