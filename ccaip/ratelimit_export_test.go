package ccaip

import (
	"context"
	"sync"
	"time"
)

// ExerciseRateLimiter sends one request per entry of arrive through l at
// once: each arrives at the server arrive[i] after taking its slot and is
// answered answer[i] later. It returns the arrival times.
func ExerciseRateLimiter(l *RateLimiter, arrive, answer []time.Duration) []time.Time {
	arrivals := make([]time.Time, len(arrive))
	var wg sync.WaitGroup
	for i := range arrive {
		wg.Go(func() {
			done, err := l.acquire(context.Background())
			if err != nil {
				panic(err) // a background context never ends
			}
			time.Sleep(arrive[i])
			arrivals[i] = time.Now()
			time.Sleep(answer[i])
			done()
		})
	}
	wg.Wait()
	return arrivals
}
