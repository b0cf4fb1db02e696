package main

import (
	"strings"
	"testing"
)

func TestProgressDrawsCountAndClears(t *testing.T) {
	var out strings.Builder
	p := newProgress(&out, 3)
	p.interval = 0
	p.add()
	p.add()
	p.finish()
	got := out.String()
	if !strings.Contains(got, "exporting chats: 2/3") || !strings.HasSuffix(got, "\r\033[K") {
		t.Fatalf("progress output %q", got)
	}

	out.Reset()
	p = newProgress(&out, 0)
	p.interval = 0
	p.add()
	if !strings.Contains(out.String(), "exporting chats: 1") || strings.Contains(out.String(), "/") {
		t.Fatalf("progress with an unknown total %q", out.String())
	}
}
