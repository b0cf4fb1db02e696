package brightpattern

import (
	"log/slog"
	"net/http"
	"time"
)

// Option configures a [Client].
type Option func(*options)

type options struct {
	baseURL          string
	httpClient       *http.Client
	logger           *slog.Logger
	userAgent        string
	maxRetries       int
	retryWaitMin     time.Duration
	retryWaitMax     time.Duration
	maxResponseBytes int64
	insecure         bool
	apiVersion       int
	pollTimeout      time.Duration
	uploadField      string
}

// WithBaseURL overrides https://<tenant>/ as the server to talk to (a fake
// server, another port, a proxy host). A URL with no path gets the API
// prefix clientweb/api/v1/ (or v2/) appended; a URL with a path is used as
// the API base as it is.
func WithBaseURL(u string) Option { return func(o *options) { o.baseURL = u } }

// WithHTTPClient sends requests through hc. When the client ID is
// [WebChatClientID] and hc has no cookie jar, a copy of hc with a jar is used.
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.httpClient = hc } }

// WithLogger logs one Debug record per HTTP attempt, without credentials or
// bodies. Logging is off by default.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithUserAgent replaces the User-Agent, "MobileClient" by default as the API
// asks of mobile applications.
func WithUserAgent(ua string) Option { return func(o *options) { o.userAgent = ua } }

// WithMaxRetries sets how many times a retry-safe request is retried
// (3 by default; zero or a negative value disables retries).
func WithMaxRetries(n int) Option {
	return func(o *options) {
		o.maxRetries = n
		if n == 0 {
			o.maxRetries = -1
		}
	}
}

// WithRetryWait bounds the backoff between retries (and between failed
// polls of [Client.Events]).
func WithRetryWait(minWait, maxWait time.Duration) Option {
	return func(o *options) { o.retryWaitMin, o.retryWaitMax = minWait, maxWait }
}

// WithMaxResponseBytes caps how much of a JSON response is read (16 MiB by
// default).
func WithMaxResponseBytes(n int64) Option { return func(o *options) { o.maxResponseBytes = n } }

// WithInsecureHTTP allows credentials over plain http to a host that is not
// loopback. Loopback hosts (a local fake server) never need it.
func WithInsecureHTTP() Option { return func(o *options) { o.insecure = true } }

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
