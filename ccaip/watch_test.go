package ccaip_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
)

// watchFake starts a fake, a client with opts and a chat for a watch test,
// and checks, once the fake is closed, that no goroutine was left behind.
func watchFake(t *testing.T, opts ...ccaip.Option) (*fakeEnv, *ccaip.EndUser, *ccaip.Chat) {
	t.Helper()
	t.Cleanup(func() { goleak.VerifyNone(t) })
	e := newFake(t, nil, opts...)
	u, chat := startChat(t, e.c)
	return e, u, chat
}

func TestWatchChatScripted(t *testing.T) {
	e, u, chat := watchFake(t)
	ctx := context.Background()

	var kinds []ccaip.ChangeKind
	var statuses []ccaip.ChatStatus
	for ch, err := range e.c.WatchChat(ctx, chat.ID) {
		require.NoError(t, err)
		kinds = append(kinds, ch.Kind)
		switch ch.Kind {
		case ccaip.ChangeStatus:
			statuses = append(statuses, ch.Chat.Status)
			if ch.Chat.Status == ccaip.ChatVAAssigned {
				_, err := e.c.Escalate(ctx, chat.ID, &ccaip.EscalateRequest{Reason: ccaip.ReasonByEndUserAsk})
				require.NoError(t, err)
			}
		case ccaip.ChangeEscalated:
			_, err := e.srv.AgentJoins(chat.ID, "Maria Rossi")
			require.NoError(t, err)
		case ccaip.ChangeAgentJoined:
			assert.Equal(t, "Maria Rossi", ch.Agent.Name)
			_, err := e.c.FinishChat(ctx, chat.ID, u.ID)
			require.NoError(t, err)
		}
	}
	assert.Equal(t, []ccaip.ChatStatus{ccaip.ChatVAAssigned, ccaip.ChatQueued, ccaip.ChatAssigned, ccaip.ChatFinished}, statuses)
	assert.Equal(t, []ccaip.ChangeKind{
		ccaip.ChangeStatus, ccaip.ChangeStatus, ccaip.ChangeEscalated,
		ccaip.ChangeStatus, ccaip.ChangeAgentJoined, ccaip.ChangeStatus,
	}, kinds)
}

func TestWatchChatBreak(t *testing.T) {
	e, _, chat := watchFake(t)
	n := 0
	for _, err := range e.c.WatchChat(context.Background(), chat.ID) {
		require.NoError(t, err)
		n++
		break
	}
	assert.Equal(t, 1, n)
}

func TestWatchChatRetriesThenFails(t *testing.T) {
	e, _, chat := watchFake(t, ccaip.WithMaxRetries(-1))
	e.srv.InjectFault(ccaiptest.Fault{Method: "GET", Path: "/chats/", Status: 503, Times: 2})
	var changes int
	for ch, err := range e.c.WatchChat(context.Background(), chat.ID) {
		require.NoError(t, err)
		changes++
		require.NoError(t, e.srv.SetStatus(ch.Chat.ID, "finished"))
	}
	assert.Equal(t, 2, changes, "va_assigned, then finished after two failed polls")

	var gotErr error
	for _, err := range e.c.WatchChat(context.Background(), 424242) {
		gotErr = err
	}
	require.ErrorIs(t, gotErr, ccaip.ErrNotFound)
}

func TestWatchChatContext(t *testing.T) {
	e, _, chat := watchFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var gotErr error
	for _, err := range e.c.WatchChat(ctx, chat.ID) {
		if err != nil {
			gotErr = err
			break
		}
		cancel()
	}
	require.ErrorIs(t, gotErr, context.Canceled)
}
