package ccaip_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
)

var endUserSeeds = flag.Int("ccaip.endUserSeeds", 150, "seeds for TestEndUserPathProperty")

// TestEndUserPathProperty drives UpdateChatEndUser against fakes that route
// one spelling or both, over live, ended and missing chats, with faults
// (503 before handling, connection dropped before or after handling), and
// checks on every call:
//   - an end user is never updated twice by one call;
//   - success means exactly one update, and a 404 or a refusal means none;
//   - a call sends at most two requests, and only one once a spelling has
//     been confirmed by the server.
//
// A failure prints its seed; -ccaip.endUserSeeds=N runs more.
func TestEndUserPathProperty(t *testing.T) {
	for seed := range uint64(*endUserSeeds) {
		if !runEndUserSeed(t, seed) {
			t.Fatalf("seed %d failed", seed)
		}
	}
}

func runEndUserSeed(t *testing.T, seed uint64) bool {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	var srvOpts []ccaiptest.Option
	switch rng.IntN(3) {
	case 0:
		srvOpts = append(srvOpts, ccaiptest.WithEndUserPath("end_user"))
	case 1:
		srvOpts = append(srvOpts, ccaiptest.WithEndUserPath("end-user"))
	}
	e := newFake(t, srvOpts, ccaip.WithMaxRetries(2))
	defer e.close()
	ctx := context.Background()
	_, live := startChat(t, e.c)
	_, ended := startChat(t, e.c)
	if err := e.srv.SetStatus(ended.ID, "finished"); err != nil {
		t.Error(err)
		return false
	}
	confirmed := false
	for call := range 10 {
		chatID := []int64{live.ID, ended.ID, 424242}[rng.IntN(3)]
		path := fmt.Sprintf("/chats/%d/", chatID)
		switch rng.IntN(5) {
		case 0:
			e.srv.InjectFault(ccaiptest.Fault{Method: "POST", Path: path, Status: 503, Body: `{"message":"busy"}`})
		case 1:
			e.srv.InjectFault(ccaiptest.Fault{Method: "POST", Path: path, DropAfter: true})
		case 2:
			e.srv.InjectFault(ccaiptest.Fault{Method: "POST", Path: path, DropBefore: true})
		}
		before, _ := e.srv.Chat(chatID)
		sent := e.srv.Count("POST", path)
		err := e.c.UpdateChatEndUser(ctx, chatID, &ccaip.EndUserRequest{Identifier: fmt.Sprint("id-", call)})
		after, _ := e.srv.Chat(chatID)
		updates := len(after.EndUserUpdates) - len(before.EndUserUpdates)
		requests := e.srv.Count("POST", path) - sent
		var ce *ccaip.Error
		fail := func(format string, args ...any) bool {
			t.Errorf("seed %d call %d (chat %d): "+format, append([]any{seed, call, chatID}, args...)...)
			return false
		}
		switch {
		case updates > 1:
			return fail("%d updates", updates)
		case err == nil && updates != 1:
			return fail("success with %d updates", updates)
		case errors.As(err, &ce) && updates != 0:
			return fail("API error %v with %d updates", err, updates)
		case requests > 2 || requests < 1:
			return fail("%d requests", requests)
		case confirmed && requests != 1:
			return fail("%d requests after the spelling was confirmed", requests)
		}
		if err == nil || errors.As(err, &ce) && ce.StatusCode == http.StatusBadRequest {
			confirmed = true
		}
	}
	return !t.Failed()
}

// A server that routes only the seed's end-user spelling: the first call
// finds it after a 404 on end_user, and the next goes straight to it.
func fixtureChatEndUserHyphen(t *testing.T) {
	c := replay(t, "chat_end_user_route_missing", "chat_end_user_hyphen", "chat_end_user_hyphen")
	ctx := context.Background()
	req := &ccaip.EndUserRequest{Identifier: euID, Name: "Anna Verdi", Email: "anna@example.com", Phone: "+393331234567"}
	require.NoError(t, c.UpdateChatEndUser(ctx, 4242, req))
	require.NoError(t, c.UpdateChatEndUser(ctx, 4242, req))
}
