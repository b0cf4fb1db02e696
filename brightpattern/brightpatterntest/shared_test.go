package brightpatterntest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
	"github.com/switchboard-go/switchboard/fake"
)

// availability asks for availability with tenantUrl and appId.
func availability(t *testing.T, srv *brightpatterntest.Server, tenantURL, appID string) (int, []byte) {
	t.Helper()
	resp, data := send(t, srv, http.MethodGet, "/clientweb/api/v1/availability?tenantUrl="+tenantURL,
		`MOBILE-API-140-327-PLAIN appId="`+appID+`", clientId="c"`, "", nil)
	return resp.StatusCode, data
}

func TestWithCredentials(t *testing.T) {
	open := brightpatterntest.NewServer()
	defer open.Close()
	for _, tc := range [][2]string{
		{brightpatterntest.DefaultTenant, brightpatterntest.DefaultAppID}, {"any.example.com", "any-app"},
	} {
		status, data := availability(t, open, tc[0], tc[1])
		assert.Equal(t, http.StatusOK, status, "by default any tenant and appId: %v %s", tc, data)
	}

	strict := brightpatterntest.NewServer(brightpatterntest.WithCredentials("acme.example.com", "app-1", "app-2"))
	defer strict.Close()
	for _, tc := range []struct {
		tenant, app string
		status      int
		code        string
	}{
		{"acme.example.com", "app-1", http.StatusOK, ""},
		{"acme.example.com", "app-2", http.StatusOK, ""},
		{brightpatterntest.DefaultTenant, "app-1", http.StatusForbidden, "1000"},
		{"acme.example.com", brightpatterntest.DefaultAppID, http.StatusForbidden, "3000"},
	} {
		status, data := availability(t, strict, tc.tenant, tc.app)
		assert.Equal(t, tc.status, status, "%s %s", tc.tenant, tc.app)
		if tc.code != "" {
			assert.Equal(t, tc.code, errorCode(t, data))
		}
	}

	tenantOnly := brightpatterntest.NewServer(brightpatterntest.WithCredentials("acme.example.com"))
	defer tenantOnly.Close()
	status, _ := availability(t, tenantOnly, "acme.example.com", "whatever")
	assert.Equal(t, http.StatusOK, status, "no appIds: any appId")
	appOnly := brightpatterntest.NewServer(brightpatterntest.WithCredentials("", "app-1"))
	defer appOnly.Close()
	status, _ = availability(t, appOnly, "whatever.example.com", "app-1")
	assert.Equal(t, http.StatusOK, status, "an empty tenant: any tenantUrl")
	http.DefaultClient.CloseIdleConnections()
}

func TestScriptMethodsReportAnUnknownChat(t *testing.T) {
	srv := newServer(t)
	ended := requestChat(t, srv)
	party := joinAgent(t, srv, ended)
	require.NoError(t, srv.End(ended))

	for _, id := range []string{"no-such-chat", ended} {
		calls := map[string]func() error{
			"Emit":    func() error { return srv.Emit(id, map[string]any{"event": "chat_session_status"}) },
			"Join":    func() error { _, err := srv.Join(id, "A", "B"); return err },
			"Typing":  func() error { return srv.Typing(id, party, true) },
			"Say":     func() error { _, err := srv.Say(id, party, "hi"); return err },
			"Leave":   func() error { return srv.Leave(id, party) },
			"End":     func() error { return srv.End(id) },
			"SetCase": func() error { return srv.SetCase(id, "case-1") },
			"SendFile": func() error {
				_, err := srv.SendFile(id, party, "a.txt", "text/plain", []byte("a"))
				return err
			},
		}
		for name, f := range calls {
			err := f()
			assert.ErrorIs(t, err, brightpatterntest.ErrUnknownChat, "%s(%s)", name, id)
			assert.ErrorIs(t, err, fake.ErrUnknownChat, "%s: the same error as every fake's", name)
			assert.EqualError(t, err, "brightpatterntest: chat "+id+": unknown chat", name)
		}
	}
}

func TestReceived(t *testing.T) {
	srv := newServer(t)
	chatID := requestChat(t, srv)
	poll(t, srv, chatID)
	got := srv.Received()
	require.Len(t, got, 2)
	assert.Equal(t, http.MethodPost, got[0].Method)
	assert.Equal(t, "/clientweb/api/v1/chats", got[0].Path)
	assert.Equal(t, "tenantUrl="+tenant, got[0].Query)
	assert.Equal(t, "/clientweb/api/v1/chats/"+chatID+"/events", got[1].Path)
	assert.False(t, got[1].At.Before(got[0].At))
	assert.Equal(t, 1, srv.Count(http.MethodGet, "/events"))
	assert.Equal(t, 2, srv.Count("", "/clientweb/api/v1/chats"))
}
