package httpcore

import (
	"container/heap"
	"math"
	"sync"
	"time"
)

// deadlines fires the attempt timeouts of every client in the process from
// one runtime timer, set for the earliest. A held attempt (a long poll
// holds one for minutes) costs a place in a queue rather than a runtime
// timer and its function of its own.
type deadlines struct {
	mu    sync.Mutex
	queue boundQueue
	timer *time.Timer // set for queue[0]; nil until the first bound
}

// attemptDeadlines bounds every attempt.
var attemptDeadlines deadlines

// epoch is the origin of attemptBound.when, read on the monotonic clock.
var epoch = time.Now()

// add starts b's timeout, b.after from now.
func (d *deadlines) add(b *attemptBound) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if b.index >= 0 {
		return
	}
	now := time.Since(epoch)
	b.when = now + b.after
	if b.when < now { // past the clock's range: never
		b.when = math.MaxInt64
	}
	heap.Push(&d.queue, b)
	if b.index == 0 {
		d.arm()
	}
}

// remove stops b's timeout unless it has fired. The timer may then wake
// for nothing, once; it sets itself for the next bound.
func (d *deadlines) remove(b *attemptBound) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if b.index >= 0 {
		heap.Remove(&d.queue, int(b.index))
	}
}

// fire cancels the attempts whose time is up.
func (d *deadlines) fire() {
	var due []*attemptBound
	d.mu.Lock()
	now := time.Since(epoch)
	for len(d.queue) > 0 && d.queue[0].when <= now {
		due = append(due, heap.Pop(&d.queue).(*attemptBound))
	}
	if len(d.queue) > 0 {
		d.arm()
	}
	d.mu.Unlock()
	for _, b := range due {
		b.cancel(errAttemptTimedOut)
	}
}

// arm sets the timer for the earliest bound. d.mu is held and the queue is
// not empty.
func (d *deadlines) arm() {
	wait := d.queue[0].when - time.Since(epoch)
	if d.timer == nil {
		d.timer = time.AfterFunc(wait, d.fire)
		return
	}
	d.timer.Reset(wait)
}

// boundQueue is a heap of bounds ordered by when; each bound knows its
// index.
type boundQueue []*attemptBound

func (q boundQueue) Len() int           { return len(q) }
func (q boundQueue) Less(i, j int) bool { return q[i].when < q[j].when }

func (q boundQueue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index, q[j].index = int32(i), int32(j)
}

func (q *boundQueue) Push(x any) {
	b := x.(*attemptBound)
	b.index = int32(len(*q))
	*q = append(*q, b)
}

func (q *boundQueue) Pop() any {
	old := *q
	n := len(old) - 1
	b := old[n]
	old[n] = nil // the queue holds no ended attempt
	b.index = -1
	*q = old[:n]
	return b
}
