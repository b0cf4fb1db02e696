package ccaip_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
)

func BenchmarkVerifyWebhook(b *testing.B) {
	body := []byte(`{"event_type":"message_received","chat_id":42,"body":{"sender":{"type":"agent","id":7},"message":{"type":"text","content":"hello"}}}`)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	sig := ccaiptest.Sign(ts, body, "primary", "secondary")
	v := &ccaip.WebhookVerifier{Secrets: []string{"secondary"}}
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(body))
		req.Header.Set(ccaip.HeaderSignature, sig)
		req.Header.Set(ccaip.HeaderSignatureTimestamp, ts)
		raw, err := v.Verify(req)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ccaip.ParseWebhookEvent(raw); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUploadPhoto runs the whole photo flow (pre-signed URL, streamed
// 2 MB upload, attach) against the fake and reports its throughput.
func BenchmarkUploadPhoto(b *testing.B) {
	srv := ccaiptest.NewServer()
	defer srv.Close()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	c, err := ccaip.NewClient(ccaiptest.DefaultHost, ccaiptest.DefaultToken, ccaip.WithBaseURL(srv.URL()),
		ccaip.WithHTTPClient(&http.Client{Transport: tr}), ccaip.WithRateLimiter(nil))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	u, _ := c.UpsertEndUser(ctx, &ccaip.EndUserRequest{Identifier: "bench"})
	chat, err := c.CreateChat(ctx, &ccaip.CreateChatRequest{MenuID: 1, EndUserID: u.ID})
	if err != nil {
		b.Fatal(err)
	}
	photo := make([]byte, ccaip.MaxPhotoBytes)
	copy(photo, "\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	b.SetBytes(int64(len(photo)))
	for b.Loop() {
		if _, err := c.UploadPhoto(ctx, chat.ID, io.NewSectionReader(bytes.NewReader(photo), 0, int64(len(photo))), -1); err != nil {
			b.Fatal(err)
		}
	}
}
