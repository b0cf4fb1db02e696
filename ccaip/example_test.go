package ccaip_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
)

// exampleClient points a client at the fake, signing with the fake's
// company secret.
func exampleClient(srv *ccaiptest.Server, opts ...ccaip.Option) *ccaip.Client {
	signer, err := ccaip.NewSigner(ccaiptest.DefaultCompanySecret)
	if err != nil {
		log.Fatal(err)
	}
	opts = append([]ccaip.Option{ccaip.WithBaseURL(srv.URL()), ccaip.WithSigner(signer)}, opts...)
	c, err := ccaip.NewClient(ccaiptest.DefaultHost, ccaiptest.DefaultToken, opts...)
	if err != nil {
		log.Fatal(err)
	}
	return c
}

// exampleChat starts a chat through c for a new end user.
func exampleChat(ctx context.Context, c *ccaip.Client) (*ccaip.EndUser, *ccaip.Chat) {
	user, err := c.UpsertEndUser(ctx, &ccaip.EndUserRequest{Identifier: "u-1"})
	if err != nil {
		log.Fatal(err)
	}
	chat, err := c.CreateChat(ctx, &ccaip.CreateChatRequest{MenuID: 11, EndUserID: user.ID})
	if err != nil {
		log.Fatal(err)
	}
	return user, chat
}

