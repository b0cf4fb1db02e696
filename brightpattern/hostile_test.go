package brightpattern_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

var (
	hostileSeeds = flag.Int("hostile.seeds", 200, "how many seeds TestEventsAndSendsAgainstHostileServer runs")
	hostileSeed  = flag.Uint64("hostile.seed", 0, "run TestEventsAndSendsAgainstHostileServer for this one seed only")
)

// hostileMinSeeds is how many seeds must run for every fault class to be
// required to fire.
const hostileMinSeeds = 100

// TestEventsAndSendsAgainstHostileServer drives Events and concurrent
// SendMessage calls against hostileServer, a server written apart from
// brightpatterntest and the client, which from each seed drops connections
// after acting, cuts answers off, answers late, answers 5xx and 429 with
// and without Retry-After, regroups and repeats poll deliveries, answers
// empty, refuses with 5509, echoes the Authorization header in errors,
// takes poll events into send answers, and gives events tied timestamps.
// At every seed: every server event of the history is yielded exactly once
// and in history order; no customer message is recorded twice; every send
// that returned nil is recorded; a send that failed is not recorded unless
// its error matches ErrOutcomeUnknown; no two polls overlap; no secret
// reaches an error or a log line.
func TestEventsAndSendsAgainstHostileServer(t *testing.T) {
	seeds := seedList(*hostileSeed, *hostileSeeds)
	var mu sync.Mutex
	total := map[string]int{}
	eachSeed(t, seeds, 40, func(seed uint64) error {
		faults, err := hostileRun(seed)
		mu.Lock()
		defer mu.Unlock()
		for f, n := range faults {
			total[f] += n
		}
		return err
	}, "-hostile.seed")
	var lines []string
	for _, f := range hostileFaults {
		lines = append(lines, fmt.Sprintf("%6d  %s", total[f], f))
	}
	t.Logf("%d seeds; faults fired:\n%s", len(seeds), strings.Join(lines, "\n"))
	if len(seeds) < hostileMinSeeds {
		t.Logf("fewer than %d seeds: not requiring every fault class to fire", hostileMinSeeds)
		return
	}
	for _, f := range hostileFaults {
		if total[f] == 0 {
			t.Errorf("fault class %q never fired in %d seeds", f, len(seeds))
		}
	}
}

// hostileRun plays one chat against the hostile server of seed and checks
// the invariants; it returns the faults that fired.
func hostileRun(seed uint64) (map[string]int, error) {
	appID := fmt.Sprintf("app-%x-secret", seed*0x9e3779b97f4a7c15)
	clientID := fmt.Sprint("client-", seed)
	auth := `MOBILE-API-140-327-PLAIN appId="` + appID + `", clientId="` + clientID + `"`
	srv := newHostileServer(seed, auth)
	defer srv.Close()
	var logs fixture.SyncBuffer
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	polls := &pollCounter{base: tr}
	c, err := brightpattern.NewClient(tenant, appID, clientID,
		brightpattern.WithBaseURL(srv.URL),
		brightpattern.WithHTTPClient(&http.Client{Transport: polls}),
		brightpattern.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
		brightpattern.WithRetryWait(time.Millisecond, 10*time.Millisecond),
		brightpattern.WithMaxRetries(6),
		brightpattern.WithTimeout(hostileTimeout),
		brightpattern.WithPollTimeout(hostilePollTimeout))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	chat, err := c.RequestChat(ctx, nil, call.Timeout(10*time.Second)) // not a fault under test: never late
	if err != nil {
		return nil, err
	}

	type sent struct {
		id  string
		err error
	}
	sends := make([]sent, 4)
	customerDone := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		srv.play(12, customerDone)
	}()
	go func() {
		defer wg.Done()
		defer close(customerDone)
		for i := range sends {
			id, err := c.SendMessage(ctx, chat.ID, fmt.Sprint("customer says ", i))
			sends[i] = sent{id, err}
			time.Sleep(time.Millisecond)
		}
	}()

	var yielded []string
	var errs []error
	for ev, err := range c.Events(ctx, chat.ID) {
		if err != nil {
			errs = append(errs, err)
			break
		}
		if key, kept := hostileKey(ev); kept {
			yielded = append(yielded, key)
		}
	}
	cancel()
	wg.Wait()

	srv.mu.Lock()
	defer srv.mu.Unlock()
	faults := srv.faults
	var problems []string
	if len(errs) > 0 {
		problems = append(problems, fmt.Sprintf("Events ended with %v", errs[0]))
	}
	var want []string
	for _, e := range srv.log {
		if e.kind != "own" {
			want = append(want, e.key())
		}
	}
	if d := hostileDiff(want, yielded); d != "" {
		problems = append(problems, d)
	}
	for msgID, n := range srv.recorded {
		if n > 1 {
			problems = append(problems, fmt.Sprintf("msg_id %s recorded %d times (%d of them after the client closed the connection)",
				msgID, n, srv.afterGiveUp[msgID]))
		}
	}
	for i, s := range sends {
		n := srv.recorded[s.id]
		switch {
		case s.err == nil && n == 0:
			problems = append(problems, fmt.Sprintf("send %d (msg_id %s) returned nil but is not recorded", i+1, s.id))
		case s.err != nil && n > 0 && !errors.Is(s.err, brightpattern.ErrOutcomeUnknown):
			problems = append(problems, fmt.Sprintf("send %d (msg_id %s) is recorded but its error does not say the outcome is unknown: %v", i+1, s.id, s.err))
		}
		if s.err != nil {
			errs = append(errs, s.err)
		}
	}
	if srv.overlaps > 0 || polls.overlaps.Load() > 0 {
		problems = append(problems, fmt.Sprintf("polls overlapped: %d at the server, %d in the client's transport", srv.overlaps, polls.overlaps.Load()))
	}
	if srv.badAuth > 0 {
		problems = append(problems, fmt.Sprintf("%d requests without the client's Authorization", srv.badAuth))
	}
	secrets := []string{auth, appID, strconv.Quote(auth)[1 : len(strconv.Quote(auth))-1]}
	for _, err := range errs {
		if leak := leaked(err.Error(), secrets); leak != "" {
			problems = append(problems, fmt.Sprintf("an error holds the secret %q: %v", leak, err))
		}
	}
	for _, line := range strings.Split(logs.String(), "\n") {
		if leak := leaked(line, secrets); leak != "" {
			problems = append(problems, fmt.Sprintf("a log line holds the secret %q: %s", leak, line))
			break
		}
	}
	if len(problems) > 0 {
		return faults, errors.New(strings.Join(problems, "\n\t"))
	}
	return faults, nil
}

