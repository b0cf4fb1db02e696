package workspacechat

import (
	"context"
	"iter"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/paging"
)

// ErrPageRepeated is yielded by [Client.AllChats] and
// [Client.AllChatEntities] when a full page brings no chat not yielded
// before, or lists a chat already yielded after a new one: the server
// ignored the page number, reordered the list between two pages, or more
// than a page of chats arrived ahead of the reader. Reading on could loop
// or repeat chats, so the iteration ends.
var ErrPageRepeated = paging.ErrPageRepeated

// ErrPageLimit is yielded by [Client.AllChats] and [Client.AllChatEntities]
// when [ChatFilter].MaxPages pages have been read and the last was full, so
// more chats may follow.
var ErrPageLimit = paging.ErrPageLimit

// AllChats returns every chat row the filter selects, fetching page after
// page as the caller reads. It starts at filter.PageNumber (default 1) and
// asks for filter.PageSize rows a page (default [MaxPageSize]). With
// [WithPrefetch] the next two pages are fetched while the caller reads the
// current one. Breaking out of the loop cancels any fetch in flight and
// leaves no goroutine behind.
//
// No chat is yielded twice by one iteration: the IDs yielded are kept until
// it ends, about 100 bytes per chat. A chat inserted at the head of the
// list between two page requests pushes the last chat of one page onto the
// next, where it is recognised and skipped.
//
// The iteration ends on a short or empty page (the end of the list), on
// the first error, which it yields once, and:
//   - with [ErrPageRepeated] on a full page that brings no new chat, or
//     that lists a chat already yielded after a new one (a server that
//     ignores the page number or reorders the list);
//   - with [ErrPageLimit] after [ChatFilter].MaxPages full pages;
//   - with [ErrMalformedResponse] on a page whose body is empty or null
//     (only [] is an empty page), and [ErrUnexpectedShape] on a page of
//     chat entities.
//
// A server that keeps inventing chats no earlier page held can only be
// stopped by MaxPages.
//
// What paging by number cannot see: when a chat on a page already read
// leaves the list (removed, or, under a LastMessageTo bound, given a new
// message), every later chat moves up one place, and the one that moves
// from the next page onto the page already read is skipped with nothing to
// show for it. And when the list is ordered newest first (as the fake
// orders it; the API's order is not documented), a chat not yet read that
// gets a new message moves to the head, behind the reader, and is not
// yielded. [Client.ExportChats] walks the list back in time by its
// latest-message bound instead of by page number, so that nothing done to
// other chats makes it skip one.
//
// GET /api/v1/chats, once per page — idempotent: each page is retried on
// connection errors, 429, 502, 503 and 504.
func (c *Client) AllChats(ctx context.Context, filter *ChatFilter, opts ...call.Option) iter.Seq2[ChatRow, error] {
	return allChats(callopt.With(ctx, opts), c, filter, func(r ChatRow) string { return r.ID })
}

// AllChatEntities is [Client.AllChats] for the variant of the list that
// answers with chat entities (see [Client.ListChatEntities]), with the same
// guarantees: no chat twice, an end on a server that ignores the page
// number, [ChatFilter].MaxPages as a bound. A page of rows ends it with
// [ErrUnexpectedShape].
//
// GET /api/v1/chats, once per page — idempotent: each page is retried on
// connection errors, 429, 502, 503 and 504.
func (c *Client) AllChatEntities(ctx context.Context, filter *ChatFilter, opts ...call.Option) iter.Seq2[Chat, error] {
	return allChats(callopt.With(ctx, opts), c, filter, func(ch Chat) string { return ch.ID })
}

// allChats reads the list page after page as T, identified by key.
func allChats[T any](ctx context.Context, c *Client, filter *ChatFilter, key func(T) string) iter.Seq2[T, error] {
	q, err := pageQuery(filter)
	if err != nil {
		return failed[T](err)
	}
	return paging.Seq(ctx, pagesOf(c, q, c.prefetch, key))
}

// pageQuery is the query of filter for reading the list page after page:
// [MaxPageSize] items a page unless filter.PageSize says otherwise.
func pageQuery(filter *ChatFilter) (*listChatsQuery, error) {
	q, err := filter.query()
	if err != nil {
		return nil, err
	}
	if q.PageSize == 0 {
		q.PageSize = MaxPageSize
	}
	return q, nil
}

// failed is an iteration that yields err and ends.
func failed[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}

// pagesOf configures the paging engine over GET /api/v1/chats with q,
// decoding items as T identified by key.
func pagesOf[T any](c *Client, q *listChatsQuery, prefetch bool, key func(T) string) paging.Config[T] {
	return paging.Config[T]{
		Fetch: func(ctx context.Context, page int) ([]T, error) {
			pq := *q
			pq.PageNumber = page
			return listAt[T](ctx, c, &pq)
		},
		FirstPage: max(q.PageNumber, 1),
		PageSize:  q.PageSize,
		Key:       key,
		Prefetch:  prefetch,
		MaxPages:  q.MaxPages,
	}
}
