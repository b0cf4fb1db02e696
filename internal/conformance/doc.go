// Package conformance is the behaviour every vendor package owes its users,
// checked through the package's public API against its own fake server:
//
//   - an unsafe call is never sent twice once the server may have seen it;
//   - an idempotent call is retried on 429, 502, 503, 504 and dropped
//     connections, honouring Retry-After up to the configured maximum wait;
//   - exhausted retries return the vendor's decoded *Error;
//   - cancelling the context stops a call and an iterator at once;
//   - an iterator broken off leaves no goroutine behind;
//   - no credential appears in a log record or an error string, nor in an
//     Error's Message or Body, even when the server echoes it back raw,
//     URL-escaped, JSON-escaped or base64-encoded (alone or in a Basic
//     credential), in an error body or in a 200 answer that says the call
//     failed;
//   - a stalled server holds no call past WithTimeout, even under
//     context.Background(), while a long poll keeps its own timeout;
//   - a response over the size cap, and malformed JSON, give an error.
//
// A vendor package gets the whole suite from one test file that describes
// its client, its fake and a few of its calls:
//
//	func TestConformance(t *testing.T) {
//		conformance.Run(t, conformance.Vendor[*acme.Client, *acmetest.Server]{...})
//	}
//
// The checks a package drives with its own calls are here too, each fed a
// table: [Refusals] for arguments refused before any I/O, [BaseURLRule]
// for the base-URL and host rule, [GaveUp] for a watcher that gave up,
// [UploadSizes] for an upload's size convention.
// [ErrorAs] reads any vendor's Error and [Options] maps the checks'
// settings to a package's With* options.
package conformance