// hostileKey identifies a yielded event as hostileEvent.key does; kept is
// false for the events the history keeps out.
func hostileKey(ev brightpattern.Event) (key string, kept bool) {
	switch e := ev.(type) {
	case *brightpattern.StatusEvent:
		return "status:" + string(e.State), true
	case *brightpattern.PartyJoinedEvent:
		return "joined:" + e.PartyID, true
	case *brightpattern.PartyLeftEvent:
		return "left:" + e.PartyID, true
	case *brightpattern.MessageEvent:
		return "msg:" + e.MsgID, true
	case *brightpattern.RawEvent:
		var v struct {
			Step int `json:"step"`
		}
		_ = json.Unmarshal(e.JSON, &v)
		return "raw:" + strconv.Itoa(v.Step), true
	case *brightpattern.EndedEvent:
		return "ended", true
	case *brightpattern.TypingEvent:
		return "", false
	}
	return fmt.Sprintf("unexpected %T", ev), true
}

// hostileDiff describes the first way got differs from want, or "".
func hostileDiff(want, got []string) string {
	if slices.Equal(want, got) {
		return ""
	}
	i := 0
	for i < min(len(want), len(got)) && want[i] == got[i] {
		i++
	}
	return fmt.Sprintf("yielded events differ from the history at %d (history %d events, yielded %d):\n\thistory …%v\n\tyielded …%v",
		i, len(want), len(got), want[max(i-2, 0):min(i+4, len(want))], got[max(i-2, 0):min(i+4, len(got))])
}

// leaked returns the first of secrets that s holds, or "".
func leaked(s string, secrets []string) string {
	for _, secret := range secrets {
		if strings.Contains(s, secret) {
			return secret
		}
	}
	return ""
}

// pollCounter counts polls the client has in flight at once, from the
// request until its answer's body is closed.
type pollCounter struct {
	base     http.RoundTripper
	inFlight atomic.Int32
	overlaps atomic.Int32
}

func (p *pollCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet || !strings.HasSuffix(req.URL.Path, "/events") {
		return p.base.RoundTrip(req)
	}
	if p.inFlight.Add(1) > 1 {
		p.overlaps.Add(1)
	}
	resp, err := p.base.RoundTrip(req)
	if err != nil {
		p.inFlight.Add(-1)
		return nil, err
	}
	resp.Body = &closeOnce{ReadCloser: resp.Body, done: func() { p.inFlight.Add(-1) }}
	return resp, nil
}

// closeOnce calls done when the body is first closed.
type closeOnce struct {
	io.ReadCloser
	once sync.Once
	done func()
}

func (c *closeOnce) Close() error {
	err := c.ReadCloser.Close()
	c.once.Do(c.done)
	return err
}
