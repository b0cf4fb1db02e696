package brightpattern_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
)

// deliveries is a set of sessions, each with one long poll held by its
// server, that a benchmark emits messages to: the library's (fake and
// Events iterators) or the hand-written bare one.
type deliveries struct {
	// emit sends one message, carrying its emit time, to session i.
	emit func(b *testing.B, i int)
	// held returns how many sessions have a poll held by the server.
	held func() int
	// got receives, per session, each message's delay from its emit time
	// to the moment the client has it.
	got []chan time.Duration
}

// waitHeld waits until every session has a poll held by the server, so
// that every measurement starts from idle, held polls.
func (d *deliveries) waitHeld() {
	for d.held() < len(d.got) {
		time.Sleep(100 * time.Microsecond)
	}
}

// burst is what one burst measured: each delivery's latency, and the
// process's CPU time and heap allocation from the first emit to the last
// delivery.
type burst struct {
	latencies []time.Duration
	fanout    time.Duration
	cpu       time.Duration
	allocated uint64
}

// burst emits one message to every session back to back and waits for all
// of them to be delivered.
func (d *deliveries) burst(b *testing.B) burst {
	d.waitHeld()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	cpu0 := cpuTime(b)
	start := time.Now()
	for i := range d.got {
		d.emit(b, i)
	}
	out := burst{fanout: time.Since(start), latencies: make([]time.Duration, 0, len(d.got))}
	for _, got := range d.got {
		out.latencies = append(out.latencies, <-got)
	}
	out.cpu = cpuTime(b) - cpu0
	runtime.ReadMemStats(&m1)
	out.allocated = m1.TotalAlloc - m0.TotalAlloc
	return out
}

// bursts adds up the bursts of one sub-benchmark and reports them.
type bursts struct {
	burst
	n int // deliveries
}

func (s *bursts) add(r burst) {
	s.latencies = append(s.latencies, r.latencies...)
	s.fanout += r.fanout
	s.cpu += r.cpu
	s.allocated += r.allocated
	s.n += len(r.latencies)
}

func (s *bursts) cpuPerEvent() float64 { return float64(s.cpu.Nanoseconds()) / 1e3 / float64(s.n) }

func (s *bursts) allocPerEvent() float64 { return float64(s.allocated) / float64(s.n) }

// report reports the figures, each metric name prefixed by prefix.
func (s *bursts) report(b *testing.B, prefix string, rounds int) {
	b.ReportMetric(percentile(s.latencies, 0.50), prefix+"p50-ms")
	b.ReportMetric(percentile(s.latencies, 0.99), prefix+"p99-ms")
	b.ReportMetric(ms(s.fanout)/float64(rounds), prefix+"fanout-ms")
	b.ReportMetric(s.cpuPerEvent(), prefix+"cpu-µs/event")
	b.ReportMetric(s.allocPerEvent(), prefix+"alloc-bytes/event")
}

// BenchmarkEvents200Sessions runs 200 chat sessions on loopback, each with
// its own client and Events iterator on a held long poll against the fake,
// and measures how long a message takes from the server's emit to the
// iterator's yield (p50, p99), the CPU and the allocation of a delivery,
// and the heap each idle session holds (client and fake server sides
// together). The bare case does the same with a hand-written minimal
// server and a net/http + encoding/json client: the floor of a long-poll
// delivery. See BENCHMARKS.md for what each case shows.
func BenchmarkEvents200Sessions(b *testing.B) {
	const sessions = 200
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	lib := librarySessions(ctx, b, &wg, sessions)
	runtime.GC()
	var idle runtime.MemStats
	runtime.ReadMemStats(&idle)
	perSession := float64(idle.HeapAlloc-before.HeapAlloc) / sessions
	bare := bareSessions(ctx, b, &wg, sessions)

	b.Run("one-at-a-time", func(b *testing.B) {
		latencies := make([]time.Duration, 0, b.N*sessions)
		for range b.N {
			for i, got := range lib.got {
				lib.waitHeld()
				lib.emit(b, i)
				latencies = append(latencies, <-got)
			}
		}
		b.StopTimer()
		b.ReportMetric(percentile(latencies, 0.50), "p50-ms")
		b.ReportMetric(percentile(latencies, 0.99), "p99-ms")
		b.ReportMetric(perSession, "heap-bytes/idle-session")
	})

	for _, bc := range []struct {
		name string
		d    *deliveries
	}{{"burst", lib}, {"bare", bare}} {
		b.Run(bc.name, func(b *testing.B) {
			var all bursts
			for range b.N {
				all.add(bc.d.burst(b))
			}
			b.StopTimer()
			all.report(b, "", b.N)
		})
	}

	// A burst through the library and one through the bare path in turn,
	// each going first every other time, so that a load that changes from
	// one second to the next touches both alike; it reports the ratios.
	b.Run("burst-vs-bare", func(b *testing.B) {
		var l, r bursts
		for i := range b.N {
			if i%2 == 0 {
				l.add(lib.burst(b))
				r.add(bare.burst(b))
			} else {
				r.add(bare.burst(b))
				l.add(lib.burst(b))
			}
		}
		b.StopTimer()
		b.ReportMetric(l.cpuPerEvent()/r.cpuPerEvent(), "cpu-ratio")
		b.ReportMetric(l.allocPerEvent()/r.allocPerEvent(), "alloc-ratio")
		b.ReportMetric(percentile(l.latencies, 0.99), "burst-p99-ms")
		b.ReportMetric(percentile(r.latencies, 0.99), "bare-p99-ms")
		b.ReportMetric(l.cpuPerEvent(), "burst-cpu-µs/event")
		b.ReportMetric(r.cpuPerEvent(), "bare-cpu-µs/event")
		b.ReportMetric(l.allocPerEvent(), "burst-alloc-bytes/event")
		b.ReportMetric(r.allocPerEvent(), "bare-alloc-bytes/event")
	})

	// The same 200 events spread over 10 ms, in ten groups of twenty one
	// millisecond apart.
	b.Run("spread-10ms", func(b *testing.B) {
		latencies := make([]time.Duration, 0, b.N*sessions)
		for range b.N {
			lib.waitHeld()
			tick := time.NewTicker(time.Millisecond)
			for i := range lib.got {
				if i > 0 && i%20 == 0 {
					<-tick.C
				}
				lib.emit(b, i)
			}
			tick.Stop()
			for _, got := range lib.got {
				latencies = append(latencies, <-got)
			}
		}
		b.StopTimer()
		b.ReportMetric(percentile(latencies, 0.50), "p50-ms")
		b.ReportMetric(percentile(latencies, 0.99), "p99-ms")
	})
}

