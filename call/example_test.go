package call_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/workspacechat"
)

// ResponseInto reports the last answer of a call that failed after its
// retries, and the vendor's Error carries the same request id and headers.
func ExampleResponseInto() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-42")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c, err := workspacechat.NewClient("api-key", workspacechat.WithBaseURL(srv.URL),
		workspacechat.WithRetryWait(time.Millisecond, time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}

	var resp call.Response
	_, err = c.ListChats(context.Background(), nil, call.MaxRetries(2), call.ResponseInto(&resp))
	fmt.Println(resp.StatusCode, resp.RequestID, resp.Attempts, resp.Header.Get("X-RateLimit-Remaining"))
	var e *workspacechat.Error
	if errors.As(err, &e) {
		fmt.Println("error request id:", e.RequestID)
	}
	// Output:
	// 503 req-42 3 0
	// error request id: req-42
}
