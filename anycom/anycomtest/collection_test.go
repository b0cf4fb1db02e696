package anycomtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/anycom/anycomtest"
	"github.com/switchboard-go/switchboard/internal/contract"
)

// The collection, verbatim: seeds/000_4f75e0ac458e493b.txt, the AnyCom Web
// Services Postman collection (v2.0).
const collectionFile = "testdata/collection.postman.json"

// postmanItem is a folder (with Items) or a request (with Responses) of a
// Postman v2.0 collection.
type postmanItem struct {
	Name      string            `json:"name"`
	Items     []postmanItem     `json:"item"`
	Responses []postmanResponse `json:"response"`
}

// postmanResponse is one saved example: the request as sent and the
// answer.
type postmanResponse struct {
	Name            string `json:"name"`
	OriginalRequest struct {
		Method string `json:"method"`
		Header []struct {
			Key   string `json:"key"`
			Value string `json:"value"`
		} `json:"header"`
		Body struct {
			Raw string `json:"raw"`
		} `json:"body"`
	} `json:"originalRequest"`
	Code int    `json:"code"`
	Body string `json:"body"`
}

func examples(items []postmanItem) []postmanResponse {
	var out []postmanResponse
	for _, it := range items {
		out = append(out, examples(it.Items)...)
		out = append(out, it.Responses...)
	}
	return out
}

// collectionDifferences are the documented results a default fake cannot
// give: the collection contradicts itself.
var collectionDifferences = map[string]string{
	"Drop customer chat session": "the close and drop examples address the same session, whose attendant " +
		"close names maxbauer and drop names maxbauer@exc; the fake's session is with maxbauer",
}

// TestCollectionAsWritten sends every request of the collection, exactly
// as its examples write it (header names, bodies, the {{auth_key}} and
// {{auth_user}} variables set to the fake's credentials), to a fresh
// default fake, and expects the documented result: the documented status,
// the documented result string, or a list with entries of the documented
// shape.
func TestCollectionAsWritten(t *testing.T) {
	raw, err := os.ReadFile(collectionFile)
	require.NoError(t, err)
	var collection struct {
		Items []postmanItem `json:"item"`
	}
	require.NoError(t, json.Unmarshal(raw, &collection))
	all := examples(collection.Items)
	require.Len(t, all, 21, "the collection's examples")

	vars := strings.NewReplacer("{{auth_key}}", anycomtest.DefaultAuthKey, "{{auth_user}}", anycomtest.DefaultAuthUser)
	unused := map[string]bool{}
	for name := range collectionDifferences {
		unused[name] = true
	}
	for _, ex := range all {
		t.Run(ex.Name, func(t *testing.T) {
			srv := anycomtest.NewServer()
			defer srv.Close()
			req, err := http.NewRequest(ex.OriginalRequest.Method, srv.URL()+"/", strings.NewReader(vars.Replace(ex.OriginalRequest.Body.Raw)))
			require.NoError(t, err)
			for _, h := range ex.OriginalRequest.Header {
				req.Header[h.Key] = []string{vars.Replace(h.Value)} // the name as written
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			require.Equal(t, ex.Code, resp.StatusCode, "%s", body)

			var want, got struct {
				Status int             `json:"status"`
				Result json.RawMessage `json:"result"`
			}
			require.NoError(t, json.Unmarshal([]byte(ex.Body), &want))
			require.NoError(t, json.Unmarshal(body, &got), "%s", body)
			assert.Equal(t, want.Status, got.Status)

			var wantText string
			if json.Unmarshal(want.Result, &wantText) == nil {
				var gotText string
				require.NoError(t, json.Unmarshal(got.Result, &gotText), "%s", got.Result)
				if reason, ok := collectionDifferences[ex.Name]; ok {
					delete(unused, ex.Name)
					assert.NotEqual(t, wantText, gotText, "the difference is gone: remove it (%s)", reason)
					return
				}
				assert.Equal(t, wantText, gotText)
				return
			}
			var wantList, gotList any
			require.NoError(t, json.Unmarshal(want.Result, &wantList))
			require.NoError(t, json.Unmarshal(got.Result, &gotList))
			require.NotEmpty(t, gotList, "the default fake lists the example's kind of entry")
			assert.Empty(t, contract.Shape(wantList, gotList), "%s", got.Result)
		})
	}
	assert.Empty(t, unused, "differences listed for examples the collection does not have")
}
