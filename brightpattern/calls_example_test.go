package brightpattern_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/brightpattern"
	"github.com/switchboard-go/switchboard/brightpattern/brightpatterntest"
	"github.com/switchboard-go/switchboard/call"
)

// Per-call options and response metadata: any method takes call options,
// and Raw reaches an endpoint the package does not model with the client's
// credentials, retries, redaction and error decoding.
func ExampleClient_Raw() {
	srv := brightpatterntest.NewServer()
	defer srv.Close()
	c, err := brightpattern.NewClient(brightpatterntest.DefaultTenant, brightpatterntest.DefaultAppID,
		brightpattern.NewClientID(), brightpattern.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	var resp call.Response
	if _, err := c.Availability(ctx, call.Timeout(5*time.Second), call.Header("X-Trace", "demo"), call.ResponseInto(&resp)); err != nil {
		log.Fatal(err)
	}
	fmt.Println("availability: HTTP", resp.StatusCode, "after", resp.Attempts, "attempt")

	var raw map[string]json.RawMessage
	if err := c.Raw(ctx, http.MethodGet, "availability", nil, &raw, call.Idempotent(), call.ResponseInto(&resp)); err != nil {
		log.Fatal(err)
	}
	fmt.Println("raw availability: HTTP", resp.StatusCode)
	// Output:
	// availability: HTTP 200 after 1 attempt
	// raw availability: HTTP 200
}
