package workspacechat_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/internal/paging"
	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

const (
	benchChats   = 1000
	benchPages   = benchChats / workspacechat.MaxPageSize // full pages; one empty page ends the list
	benchLatency = 10 * time.Millisecond
	benchWork    = 10 * time.Millisecond
)

// exportRun is one export of every chat: how long it took, how long the
// caller waited for pages and how long it worked on them.
type exportRun struct {
	took, waited, worked time.Duration
}

// floor is the least time prefetching can take, given the fetch time F a
// sequential export measured (no work runs beside its fetches) and the
// work time W of the prefetching export: the first page is waited for
// alone, then the caller cannot go faster than its own work on each page,
// nor the pages arrive faster than depth fetches of F each at once allow.
func floor(seq, pre exportRun) time.Duration {
	fetch := seq.waited / (benchPages + 1)
	work := pre.worked / benchPages
	return fetch + benchPages*max(fetch/paging.DefaultPrefetchDepth, work)
}

// export reads every chat through c, spending benchWork on each page.
func export(tb testing.TB, c *workspacechat.Client) exportRun {
	var r exportRun
	n := 0
	start := time.Now()
	mark := start
	for _, err := range c.AllChats(context.Background(), nil) {
		if err != nil {
			tb.Fatal(err)
		}
		if n%workspacechat.MaxPageSize == 0 {
			r.waited += time.Since(mark) // a page arrived
		}
		if n++; n%workspacechat.MaxPageSize == 0 {
			t := time.Now()
			time.Sleep(benchWork) // the caller's own work on a page
			mark = time.Now()
			r.worked += mark.Sub(t)
		}
	}
	r.waited += time.Since(mark) // the empty page that ends the list
	r.took = time.Since(start)
	if n != benchChats {
		tb.Fatalf("got %d chats", n)
	}
	return r
}

// exportClient starts a fake holding benchChats chats that takes
// benchLatency to answer each page, and a client for it.
func exportClient(tb testing.TB, opts ...workspacechat.Option) (*workspacechattest.Server, *workspacechat.Client) {
	srv := workspacechattest.NewServer(workspacechattest.WithChats(benchChats))
	tb.Cleanup(srv.Close)
	srv.InjectFault(workspacechattest.Fault{Method: "GET", Path: "/api/v1/chats", Delay: benchLatency, Times: 1 << 30})
	return srv, clientFor(tb, srv, opts...)
}

func medianOf(d []time.Duration) time.Duration {
	slices.Sort(d)
	return d[len(d)/2]
}

// BenchmarkAllChats exports 1,000 chats (10 full pages and the empty one
// that ends the list) from a fake that takes 10 ms to answer each page,
// while the caller spends 10 ms on each page's rows (writing them
// somewhere). With prefetch (two pages ahead) the fetches overlap the work
// and each other.
//
// sequential and prefetch report, besides the time, fetch-ms/page (how
// long the caller waited for a page) and work-ms/page (how long its work on
// a page took). interleaved alternates a sequential and a prefetching
// export, so that a machine whose load changes touches both alike, and
// reports the ratio of their median times (prefetch/sequential) and the
// floor of that ratio (prefetch-floor): the least time prefetching two
// pages ahead can take, F + 10·max(F/2, W) with F the fetch time the
// sequential export measured and W the work time of the prefetching one,
// over the sequential export's time.
func BenchmarkAllChats(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts []workspacechat.Option
	}{
		{"sequential", nil},
		{"prefetch", []workspacechat.Option{workspacechat.WithPrefetch()}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			srv, c := exportClient(b, bc.opts...)
			start := srv.Count("GET", "/api/v1/chats")
			var waited, worked time.Duration
			for b.Loop() {
				r := export(b, c)
				waited += r.waited
				worked += r.worked
			}
			pages := float64(srv.Count("GET", "/api/v1/chats") - start)
			b.ReportMetric(pages/float64(b.N), "pages/op")
			b.ReportMetric(benchChats*float64(b.N)/b.Elapsed().Seconds(), "chats/s")
			b.ReportMetric(waited.Seconds()*1e3/pages, "fetch-ms/page")
			b.ReportMetric(worked.Seconds()*1e3/(benchPages*float64(b.N)), "work-ms/page")
		})
	}
	b.Run("interleaved", func(b *testing.B) {
		_, seq := exportClient(b)
		_, pre := exportClient(b, workspacechat.WithPrefetch())
		var seqTook, preTook []time.Duration
		var floors []float64
		i := 0
		for b.Loop() {
			var s, p exportRun
			if i%2 == 0 { // each goes first every other time
				s, p = export(b, seq), export(b, pre)
			} else {
				p, s = export(b, pre), export(b, seq)
			}
			i++
			seqTook, preTook = append(seqTook, s.took), append(preTook, p.took)
			floors = append(floors, float64(floor(s, p))/float64(s.took))
		}
		slices.Sort(floors)
		b.ReportMetric(float64(medianOf(preTook))/float64(medianOf(seqTook)), "prefetch/sequential")
		b.ReportMetric(floors[len(floors)/2], "prefetch-floor")
		b.ReportMetric(medianOf(seqTook).Seconds()*1e3, "sequential-ms")
		b.ReportMetric(medianOf(preTook).Seconds()*1e3, "prefetch-ms")
	})
}
