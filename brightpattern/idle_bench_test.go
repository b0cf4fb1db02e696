package brightpattern_test

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
)

// BenchmarkIdleStreams holds 1,000 and 10,000 idle event streams in this
// process, against a server in a child process, so that each side's heap
// and goroutines are measured on their own:
//
//   - library: one Events stream per chat on the fake, each chat with its own
//     Client (one client ID per customer), all Clients sharing one
//     http.Client and transport (WithHTTPClient), as a service bridging many
//     customers would hold them;
//   - bare: the same number of hand-written net/http long polls on one
//     transport, each a goroutine that polls, decodes and polls again,
//     against a minimal server that holds them.
//
// Once every poll is held, it reports the heap, goroutine stacks and
// goroutines per stream on the client side (this process) and on the
// server side (the child).
// Each iteration then sends 1,000 messages in one second, to streams drawn
// at random, and reports the delivery latency (from the server's emit to
// the client's decode).
func BenchmarkIdleStreams(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		for _, mode := range []string{"library", "bare"} {
			b.Run(fmt.Sprintf("%d/%s", n, mode), func(b *testing.B) { idleStreams(b, n, mode) })
		}
	}
}

// idleHeapProfile names a file to write the client side's heap profile
// to, taken once every poll is held; with it, every allocation is sampled.
var idleHeapProfile = flag.String("idle.heapprofile", "", "write the client side's heap profile of BenchmarkIdleStreams, once every poll is held, to this file")

// idleHelperEnv runs TestIdleStreamsServer as the benchmark's server.
const idleHelperEnv = "BRIGHTPATTERN_IDLE_SERVER"

func idleStreams(b *testing.B, n int, mode string) {
	if *idleHeapProfile != "" {
		runtime.MemProfileRate = 1
		defer func(rate int) { runtime.MemProfileRate = rate }(runtime.MemProfileRate)
	}
	// A connection per stream in each process, the child inheriting the
	// limit.
	raiseFileLimit(b, uint64(n+1024))
	srv := startIdleServer(b, mode, n)
	defer srv.close()
	fakeBefore := srv.stats()

	ctx, cancel := context.WithCancel(context.Background())
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = n
	hc := &http.Client{Transport: transport}
	var wg sync.WaitGroup
	defer transport.CloseIdleConnections()
	defer wg.Wait()
	defer cancel()

	warmGoroutines(3*n + 64)
	before := heapAndGoroutines()
	got := make(chan time.Duration, 1024)
	ids := openIdleStreams(ctx, b, &wg, srv, hc, mode, n, got)
	for srv.held() < n {
		time.Sleep(10 * time.Millisecond)
	}
	after := heapAndGoroutines()
	fakeAfter := srv.stats()
	if *idleHeapProfile != "" {
		writeHeapProfile(b, fmt.Sprintf("%s.%d.%s", *idleHeapProfile, n, mode))
	}

	latencies := make([]time.Duration, 0, b.N*1000)
	b.ResetTimer()
	for range b.N {
		// 1,000 messages in one second, one every millisecond.
		tick := time.NewTicker(time.Millisecond)
		for range 1000 {
			<-tick.C
			srv.say(ids[rand.N(len(ids))])
		}
		tick.Stop()
		for range 1000 {
			latencies = append(latencies, <-got)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(after.heap-before.heap)/float64(n), "client-heap-bytes/stream")
	b.ReportMetric(float64(after.stacks-before.stacks)/float64(n), "client-stack-bytes/stream")
	b.ReportMetric(float64(after.goroutines-before.goroutines)/float64(n), "client-goroutines/stream")
	b.ReportMetric(float64(fakeAfter.heap-fakeBefore.heap)/float64(n), "server-heap-bytes/stream")
	b.ReportMetric(float64(fakeAfter.stacks-fakeBefore.stacks)/float64(n), "server-stack-bytes/stream")
	b.ReportMetric(float64(fakeAfter.goroutines-fakeBefore.goroutines)/float64(n), "server-goroutines/stream")
	b.ReportMetric(percentile(latencies, 0.50), "p50-ms")
	b.ReportMetric(percentile(latencies, 0.99), "p99-ms")
}

// openIdleStreams opens n streams, eight at a time, and returns the ids
// the server's say command takes.
func openIdleStreams(ctx context.Context, b *testing.B, wg *sync.WaitGroup, srv *idleServer, hc *http.Client, mode string, n int,
	got chan<- time.Duration) []string {
	ids := make([]string, n)
	sem := make(chan struct{}, 8)
	var setup sync.WaitGroup
	for i := range n {
		sem <- struct{}{}
		setup.Add(1)
		go func() {
			defer setup.Done()
			defer func() { <-sem }()
			if mode == "bare" {
				ids[i] = strconv.Itoa(i)
				wg.Add(1)
				go func() {
					defer wg.Done()
					bareStream(ctx, hc, srv.url, i, got)
				}()
				return
			}
			c, err := brightpattern.NewClient("bench.example.com", "app", fmt.Sprint("client-", i),
				brightpattern.WithBaseURL(srv.url), brightpattern.WithHTTPClient(hc), brightpattern.WithPollTimeout(2*time.Minute))
			if err != nil {
				b.Error(err)
				return
			}
			chat, err := c.RequestChat(ctx, nil)
			if err != nil {
				b.Error(err)
				return
			}
			ids[i] = chat.ID
			wg.Add(1)
			go func() {
				defer wg.Done()
				eachMessage(ctx, c, chat.ID, func(m *brightpattern.MessageEvent) {
					sent, _ := strconv.ParseInt(m.Text, 10, 64)
					got <- time.Since(time.Unix(0, sent))
				})
			}()
		}()
	}
	setup.Wait()
	if b.Failed() {
		b.FailNow()
	}
	return ids
}

// warmGoroutines starts n goroutines at once and lets them end. The
// runtime keeps the structure of every goroutine it made and reuses it for
// a later one, so without this the case that runs first in the process
// would pay alone for its streams' goroutine structures (three a stream,
// as many in both cases), and the other cases not at all.
func warmGoroutines(n int) {
	var wg sync.WaitGroup
	release := make(chan struct{})
	for range n {
		wg.Go(func() { <-release })
	}
	close(release)
	wg.Wait()
}

// usage is a process's live heap, goroutine stacks and goroutine count.
type usage struct {
	heap, stacks uint64
	goroutines   int
}

// heapAndGoroutines measures this process after a collection.
func heapAndGoroutines() usage {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return usage{heap: m.HeapAlloc, stacks: m.StackInuse, goroutines: runtime.NumGoroutine()}
}

// writeHeapProfile writes this process's heap profile, after a collection,
// to path.
func writeHeapProfile(b *testing.B, path string) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	runtime.GC()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		b.Fatal(err)
	}
}

