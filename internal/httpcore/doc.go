// Package httpcore is the HTTP engine shared by every switchboard vendor
// package.
//
// A vendor package builds one [Client] from a [Config] (base URL, credential
// step, error decoder, secrets to redact) and describes each API operation as
// a [Request]: method, path template, query struct, JSON or streaming body,
// and its [Safety]. The core then builds the HTTP request, sends it through a
// go-retryablehttp client configured with switchboard's own retry policy,
// decodes the response with a size cap, and turns failures into the vendor's
// error type.
//
// Retry safety is declared per operation. [Idempotent] operations are retried
// on connection errors and on 429, 502, 503 and 504. [Unsafe] operations (a
// message sent, a chat created, a file uploaded) are retried only when the
// request provably never reached the server (the dial or the TLS handshake
// failed before a connection was handed to the request) or was refused with
// 429, which says it was not processed. When an unsafe request fails after it
// may have been processed, its error matches [ErrOutcomeUnknown]. Waits are exponential
// with full jitter, honour Retry-After up to the configured maximum wait, and
// never outlast the context deadline.
//
// Each attempt is bounded by a timeout ([DefaultTimeout] unless the client
// or the request sets another): the request must be answered and its body
// read within it, or the attempt fails with an error matching [ErrTimeout].
// A long poll sets its own bound (Request.Timeout); a download is held to the
// bound per read. A vendor's Throttle (a client-side rate limit) waits before
// each attempt, outside its timeout.
//
// Secrets registered with [Client.AddSecret] are redacted from every URL,
// log record and error the core produces, and from the bodies it keeps in
// errors, in every form a server may echo them in: as they are, URL-escaped,
// JSON-escaped, as character references, through nested escapes, and
// base64-encoded alone or inside a longer value such as a Basic credential.
package httpcore
