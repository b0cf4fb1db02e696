package ccaip_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
	"github.com/switchboard-go/switchboard/internal/conformance"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

// The secrets of the refusal tests, long enough that any echo of them in an
// error string is found.
const (
	refusalToken  = "ccaip_live_refusal_token_5b2e8d"
	refusalSecret = "ccaip_company_refusal_secret_91af"
)

// TestRefusedArguments: every argument refused before any I/O gives an
// error matching ErrInvalidArgument that names the package and the
// argument, reveals no secret and fits on one line, and nothing reaches
// the fake: ids 0 and -1 among them, and uploads whose declared size their
// content contradicts.
func TestRefusedArguments(t *testing.T) {
	srv := ccaiptest.NewServer(ccaiptest.WithCredentials(ccaiptest.DefaultUsername, refusalToken))
	t.Cleanup(srv.Close)
	opts := func(more ...ccaip.Option) []ccaip.Option {
		return append([]ccaip.Option{ccaip.WithBaseURL(srv.URL()), ccaip.WithRateLimiter(nil)}, more...)
	}
	newClient := func(host, token string, more ...ccaip.Option) error {
		_, err := ccaip.NewClient(host, token, opts(more...)...)
		return err
	}
	c, err := ccaip.NewClient(ccaiptest.DefaultHost, refusalToken, opts()...)
	require.NoError(t, err)
	host := ccaiptest.DefaultHost

	photo := jpeg(2684)
	video := fixture.File(t, "clip.mp4", mp4(2684))

	refuse := conformance.Refuse
	cases := []conformance.Refusal{
		refuse("empty host", "host", func(context.Context) error { return newClient("", refusalToken) }),
		refuse("host with an http scheme", "host", func(context.Context) error { return newClient("http://"+host, refusalToken) }),
		refuse("empty token", "apiToken", func(context.Context) error { return newClient(host, "") }),
		refuse("token with CR/LF", "apiToken", func(context.Context) error { return newClient(host, refusalToken+"\r\nX-Injected: 1") }),
		refuse("username with a colon", "WithUsername", func(context.Context) error {
			return newClient(host, refusalToken, ccaip.WithUsername("acme:x"))
		}),
		refuse("empty subdomain", "username", func(context.Context) error { return newClient(".uc1.example.com", refusalToken) }),
		refuse("watch interval", "WithWatchInterval", func(context.Context) error {
			return newClient(host, refusalToken, ccaip.WithWatchInterval(-time.Second))
		}),
		refuse("plain http", "WithInsecureHTTP", func(context.Context) error {
			_, err := ccaip.NewClient(host, refusalToken, ccaip.WithBaseURL("http://api.example.com/apps/api/v1"))
			return err
		}),
		refuse("unparsable base URL", "base URL", func(context.Context) error {
			return newClient(host, refusalToken, ccaip.WithBaseURL("https://x/%zz"))
		}),
		refuse("retry wait", "retry wait", func(context.Context) error {
			return newClient(host, refusalToken, ccaip.WithRetryWait(time.Second, time.Millisecond))
		}),
		refuse("user agent", "User-Agent", func(context.Context) error {
			return newClient(host, refusalToken, ccaip.WithUserAgent("a\nb"))
		}),
		refuse("rate limit", "NewRateLimiter", func(context.Context) error { _, err := ccaip.NewRateLimiter(0, time.Second); return err }),
		refuse("empty company secret", "companySecret", func(context.Context) error { _, err := ccaip.NewSigner(""); return err }),
		refuse("signer lifetime", "lifetime", func(context.Context) error {
			_, err := ccaip.NewSigner(refusalSecret, ccaip.WithLifetime(-time.Minute))
			return err
		}),

		refuse("UpdateChat id 0", "chatID", func(ctx context.Context) error { _, err := c.UpdateChat(ctx, 0, nil); return err }),
		refuse("FinishChat id -1", "chatID", func(ctx context.Context) error { _, err := c.FinishChat(ctx, -1, 5); return err }),
		refuse("ResumeChat id 0", "chatID", func(ctx context.Context) error { return c.ResumeChat(ctx, 0) }),
		refuse("SendCustomData id 0", "chatID", func(ctx context.Context) error {
			return c.SendCustomData(ctx, 0, ccaip.CustomData{}.Set("plan", ccaip.StringItem("Plan", "gold")))
		}),
		refuse("SendCustomData empty", "CustomData", func(ctx context.Context) error { return c.SendCustomData(ctx, 1, nil) }),
		refuse("SendCustomData empty key", "CustomData", func(ctx context.Context) error {
			return c.SendCustomData(ctx, 1, ccaip.CustomData{}.Set("", ccaip.StringItem("Plan", "gold")))
		}),
		refuse("SendCustomData reserved flag", "CustomData", func(ctx context.Context) error {
			return c.SendCustomData(ctx, 1, ccaip.CustomData{}.Set(ccaip.KeyBadActor, ccaip.StringItem("Bad", "yes")))
		}),
		refuse("SendSignedCustomData id -1", "chatID", func(ctx context.Context) error {
			return c.SendSignedCustomData(ctx, -1, ccaip.CustomData{}.Set("plan", ccaip.StringItem("Plan", "gold")))
		}),
		refuse("SendSignedCustomDataToken empty", "token", func(ctx context.Context) error { return c.SendSignedCustomDataToken(ctx, 1, "") }),
		refuse("GetCustomerFlags id 0", "chatID", func(ctx context.Context) error { _, err := c.GetCustomerFlags(ctx, 0); return err }),
		refuse("UpdateCustomerFlags id -1", "chatID", func(ctx context.Context) error {
			return c.UpdateCustomerFlags(ctx, -1, ccaip.CustomerFlagsUpdate{})
		}),
		refuse("UpsertEndUser nil", "Identifier", func(ctx context.Context) error { _, err := c.UpsertEndUser(ctx, nil); return err }),
		refuse("GetEndUser id 0", "endUserID", func(ctx context.Context) error { _, err := c.GetEndUser(ctx, 0); return err }),
		refuse("GetEndUserByIdentifier empty", "Identifier", func(ctx context.Context) error {
			_, err := c.GetEndUserByIdentifier(ctx, "")
			return err
		}),
		refuse("UpdateChatEndUser id 0", "chatID", func(ctx context.Context) error {
			return c.UpdateChatEndUser(ctx, 0, &ccaip.EndUserRequest{Identifier: "eu-1"})
		}),
		refuse("UpdateChatEndUser no identifier", "Identifier", func(ctx context.Context) error {
			return c.UpdateChatEndUser(ctx, 1, &ccaip.EndUserRequest{})
		}),
		refuse("Escalate id 0", "chatID", func(ctx context.Context) error { _, err := c.Escalate(ctx, 0, nil); return err }),
		refuse("UpdateEscalation escalation 0", "escalationID", func(ctx context.Context) error {
			_, err := c.UpdateEscalation(ctx, 1, 0, ccaip.DeflectionChannel("human_agent"))
			return err
		}),
		refuse("RequestPhotoUpload id 0", "chatID", func(ctx context.Context) error { _, err := c.RequestPhotoUpload(ctx, 0); return err }),
		refuse("RequestVideoUpload id -1", "chatID", func(ctx context.Context) error { _, err := c.RequestVideoUpload(ctx, -1); return err }),
		refuse("AttachPhotos id 0", "chatID", func(ctx context.Context) error {
			_, err := c.AttachPhotos(ctx, 0, []ccaip.PhotoAttachment{ccaip.PhotoAttachment{S3Path: "a.jpg"}})
			return err
		}),
		refuse("AttachVideo id -1", "chatID", func(ctx context.Context) error {
			_, err := c.AttachVideo(ctx, -1, ccaip.VideoAttachment{S3Path: "a.mp4"})
			return err
		}),
		refuse("ListPhotos id 0", "chatID", func(ctx context.Context) error { _, err := c.ListPhotos(ctx, 0); return err }),
		refuse("ListVideos id -1", "chatID", func(ctx context.Context) error { _, err := c.ListVideos(ctx, -1); return err }),
		refuse("DownloadMedia media 0", "mediaID", func(ctx context.Context) error { _, err := c.DownloadMedia(ctx, 1, 0); return err }),
		refuse("SendText chat 0", "chatID", func(ctx context.Context) error { return c.SendText(ctx, 0, 1, "hi") }),
		refuse("SendText from -1", "fromUserID", func(ctx context.Context) error { return c.SendText(ctx, 1, -1, "hi") }),
		refuse("SendText empty", "text", func(ctx context.Context) error { return c.SendText(ctx, 1, 1, "") }),
		refuse("SendPhoto media 0", "mediaID", func(ctx context.Context) error { return c.SendPhoto(ctx, 1, 1, 0) }),
		refuse("SendVideo media -1", "mediaID", func(ctx context.Context) error { return c.SendVideo(ctx, 1, 1, -1) }),
		refuse("WatchChat id 0", "chatID", func(ctx context.Context) error { return fixture.FirstErr(c.WatchChat(ctx, 0)) }),
		refuse("SendSignedCustomData without a signer", "WithSigner", func(ctx context.Context) error {
			return c.SendSignedCustomData(ctx, 1, ccaip.CustomData{}.Set("plan", ccaip.StringItem("Plan", "gold")))
		}),
		refuse("SignEndUser no identifier", "Identifier", func(context.Context) error {
			s, err := ccaip.NewSigner(refusalSecret)
			require.NoError(t, err)
			_, err = s.SignEndUser(ccaip.EndUserClaims{Name: "Anna"})
			return err
		}),
		refuse("SignCustomData empty", "CustomData", func(context.Context) error {
			s, err := ccaip.NewSigner(refusalSecret)
			require.NoError(t, err)
			_, err = s.SignCustomData(nil)
			return err
		}),
		refuse("UploadPhoto id 0", "chatID", func(ctx context.Context) error {
			_, err := c.UploadPhoto(ctx, 0, bytes.NewReader(photo), -1)
			return err
		}),
		refuse("UploadPhoto nil file", "file", func(ctx context.Context) error { _, err := c.UploadPhoto(ctx, 1, nil, 10); return err }),
		refuse("UploadPhoto size below the content", "size", func(ctx context.Context) error {
			_, err := c.UploadPhoto(ctx, 1, bytes.NewReader(photo), 1673)
			return err
		}),
		refuse("UploadPhoto size above the content", "size", func(ctx context.Context) error {
			_, err := c.UploadPhoto(ctx, 1, bytes.NewReader(photo), 4000)
			return err
		}),
		refuse("UploadVideo file size contradicted", "size", func(ctx context.Context) error {
			_, err := c.UploadVideo(ctx, 1, video, 1673)
			return err
		}),
		refuse("UploadPhoto unmeasurable reader", "size", func(ctx context.Context) error {
			_, err := c.UploadPhoto(ctx, 1, fixture.OneShot{Reader: bytes.NewReader(photo)}, -1)
			return err
		}),
		refuse("UploadPhoto too large", "photo", func(ctx context.Context) error {
			_, err := c.UploadPhoto(ctx, 1, bytes.NewReader(jpeg(ccaip.MaxPhotoBytes+1)), -1)
			return err
		}),
		refuse("UploadVideo wrong type", "video", func(ctx context.Context) error {
			_, err := c.UploadVideo(ctx, 1, bytes.NewReader(photo), -1)
			return err
		}),
	}
	for _, id := range []int64{0, -1} {
		cases = append(cases, refuse("GetChat id "+strconv.FormatInt(id, 10), "chatID", func(ctx context.Context) error {
			_, err := c.GetChat(ctx, id)
			return err
		}))
	}
	conformance.Refusals(t, "ccaip", ccaip.ErrInvalidArgument, func() int { return srv.Count("", "") },
		[]string{refusalToken, refusalToken + "\r\nX-Injected: 1", refusalSecret}, cases)
}

