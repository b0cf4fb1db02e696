package workspacechat_test

import (
	"context"
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

// BenchmarkAllChats exports 1,000 chats (10 full pages and the empty one
// that ends the list) from a fake that takes 10 ms to answer each page,
// while the caller spends 10 ms on each page's rows (writing them
// somewhere). With prefetch the two overlap.
//
// Besides the time, each case reports fetch-ms/page, how long the caller
// waited for a page on average, and work-ms/page, how long its work on a
// page took. The sequential case also reports prefetch-floor, the least
// fraction of its own time that prefetching one page ahead can take:
// the first page is waited for, then each later page takes the longer of
// its fetch and the work on the page before, (F + 10·max(F, W)) / time,
// with F and W measured in the same run.
func BenchmarkAllChats(b *testing.B) {
	const (
		chats   = 1000
		latency = 10 * time.Millisecond
		work    = 10 * time.Millisecond
	)
	for _, bc := range []struct {
		name string
		opts []workspacechat.Option
	}{
		{"sequential", nil},
		{"prefetch", []workspacechat.Option{workspacechat.WithPrefetch()}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			srv := workspacechattest.NewServer(workspacechattest.WithChats(chats))
			defer srv.Close()
			srv.InjectFault(workspacechattest.Fault{Method: "GET", Path: "/api/v1/chats", Delay: latency, Times: 1 << 30})
			c, err := workspacechat.NewClient(srv.APIKey(), append(bc.opts, workspacechat.WithBaseURL(srv.URL()))...)
			if err != nil {
				b.Fatal(err)
			}
			start := srv.Count("GET", "/api/v1/chats")
			var waited, worked time.Duration
			b.ResetTimer()
			for range b.N {
				n := 0
				mark := time.Now()
				for _, err := range c.AllChats(context.Background(), nil) {
					if err != nil {
						b.Fatal(err)
					}
					if n%workspacechat.MaxPageSize == 0 {
						waited += time.Since(mark) // a page arrived
					}
					if n++; n%workspacechat.MaxPageSize == 0 {
						t := time.Now()
						time.Sleep(work) // the caller's own work on a page
						mark = time.Now()
						worked += mark.Sub(t)
					}
				}
				waited += time.Since(mark) // the empty page that ends the list
				if n != chats {
					b.Fatalf("got %d chats", n)
				}
			}
			b.StopTimer()
			pagesRead := float64(srv.Count("GET", "/api/v1/chats") - start)
			perOp := b.Elapsed().Seconds() / float64(b.N)
			fetch := waited.Seconds() / pagesRead
			w := worked.Seconds() / (chats / workspacechat.MaxPageSize * float64(b.N))
			b.ReportMetric(pagesRead/float64(b.N), "pages/op")
			b.ReportMetric(float64(chats)/perOp, "chats/s")
			b.ReportMetric(fetch*1e3, "fetch-ms/page")
			b.ReportMetric(w*1e3, "work-ms/page")
			if bc.opts == nil {
				b.ReportMetric((fetch+chats/workspacechat.MaxPageSize*max(fetch, w))/perOp, "prefetch-floor")
			}
		})
	}
}
