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
// # How the core drives go-retryablehttp
//
// go-retryablehttp gives the core its attempt loop: it rebuilds the body
// for each attempt from a ReaderFunc, runs RequestLogHook before each
// attempt and CheckRetry after it, and hands back the last response through
// a pass-through ErrorHandler, so a caller gets the vendor's decoded error
// rather than "giving up after N attempts". Its other hooks do not see what
// the policy needs, so the core uses them differently from their design:
//   - Backoff is told only the attempt number and the response, not the
//     request's context, so it cannot stop short of the context deadline,
//     read the context's [Clock], or know the call's safety. The wait is
//     therefore computed and kept inside CheckRetry, which does get the
//     context, and Backoff returns zero.
//   - RetryMax is one number for the whole client, while a long poll sends
//     with no retries of its own and callers may set their own count per
//     request. The per-request count is kept in the call's state (carried
//     in the context, as the hooks see nothing else) and enforced by
//     CheckRetry; RetryMax is set out of reach.
//   - SetBody calls a ReaderFunc once when the request is built, only to
//     measure it. A streamed body is therefore handed over as a reader that
//     opens its source on the first Read, so the probe consumes nothing.
//
// Replacing the library would move the attempt loop into the core without
// removing any of this logic; keeping it keeps the loop in a maintained
// dependency, with the policy in one hook.
//
// # Clock
//
// Every wait between attempts (a backoff, a Retry-After) and between polls
// of the long-poll engine is kept on the [Clock] of the call's context:
// the real clock unless a test sets another with [WithClock].
//
// # Redaction
//
// The literal secrets a vendor lists in Config.Secrets are redacted from
// every URL, log record and error the core produces, and from the bodies it
// keeps in errors, in every form a server may echo them in: as they are,
// URL-escaped, JSON-escaped, as character references, through nested
// escapes, and base64-encoded alone or inside a longer value such as a Basic
// credential. [New] reads them once, so a client's redactor never changes
// and concurrent requests share it without a lock. The values of the query
// parameters named in Config.SecretQuery, and any user info, are replaced
// in every URL the core reports.
package httpcore