// TestUploadSizeConvention: conformance.UploadSizes for photos, and every
// upload it accepts is listed.
func TestUploadSizeConvention(t *testing.T) {
	e := newFake(t, nil)
	ctx := context.Background()
	_, chat := startChat(t, e.c)
	conformance.UploadSizes(t, jpeg(3000), []string{ccaiptest.DefaultToken}, func(content io.Reader, size int64) error {
		_, err := e.c.UploadPhoto(ctx, chat.ID, content, size)
		return err
	})
	list, err := e.c.ListPhotos(ctx, chat.ID)
	require.NoError(t, err)
	assert.Len(t, list, 6)
}

// An id below 1, like any argument refused before anything is sent, gives
// an error matching ErrInvalidArgument; no request is made.
func ExampleErrInvalidArgument() {
	srv := ccaiptest.NewServer()
	defer srv.Close()
	c, err := ccaip.NewClient(ccaiptest.DefaultHost, ccaiptest.DefaultToken, ccaip.WithBaseURL(srv.URL()))
	if err != nil {
		panic(err)
	}
	_, err = c.GetChat(context.Background(), 0)
	fmt.Println(err)
	fmt.Println(errors.Is(err, ccaip.ErrInvalidArgument), srv.Count("", ""))
	// Output:
	// ccaip: chatID 0: an id must be positive
	// true 0
}