func Example() {
	srv := ccaiptest.NewServer()
	defer srv.Close()
	c := exampleClient(srv)
	ctx := context.Background()

	user, err := c.UpsertEndUser(ctx, &ccaip.EndUserRequest{Identifier: "6f1c2b9e-0c1d-4f7e-9a51-3b2d1e0f4a77", Name: "Anna"})
	if err != nil {
		log.Fatal(err)
	}
	chat, err := c.CreateChat(ctx, &ccaip.CreateChatRequest{
		MenuID: 11, EndUserID: user.ID, Lang: "en",
		Context: map[string]any{"order": "A-1001"}, // $session.params.context.order
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("chat:", chat.Status, "with", chat.VirtualAgent.Name)
	if err := c.SendText(ctx, chat.ID, user.ID, "Where is my order?"); err != nil {
		log.Fatal(err)
	}
	chat, err = c.FinishChat(ctx, chat.ID, user.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("chat:", chat.Status)
	// Output:
	// chat: va_assigned with Virtual Agent
	// chat: finished
}

func ExampleClient_UploadPhoto() {
	srv := ccaiptest.NewServer()
	defer srv.Close()
	c := exampleClient(srv)
	ctx := context.Background()
	user, chat := exampleChat(ctx, c)

	photo := append([]byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00"), make([]byte, 2048)...) // a JPEG, e.g. an *os.File
	media, err := c.UploadPhoto(ctx, chat.ID, bytes.NewReader(photo), -1)
	if err != nil {
		log.Fatal(err)
	}
	if err := c.SendPhoto(ctx, chat.ID, user.ID, media.ID); err != nil {
		log.Fatal(err)
	}
	list, _ := c.ListPhotos(ctx, chat.ID)
	fmt.Println("photos on the chat:", len(list))

	_, err = c.UploadPhoto(ctx, chat.ID, bytes.NewReader([]byte("GIF89a...")), -1)
	fmt.Println(err)
	// Output:
	// photos on the chat: 1
	// ccaip: media type not accepted: a photo must be image/jpeg, this looks like image/gif
}

// A chat watched from start to finish: created, escalated, joined by a
// human agent and finished. The README shows it whole, every step spelled
// out.
func ExampleClient_WatchChat() {
	srv := ccaiptest.NewServer()
	defer srv.Close()
	c, err := ccaip.NewClient(ccaiptest.DefaultHost, ccaiptest.DefaultToken,
		ccaip.WithBaseURL(srv.URL()), ccaip.WithWatchInterval(5*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	user, err := c.UpsertEndUser(ctx, &ccaip.EndUserRequest{Identifier: "u-1"})
	if err != nil {
		log.Fatal(err)
	}
	chat, err := c.CreateChat(ctx, &ccaip.CreateChatRequest{MenuID: 11, EndUserID: user.ID})
	if err != nil {
		log.Fatal(err)
	}

	for change, err := range c.WatchChat(ctx, chat.ID) {
		if err != nil {
			log.Fatal(err)
		}
		switch change.Kind {
		case ccaip.ChangeStatus:
			fmt.Println("status:", change.Chat.Status)
			if change.Chat.Status == ccaip.ChatVAAssigned {
				// The end user asks for a person.
				_, _ = c.Escalate(ctx, chat.ID, &ccaip.EscalateRequest{Reason: ccaip.ReasonByEndUserAsk})
			}
		case ccaip.ChangeEscalated:
			fmt.Println("escalated")
			_, _ = srv.AgentJoins(chat.ID, "Maria Rossi") // the fake plays the contact center
		case ccaip.ChangeAgentJoined:
			fmt.Println("agent joined:", change.Agent.Name)
			_, _ = c.FinishChat(ctx, chat.ID, user.ID)
		}
	}
	// Output:
	// status: va_assigned
	// status: queued
	// escalated
	// status: assigned
	// agent joined: Maria Rossi
	// status: finished
}

func ExampleClient_SendSignedCustomData() {
	srv := ccaiptest.NewServer()
	defer srv.Close()
	c := exampleClient(srv)
	ctx := context.Background()
	_, chat := exampleChat(ctx, c)

	data := ccaip.CustomData{}.
		VerifiedCustomer("Verified customer", true).
		Set("plan", ccaip.StringItem("Plan", "gold")).
		Set("ssn", ccaip.StringItem("SSN", "102-186-1837").Hidden())
	if err := c.SendSignedCustomData(ctx, chat.ID, data); err != nil {
		log.Fatal(err)
	}
	rec, _ := srv.Chat(chat.ID)
	fmt.Println("signed:", rec.CustomData[0].Signed, "items:", len(rec.CustomData[0].Data))
	// Output:
	// signed: true items: 3
}

func ExampleWebhookVerifier_Handler() {
	srv := ccaiptest.NewServer() // signs webhooks with ccaiptest.DefaultWebhookSecret
	defer srv.Close()
	done := make(chan struct{})
	v := &ccaip.WebhookVerifier{
		Secrets: []string{ccaiptest.DefaultWebhookSecret, "the-secondary-secret"},
		// Optional: also refuse requests signed more than five minutes ago.
		ReplayWindow: ccaip.DefaultReplayWindow,
	}
	receiver := httptest.NewServer(v.Handler(func(_ *http.Request, ev *ccaip.WebhookEvent) error {
		defer close(done)
		fmt.Println(ev.Type, ev.ChatID, ev.SenderType, ev.Text)
		return nil
	}))
	defer receiver.Close()

	status, err := srv.SendWebhook(context.Background(), receiver.URL, ccaiptest.Webhook{
		EventType: "message_received", ChatID: 42, SenderType: "agent", MessageType: "text", Text: "Hi, I'm Maria",
	})
	if err != nil {
		log.Fatal(err)
	}
	<-done
	fmt.Println("answered", status)
	// Output:
	// message_received 42 agent Hi, I'm Maria
	// answered 200
}

// A watch resumed after a restart: WatchFrom takes the last chat the
// program stored, so only what changed since is yielded; WatchInterval and
// WatchGiveUpAfter tune this watch alone.
func ExampleWatchFrom() {
	srv := ccaiptest.NewServer()
	defer srv.Close()
	c := exampleClient(srv)
	ctx := context.Background()
	user, chat := exampleChat(ctx, c)
	stored, err := c.GetChat(ctx, chat.ID) // the state a previous run kept
	if err != nil {
		log.Fatal(err)
	}
	_, _ = c.FinishChat(ctx, chat.ID, user.ID) // meanwhile, the chat ends

	for change, err := range c.WatchChat(ctx, chat.ID, ccaip.WatchFrom(stored),
		ccaip.WatchInterval(5*time.Millisecond), ccaip.WatchGiveUpAfter(3)) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(change.Kind, change.PreviousStatus, "->", change.Chat.Status)
	}
	// Output:
	// status va_assigned -> finished
}
