package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// assertLines checks that want appear in out as whole lines, in this order.
func assertLines(t *testing.T, out string, want ...string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	i := 0
	for _, w := range want {
		for i < len(lines) && lines[i] != w {
			i++
		}
		if !assert.Less(t, i, len(lines), "line %q missing or out of order in:\n%s", w, out) {
			return
		}
		i++
	}
}

// headings returns the transcript's vendor headings.
func headings(out string) []string {
	var hs []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "== ") {
			hs = append(hs, l)
		}
	}
	return hs
}

func runScenario(t *testing.T, f func(context.Context, io.Writer) error) string {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, f(testContext(t), &out))
	return out.String()
}

func TestBrightPattern(t *testing.T) {
	out := runScenario(t, runBrightPattern)
	assertLines(t, out,
		"  availability: available (estimated wait 20s)",
		"  chat requested: queued (estimated wait 20s)",
		"  status: queued (estimated wait 20s)",
		"  queue: You are number 2 in the queue.",
		"  status: connected",
		"  agent joined: Alice Martin",
		"  Alice Martin: Hi, I'm Alice. How can I help you today?",
		"  customer: Hello, my order is late",
		"  Alice Martin: Sorry about that. Could you send me your receipt?",
		"  customer uploaded receipt.txt (37 bytes)",
		"  customer sent the file: receipt.txt (attachment)",
		"  Alice Martin: Thanks, I received receipt.txt.",
		"  customer: Thank you!",
		"  Alice Martin: You're welcome! Your order ships today.",
		"  customer ends the chat",
		"  agent left: Alice Martin",
		"  chat ended",
	)
}

func TestAnyCom(t *testing.T) {
	out := runScenario(t, runAnyCom)
	assertLines(t, out,
		"  channels: whatsapp/1 UP, whatsapp/9 UP, livechat UP, liveflow UP",
		"  awaiting queue: 2 waiting",
		"    ExCodes Software <554432328668@c.us>, group Suporte: Recuperada da desconexão de Max",
		"    Ana Souza <5511987650001@c.us>, group Suporte: Second copy of invoice",
		"  WhatsApp number +5511987650002: valid",
		"  invite sent: Chat invited Successful",
		"  awaiting queue: 3 waiting",
		"    5511987650002@c.us, group Suporte: Order 1234 is late",
	)
}

func TestCCAIP(t *testing.T) {
	out := runScenario(t, runCCAIP)
	assert.Regexp(t, `(?m)^  end user \d+: 3f2b8c1e-5d4a-4e6f-9a7b-0c1d2e3f4a5b$`, out)
	assert.Regexp(t, `(?m)^  chat \d+: va_assigned with Virtual Agent$`, out)
	assert.Regexp(t, `(?m)^  escalation \d+: escalating$`, out)
	assertLines(t, out,
		"  customer: Hello, my order is late",
		"  signed custom data sent: 3 items",
		"  status: queued",
		"  status: assigned",
		"  agent joined: Maria Rossi",
	)
	assert.Regexp(t, `(?m)^  chat \d+: finished\n\z`, out)
}

func TestWorkspaceChat(t *testing.T) {
	out := runScenario(t, runWorkspaceChat)
	assertLines(t, out,
		`  newest: Conversation 25 (api, Customer 25), last message from assistant: "Order 25 ships tomorrow."`,
		"  page 1: 10 chats, Conversation 25 … Conversation 16",
		"  page 2: 10 chats, Conversation 15 … Conversation 6",
		"  page 3: 5 chats, Conversation 5 … Conversation 1",
		"  listed 25 chats",
		"  AllChats iterator: 25 chats",
	)
	assert.NotContains(t, out, "page 4")
}

func TestRunAll(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(testContext(t), nil, &stdout, &stderr)
	require.Equal(t, 0, code, "stderr: %s", stderr.String())
	assert.Empty(t, stderr.String())
	out := stdout.String()
	assert.Len(t, headings(out), 4)
	assertLines(t, out,
		"== Bright Pattern: a customer chats with an agent ==",
		"  chat ended",
		"== AnyCom: the WhatsApp queue and an invite ==",
		"  invite sent: Chat invited Successful",
		"== CCAI Platform: a virtual-agent chat escalated to a person ==",
		"  agent joined: Maria Rossi",
		"== Workspace chat: every chat of the workspace, page by page ==",
		"  AllChats iterator: 25 chats",
	)
	assert.True(t, strings.HasSuffix(out, "\nquickstart: all four scenarios passed\n"), out)
}

func TestRunOneVendor(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(testContext(t), []string{"-vendor", "anycom"}, &stdout, &stderr)
	require.Equal(t, 0, code, "stderr: %s", stderr.String())
	out := stdout.String()
	assert.Equal(t, []string{"== AnyCom: the WhatsApp queue and an invite =="}, headings(out))
	assert.True(t, strings.HasSuffix(out, "\nquickstart: the anycom scenario passed\n"), out)
}

func TestRunUsageErrors(t *testing.T) {
	for name, args := range map[string][]string{
		"unknown vendor": {"-vendor", "genesys"},
		"empty vendor":   {"-vendor", ""},
		"unknown flag":   {"-verbose"},
		"extra argument": {"anycom"},
	} {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			assert.Equal(t, 2, run(testContext(t), args, &stdout, &stderr))
			assert.Empty(t, stdout.String(), "no scenario runs")
			assert.Contains(t, stderr.String(), "usage: quickstart [-vendor name]")
		})
	}
	var stderr bytes.Buffer
	run(testContext(t), []string{"-vendor", "genesys"}, io.Discard, &stderr)
	assert.Contains(t, stderr.String(), `quickstart: unknown vendor "genesys" (want brightpattern, anycom, ccaip, workspacechat or all)`)
}

func TestRunHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 0, run(testContext(t), []string{"-h"}, &stdout, &stderr))
	assert.Empty(t, stdout.String())
	assert.Contains(t, stderr.String(), "-vendor")
}

func TestRunFailure(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // every request fails at once
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 1, run(ctx, []string{"-vendor", "brightpattern"}, &stdout, &stderr))
	assert.True(t, strings.HasPrefix(stderr.String(), "quickstart: brightpattern: availability: "), stderr.String())
	assert.Contains(t, stderr.String(), "context canceled")
	assert.NotContains(t, stdout.String(), "passed")
}
