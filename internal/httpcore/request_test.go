package httpcore

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExpandPath(t *testing.T) {
	got, err := expandPath("https://h/api", "chats/{chatId}/files/{fileId}", "a/b c", "x?y#z")
	require.NoError(t, err)
	assert.Equal(t, "https://h/api/chats/a%2Fb%20c/files/x%3Fy%23z", got)
	for tpl, want := range map[string]string{"": "https://h/api", "/": "https://h/api/", "/x": "https://h/api/x", "//x": "https://h/api//x"} {
		got, err := expandPath("https://h/api", tpl)
		require.NoError(t, err)
		assert.Equal(t, want, got, "%q", tpl)
	}

	for _, bad := range []struct {
		tpl    string
		params []string
	}{
		{"chats/{id}", []string{".."}},
		{"chats/{id}", []string{"."}},
		{"chats/{id}", []string{""}},
		{"chats/{id}", nil},
		{"chats/{id}", []string{"a", "b"}},
		{"chats/{id", []string{"a"}},
	} {
		_, err := expandPath("https://h/api", bad.tpl, bad.params...)
		assert.ErrorIs(t, err, ErrInvalidPathParam, "%q %q", bad.tpl, bad.params)
	}
}

type listQuery struct {
	IDs      []string `url:"ids,omitempty"`
	Page     int      `url:"pageNumber,omitempty"`
	Empty    string   `url:"empty,omitempty"`
	Included bool     `url:"included,omitempty"`
}

func TestRequestBuilding(t *testing.T) {
	var got *http.Request
	var body []byte
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		got = r
		body, _ = io.ReadAll(r.Body)
		_, _ = w.Write([]byte(`{}`))
	})
	c := newTestClient(t, srv.URL+"/api/v1/", func(cfg *Config) {
		cfg.UserAgent = "ua/1"
		cfg.Authenticate = func(r *http.Request) error {
			r.Header.Set("X-Key", "k")
			return nil
		}
	})
	_, err := c.Do(context.Background(), &Request{
		Method: http.MethodPost, Path: "chats/{id}/events", PathParams: []string{"a b"},
		Query:  listQuery{IDs: []string{"1", "2"}, Page: 3},
		Header: http.Header{"X-Extra": {"v"}},
		JSON:   map[string]any{"text": "<hi>"},
	}, nil)
	require.NoError(t, err)
	assert.Equal(t, "/api/v1/chats/a%20b/events", got.URL.EscapedPath())
	assert.Equal(t, url.Values{"ids": {"1", "2"}, "pageNumber": {"3"}}, got.URL.Query())
	assert.Equal(t, "application/json", got.Header.Get("Content-Type"))
	assert.Equal(t, "ua/1", got.Header.Get("User-Agent"))
	assert.Equal(t, "k", got.Header.Get("X-Key"))
	assert.Equal(t, "v", got.Header.Get("X-Extra"))
	assert.Equal(t, int64(len(body)), got.ContentLength)
	assert.JSONEq(t, `{"text":"<hi>"}`, string(body))
	assert.NotContains(t, string(body), `\u003c`, "HTML is not escaped")
}

func TestRequestAbsoluteURLKeepsItsQuery(t *testing.T) {
	var got *http.Request
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { got = r })
	c := newTestClient(t, "https://api.example.com/")
	_, err := c.Do(context.Background(), &Request{Method: "GET", URL: srv.URL + "/upload?sig=1", Query: url.Values{"a": {"b"}}, NoAuth: true}, nil)
	require.NoError(t, err)
	assert.Equal(t, url.Values{"sig": {"1"}, "a": {"b"}}, got.URL.Query())
}

func TestRequestRejectsBadInput(t *testing.T) {
	c := newTestClient(t, "https://api.example.com/")
	ctx := context.Background()

	_, err := c.Do(ctx, &Request{Method: "GET", Path: "chats/{id}", PathParams: []string{".."}}, nil)
	assert.ErrorIs(t, err, ErrInvalidPathParam)

	_, err = c.Do(ctx, &Request{Method: "GET", Path: "x", Header: http.Header{"X-A": {"a\r\nX-Injected: 1"}}}, nil)
	assert.ErrorIs(t, err, ErrInvalidHeader)

	_, err = c.Do(ctx, &Request{Method: "POST", Path: "x", JSON: json.RawMessage(`{bad`)}, nil)
	assert.Error(t, err)

	_, err = c.Do(ctx, &Request{Method: "POST", Path: "x", JSON: func() {}}, nil)
	assert.Error(t, err)

	_, err = c.Do(ctx, &Request{Method: "POST", Path: "x", JSON: 1, Body: bytesBody(nil, "")}, nil)
	assert.Error(t, err)

	_, err = c.Do(ctx, &Request{Method: "GET", URL: "relative/path"}, nil)
	assert.Error(t, err)
}

func TestCredentialsOnlyOverHTTPS(t *testing.T) {
	_, err := New(Config{Vendor: "v", Settings: Settings{BaseURL: "http://api.example.com/"}})
	assert.ErrorIs(t, err, ErrInsecureTransport)

	_, err = New(Config{Vendor: "v", Settings: Settings{BaseURL: "http://api.example.com/", AllowInsecure: true}})
	assert.NoError(t, err)

	for _, loop := range []string{"http://127.0.0.1:8080/", "http://localhost/", "http://[::1]:9/"} {
		_, err = New(Config{Vendor: "v", Settings: Settings{BaseURL: loop}})
		assert.NoError(t, err, loop)
	}

	c := newTestClient(t, "https://api.example.com/")
	_, err = c.Do(context.Background(), &Request{Method: "GET", URL: "http://evil.example.com/x"}, nil)
	assert.ErrorIs(t, err, ErrInsecureTransport, "an absolute plain-http URL carrying credentials is refused")
}

func TestNewValidatesConfig(t *testing.T) {
	for _, base := range []string{"", "ftp://x/", "api.example.com", "https://"} {
		_, err := New(Config{Vendor: "v", Settings: Settings{BaseURL: base}})
		assert.Error(t, err, base)
	}
	_, err := New(Config{Vendor: "v", Settings: Settings{BaseURL: "https://x/", UserAgent: "a\nb"}})
	assert.ErrorIs(t, err, ErrInvalidHeader)
	_, err = New(Config{Vendor: "v", Settings: Settings{BaseURL: "https://x/", RetryWaitMin: 2, RetryWaitMax: 1}})
	assert.Error(t, err)
}

func TestCheckQuotedValue(t *testing.T) {
	assert.NoError(t, CheckQuotedValue("appId", "abc-123"))
	for _, bad := range []string{`a"b`, "a\rb", "a\nb", `a\b`, "a\x00"} {
		assert.ErrorIs(t, CheckQuotedValue("appId", bad), ErrInvalidHeader, "%q", bad)
	}
	err := CheckHeaderValue("auth_key", "secret\nvalue")
	assert.NotContains(t, err.Error(), "secret")
}
