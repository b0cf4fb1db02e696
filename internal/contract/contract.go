// Package contract holds the fakes to the recordings. It replays a request
// recorded in testdata/<vendor>/ against that vendor's fake and compares
// the fake's answer with the recorded one: the status class, the JSON shape
// (keys and value types, recursively, see [Shape]) and the vendor's error
// code. A fake written from the same assumption as its client proves
// nothing about that assumption; a fake held to the recordings does.
//
// Intentional differences are listed per vendor as [Allow] entries, each
// with its reason; an entry that no longer matches anything fails the run,
// so the list only ever holds differences that exist.
package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/switchboard-go/switchboard/internal/fixture"
)

// Vendor says how to read one vendor's answers.
type Vendor struct {
	// ErrorCode returns the vendor's error code from a decoded JSON body,
	// or "" when the body carries none.
	ErrorCode func(body any) string
	// KindKey, when set, names the key that tells the kinds of list
	// entries apart (see [ShapeByKind]).
	KindKey string
}

// Case is one recorded exchange replayed against a fake.
type Case struct {
	Exchange fixture.Exchange
	// Base is the fake's root URL: scheme and host, no path.
	Base string
	// Replace, when set, rewrites the recorded path, query values, header
	// values and body before sending: recorded IDs and credentials become
	// the ones the fake knows.
	Replace *strings.Replacer
	// Header holds headers sent when the recording does not name them: a
	// recording of an error that left out the credential still implies
	// one, since its answer is not a 401.
	Header map[string]string
	// Body and ContentType, when Body is set, are sent instead of the
	// recorded body (one the recording leaves out, or a multipart upload it
	// keeps only as substrings); Replace rewrites Body too.
	Body        []byte
	ContentType string
}

// Answer is a fake's response, read in full.
type Answer struct {
	Status int
	Body   []byte
}

// Send replays c's request against its fake.
func Send(ctx context.Context, hc *http.Client, c Case) (Answer, error) {
	rw := func(s string) string {
		if c.Replace == nil {
			return s
		}
		return c.Replace.Replace(s)
	}
	rec := c.Exchange.Request
	u, err := url.Parse(strings.TrimSuffix(c.Base, "/") + rw(rec.Path))
	if err != nil {
		return Answer{}, err
	}
	q := url.Values{}
	for k, vs := range rec.Query {
		for _, v := range vs {
			q.Add(k, rw(v))
		}
	}
	u.RawQuery = q.Encode()
	var body io.Reader
	switch {
	case c.Body != nil:
		body = strings.NewReader(rw(string(c.Body)))
	case len(rec.Body) > 0:
		// Compact JSON first, so that a rewrite names "key":value pairs
		// whatever the recording's spacing.
		raw := []byte(rec.Body)
		var compact bytes.Buffer
		if json.Compact(&compact, raw) == nil {
			raw = compact.Bytes()
		}
		body = strings.NewReader(rw(string(raw)))
	}
	req, err := http.NewRequestWithContext(ctx, rec.Method, u.String(), body)
	if err != nil {
		return Answer{}, err
	}
	for k, v := range c.Header {
		if _, ok := rec.Headers[k]; !ok {
			req.Header[k] = []string{v}
		}
	}
	for k, v := range rec.Headers {
		req.Header[k] = []string{rw(v)} // the recorded name, as written
	}
	if c.Body != nil && c.ContentType != "" {
		req.Header.Set("Content-Type", c.ContentType)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return Answer{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return Answer{}, err
	}
	return Answer{Status: resp.StatusCode, Body: data}, nil
}

// Compare lists every way got differs from the recorded response: the
// status class, the JSON shape of the body (when the class is the same)
// and the error code.
func Compare(v Vendor, want fixture.Response, got Answer) []string {
	var problems []string
	sameClass := want.Status/100 == got.Status/100
	if !sameClass {
		problems = append(problems, fmt.Sprintf("status %d, want %dxx (recorded %d)", got.Status, want.Status/100, want.Status))
	}
	var wantBody, gotBody any
	wantJSON := len(want.Body) > 0 && json.Unmarshal(want.Body, &wantBody) == nil
	gotJSON := len(bytes.TrimSpace(got.Body)) > 0 && json.Unmarshal(got.Body, &gotBody) == nil
	switch {
	case !sameClass:
		// An answer of another class has another body: its shape says
		// nothing more than the status already does.
	case wantJSON && !gotJSON:
		problems = append(problems, fmt.Sprintf("body is not JSON: %.120q", got.Body))
		return problems
	case wantJSON:
		for _, p := range ShapeByKind(wantBody, gotBody, v.KindKey) {
			problems = append(problems, "shape "+p)
		}
	case (want.BodyText == nil || *want.BodyText == "") && len(bytes.TrimSpace(got.Body)) > 0:
		problems = append(problems, fmt.Sprintf("recorded no body, got %.120q", got.Body))
	}
	if v.ErrorCode != nil {
		var wc, gc string
		if wantJSON {
			wc = v.ErrorCode(wantBody)
		}
		if gotJSON {
			gc = v.ErrorCode(gotBody)
		}
		if wc != gc {
			problems = append(problems, fmt.Sprintf("error code %q, want %q", gc, wc))
		}
	}
	return problems
}

// Allow is one intentional difference: a problem the contract accepts for
// one recording.
type Allow struct {
	// Fixture is the recording's file name, such as "poll_204.json".
	Fixture string
	// Problem is a substring of the reported problem.
	Problem string
	// Reason says why the difference is intended.
	Reason string
}

// Check compares each case's answer with its recording and fails t for
// every difference allow does not list, and for every allow entry that
// matched nothing.
func Check(t testing.TB, v Vendor, allow []Allow, cases ...Case) {
	t.Helper()
	used := make([]bool, len(allow))
	for _, c := range cases {
		name := filepath.Base(c.Exchange.File())
		for _, p := range Run(v, c) {
			if i := allowed(allow, name, p); i >= 0 {
				used[i] = true
				continue
			}
			t.Errorf("%s (%s): %s", name, c.Exchange.Name, p)
		}
	}
	for i, a := range allow {
		if a.Reason == "" {
			t.Errorf("allow entry %s %q has no reason", a.Fixture, a.Problem)
		}
		if !used[i] {
			t.Errorf("allow entry %s %q matched nothing: remove it", a.Fixture, a.Problem)
		}
	}
}

// replayTimeout bounds one replay, so that a fake that never answers fails
// the run instead of hanging it.
const replayTimeout = 30 * time.Second

// Run replays one case and returns its differences; a failure to send is
// one of them.
func Run(v Vendor, c Case) []string {
	ctx, cancel := context.WithTimeout(context.Background(), replayTimeout)
	defer cancel()
	got, err := Send(ctx, http.DefaultClient, c)
	if err != nil {
		return []string{fmt.Sprintf("replay failed: %v", err)}
	}
	return Compare(v, c.Exchange.Response, got)
}

func allowed(allow []Allow, fixtureName, problem string) int {
	for i, a := range allow {
		if a.Fixture == fixtureName && strings.Contains(problem, a.Problem) {
			return i
		}
	}
	return -1
}
