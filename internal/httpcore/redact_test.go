package httpcore

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var redactSeeds = flag.Int("redact.seeds", 300, "random cases for the redaction property test")

// secretWithSymbols has the characters that encoders escape: "/" (JSON's
// \/), "+" (\u002b, %2B), a space, a quote and a non-ASCII letter.
const secretWithSymbols = `k3y/Pa+ss wörd"9Z`

// encodings are the ways a server has been seen to echo a secret back.
var encodings = map[string]func(string) string{
	"Raw":              func(s string) string { return s },
	"QueryEscaped":     url.QueryEscape,
	"PathEscaped":      url.PathEscape,
	"EveryBytePercent": func(s string) string { return percentAll(s, "%%%02x") },
	"JSONSlashEscaped": func(s string) string { return strings.ReplaceAll(jsonString(s), "/", `\/`) },
	"JSONUnicodePlus":  func(s string) string { return strings.ReplaceAll(jsonString(s), "+", `\u002b`) },
	"JSONEveryRune":    jsonEveryRune,
	"JSONInsideJSON":   func(s string) string { return jsonString(`{"detail":` + jsonEveryRune(s) + `}`) },
	"JSONOfURLEscaped": func(s string) string { return jsonEveryRune(url.QueryEscape(s)) },
	"XMLReferences":    func(s string) string { return percentAll(s, "&#x%X;") },
	"Base64":           func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) },
	"Base64URL":        func(s string) string { return base64.URLEncoding.EncodeToString([]byte(s)) },
	"Base64JSONEscaped": func(s string) string {
		return strings.ReplaceAll(base64.StdEncoding.EncodeToString([]byte(s)), "/", `\/`)
	},
	"BasicUser1":     func(s string) string { return basic("a", s) },
	"BasicUser2":     func(s string) string { return basic("ab", s) },
	"BasicUser3":     func(s string) string { return basic("abc", s) },
	"BasicSubdomain": func(s string) string { return basic("acme-support", s) },
}

func basic(user, secret string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+secret))
}

