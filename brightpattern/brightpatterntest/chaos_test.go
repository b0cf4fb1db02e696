package brightpatterntest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
)

// rawPoll makes one poll with its own connection and a client timeout, and
// names what came back.
func rawPoll(t *testing.T, srv *brightpatterntest.Server, chatID string, timeout time.Duration) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "GET",
		srv.URL()+"/clientweb/api/v1/chats/"+chatID+"/events?tenantUrl="+tenant, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", authOK)
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if errors.Is(err, context.DeadlineExceeded) {
		return "late"
	}
	if err != nil {
		return "dropped"
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "late"
	case err != nil:
		return "cut off"
	case resp.StatusCode == 204:
		return "204"
	case resp.StatusCode == 400 && strings.Contains(string(body), "5511"):
		return "5511"
	case resp.StatusCode == 400 && strings.Contains(string(body), "5509"):
		return "5509"
	case resp.StatusCode == 200 && len(body) == 0:
		return "empty body"
	case resp.StatusCode == 200 && strings.Contains(string(body), `"events":[]`):
		return "no events"
	case resp.StatusCode == 200:
		return "events"
	}
	return fmt.Sprint(resp.StatusCode)
}

func TestChaosInjectsEveryFault(t *testing.T) {
	srv := brightpatterntest.NewServer(brightpatterntest.WithHold(time.Millisecond),
		brightpatterntest.WithChaos(brightpatterntest.Chaos{Seed: 7, LateBy: 200 * time.Millisecond}))
	defer srv.Close()
	chatID := requestChat(t, srv)
	party := joinAgent(t, srv, chatID)
	seen := map[string]int{}
	for i := range 300 {
		if i%2 == 0 {
			_, err := srv.Say(chatID, party, fmt.Sprint("m-", i))
			require.NoError(t, err)
		}
		seen[rawPoll(t, srv, chatID, 30*time.Millisecond)]++
	}
	for _, kind := range []string{"events", "no events", "empty body", "204", "5511", "5509", "dropped", "cut off", "late"} {
		assert.Positive(t, seen[kind], "%s in %v", kind, seen)
	}
	history := srv.History(chatID)
	var said []string
	for _, ev := range history {
		if ev["event"] == "chat_session_message" {
			said = append(said, ev["msg"].(string))
		}
	}
	require.Len(t, said, 150, "the history keeps every event, whatever the polls")
	for i, text := range said {
		assert.Equal(t, fmt.Sprint("m-", 2*i), text)
	}
	assert.Zero(t, srv.OverlappingPolls(), "one poll at a time")
}

func TestChaosFailsSendsBeforeAndAfterProcessing(t *testing.T) {
	srv := brightpatterntest.NewServer(brightpatterntest.WithChaos(brightpatterntest.Chaos{Seed: 3, SendFailure: 0.5}))
	defer srv.Close()
	chatID := requestChat(t, srv)
	outcomes := map[string]int{}
	for i := range 200 {
		tr := &http.Transport{DisableKeepAlives: true}
		req, err := http.NewRequest("POST", srv.URL()+"/clientweb/api/v1/chats/"+chatID+"/events?tenantUrl="+tenant,
			strings.NewReader(fmt.Sprintf(`{"events":[{"event":"chat_session_message","msg_id":"%d","msg":"hi"}]}`, 2*i+1)))
		require.NoError(t, err)
		req.Header.Set("Authorization", authOK)
		before := len(srv.ClientEvents(chatID))
		resp, err := (&http.Client{Transport: tr}).Do(req)
		status := "dropped"
		if err == nil {
			status = fmt.Sprint(resp.StatusCode)
			resp.Body.Close()
		}
		processed := len(srv.ClientEvents(chatID)) > before
		outcomes[fmt.Sprint(status, " processed=", processed)]++
		tr.CloseIdleConnections()
	}
	for _, o := range []string{"200 processed=true", "503 processed=false", "dropped processed=false",
		"502 processed=true", "504 processed=true", "dropped processed=true"} {
		assert.Positive(t, outcomes[o], "%s in %v", o, outcomes)
	}
}

func TestOverlappingPollsAreCounted(t *testing.T) {
	srv := brightpatterntest.NewServer(brightpatterntest.WithHold(2 * time.Second))
	defer srv.Close()
	chatID := requestChat(t, srv)
	poll(t, srv, chatID) // takes the queued status
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		rawPoll(t, srv, chatID, 5*time.Second)
	}()
	waitHeld(t, srv)
	assert.Equal(t, "5509", rawPoll(t, srv, chatID, 5*time.Second))
	assert.Equal(t, 1, srv.OverlappingPolls())
	require.NoError(t, srv.End(chatID))
	wg.Wait()

	// A poll whose client gave up does not make the next one an overlap.
	srv2 := brightpatterntest.NewServer(brightpatterntest.WithHold(2 * time.Second))
	defer srv2.Close()
	chat2 := requestChat(t, srv2)
	poll(t, srv2, chat2)
	assert.Equal(t, "late", rawPoll(t, srv2, chat2, 50*time.Millisecond))
	wg.Add(1)
	go func() {
		defer wg.Done()
		rawPoll(t, srv2, chat2, 5*time.Second)
	}()
	waitHeld(t, srv2)
	require.NoError(t, srv2.End(chat2))
	wg.Wait()
	assert.Zero(t, srv2.OverlappingPolls())
}
