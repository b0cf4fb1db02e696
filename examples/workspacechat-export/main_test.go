package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExportFromFake(t *testing.T) {
	c, total, closeFake, err := connect(120)
	require.NoError(t, err)
	defer closeFake()
	assert.Equal(t, 120, total)

	cfg := config{channelTypes: "whatsapp, widget", since: "2025-01-01T00:30:00Z"}
	f, err := cfg.filter()
	require.NoError(t, err)
	var out bytes.Buffer
	n, err := export(context.Background(), c, f, true, &out, -1)
	require.NoError(t, err)
	assert.Equal(t, 36, n, "2 of 5 channel types among chats 30–120")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, n)
	var l struct {
		Chat     map[string]any   `json:"chat"`
		Messages []map[string]any `json:"messages"`
	}
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &l))
	assert.Contains(t, []any{"whatsapp", "widget"}, l.Chat["channelType"])
	assert.Len(t, l.Messages, 2)

	_, err = (&config{since: "yesterday"}).filter()
	assert.Error(t, err)
}