// librarySessions opens n chats on a fake, each with its own client,
// context and Events iterator, and returns them once the fake holds a poll
// of each.
func librarySessions(ctx context.Context, b *testing.B, wg *sync.WaitGroup, n int) *deliveries {
	srv := brightpatterntest.NewServer(brightpatterntest.WithHold(time.Minute))
	context.AfterFunc(ctx, srv.Close)
	d := &deliveries{held: srv.HeldPolls, got: make([]chan time.Duration, n)}
	chats := make([]string, n)
	parties := make([]string, n)
	for i := range n {
		c, err := brightpattern.NewClient("bench.example.com", "app", fmt.Sprint("client-", i),
			brightpattern.WithBaseURL(srv.URL()), brightpattern.WithPollTimeout(2*time.Minute))
		if err != nil {
			b.Fatal(err)
		}
		chat, err := c.RequestChat(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		party, err := srv.Join(chat.ID, "Ann", "Lee")
		if err != nil {
			b.Fatal(err)
		}
		chats[i], parties[i] = chat.ID, party
		got := make(chan time.Duration, 1)
		d.got[i] = got
		ready := make(chan struct{})
		// Each session has its own context, as a program would give each
		// chat: the polls' timeouts then hang off n contexts, not one.
		sctx, scancel := context.WithCancel(ctx)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer scancel()
			for ev, err := range c.Events(sctx, chat.ID) {
				if err != nil {
					return
				}
				switch ev := ev.(type) {
				case *brightpattern.PartyJoinedEvent:
					close(ready)
				case *brightpattern.MessageEvent:
					sent, _ := strconv.ParseInt(ev.Text, 10, 64)
					got <- time.Since(time.Unix(0, sent))
				}
			}
		}()
		<-ready
	}
	d.emit = func(b *testing.B, i int) {
		if _, err := srv.Say(chats[i], parties[i], strconv.FormatInt(time.Now().UnixNano(), 10)); err != nil {
			b.Fatal(err)
		}
	}
	d.waitHeld()
	return d
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// ms converts d to milliseconds.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// percentile returns the p-th quantile of ds in milliseconds.
func percentile(ds []time.Duration, p float64) float64 {
	slices.Sort(ds)
	return ms(ds[int(p*float64(len(ds)-1))])
}

// BenchmarkUploadFile25MB uploads a 25 MB file to a server that discards it:
// the client streams the multipart body, so it allocates far less than the
// file's size.
func BenchmarkUploadFile25MB(b *testing.B) {
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"file_id":"f1"}`)
	}))
	defer sink.Close()
	c, err := brightpattern.NewClient("bench.example.com", "app", "client", brightpattern.WithBaseURL(sink.URL))
	if err != nil {
		b.Fatal(err)
	}
	const size = brightpattern.MaxUploadSize
	ctx := context.Background()
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		content := io.NewSectionReader(zeroReaderAt{}, 0, size)
		if _, err := c.UploadFile(ctx, &brightpattern.Upload{Name: "big.bin", Content: content}); err != nil {
			b.Fatal(err)
		}
	}
}

type zeroReaderAt struct{}

func (zeroReaderAt) ReadAt(p []byte, _ int64) (int, error) {
	clear(p)
	return len(p), nil
}
