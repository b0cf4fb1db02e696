package workspacechat

import (
	"context"
	"iter"

	"github.com/switchboard-go/switchboard/internal/paging"
)

// ErrPageRepeated is yielded when the server answers two page numbers with
// the same rows: it ignored the page number, and reading on would loop.
var ErrPageRepeated = paging.ErrPageRepeated

// AllChats returns every chat row the filter selects, fetching page after
// page as the caller reads. It starts at filter.PageNumber (default 1) and
// asks for filter.PageSize rows a page (default [MaxPageSize]); it stops on
// a short or empty page, and yields [ErrPageRepeated] rather than loop on a
// server that ignores the page number. With [WithPrefetch] the next page is
// fetched while the caller reads the current one. Breaking out of the loop
// cancels any fetch in flight and leaves no goroutine behind.
//
// GET /api/v1/chats, once per page — idempotent: each page is retried on
// connection errors, 429, 502, 503 and 504.
func (c *Client) AllChats(ctx context.Context, filter *ChatFilter) iter.Seq2[ChatRow, error] {
	q, err := filter.query()
	if err != nil {
		return func(yield func(ChatRow, error) bool) { yield(ChatRow{}, err) }
	}
	if q.PageSize == 0 {
		q.PageSize = MaxPageSize
	}
	return paging.Seq(ctx, c.chatPages(q, c.prefetch))
}

// chatPages configures the paging engine over GET /api/v1/chats with q.
func (c *Client) chatPages(q *listChatsQuery, prefetch bool) paging.Config[ChatRow] {
	return paging.Config[ChatRow]{
		Fetch: func(ctx context.Context, page int) ([]ChatRow, error) {
			pq := *q
			pq.PageNumber = page
			return listAt[ChatRow](ctx, c, &pq)
		},
		FirstPage: max(q.PageNumber, 1),
		PageSize:  q.PageSize,
		Key:       func(r ChatRow) string { return r.ID },
		Prefetch:  prefetch,
	}
}
