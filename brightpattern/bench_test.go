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

// benchSession is one chat whose Events iterator reports each message's
// delay from the emit time the message carries.
type benchSession struct {
	chatID, party string
	got           chan time.Duration
}

// BenchmarkEvents200Sessions runs 200 chat sessions on loopback, each with
// its own client and Events iterator on a held long poll against the fake,
// and measures how long a message takes from the server's emit to the
// iterator's yield (p50, p99), and the heap each idle session holds (client
// and fake server sides together). See BENCHMARKS.md for what each case
// shows.
func BenchmarkEvents200Sessions(b *testing.B) {
	const sessions = 200
	srv := brightpatterntest.NewServer(brightpatterntest.WithHold(10 * time.Second))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	all := make([]*benchSession, sessions)
	var wg sync.WaitGroup
	for i := range all {
		c, err := brightpattern.NewClient("bench.example.com", "app", fmt.Sprint("client-", i),
			brightpattern.WithBaseURL(srv.URL()), brightpattern.WithPollTimeout(20*time.Second))
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
		s := &benchSession{chatID: chat.ID, party: party, got: make(chan time.Duration, 1)}
		all[i] = s
		ready := make(chan struct{})
		// Each session has its own context, as a program would give each
		// chat: the polls' timeouts then hang off 200 contexts, not one.
		sctx, scancel := context.WithCancel(ctx)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer scancel()
			for ev, err := range c.Events(sctx, s.chatID) {
				if err != nil {
					return
				}
				switch ev := ev.(type) {
				case *brightpattern.PartyJoinedEvent:
					close(ready)
				case *brightpattern.MessageEvent:
					sent, _ := strconv.ParseInt(ev.Text, 10, 64)
					s.got <- time.Since(time.Unix(0, sent))
				}
			}
		}()
		<-ready
	}
	defer wg.Wait()
	defer cancel()
	waitHeld(b, srv, sessions)
	runtime.GC()
	var idle runtime.MemStats
	runtime.ReadMemStats(&idle)
	perSession := float64(idle.HeapAlloc-before.HeapAlloc) / sessions

	emit := func(s *benchSession) {
		if _, err := srv.Say(s.chatID, s.party, strconv.FormatInt(time.Now().UnixNano(), 10)); err != nil {
			b.Fatal(err)
		}
	}

	b.Run("one-at-a-time", func(b *testing.B) {
		latencies := make([]time.Duration, 0, b.N*sessions)
		for range b.N {
			for _, s := range all {
				waitHeld(b, srv, sessions)
				emit(s)
				latencies = append(latencies, <-s.got)
			}
		}
		b.StopTimer()
		b.ReportMetric(percentile(latencies, 0.50), "p50-ms")
		b.ReportMetric(percentile(latencies, 0.99), "p99-ms")
		b.ReportMetric(perSession, "heap-bytes/idle-session")
	})

	b.Run("burst", func(b *testing.B) {
		latencies := make([]time.Duration, 0, b.N*sessions)
		var fanout, cpu time.Duration
		var allocated uint64
		for range b.N {
			waitHeld(b, srv, sessions)
			var m0 runtime.MemStats
			runtime.ReadMemStats(&m0)
			cpu0 := cpuTime(b)
			start := time.Now()
			for _, s := range all {
				emit(s)
			}
			fanout += time.Since(start)
			for _, s := range all {
				latencies = append(latencies, <-s.got)
			}
			cpu += cpuTime(b) - cpu0
			var m1 runtime.MemStats
			runtime.ReadMemStats(&m1)
			allocated += m1.TotalAlloc - m0.TotalAlloc
		}
		b.StopTimer()
		b.ReportMetric(percentile(latencies, 0.50), "p50-ms")
		b.ReportMetric(percentile(latencies, 0.99), "p99-ms")
		b.ReportMetric(ms(fanout)/float64(b.N), "fanout-ms")
		b.ReportMetric(float64(cpu.Microseconds())/float64(b.N*sessions), "cpu-µs/event")
		b.ReportMetric(float64(allocated)/float64(b.N*sessions), "alloc-bytes/event")
	})

	// The same 200 events spread over 10 ms, in ten groups of twenty one
	// millisecond apart.
	b.Run("spread-10ms", func(b *testing.B) {
		latencies := make([]time.Duration, 0, b.N*sessions)
		for range b.N {
			waitHeld(b, srv, sessions)
			tick := time.NewTicker(time.Millisecond)
			for i, s := range all {
				if i > 0 && i%20 == 0 {
					<-tick.C
				}
				emit(s)
			}
			tick.Stop()
			for _, s := range all {
				latencies = append(latencies, <-s.got)
			}
		}
		b.StopTimer()
		b.ReportMetric(percentile(latencies, 0.50), "p50-ms")
		b.ReportMetric(percentile(latencies, 0.99), "p99-ms")
	})
}

// waitHeld waits until the fake holds a poll for each of n sessions, so
// that every measurement starts from idle, held polls.
func waitHeld(b *testing.B, srv *brightpatterntest.Server, n int) {
	b.Helper()
	for srv.HeldPolls() < n {
		time.Sleep(100 * time.Microsecond)
	}
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

// BenchmarkDecodeEvents decodes one poll's answer holding a single chat
// message, the common case of a held poll that an event ends.
func BenchmarkDecodeEvents(b *testing.B) {
	body := []byte(`{"events":[{"event":"chat_session_message","party_id":"3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c",` +
		`"msg_id":"12","msg":"Your parcel is on its way.","channel":"web","timestamp":"1700000000"}]}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := brightpattern.DecodeEvents(body); err != nil {
			b.Fatal(err)
		}
	}
}