// inner strips the quotes around a JSON string.
func inner(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

// jsonString encodes s as a JSON string the way encoding/json does.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// jsonEveryRune encodes s as a JSON string with every character escaped.
func jsonEveryRune(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		for _, u := range utf16Units(r) {
			fmt.Fprintf(&b, `\u%04x`, u)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func utf16Units(r rune) []rune {
	if r < 0x10000 {
		return []rune{r}
	}
	r -= 0x10000
	return []rune{0xd800 + r>>10, 0xdc00 + r&0x3ff}
}

// percentAll formats every byte (for "%%%02x") or every rune (for a
// character reference) of s with format.
func percentAll(s, format string) string {
	var b strings.Builder
	if strings.HasPrefix(format, "&") {
		for _, r := range s {
			fmt.Fprintf(&b, format, r)
		}
		return b.String()
	}
	for i := range len(s) {
		fmt.Fprintf(&b, format, s[i])
	}
	return b.String()
}

func newSecretRedactor(secrets ...string) *redactor { return newRedactor(nil, secrets) }

func TestRedactEveryEncoding(t *testing.T) {
	for i, secret := range []string{secretWithSymbols, "conformance-key-5b81d2", "wsk_live_0123456789"} {
		r := newSecretRedactor(secret)
		for name, encode := range encodings {
			t.Run(fmt.Sprintf("Secret%d/%s", i, name), func(t *testing.T) {
				form := encode(secret)
				body := `{"message":"the key ` + inner(form) + ` is refused","code":1}`
				got := r.text(body)
				assert.NotContains(t, got, inner(form), "the echoed form is gone")
				assert.Contains(t, got, redacted)
				assert.True(t, strings.HasPrefix(got, `{"message":"the key `), "the text around the secret is kept: %s", got)
				assert.True(t, strings.HasSuffix(got, ` is refused","code":1}`), "the text around the secret is kept: %s", got)
				assertNoForm(t, got, secret)
			})
		}
	}
}

// assertNoForm fails when text holds secret in a form the encodings give
// for it, or holds it once JSON-decoded.
func assertNoForm(t *testing.T, text, secret string) {
	t.Helper()
	for name, encode := range encodings {
		assert.NotContains(t, text, inner(encode(secret)), "%s form in %s", name, text)
	}
	var decoded any
	if json.Unmarshal([]byte(text), &decoded) == nil {
		flat, _ := json.Marshal(decoded)
		assert.NotContains(t, fmt.Sprint(decoded), secret, "the decoded JSON")
		assert.NotContains(t, string(flat), secret)
	}
}

func TestRedactedJSONStaysValid(t *testing.T) {
	r := newSecretRedactor(secretWithSymbols)
	for name, encode := range encodings {
		form := encode(secretWithSymbols)
		if !strings.HasPrefix(form, `"`) {
			form = jsonString(form)
		}
		body := `{"error":{"message":` + form + `,"status":401}}`
		require.True(t, json.Valid([]byte(body)), "%s: the fixture is JSON: %s", name, body)
		got := r.text(body)
		assert.True(t, json.Valid([]byte(got)), "%s: still JSON after redaction: %s", name, got)
		var w struct {
			Error struct {
				Message string
				Status  int
			}
		}
		require.NoError(t, json.Unmarshal([]byte(got), &w), name)
		assert.NotContains(t, w.Error.Message, secretWithSymbols, name)
		assert.Equal(t, 401, w.Error.Status, name)
	}
}

func TestRedactLeavesOrdinaryTextAlone(t *testing.T) {
	r := newSecretRedactor(secretWithSymbols, "conformance-key-5b81d2")
	for _, s := range []string{
		"",
		`{"message":"Chat session is not found","error_code":"5005"}`,
		`{"url":"https:\/\/example.com\/a%2Fb?x=1&amp;y=2","note":"caf\u00e9 &#233; \ud83d\ude00"}`,
		"Basic dXNlcjpwYXNzd29yZA==",
		`\u12`, `%`, `%zz`, `&#;`, `&#xffffffffff;`, `\`, `\ud800`, "&unknown;",
	} {
		assert.Equal(t, s, r.text(s))
	}
}

// New reads Config.Secrets once: the client redacts the secrets it was
// built with, whatever the caller does with its slice afterwards.
func TestConfigSecretsReadOnce(t *testing.T) {
	secrets := []string{secretWithSymbols, "wsk_live_0123456789"}
	c := newTestClient(t, "https://example.com/", func(cfg *Config) { cfg.Secrets = secrets })
	secrets[0], secrets[1] = "replaced-after-New", ""
	assert.Equal(t, "key "+redacted+" and "+redacted, c.RedactString("key "+secretWithSymbols+" and wsk_live_0123456789"))
	assert.Equal(t, "replaced-after-New", c.RedactString("replaced-after-New"))
}

func TestRedactShortSecretIgnored(t *testing.T) {
	r := newSecretRedactor("abc")
	assert.Equal(t, "abc abc", r.text("abc abc"))
}

// TestRedactProperty: for random secrets, each echoed through a random
// chain of encodings at a random place in random text, the secret's form is
// gone and the text outside it is kept.
func TestRedactProperty(t *testing.T) {
	names := make([]string, 0, len(encodings))
	for name := range encodings {
		names = append(names, name)
	}
	// Layers that can wrap another: each keeps the inner value findable
	// once unescaped.
	wraps := []func(string) string{
		func(s string) string { return inner(jsonString(s)) },
		func(s string) string { return inner(jsonEveryRune(s)) },
		url.QueryEscape,
		func(s string) string { return percentAll(s, "%%%02X") },
	}
	for seed := range uint64(*redactSeeds) {
		rng := rand.New(rand.NewPCG(seed, 0x5ec7e7))
		secret := randomText(rng, 8+rng.IntN(40), true)
		r := newSecretRedactor(secret)
		name := names[rng.IntN(len(names))]
		form := inner(encodings[name](secret))
		layers := rng.IntN(3)
		if strings.HasPrefix(name, "JSONInside") || strings.HasPrefix(name, "JSONOf") {
			layers = min(layers, 1) // already two layers deep
		}
		for range layers {
			form = wraps[rng.IntN(len(wraps))](form)
		}
		before, after := randomText(rng, rng.IntN(60), false), randomText(rng, rng.IntN(60), false)
		got := r.text(before + " " + form + " " + after)
		if strings.Contains(got, form) || strings.Contains(got, secret) ||
			!strings.HasPrefix(got, before) || !strings.HasSuffix(got, after) {
			t.Fatalf("seed %d: %s in %d layers: secret %q, form %q: got %q", seed, name, layers, secret, form, got)
		}
	}
}

// randomText is n random characters: printable ASCII, some symbols that
// encoders escape and, when unusual, non-ASCII letters. Ordinary text has no
// "%", "\" or "&", so that it cannot merge with an escape next to it.
func randomText(rng *rand.Rand, n int, unusual bool) string {
	const plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:,;!? "
	const symbols = `/+="'<>#@%&\`
	var b strings.Builder
	for b.Len() < n {
		switch k := rng.IntN(10); {
		case unusual && k == 0:
			b.WriteRune([]rune("äöüßéçñ€😀")[rng.IntN(9)])
		case unusual && k < 3:
			b.WriteByte(symbols[rng.IntN(len(symbols))])
		default:
			b.WriteByte(plain[rng.IntN(len(plain))])
		}
	}
	s := b.String()
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// BenchmarkRedactErrorBody redacts the largest error body kept, one with
// escapes of every kind, most of them no secret.
func BenchmarkRedactErrorBody(b *testing.B) {
	r := newSecretRedactor(secretWithSymbols, "conformance-key-5b81d2")
	row := `{"msg":"caf\u00e9 \/path%2Fx &amp; more","n":1},`
	body := "[" + strings.Repeat(row, maxErrorBody/len(row)) + `{"key":"` + inner(jsonEveryRune(secretWithSymbols)) + `"}]`
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if !strings.Contains(r.text(body), redacted) {
			b.Fatal("not redacted")
		}
	}
}

// Every path that turns a server's answer into an error redacts the secret
// in every encoding: the body of a non-2xx answer, the body and the message
// of a 2xx answer that does not decode, a log record.
func TestEchoedSecretRedactedInEveryAnswerPath(t *testing.T) {
	for name, encode := range encodings {
		t.Run(name, func(t *testing.T) {
			echo := inner(encode(secretWithSymbols))
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/refused" {
					w.WriteHeader(http.StatusUnauthorized)
				}
				_, _ = w.Write([]byte(`{"message":"bad key ` + echo + `", "broken`))
			})
			var logs bytes.Buffer
			c := newTestClient(t, srv.URL, func(cfg *Config) {
				cfg.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
				cfg.Secrets = []string{secretWithSymbols}
			})

			_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "refused", Safety: Idempotent}, nil)
			var se *statusError
			require.ErrorAs(t, err, &se)
			assertNoForm(t, err.Error()+"\n"+string(se.Body), secretWithSymbols)

			var out map[string]any
			_, err = c.Do(context.Background(), &Request{Method: "GET", Path: "ok", Safety: Idempotent}, &out)
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assertNoForm(t, err.Error()+"\n"+string(de.Body), secretWithSymbols)
			assertNoForm(t, logs.String(), secretWithSymbols)
		})
	}
}
