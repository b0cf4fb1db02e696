package anycom_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"time"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/anycom/anycomtest"
)

func ExampleNewClient() {
	srv := anycomtest.NewServer()
	defer srv.Close()

	c, err := anycom.NewClient(anycomtest.DefaultAuthKey, anycomtest.DefaultAuthUser,
		anycom.WithBaseURL(srv.URL()))
	if err != nil {
		fmt.Println(err)
		return
	}
	channels, err := c.Status(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ch := range channels {
		fmt.Println(ch.Channel.Type, ch.Channel.ID, ch.Status)
	}
	// Output:
	// whatsapp 1 UP
	// whatsapp 9 UP
	// livechat 0 UP
	// liveflow 0 UP
}

func ExampleChannelsService_SendMessage() {
	srv := anycomtest.NewServer()
	defer srv.Close()
	c, _ := anycom.NewClient(anycomtest.DefaultAuthKey, anycomtest.DefaultAuthUser,
		anycom.WithBaseURL(srv.URL()), anycom.WithBodyAuth())

	msg, err := c.Channels.SendMessage(context.Background(), anycom.MessageArgs{
		ChanType: anycom.ChannelWhatsApp, ChanID: 9, User: 554432328668,
		Flow: 1, Message: "Welcome to ExCodes Software.",
	})
	fmt.Println(msg, err)
	// Output:
	// Sent message to whatsapp/9/554432328668@c.us/ExCodes and flow set to 1 <nil>
}

func ExampleChatService_Invite() {
	srv := anycomtest.NewServer()
	defer srv.Close()
	c, err := anycom.NewClient(anycomtest.DefaultAuthKey, anycomtest.DefaultAuthUser,
		anycom.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	msg, err := c.Chat.Invite(ctx, anycom.InviteArgs{
		ChanType: anycom.ChannelWhatsApp, ChanID: 9, ChanUser: 554432328668, ChatGroup: 14,
		ChatSubj: "Invoice 1000", CustomerFT: "M", CustomerFK: 1234, SessionFK: 1000,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(msg)
	waiting, err := c.Chat.Awaiting(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, w := range waiting {
		fmt.Println(w.Channel.UserID, w.Chat.Group.Name, w.Chat.Subject)
	}
	// Output:
	// Chat invited Successful
	// 554432328668@c.us Suporte Invoice 1000
}

func ExampleError() {
	srv := anycomtest.NewServer()
	defer srv.Close()
	c, _ := anycom.NewClient(anycomtest.DefaultAuthKey, anycomtest.DefaultAuthUser,
		anycom.WithBaseURL(srv.URL()))

	_, err := c.Chat.Close(context.Background(), anycom.SessionArgs{
		ChanType: anycom.ChannelWhatsApp, ChanID: 9, ChanUser: "554432328668@c.us",
	})
	var e *anycom.Error
	if errors.As(err, &e) {
		fmt.Println(e.StatusCode, e.Code, errors.Is(err, anycom.ErrPreconditionFailed))
		fmt.Println(e.Message)
	}
	// Output:
	// 412 precondition_failed true
	// Precondition Failed. LiveChat conversation of whatsapp/9/554432328668@c.us not found
}

func ExampleChatService_WatchAwaiting() {
	srv := anycomtest.NewServer()
	defer srv.Close()
	c, _ := anycom.NewClient(anycomtest.DefaultAuthKey, anycomtest.DefaultAuthUser,
		anycom.WithBaseURL(srv.URL()))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	// The fake starts with the collection's customer waiting on channel 9.
	seen := 0
	for change, err := range c.Chat.WatchAwaiting(ctx, anycom.WatchInterval(10*time.Millisecond)) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(change.Kind, change.Customer.Channel.UserName)
		seen++
		if seen == 1 {
			srv.AcceptNext("maxbauer") // an attendant takes the customer
		} else {
			break
		}
	}
	// Output:
	// started ExCodes Software
	// left ExCodes Software
}

// A watch resumed after a restart: WatchFrom takes the queue the program
// stored, so the customers it already knew are not reported again, and
// WatchGiveUpAfter sets how many failed polls in a row end the watch.
func ExampleWatchFrom() {
	srv := anycomtest.NewServer()
	defer srv.Close()
	c, _ := anycom.NewClient(anycomtest.DefaultAuthKey, anycomtest.DefaultAuthUser,
		anycom.WithBaseURL(srv.URL()))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	stored, _ := c.Chat.Awaiting(ctx) // the state a previous run kept
	srv.AcceptNext("maxbauer")        // meanwhile, an attendant takes the customer

	for change, err := range c.Chat.WatchAwaiting(ctx, anycom.WatchFrom(stored),
		anycom.WatchInterval(10*time.Millisecond), anycom.WatchGiveUpAfter(3)) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(change.Kind, change.Customer.Channel.UserName)
		break
	}
	// Output:
	// left ExCodes Software
}

// WithLogger's records name the command, since every one is POST /. Here
// the time, URL and duration are left out so that the output is stable.
func ExampleWithLogger() {
	srv := anycomtest.NewServer()
	defer srv.Close()
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			switch a.Key {
			case slog.TimeKey, "url", "duration":
				return slog.Attr{}
			}
			return a
		},
	}))
	c, _ := anycom.NewClient(anycomtest.DefaultAuthKey, anycomtest.DefaultAuthUser,
		anycom.WithBaseURL(srv.URL()), anycom.WithLogger(logger))
	_, _ = c.Chat.Awaiting(context.Background())
	// Output:
	// level=DEBUG msg="anycom http attempt" operation="chat show" method=POST attempt=1 status=200
}
