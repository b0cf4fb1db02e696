package workspacechat_test

import (
	"context"
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

// BenchmarkAllChats exports 1,000 chats (10 pages) from a fake that takes
// 10 ms to answer each page, while the caller spends 10 ms on each page's
// rows (writing them somewhere). With prefetch the two overlap, and an
// export takes about half as long.
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
			c, err := workspacechat.NewClient(workspacechattest.DefaultAPIKey, append(bc.opts, workspacechat.WithBaseURL(srv.URL()))...)
			if err != nil {
				b.Fatal(err)
			}
			start := srv.Count("GET", "/api/v1/chats")
			b.ResetTimer()
			for range b.N {
				n := 0
				for _, err := range c.AllChats(context.Background(), nil) {
					if err != nil {
						b.Fatal(err)
					}
					if n++; n%workspacechat.MaxPageSize == 0 {
						time.Sleep(work) // the caller's own work on a page
					}
				}
				if n != chats {
					b.Fatalf("got %d chats", n)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(srv.Count("GET", "/api/v1/chats")-start)/float64(b.N), "pages/op")
			b.ReportMetric(float64(chats)*float64(b.N)/b.Elapsed().Seconds(), "chats/s")
		})
	}
}
