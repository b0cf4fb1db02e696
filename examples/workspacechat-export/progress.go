package main

import (
	"fmt"
	"io"
	"time"
)

// progress draws "exporting chats: n/total" on one terminal line, redrawn
// at most every interval, and clears it when done.
type progress struct {
	w        io.Writer
	total    int // 0 when unknown
	n        int
	interval time.Duration
	drawn    time.Time
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: total, interval: 100 * time.Millisecond}
}

// add counts one more chat and redraws when the interval has passed.
func (p *progress) add() {
	p.n++
	if now := time.Now(); now.Sub(p.drawn) >= p.interval {
		p.drawn = now
		p.draw()
	}
}

func (p *progress) draw() {
	if p.total > 0 {
		fmt.Fprintf(p.w, "\rexporting chats: %d/%d", p.n, p.total)
		return
	}
	fmt.Fprintf(p.w, "\rexporting chats: %d", p.n)
}

// finish clears the line.
func (p *progress) finish() {
	if !p.drawn.IsZero() {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
