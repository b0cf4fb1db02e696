package conformance

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/fake"
)

// EchoForm is one encoding of a secret as a server may echo it.
type EchoForm struct {
	Name string
	// Text is the form as it appears in the body, and must not appear
	// anywhere the client reports.
	Text string
	// Literal is a JSON string literal (quotes included) holding it.
	Literal string
}

// EchoForms lists the encodings servers have been seen to echo a secret in:
// as it is; URL-escaped (the usual way and every byte); JSON-escaped ("/"
// as \/ and "+" as \u002b, as PHP and some Java encoders write them; and
// every character as \uXXXX); base64 on its own; and inside the base64 of a
// Basic credential, at each of the three byte alignments a username of any
// length gives it.
func EchoForms(secret string) []EchoForm {
	var out []EchoForm
	add := func(name, text, literal string) {
		for _, f := range out {
			if f.Text == text {
				return
			}
		}
		if literal == "" {
			b, _ := json.Marshal("echoed " + text)
			literal = string(b)
		}
		out = append(out, EchoForm{Name: name, Text: text, Literal: literal})
	}
	add("Raw", secret, "")
	add("URLEscaped", url.QueryEscape(secret), "")
	var every strings.Builder
	for i := range len(secret) {
		fmt.Fprintf(&every, "%%%02x", secret[i])
	}
	add("URLEscapedEveryByte", every.String(), "")
	jsonText := jsonInner(secret)
	escaped := strings.NewReplacer("/", `\/`, "+", `\u002b`).Replace(jsonText)
	add("JSONEscaped", escaped, `"echoed `+escaped+`"`)
	var runes strings.Builder
	for _, r := range secret {
		if r > 0xffff {
			hi, lo := surrogates(r)
			fmt.Fprintf(&runes, `\u%04x\u%04x`, hi, lo)
			continue
		}
		fmt.Fprintf(&runes, `\u%04x`, r)
	}
	add("JSONEscapedEveryCharacter", runes.String(), `"echoed `+runes.String()+`"`)
	add("Base64", base64.StdEncoding.EncodeToString([]byte(secret)), "")
	for _, user := range []string{"a", "ab", "abc"} {
		add("Basic/"+user, "Basic "+base64.StdEncoding.EncodeToString([]byte(user+":"+secret)), "")
	}
	return out
}

// jsonInner is s encoded as a JSON string, without its quotes.
func jsonInner(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

func surrogates(r rune) (rune, rune) {
	r -= 0x10000
	return 0xd800 + r>>10, 0xdc00 + r&0x3ff
}

// noEchoedCredential: a server that echoes a credential back, in any
// encoding, in its error body or in a 200 answer that says the call
// failed, gets none of it into the error string, the Error's Message and
// Body, or the logs (checked when each subtest ends).
func (s *suite[C, F]) noEchoedCredential(t *testing.T) {
	type answerPath struct {
		name   string
		status int
		body   func(string) string
	}
	paths := []answerPath{{"ErrorBody", http.StatusForbidden, s.v.ErrorBody}}
	if s.v.FailureEnvelope != nil {
		paths = append(paths, answerPath{"FailureInA200Answer", http.StatusOK, s.v.FailureEnvelope})
	}
	var good []string
	for _, secret := range s.v.Secrets {
		if !slices.Contains(s.v.BadSecrets, secret) {
			good = append(good, secret)
		}
	}
	for _, path := range paths {
		t.Run(path.name, func(t *testing.T) { s.echoBack(t, path.status, path.body, good) })
	}
}

// echoBack makes each call against a fake that answers status with body
// around each form of each of the client's secrets, and checks the error.
// (The client with bad credentials redacts its own the same way; the
// calls' preparation needs credentials the fake accepts.)
func (s *suite[C, F]) echoBack(t *testing.T, status int, body func(string) string, secrets []string) {
	e := s.start(t, func(set *Settings) { set.MaxRetries = 0 })
	ctx := testContext(t)
	for _, c := range s.calls() {
		do := e.prepare(t, ctx, c.call)
		for _, secret := range secrets {
			for _, f := range EchoForms(secret) {
				e.inject(c.call.Method, c.call.Path, fake.Fault{Status: status, Body: body(f.Literal)})
				err := do(ctx)
				what := fmt.Sprintf("%s, secret echoed %s", c.what, f.Name)
				s.assertCallError(t, what, err)
				info, ok := s.v.VendorError(err)
				if !assert.True(t, ok, "%s: errors.As finds the vendor's *Error in %v", what, err) {
					continue
				}
				s.assertNoSecret(t, what+": Error.Message", info.Message)
				s.assertNoSecret(t, what+": Error.Body", string(info.Body))
			}
		}
	}
	require.NotEmpty(t, e.logs.String(), "the client logs its attempts at Debug")
}
