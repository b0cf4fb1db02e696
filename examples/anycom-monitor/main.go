// Command anycom-monitor is a terminal dashboard for an AnyCom contact
// center: channel status, the awaiting queue, attendants online and
// conversations, refreshed at an interval.
//
// By default it runs against the in-process fake with simulated activity.
// With ANYCOM_AUTH_KEY and ANYCOM_AUTH_USER set, it watches the real
// service. When stdout is not a terminal it prints a few refreshes and
// exits, so it can run unattended.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/anycom/anycomtest"
	"github.com/switchboard-go/switchboard/examples/internal/tty"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "anycom-monitor:", err)
		os.Exit(1)
	}
}

func run() error {
	interval := flag.Duration("interval", 2*time.Second, "refresh interval on a terminal")
	refreshes := flag.Int("refreshes", 3, "refreshes to print when stdout is not a terminal")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	interactive := tty.IsTerminal(os.Stdout)
	if !interactive {
		*interval = 100 * time.Millisecond
	}

	key, user := os.Getenv("ANYCOM_AUTH_KEY"), os.Getenv("ANYCOM_AUTH_USER")
	var opts []anycom.Option
	var sim *simulation
	if key == "" || user == "" {
		srv := anycomtest.NewServer()
		defer srv.Close()
		key, user = anycomtest.DefaultAuthKey, anycomtest.DefaultAuthUser
		opts = append(opts, anycom.WithBaseURL(srv.URL()))
		sim = &simulation{srv: srv}
	}
	c, err := anycom.NewClient(key, user, opts...)
	if err != nil {
		return err
	}

	for i := 0; interactive || i < *refreshes; i++ {
		snap, err := fetch(ctx, c)
		if err != nil {
			return err
		}
		if interactive {
			fmt.Print("\x1b[H\x1b[2J") // home, clear screen
		}
		render(os.Stdout, snap, i+1, sim != nil)
		if sim != nil {
			sim.step(i)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(*interval):
		}
	}
	return nil
}

// snapshot is one refresh's worth of data.
type snapshot struct {
	at            time.Time
	status        []anycom.ChannelStatus
	awaiting      []anycom.AwaitingCustomer
	attendants    []anycom.Attendant
	conversations []anycom.Conversation
}

func fetch(ctx context.Context, c *anycom.Client) (*snapshot, error) {
	s := &snapshot{at: time.Now()}
	var err error
	if s.status, err = c.Status(ctx); err != nil {
		return nil, err
	}
	if s.awaiting, err = c.Chat.Awaiting(ctx); err != nil {
		return nil, err
	}
	if s.attendants, err = c.Chat.Attendants(ctx); err != nil {
		return nil, err
	}
	if s.conversations, err = c.Chat.Conversations(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

func render(out io.Writer, s *snapshot, n int, simulated bool) {
	source := "AnyCom Web Services"
	if simulated {
		source = "simulated contact center"
	}
	fmt.Fprintf(out, "AnyCom monitor · %s · refresh %d · %s\n\n", source, n, s.at.Format("15:04:05"))
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)

	fmt.Fprintln(w, "CHANNEL\tSTATUS\tCLIENTS\tLAST SEEN")
	for _, ch := range s.status {
		name := string(ch.Channel.Type)
		if ch.Channel.ID != 0 {
			name = fmt.Sprintf("%s/%d", ch.Channel.Type, ch.Channel.ID)
		}
		seen := "-"
		if ch.Seen.LastElapsed != "" {
			seen = ch.Seen.Elapsed.String() + " ago"
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\n", name, ch.Status, ch.Clients, seen)
	}
	section(w, fmt.Sprintf("AWAITING (%d)", len(s.awaiting)), "CUSTOMER\tGROUP\tSUBJECT")
	for _, a := range s.awaiting {
		fmt.Fprintf(w, "%s\t%s\t%s\n", customerName(a.Channel), a.Chat.Group.Name, a.Chat.Subject)
	}
	section(w, fmt.Sprintf("ATTENDANTS ONLINE (%d)", len(s.attendants)), "ATTENDANT\tGROUP\tCLIENTS\tONLINE SINCE")
	for _, a := range s.attendants {
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\n", a.ChatUserName+" ("+a.ChatUser+")", a.Group.Name, a.Clients, a.StartTime.Local().Format("15:04"))
	}
	section(w, fmt.Sprintf("CONVERSATIONS (%d)", len(s.conversations)), "ATTENDANT\tCUSTOMER")
	for _, c := range s.conversations {
		fmt.Fprintf(w, "%s\t%s\n", c.ChatUserName, customerName(c.Channel))
	}
	_ = w.Flush()
	fmt.Fprintln(out, strings.Repeat("─", 48))
}

func section(w io.Writer, title, header string) {
	fmt.Fprintf(w, "\n%s\n%s\n", title, header)
}

func customerName(ch anycom.Channel) string {
	if ch.UserName != "" {
		return ch.UserName + " <" + ch.UserID + ">"
	}
	return ch.UserID
}

// simulation makes the fake contact center busy between refreshes.
type simulation struct {
	srv *anycomtest.Server
}

var simCustomers = []struct{ id, name, subject string }{
	{"5511987650001@c.us", "Ana Souza", "Second copy of invoice"},
	{"5511987650002@c.us", "Bruno Lima", "Delivery delayed"},
	{"5511987650003@c.us", "Carla Dias", "Change of plan"},
	{"5511987650004@c.us", "Davi Rocha", "Cancel order"},
}

func (s *simulation) step(i int) {
	c := simCustomers[i%len(simCustomers)]
	s.srv.Enqueue("whatsapp", 9, c.id, c.name, 14, c.subject)
	switch i % 4 {
	case 0:
		s.srv.AddAttendant(anycomtest.Attendant{User: "julia", Name: "Julia", Group: 14, IPAddr: "10.1.200.31", Online: true})
	case 1:
		s.srv.AcceptNext("maxbauer")
		s.srv.SetChannelStatus("whatsapp", 1, "DOWN")
	case 2:
		s.srv.AcceptNext("julia")
		s.srv.SetChannelStatus("whatsapp", 1, "UP")
	case 3:
		s.srv.SetAttendantOnline("julia", false)
	}
}
