package anycom_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/anycom"
	"github.com/switchboard-go/switchboard/anycom/anycomtest"
	"github.com/switchboard-go/switchboard/call"
)

// Per-call options and response metadata: any method takes call options,
// and Raw reaches an endpoint the package does not model with the client's
// credentials, retries, redaction and error decoding.
func ExampleClient_Raw() {
	srv := anycomtest.NewServer()
	defer srv.Close()
	c, err := anycom.NewClient(anycomtest.DefaultAuthKey, anycomtest.DefaultAuthUser, anycom.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	var resp call.Response
	if _, err := c.Status(ctx, call.Timeout(5*time.Second), call.Header("X-Trace", "demo"), call.ResponseInto(&resp)); err != nil {
		log.Fatal(err)
	}
	fmt.Println("status: HTTP", resp.StatusCode, "after", resp.Attempts, "attempt")

	var out struct {
		Status int `json:"status"`
	}
	err = c.Raw(ctx, http.MethodPost, "/", map[string]any{"group": "status", "cmd": "", "args": map[string]any{}}, &out,
		call.Idempotent(), call.ResponseInto(&resp))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("raw status", out.Status, "; HTTP", resp.StatusCode)
	// Output:
	// status: HTTP 200 after 1 attempt
	// raw status 200 ; HTTP 200
}
