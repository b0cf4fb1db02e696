package workspacechat_test

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/internal/fixture"
	"github.com/switchboard-go/switchboard/workspacechat"
	"github.com/switchboard-go/switchboard/workspacechat/workspacechattest"
)

// plainRow is a chat row as one json.Unmarshal reads it: the same fields,
// under the names the fake sends, with no alternative names, no value
// variants, no shape check and no raw JSON. It is the floor the package's
// decoder is measured against.
type plainRow struct {
	ChannelID                     string    `json:"channelId"`
	ChannelName                   string    `json:"channelName"`
	ChannelType                   string    `json:"channelType"`
	CreatedAt                     time.Time `json:"createdAt"`
	ID                            string    `json:"id"`
	IsExternalChatOwnerBlocked    bool      `json:"isExternalChatOwnerBlocked"`
	IsRemoved                     bool      `json:"isRemoved"`
	LastChatMessageContentPreview string    `json:"lastChatMessageContentPreview"`
	LastChatMessageCreatedAt      time.Time `json:"lastChatMessageCreatedAt"`
	LastChatMessageRole           string    `json:"lastChatMessageRole"`
	OwnerEmail                    string    `json:"ownerEmail"`
	OwnerExternalUserID           string    `json:"ownerExternalUserId"`
	OwnerIdentifier               string    `json:"ownerIdentifier"`
	OwnerName                     string    `json:"ownerName"`
	PrevContentPreview            string    `json:"previousChatMessageContentPreview"`
	PrevCreatedAt                 time.Time `json:"previousChatMessageCreatedAt"`
	PrevRole                      string    `json:"previousChatMessageRole"`
	ResponderEntity               string    `json:"responderEntity"`
	ResponderID                   string    `json:"responderId"`
	ResponderName                 string    `json:"responderName"`
	ResponderPicture              string    `json:"responderPicture"`
	ResponderVersionID            string    `json:"responderVersionId"`
	ResponderVersionNumber        int64     `json:"responderVersionNumber"`
	TicketID                      string    `json:"ticketId"`
	TicketStatus                  string    `json:"ticketStatus"`
	Title                         string    `json:"title"`
	WorkspaceID                   string    `json:"workspaceId"`
}

// fakePage returns the body of a page of 100 chat rows as the fake sends
// it.
func fakePage(tb testing.TB) []byte {
	tb.Helper()
	srv := workspacechattest.NewServer(workspacechattest.WithChats(workspacechat.MaxPageSize))
	defer srv.Close()
	req, err := http.NewRequest("GET", srv.URL()+"/api/v1/chats?pageSize=100", nil)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", workspacechattest.DefaultAPIKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		tb.Fatalf("status %d: %v", resp.StatusCode, err)
	}
	return body
}

// decodeSDK decodes page with the package's decoder.
func decodeSDK(tb testing.TB, page []byte) {
	rows, err := workspacechat.DecodeChatRows(page)
	if err != nil || len(rows) != workspacechat.MaxPageSize || rows[99].LastMessage == nil {
		tb.Fatalf("%d rows: %v", len(rows), err)
	}
}

// decodePlain decodes page with one json.Unmarshal into plain rows.
func decodePlain(tb testing.TB, page []byte) {
	var rows []plainRow
	if err := json.Unmarshal(page, &rows); err != nil || len(rows) != workspacechat.MaxPageSize {
		tb.Fatalf("%d rows: %v", len(rows), err)
	}
}

// BenchmarkDecodeChatsPage decodes a page of 100 chat rows as the fake
// sends it, through the package's decoder (sdk: every alternative name,
// every value variant, the shape check, the raw JSON) and through one
// json.Unmarshal into a plain struct with the same fields (plain).
//
// On a machine whose load changes from one second to the next, sdk and
// plain run at different moments and their ratio drifts; interleaved
// alternates the two decodes, one of each per iteration, and reports the
// median time of each and the ratio of the medians (sdk/plain), which the
// load touches alike.
func BenchmarkDecodeChatsPage(b *testing.B) {
	page := fakePage(b)
	fixture.BenchAgainstPlain(b, page, decodeSDK, decodePlain)
	b.Run("interleaved", func(b *testing.B) {
		var took [2][]time.Duration
		decoders := [2]func(testing.TB, []byte){decodeSDK, decodePlain}
		i := 0
		for b.Loop() {
			for k := range 2 {
				d := (i + k) % 2 // each goes first every other time
				start := time.Now()
				decoders[d](b, page)
				took[d] = append(took[d], time.Since(start))
			}
			i++
		}
		// Medians, which a decode descheduled now and then does not move.
		median := func(d []time.Duration) float64 {
			slices.Sort(d)
			return float64(d[len(d)/2])
		}
		b.ReportMetric(median(took[0])/median(took[1]), "sdk/plain")
		b.ReportMetric(median(took[0])/1e6, "sdk-ms/page")
		b.ReportMetric(median(took[1])/1e6, "plain-ms/page")
	})
}

// TestDecodeChatsPageAllocations pins the decoder's allocations to those of
// one plain json.Unmarshal of the same page, measured in the same test:
// at most 1.5 times as many allocations and bytes.
func TestDecodeChatsPageAllocations(t *testing.T) {
	fixture.AllocsWithin(t, 50, decodeSDK, decodePlain, fakePage(t))
}
