package httpcore

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                      "plain",
		"":                           "",
		"two\nlines":                 "two lines",
		"\r\n<html>\r\n\t<b>x</b>\n": "<html> <b>x</b>",
		"nul\x00and\x1bescape":       "nul and escape",
		"ünï\ncode":                  "ünï code",
	} {
		assert.Equal(t, want, OneLine(in), "%q", in)
	}
}

// TestServerTextNeverSpansLines: a server message or a last response with
// line breaks is folded into one line in every error string.
func TestServerTextNeverSpansLines(t *testing.T) {
	msg := FormatError("v", "GET", "https://x/y", 502, "bad_gateway", "<html>\n<body>Bad\r\nGateway</body>\n</html>\n", 2)
	assert.NotContains(t, msg, "\n")
	assert.Contains(t, msg, "<html> <body>Bad Gateway</body> </html>")

	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html>\n<h1>502</h1>\n</html>\n"))
	})
	c := newTestClient(t, srv.URL)
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "x", Safety: Idempotent}, nil)
	require.Error(t, err)
	assert.False(t, strings.ContainsAny(err.Error(), "\r\n"), "%q", err.Error())

	te := &TransportError{Vendor: "v", Method: "GET", URL: "u", Err: context.DeadlineExceeded, Last: "HTTP 503:\nbusy"}
	assert.NotContains(t, te.Error(), "\n")
}
