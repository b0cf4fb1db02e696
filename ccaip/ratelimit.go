package ccaip

import (
	"net/http"

	"golang.org/x/time/rate"
)

// limitedTransport waits for the limiter before every attempt sent to the
// API host. Uploads to the storage service (another host) are not limited.
type limitedTransport struct {
	next    http.RoundTripper
	limiter *rate.Limiter
	host    string
}

func (t *limitedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host == t.host {
		if err := t.limiter.Wait(r.Context()); err != nil {
			if r.Body != nil {
				_ = r.Body.Close()
			}
			return nil, err
		}
	}
	return t.next.RoundTrip(r)
}

// limitedClient returns a copy of hc (nil means a private client with a
// pooled transport) whose transport waits for l before each request to host.
func limitedClient(hc *http.Client, l *rate.Limiter, host string) *http.Client {
	var cp http.Client
	if hc != nil {
		cp = *hc
	}
	next := cp.Transport
	if next == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 16
		next = t
	}
	cp.Transport = &limitedTransport{next: next, limiter: l, host: host}
	return &cp
}
