package brightpattern

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// Option configures a [Client].
type Option func(*options)

type options struct {
	httpcore.Settings
	apiVersion  int
	pollTimeout time.Duration
	uploadField string
}

// WithBaseURL replaces https://<tenant>/clientweb/api/v1/ (or v2/) as the
// API root, the URL every request path is joined to (a fake server, another
// port, a proxy). The rule is the same in every package: a URL with no path
// (or only "/"), such as a brightpatterntest server's, gets the API root
// path clientweb/api/v1/ (or v2/) appended; a URL with a path is the API
// root as it is. u must be an absolute http or https URL with no query or
// fragment; plain http also needs [WithInsecureHTTP] unless the host is
// loopback.
func WithBaseURL(u string) Option { return func(o *options) { o.BaseURL = u } }

// WithHTTPClient sends requests through hc. The client never closes hc's
// idle connections, so a shared *http.Client is safe to pass. When the
// client ID is [WebChatClientID] and hc has no cookie jar, a copy of hc with
// a jar is used.
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.HTTPClient = hc } }

// WithLogger logs to l, the same records in every package, each naming
// the operation: the method and path template ("GET chats/{chatId}/events"). At Debug: one
// record per HTTP attempt ("brightpattern http attempt": operation, method,
// redacted URL, status or error, attempt number, duration), each backoff
// wait before a retry ("brightpattern http retry wait": the wait and the outcome
// that caused it) and each failure not retried although a retry might
// have fixed it ("brightpattern http give up": the reason, such as no retries left
// or a request not safe to send again). At Warn, once per call: the final
// failure ("brightpattern call failed": the attempts and the error), at Debug
// instead when the call's context ended.
// A poll answered with error 5511 (no events) is an ordinary answer,
// logged at Debug.
// Credentials and bodies are never logged. Logging is off by default.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.Logger = l } }

// WithUserAgent replaces the User-Agent, "MobileClient" by default as the
// API asks of mobile applications.
func WithUserAgent(ua string) Option { return func(o *options) { o.UserAgent = ua } }

// WithMaxRetries sets how many times a retry-safe request is sent again
// after the first attempt: 3 by default, and zero or a negative n disables
// retries. A request that is not retry-safe is never sent again once it may
// have reached the server, whatever n is.
func WithMaxRetries(n int) Option { return func(o *options) { o.SetMaxRetries(n) } }

// WithRetryWait bounds each backoff wait between attempts, including a wait
// the server asks for with Retry-After (250 ms to 10 s by default), and the
// wait between failed polls of [Client.Events].
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return func(o *options) { o.SetRetryWait(minWait, maxWait) }
}

// WithMaxResponseBytes caps how much of a response body is read (16 MiB by
// default); a larger body fails the call with an error matching
// [ErrResponseTooLarge].
func WithMaxResponseBytes(n int64) Option { return func(o *options) { o.MaxResponseBytes = n } }

// DefaultTimeout bounds each attempt of a call unless [WithTimeout] sets
// another bound: 30 seconds.
const DefaultTimeout = httpcore.DefaultTimeout

// WithTimeout bounds each attempt of a call: the request must be answered,
// and the whole answer read, within d, or the attempt fails with an error
// matching [ErrTimeout], and a retry-safe call is sent again. A downloaded
// stream is held to d per read instead, however long the whole takes. The
// default is [DefaultTimeout]; zero or a negative d removes the bound,
// leaving only the context. Long polls, which the server holds open on
// purpose, keep their own bound.
func WithTimeout(d time.Duration) Option { return func(o *options) { o.SetTimeout(d) } }

// WithInsecureHTTP allows the credentials to travel over plain http to a
// host that is not loopback. Loopback hosts (a local fake server) never
// need it.
func WithInsecureHTTP() Option { return func(o *options) { o.AllowInsecure = true } }

// WithAPIVersion selects the API version, 1 (the default) or 2. Version 2
// serves under clientweb/api/v2/ and enables [Client.Version],
// [Client.SubscribeNotifications], [Client.CaseHistory] and [Client.CloseCase].
func WithAPIVersion(v int) Option { return func(o *options) { o.apiVersion = v } }

// WithPollTimeout bounds each long poll of [Client.PollEvents] and
// [Client.Events]. The server holds a poll for about 5–15 s when it has
// nothing to send, so the default, 25 s, outlasts the hold.
func WithPollTimeout(d time.Duration) Option { return func(o *options) { o.pollTimeout = d } }

// WithUploadField names the multipart field of [Client.UploadFile]: "file"
// as documented (the default), or "file-upload-input" as the official web
// and mobile clients send.
func WithUploadField(name string) Option { return func(o *options) { o.uploadField = name } }
