package brightpattern_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
)

// seedList is the seeds a property test runs: only one when it is set,
// else 1 to n.
func seedList(one uint64, n int) []uint64 {
	if one != 0 {
		return []uint64{one}
	}
	seeds := make([]uint64, 0, n)
	for i := 1; i <= n; i++ {
		seeds = append(seeds, uint64(i))
	}
	return seeds
}

// eachSeed runs check for every seed, at most parallel at a time, and
// reports each failure with the command that reruns its seed alone: rerun
// is the flags of that command, ending with the one that takes the seed
// ("-chaos.seed" gives -chaos.seed=N).
func eachSeed(t *testing.T, seeds []uint64, parallel int, check func(seed uint64) error, rerun string) {
	t.Helper()
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for _, seed := range seeds {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := check(seed); err != nil {
				t.Errorf("seed %d: %v\nrerun: go test ./brightpattern -run %s %s=%d", seed, err, t.Name(), rerun, seed)
			}
		}()
	}
	wg.Wait()
}

// chaosClient is a client of the chaos fake srv for seed's customer, with
// short retry waits and polls.
func chaosClient(srv *brightpatterntest.Server, seed uint64) (*brightpattern.Client, error) {
	return brightpattern.NewClient(tenant, "app-1", fmt.Sprint("client-", seed),
		brightpattern.WithBaseURL(srv.URL()),
		brightpattern.WithRetryWait(time.Millisecond, 10*time.Millisecond),
		brightpattern.WithMaxRetries(6),
		brightpattern.WithPollTimeout(80*time.Millisecond))
}

// chaosChat requests a chat through a new chaos client and has an agent
// join it; it returns the client, the chat and the agent's party id.
func chaosChat(ctx context.Context, srv *brightpatterntest.Server, seed uint64) (*brightpattern.Client, *brightpattern.Chat, string, error) {
	c, err := chaosClient(srv, seed)
	if err != nil {
		return nil, nil, "", err
	}
	chat, err := c.RequestChat(ctx, nil)
	if err != nil {
		return nil, nil, "", err
	}
	party, err := srv.Join(chat.ID, "Ann", "Lee")
	if err != nil {
		return nil, nil, "", err
	}
	return c, chat, party, nil
}
