package main

import (
	"context"
	"fmt"
	"io"

	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

// pageSize is small here so that the 25 chats take three pages; the API
// serves up to workspacechat.MaxPageSize a page.
const pageSize = 10

// runWorkspaceChat lists every chat of a workspace, newest first, one page
// at a time, then reads them all again with the AllChats iterator.
func runWorkspaceChat(ctx context.Context, out io.Writer) error {
	srv := workspacechattest.NewServer(workspacechattest.WithChats(25))
	defer srv.Close()

	// For the real API: your workspace's API key; no WithBaseURL.
	c, err := workspacechat.NewClient(workspacechattest.DefaultAPIKey, workspacechat.WithBaseURL(srv.URL()))
	if err != nil {
		return err
	}

	total := 0
	for page := 1; ; page++ {
		rows, err := c.ListChats(ctx, &workspacechat.ChatFilter{PageNumber: page, PageSize: pageSize})
		if err != nil {
			return fmt.Errorf("list chats, page %d: %w", page, err)
		}
		if page == 1 && len(rows) > 0 {
			fmt.Fprintln(out, "  newest:", describe(rows[0]))
		}
		fmt.Fprintf(out, "  page %d: %d chats%s\n", page, len(rows), span(rows))
		total += len(rows)
		if len(rows) < pageSize { // a short page is the last one
			break
		}
	}
	fmt.Fprintf(out, "  listed %d chats\n", total)

	// AllChats does the same paging behind an iterator (add
	// workspacechat.WithPrefetch() to fetch the next page while you read).
	n := 0
	for _, err := range c.AllChats(ctx, nil) {
		if err != nil {
			return fmt.Errorf("all chats: %w", err)
		}
		n++
	}
	fmt.Fprintf(out, "  AllChats iterator: %d chats\n", n)
	if n != total {
		return fmt.Errorf("the pages held %d chats, the iterator %d", total, n)
	}
	return nil
}

// describe is one chat row: title, channel, owner and latest message.
func describe(r workspacechat.ChatRow) string {
	s := fmt.Sprintf("%s (%s, %s)", r.Title, r.ChannelType, r.OwnerName)
	if r.LastMessage != nil {
		s += fmt.Sprintf(", last message from %s: %q", r.LastMessage.Role, r.LastMessage.Content)
	}
	return s
}

// span names a page's first and last chats.
func span(rows []workspacechat.ChatRow) string {
	if len(rows) == 0 {
		return ""
	}
	return fmt.Sprintf(", %s … %s", rows[0].Title, rows[len(rows)-1].Title)
}
