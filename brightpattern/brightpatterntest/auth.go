package brightpatterntest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

// webChatCookie is the cookie that identifies a client whose clientId is
// WebChat (the real cookie name is undocumented).
const webChatCookie = "bp_webchat_client"

type clientKey struct{}

// apiError answers the documented error body.
func apiError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]string{"error_code": code, "error_message": message})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// auth checks tenantUrl and the Authorization header as the server does,
// then runs h, which reads the client's identity with clientOf: its
// clientId, or for WebChat its cookie (set on first contact). A path under
// an API version other than v1 and v2 is not found (404), whatever its
// credentials.
func (s *Server) auth(h http.HandlerFunc) http.HandlerFunc { return s.authorize(true, h) }

// authFile is auth for Get File and Get Agent Profile Photo, which the seed
// writes without tenantUrl (and the web client loads as plain links): the
// parameter may be left out, and is checked when given.
func (s *Server) authFile(h http.HandlerFunc) http.HandlerFunc { return s.authorize(false, h) }

func (s *Server) authorize(needTenant bool, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if v := r.PathValue("version"); v != "v1" && v != "v2" {
			http.NotFound(w, r)
			return
		}
		tenant, given := queryParam(r.URL.RawQuery, "tenantUrl")
		if (needTenant || given) && (tenant == "" || (s.cfg.tenant != "" && tenant != s.cfg.tenant)) {
			apiError(w, http.StatusForbidden, "1000", "Missing or invalid tenantUrl")
			return
		}
		header := r.Header.Get("Authorization")
		if header == "" {
			apiError(w, http.StatusUnauthorized, "2000", "Authorization header is missing")
			return
		}
		scheme, params, _ := strings.Cut(header, " ")
		if scheme != "MOBILE-API-140-327-PLAIN" {
			apiError(w, http.StatusUnauthorized, "2002", "Authorization scheme is incorrect")
			return
		}
		appID, clientID, ok := parseParams(params)
		if !ok {
			apiError(w, http.StatusUnauthorized, "2001", "Authorization parameter format is incorrect")
			return
		}
		switch {
		case appID == "":
			apiError(w, http.StatusUnauthorized, "2003", "Authorization parameter is missing: appId")
			return
		case clientID == "":
			apiError(w, http.StatusUnauthorized, "2004", "Authorization parameter is missing: clientId")
			return
		case s.cfg.appIDs != nil && !s.cfg.appIDs[appID]:
			apiError(w, http.StatusForbidden, "3000", "Missing or invalid application unique id")
			return
		}
		if clientID == "WebChat" {
			if c, err := r.Cookie(webChatCookie); err != nil || c.Value == "" {
				v := randomID()
				http.SetCookie(w, &http.Cookie{Name: webChatCookie, Value: v, Path: "/", HttpOnly: true})
				r = r.WithContext(context.WithValue(r.Context(), clientKey{}, "cookie:"+v))
			}
		}
		h(w, r)
	}
}

// clientOf is the identity authorize checked for r: "id:" and its
// clientId, or for WebChat "cookie:" and its cookie. It is read again from
// the request, which authorize has checked, rather than carried in a copy
// of the request made for every call; only a WebChat client's first call,
// whose cookie the answer sets, carries its identity in its context.
func clientOf(r *http.Request) string {
	if key, ok := r.Context().Value(clientKey{}).(string); ok {
		return key
	}
	_, params, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	_, clientID, _ := parseParams(params)
	if clientID == "WebChat" {
		if c, err := r.Cookie(webChatCookie); err == nil {
			return "cookie:" + c.Value
		}
	}
	return "id:" + clientID
}

// parseParams reads appId and clientId from `appId="a", clientId="b"`,
// quoted or not (the official SDKs send the values unquoted); a parameter
// given twice counts as its last value.
func parseParams(s string) (appID, clientID string, ok bool) {
	for s != "" {
		var part string
		part, s, _ = strings.Cut(s, ",")
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return "", "", false
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = v[1 : len(v)-1]
		} else if strings.Contains(v, `"`) {
			return "", "", false
		}
		switch strings.TrimSpace(k) {
		case "appId":
			appID = v
		case "clientId":
			clientID = v
		}
	}
	return appID, clientID, true
}

// queryParam returns the first value of name in a raw query and whether
// name is there, as url.ParseQuery reads the query (a malformed pair is
// skipped), without building the whole map.
func queryParam(raw, name string) (string, bool) {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" || strings.Contains(pair, ";") {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		if k != name {
			if !strings.ContainsAny(k, "%+") {
				continue
			}
			if uk, err := url.QueryUnescape(k); err != nil || uk != name {
				continue
			}
		}
		if value, err := url.QueryUnescape(v); err == nil {
			return value, true
		}
	}
	return "", false
}

// v2 answers 404 to a v2-only call made on v1.
func v2(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("version") != "v2" {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}
}

func randomID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b[:4]) + "-" + hex.EncodeToString(b[4:6]) + "-" + hex.EncodeToString(b[6:8]) + "-" +
		hex.EncodeToString(b[8:10]) + "-" + hex.EncodeToString(b[10:])
}
