// Command ccaip-handoff walks one CCAI Platform chat end to end: an end-user
// upsert, a chat created with virtual-agent context, messages, signed custom
// data, a photo upload, an escalation to a human agent, and the finish.
//
// By default it runs against the in-process fake (package ccaiptest), which
// also plays the agent who picks the chat up. With CCAIP_HOST and
// CCAIP_API_TOKEN set it talks to that installation instead; it then also
// needs CCAIP_COMPANY_SECRET (for signed custom data) and CCAIP_MENU_ID.
//
//	go run ./examples/ccaip-handoff
package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"log"
	"os"
	"strconv"
	"time"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
)

func main() {
	log.SetFlags(0)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := run(ctx); err != nil {
		log.Fatal(err)
	}
}

// setup is the client and, against the fake, the fake itself.
type setup struct {
	c      *ccaip.Client
	fake   *ccaiptest.Server
	menuID int64
}

func newSetup() (*setup, error) {
	host, token := os.Getenv("CCAIP_HOST"), os.Getenv("CCAIP_API_TOKEN")
	if host == "" || token == "" {
		fake := ccaiptest.NewServer()
		signer, err := ccaip.NewSigner(ccaiptest.DefaultCompanySecret)
		if err != nil {
			return nil, err
		}
		c, err := ccaip.NewClient(ccaiptest.DefaultHost, ccaiptest.DefaultToken, ccaip.WithBaseURL(fake.URL()),
			ccaip.WithSigner(signer), ccaip.WithWatchInterval(20*time.Millisecond))
		if err != nil {
			fake.Close()
			return nil, err
		}
		fmt.Println("running against the in-process fake (set CCAIP_HOST and CCAIP_API_TOKEN for a real installation)")
		return &setup{c: c, fake: fake, menuID: 11}, nil
	}
	menuID, err := strconv.ParseInt(os.Getenv("CCAIP_MENU_ID"), 10, 64)
	if err != nil {
		return nil, errors.New("CCAIP_MENU_ID must be the numeric id of a chat menu")
	}
	signer, err := ccaip.NewSigner(os.Getenv("CCAIP_COMPANY_SECRET"), ccaip.WithIssuer(host))
	if err != nil {
		return nil, fmt.Errorf("CCAIP_COMPANY_SECRET: %w", err)
	}
	c, err := ccaip.NewClient(host, token, ccaip.WithSigner(signer))
	if err != nil {
		return nil, err
	}
	fmt.Println("running against", host)
	return &setup{c: c, menuID: menuID}, nil
}

func run(ctx context.Context) error {
	s, err := newSetup()
	if err != nil {
		return err
	}
	if s.fake != nil {
		defer s.fake.Close()
	}
	c := s.c

	user, err := c.UpsertEndUser(ctx, &ccaip.EndUserRequest{
		Identifier: "0b6f5c1e-8a57-4d3e-9a0f-handoff-demo", Name: "Anna Verdi", Email: "anna@example.com",
	})
	if err != nil {
		return fmt.Errorf("upsert end user: %w", err)
	}
	fmt.Printf("1. end user %d (%s)\n", user.ID, user.Identifier)

	chat, err := c.CreateChat(ctx, &ccaip.CreateChatRequest{
		MenuID: s.menuID, EndUserID: user.ID, Lang: "en",
		Context: map[string]any{"order_id": "A-1001", "tier": "gold"},
	})
	if err != nil {
		return fmt.Errorf("create chat: %w", err)
	}
	fmt.Printf("2. chat %d created: %s\n", chat.ID, chat.Status)

	for _, text := range []string{"Hi, my parcel arrived damaged.", "Order A-1001."} {
		if err := c.SendText(ctx, chat.ID, user.ID, text); err != nil {
			return fmt.Errorf("send message: %w", err)
		}
	}
	fmt.Println("3. two messages sent")

	data := ccaip.CustomData{}.
		VerifiedCustomer("Verified customer", true).
		Set("order_id", ccaip.StringItem("Order", "A-1001")).
		Set("order_date", ccaip.DateItem("Ordered on", time.Now().Add(-72*time.Hour))).
		Set("order_total", ccaip.NumberItem("Total (EUR)", 129.90))
	if err := c.SendSignedCustomData(ctx, chat.ID, data); err != nil {
		return fmt.Errorf("signed custom data: %w", err)
	}
	fmt.Println("4. signed custom data sent")

	photo, err := damagedParcel()
	if err != nil {
		return err
	}
	media, err := c.UploadPhoto(ctx, chat.ID, bytes.NewReader(photo), -1)
	if err != nil {
		return fmt.Errorf("upload photo: %w", err)
	}
	if err := c.SendPhoto(ctx, chat.ID, user.ID, media.ID); err != nil {
		return fmt.Errorf("send photo: %w", err)
	}
	fmt.Printf("5. photo uploaded (%d bytes) and sent as media %d\n", len(photo), media.ID)

	esc, err := c.Escalate(ctx, chat.ID, &ccaip.EscalateRequest{Reason: ccaip.ReasonByEndUserAsk})
	if err != nil {
		return fmt.Errorf("escalate: %w", err)
	}
	fmt.Printf("6. escalation %d: %s\n", esc.ID, esc.Status)
	if s.fake != nil {
		if _, err := s.fake.AgentJoins(chat.ID, "Maria Rossi"); err != nil {
			return err
		}
	}
	if err := waitForAgent(ctx, c, chat.ID); err != nil {
		return err
	}

	chat, err = c.FinishChat(ctx, chat.ID, user.ID)
	if err != nil {
		return fmt.Errorf("finish: %w", err)
	}
	fmt.Printf("8. chat %d %s\n", chat.ID, chat.Status)
	return nil
}

// waitForAgent watches the chat until a human agent joins.
func waitForAgent(ctx context.Context, c *ccaip.Client, chatID int64) error {
	for change, err := range c.WatchChat(ctx, chatID) {
		if err != nil {
			return fmt.Errorf("watch: %w", err)
		}
		if change.Kind == ccaip.ChangeAgentJoined {
			fmt.Println("7. agent joined:", change.Agent.Name)
			return nil
		}
	}
	return errors.New("the chat ended before an agent joined")
}

// damagedParcel draws a small JPEG to upload.
func damagedParcel() ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for y := range 48 {
		for x := range 64 {
			img.Set(x, y, color.RGBA{R: uint8(150 + x), G: uint8(100 + y), B: 60, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
