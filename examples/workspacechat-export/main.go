// Command workspacechat-export writes every chat of a workspace, and on
// request its messages, as JSON Lines: one chat row per line, as the API
// sent it.
//
// By default it runs against an in-process fake seeded with 2,000 chats,
// so it needs no network and no key:
//
//	go run ./examples/workspacechat-export -o chats.jsonl
//
// With WORKSPACECHAT_API_KEY set it exports from the real API instead.
// Filters: -channel-type whatsapp,widget, -since 2025-01-01, -until
// 2025-02-01 (on the time of each chat's latest message). -messages adds a
// "messages" array to each line. A progress line goes to stderr.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"time"

	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "workspacechat-export:", err)
		os.Exit(1)
	}
}

type config struct {
	out          string
	channelTypes string
	since, until string
	messages     bool
	fakeChats    int
}

func run() error {
	var cfg config
	flag.StringVar(&cfg.out, "o", "-", "output file (- for stdout)")
	flag.StringVar(&cfg.channelTypes, "channel-type", "", "comma-separated channel types (widget, waha, whatsapp, instagram, api)")
	flag.StringVar(&cfg.since, "since", "", "only chats whose latest message is at or after this date (YYYY-MM-DD or RFC 3339)")
	flag.StringVar(&cfg.until, "until", "", "only chats whose latest message is at or before this date")
	flag.BoolVar(&cfg.messages, "messages", false, "include each chat's messages")
	flag.IntVar(&cfg.fakeChats, "fake-chats", 2000, "chats to seed the fake with when WORKSPACECHAT_API_KEY is unset")
	flag.Parse()

	filter, err := cfg.filter()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	client, total, closeFake, err := connect(cfg.fakeChats)
	if err != nil {
		return err
	}
	defer closeFake()
	if len(filter.ChannelTypes) > 0 || !filter.LastMessageFrom.IsZero() || !filter.LastMessageTo.IsZero() {
		total = -1 // the filtered count is not known in advance
	}

	var w io.Writer = os.Stdout
	if cfg.out != "-" {
		f, err := os.Create(cfg.out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	start := time.Now()
	n, err := export(ctx, client, filter, cfg.messages, bw, total)
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "exported %d chats in %v\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}

// connect returns a client for the real API when WORKSPACECHAT_API_KEY is
// set, and otherwise one for a seeded fake (with the number of chats it
// holds, for the progress bar; -1 when unknown).
func connect(fakeChats int) (*workspacechat.Client, int, func(), error) {
	if key := os.Getenv("WORKSPACECHAT_API_KEY"); key != "" {
		c, err := workspacechat.NewClient(key, workspacechat.WithPrefetch(), workspacechat.WithUserAgent("workspacechat-export"))
		return c, -1, func() {}, err
	}
	srv := workspacechattest.NewServer(workspacechattest.WithChats(fakeChats))
	c, err := workspacechat.NewClient(srv.APIKey(), workspacechat.WithBaseURL(srv.URL()), workspacechat.WithPrefetch())
	return c, fakeChats, srv.Close, err
}

func (cfg *config) filter() (*workspacechat.ChatFilter, error) {
	f := &workspacechat.ChatFilter{}
	for _, t := range strings.Split(cfg.channelTypes, ",") {
		if t = strings.TrimSpace(t); t != "" {
			f.ChannelTypes = append(f.ChannelTypes, workspacechat.ChannelType(t))
		}
	}
	var err error
	if f.LastMessageFrom, err = parseDate(cfg.since); err != nil {
		return nil, fmt.Errorf("-since: %w", err)
	}
	if f.LastMessageTo, err = parseDate(cfg.until); err != nil {
		return nil, fmt.Errorf("-until: %w", err)
	}
	return f, nil
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, errors.New("want YYYY-MM-DD or an RFC 3339 time")
	}
	return t, nil
}

// line is one exported chat with its messages.
type line struct {
	Chat     json.RawMessage   `json:"chat"`
	Messages []json.RawMessage `json:"messages"`
}

func export(ctx context.Context, c *workspacechat.Client, filter *workspacechat.ChatFilter, withMessages bool, w io.Writer, total int) (int, error) {
	bar := newProgress(os.Stderr, total)
	defer bar.finish()
	enc := json.NewEncoder(w)
	n := 0
	// The API answers a channelTypes filter with chat entities (seed 003),
	// which lack the channel, owner and message previews this export
	// writes: ask for rows and keep the channel types here.
	types := filter.ChannelTypes
	rows := *filter
	rows.ChannelTypes = nil
	for row, err := range c.AllChats(ctx, &rows) {
		if err != nil {
			return n, err
		}
		if len(types) > 0 && !slices.Contains(types, row.ChannelType) {
			continue
		}
		var v any = row.Raw
		if withMessages {
			msgs, err := c.ListChatMessages(ctx, row.ID, &workspacechat.MessageFilter{Limit: workspacechat.MaxMessageLimit})
			if err != nil {
				return n, err
			}
			l := line{Chat: row.Raw, Messages: make([]json.RawMessage, len(msgs))}
			for i, m := range msgs {
				l.Messages[i] = m.Raw
			}
			v = l
		}
		if err := enc.Encode(v); err != nil {
			return n, err
		}
		n++
		bar.add()
	}
	return n, nil
}
