package anycom_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

// TestLogNamesTheCommand: every command is POST /, so the records name the
// group and command; a failure the envelope reports is logged at Warn once.
func TestLogNamesTheCommand(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct{ Group string }
		_ = json.NewDecoder(r.Body).Decode(&req)
		if req.Group == "status" {
			_, _ = w.Write([]byte(`{"status":500,"result":"internal error"}`))
			return
		}
		_, _ = w.Write([]byte(`{"status":200,"result":[]}`))
	}))
	defer ts.Close()
	var buf bytes.Buffer
	c, err := anycom.NewClient("sk-anycom-secret", "user", anycom.WithBaseURL(ts.URL), anycom.WithLogger(fixture.DebugLogger(&buf)),
		anycom.WithRetryWait(time.Millisecond, time.Millisecond))
	require.NoError(t, err)

	_, err = c.Chat.Awaiting(context.Background())
	require.NoError(t, err)
	_, err = c.Status(context.Background())
	require.Error(t, err)

	fixture.RequireLog(t, &buf, "anycom http attempt", fixture.LogRecord{"operation": "chat show"}, fixture.LogRecord{"operation": "status"})
	fixture.RequireLog(t, &buf, "anycom call failed", fixture.LogRecord{"level": "WARN", "operation": "status"})
	assert.NotContains(t, buf.String(), "sk-anycom-secret", "no credential")
}