// raiseFileLimit makes room for at least want open files, raising the hard
// limit too where the process may.
func raiseFileLimit(b *testing.B, want uint64) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		b.Fatal(err)
	}
	if lim.Cur >= want {
		return
	}
	lim.Cur = want
	lim.Max = max(lim.Max, want)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		b.Skipf("%d open files needed: %v", want, err)
	}
}

// idleServer is the child process that serves the streams: the fake, or
// the bare server. It reads commands on its standard input and answers on
// its standard output.
type idleServer struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
	url string

	mu sync.Mutex // one command at a time
}

func startIdleServer(b *testing.B, mode string, n int) *idleServer {
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestIdleStreamsServer$")
	cmd.Env = append(os.Environ(), idleHelperEnv+"="+mode+":"+strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	s := &idleServer{cmd: cmd, in: in, out: bufio.NewScanner(out)}
	s.url = s.read(b)
	return s
}

func (s *idleServer) read(b *testing.B) string {
	for s.out.Scan() {
		if line, ok := strings.CutPrefix(s.out.Text(), "idle: "); ok {
			return line
		}
	}
	b.Fatalf("the server process ended: %v", s.out.Err())
	return ""
}

// command sends one command and returns its answer.
func (s *idleServer) command(line string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := io.WriteString(s.in, line+"\n"); err != nil {
		return ""
	}
	for s.out.Scan() {
		if answer, ok := strings.CutPrefix(s.out.Text(), "idle: "); ok {
			return answer
		}
	}
	return ""
}

func (s *idleServer) held() int {
	n, _ := strconv.Atoi(s.command("held"))
	return n
}

func (s *idleServer) say(id string) { s.command("say " + id) }

func (s *idleServer) stats() usage {
	var u usage
	_, _ = fmt.Sscan(s.command("stats"), &u.heap, &u.stacks, &u.goroutines)
	return u
}

func (s *idleServer) close() {
	_ = s.in.Close()
	_ = s.cmd.Wait()
}

// TestIdleStreamsServer is the server process of BenchmarkIdleStreams; it
// is skipped unless the benchmark started it. Commands, one a line:
// "held" (polls held), "say <id>" (a message carrying the emit time),
// "stats" (live heap, stacks and goroutines after a collection). Each answer is a
// line starting "idle: ".
func TestIdleStreamsServer(t *testing.T) {
	spec := os.Getenv(idleHelperEnv)
	if spec == "" {
		t.Skip("the server process of BenchmarkIdleStreams")
	}
	mode, count, _ := strings.Cut(spec, ":")
	n, err := strconv.Atoi(count)
	if err != nil {
		t.Fatal(err)
	}
	var url string
	var held func() int
	var say func(id string) error
	switch mode {
	case "bare":
		srv := newBareServer(n)
		defer srv.srv.Close()
		url, held = srv.srv.URL, func() int { return int(srv.held.Load()) }
		say = func(id string) error {
			i, err := strconv.Atoi(id)
			if err != nil {
				return err
			}
			srv.say(i, 0, "agent", strconv.FormatInt(time.Now().UnixNano(), 10))
			return nil
		}
	default:
		srv := brightpatterntest.NewServer(brightpatterntest.WithHold(time.Minute))
		defer srv.Close()
		url, held = srv.URL(), srv.HeldPolls
		say = func(id string) error {
			_, err := srv.Say(id, "agent", strconv.FormatInt(time.Now().UnixNano(), 10))
			return err
		}
	}
	out := bufio.NewWriter(os.Stdout)
	answer := func(s string) {
		_, _ = out.WriteString("idle: " + s + "\n")
		_ = out.Flush()
	}
	answer(url)
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		cmd, arg, _ := strings.Cut(in.Text(), " ")
		switch cmd {
		case "held":
			answer(strconv.Itoa(held()))
		case "say":
			if err := say(arg); err != nil {
				t.Error(err)
			}
			answer("ok")
		case "stats":
			u := heapAndGoroutines()
			answer(fmt.Sprint(u.heap, " ", u.stacks, " ", u.goroutines))
		}
	}
}
