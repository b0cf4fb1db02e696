package ccaip_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
)

// Per-call options and response metadata: any method takes call options,
// and Raw reaches an endpoint the package does not model with the client's
// credentials, retries, redaction and error decoding.
func ExampleClient_Raw() {
	srv := ccaiptest.NewServer()
	defer srv.Close()
	c, err := ccaip.NewClient(ccaiptest.DefaultUsername, ccaiptest.DefaultToken, ccaip.WithBaseURL(srv.URL()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	var resp call.Response
	user, err := c.UpsertEndUser(ctx, &ccaip.EndUserRequest{Identifier: "customer-7"},
		call.Timeout(5*time.Second), call.Header("X-Trace", "demo"), call.ResponseInto(&resp))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("end user", user.Identifier, "; HTTP", resp.StatusCode, "after", resp.Attempts, "attempt")

	var raw map[string]any
	err = c.Raw(ctx, http.MethodGet, "end_users?identifier=customer-7", nil, &raw, call.Idempotent(), call.ResponseInto(&resp))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("raw identifier", raw["identifier"], "; HTTP", resp.StatusCode)
	// Output:
	// end user customer-7 ; HTTP 200 after 1 attempt
	// raw identifier customer-7 ; HTTP 200
}
