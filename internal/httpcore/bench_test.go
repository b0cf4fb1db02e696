package httpcore

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
)

// benchPayload is a typical chat-API answer.
const benchPayload = `{"chat_id":"c-123","is_new_chat":true,"ewt":"42","events":[{"event":"chat_session_message","msg_id":"1","party_id":"p","msg":"hello there","timestamp":1617043377123}]}`

type benchReply struct {
	ChatID    string `json:"chat_id"`
	IsNewChat bool   `json:"is_new_chat"`
	EWT       string `json:"ewt"`
	Events    []struct {
		Event     string `json:"event"`
		MsgID     string `json:"msg_id"`
		PartyID   string `json:"party_id"`
		Msg       string `json:"msg"`
		Timestamp int64  `json:"timestamp"`
	} `json:"events"`
}

func benchServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(benchPayload))
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkJSONCall makes the same POST-with-JSON call through the core and
// through hand-written net/http plus encoding/json on the same transport.
func BenchmarkJSONCall(b *testing.B) {
	srv := benchServer(b)
	body := map[string]string{"phone_number": "3001", "from": "Jane"}

	b.Run("core", func(b *testing.B) {
		c, err := New(Config{Vendor: "bench", Settings: Settings{BaseURL: srv.URL + "/clientweb/api/v1/"},
			Authenticate: func(r *http.Request) error {
				r.Header.Set("Authorization", `MOBILE-API-140-327-PLAIN appId="a", clientId="c"`)
				return nil
			}})
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			var out benchReply
			if _, err := c.Do(ctx, &Request{Method: "POST", Path: "chats", JSON: body}, &out); err != nil {
				b.Fatal(err)
			}
		}
	})

	b.Run("baseline", func(b *testing.B) {
		hc := &http.Client{Transport: newTransport()}
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			buf, err := json.Marshal(body)
			if err != nil {
				b.Fatal(err)
			}
			req, err := http.NewRequestWithContext(ctx, "POST", srv.URL+"/clientweb/api/v1/chats", bytes.NewReader(buf))
			if err != nil {
				b.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", `MOBILE-API-140-327-PLAIN appId="a", clientId="c"`)
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			var out benchReply
			err = json.NewDecoder(resp.Body).Decode(&out)
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != 200 {
				b.Fatal(err, resp.StatusCode)
			}
		}
	})
}

// zeroReader yields n zero bytes without holding them.
type zeroReader struct{ n int64 }

func (z *zeroReader) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), z.n)
	clear(p[:k])
	z.n -= k
	return int(k), nil
}

// BenchmarkUpload25MB streams a 25 MB multipart upload through the core and
// reports the bytes allocated per upload on the client side.
func BenchmarkUpload25MB(b *testing.B) {
	const size = 25 << 20
	srv := benchServer(b)
	c, err := New(Config{Vendor: "bench", Settings: Settings{BaseURL: srv.URL}})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		file, err := ReaderBody(&zeroReader{n: size}, size, "application/octet-stream")
		if err != nil {
			b.Fatal(err)
		}
		body, err := MultipartBody([]FormField{{"tenantUrl", "t"}}, FormFile{Field: "file", FileName: "big.bin", Content: file})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Do(ctx, &Request{Method: "POST", Path: "files", Body: body}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// TestUploadAllocatesUnderOneMegabyte pins the upload's memory bound: the
// figure comes from the allocator's own counters, not from timing.
func TestUploadAllocatesUnderOneMegabyte(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads 25 MB")
	}
	res := testing.Benchmark(BenchmarkUpload25MB)
	perOp := res.AllocedBytesPerOp()
	t.Logf("25 MB upload: %d bytes allocated per upload, %d allocations", perOp, res.AllocsPerOp())
	if perOp >= 1<<20 {
		t.Fatalf("a 25 MB upload allocated %d bytes; the bound is 1 MiB", perOp)
	}
	runtime.GC()
}
