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
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
)

// BenchmarkEvents200Sessions runs 200 chat sessions on loopback, each with
// its own client and event iterator, and measures how long a message takes
// from the server's emit to the iterator's yield (p50, p99) and the heap
// each idle session holds (client and fake server sides together). The
// latency is measured one event at a time while all sessions hold a poll
// (p50-ms, p99-ms) and for a burst of one event to every session at once
// (burst-p99-ms).
func BenchmarkEvents200Sessions(b *testing.B) {
	const sessions = 200
	srv := brightpatterntest.NewServer(brightpatterntest.WithHold(10 * time.Second))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	type session struct {
		chatID, party string
		got           chan time.Duration
	}
	all := make([]*session, sessions)
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
		s := &session{chatID: chat.ID, party: party, got: make(chan time.Duration, 1)}
		all[i] = s
		ready := make(chan struct{})
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ev, err := range c.Events(ctx, s.chatID) {
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
	// Let every iterator settle into a held poll.
	time.Sleep(100 * time.Millisecond)
	runtime.GC()
	var idle runtime.MemStats
	runtime.ReadMemStats(&idle)

	emit := func(s *session) {
		if _, err := srv.Say(s.chatID, s.party, strconv.FormatInt(time.Now().UnixNano(), 10)); err != nil {
			b.Fatal(err)
		}
	}
	// One event at a time, while all 200 sessions hold a poll.
	latencies := make([]time.Duration, 0, b.N*sessions)
	b.ResetTimer()
	for range b.N {
		for _, s := range all {
			emit(s)
			latencies = append(latencies, <-s.got)
		}
	}
	b.StopTimer()
	// And a burst: one event to every session at once.
	burst := make([]time.Duration, 0, sessions)
	for _, s := range all {
		emit(s)
	}
	for _, s := range all {
		burst = append(burst, <-s.got)
	}
	b.ReportMetric(percentile(latencies, 0.50), "p50-ms")
	b.ReportMetric(percentile(latencies, 0.99), "p99-ms")
	b.ReportMetric(percentile(burst, 0.99), "burst-p99-ms")
	b.ReportMetric(float64(idle.HeapAlloc-before.HeapAlloc)/sessions, "heap-bytes/idle-session")
	cancel()
	wg.Wait()
}

// percentile returns the p-th quantile of ds in milliseconds.
func percentile(ds []time.Duration, p float64) float64 {
	slices.Sort(ds)
	return float64(ds[int(p*float64(len(ds)-1))].Microseconds()) / 1000
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
