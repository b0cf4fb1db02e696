package brightpattern

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/switchboard-go/switchboard/call"
	"github.com/switchboard-go/switchboard/internal/callopt"
	"github.com/switchboard-go/switchboard/internal/flex"
	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// ICEServer is a STUN or TURN server for a WebRTC call.
type ICEServer struct {
	URLs       []string
	Username   string
	Credential string
}

type wireICEServer struct {
	URL        string          `json:"url"`
	URLs       json.RawMessage `json:"urls"`
	Username   string          `json:"username"`
	Credential string          `json:"credential"`
}

// ICEServers returns the ICE servers to use for a call in chatID (chatID may
// be empty on servers that do not ask for it). Documented servers answer
// {"servers":[...]}; newer ones answer a base64 string encrypted with the
// chat id (AES-256-GCM, key from PBKDF2-HMAC-SHA256), which is decrypted.
// An answer that cannot be read or decrypted matches [ErrMalformedResponse];
// an encrypted answer with no chatID given is a plain error.
//
// GET iceservers — idempotent: retried on connection errors, 429, 502, 503
// and 504.
func (c *Client) ICEServers(ctx context.Context, chatID string, opts ...call.Option) ([]ICEServer, error) {
	ctx = callopt.With(ctx, opts)
	var q url.Values
	if chatID != "" {
		q = url.Values{"sessionId": {chatID}}
	}
	var servers []ICEServer
	var needsChat error
	err := c.doDecode(ctx, &httpcore.Request{Method: http.MethodGet, Path: "iceservers", Query: q, Safety: httpcore.Idempotent},
		func(body []byte) (err error) {
			servers, err = decodeICEServers(body, chatID)
			if errors.Is(err, errICENeedsChat) {
				needsChat, err = err, nil // the caller's omission, not a malformed answer
			}
			return err
		})
	if err == nil && needsChat != nil {
		err = fmt.Errorf("brightpattern: ICEServers: %w", needsChat)
	}
	if err != nil {
		return nil, err
	}
	return servers, nil
}

// errICENeedsChat is an encrypted answer to a call made without a chat id,
// the key.
var errICENeedsChat = errors.New("ICE servers are encrypted: a chat id is needed")

func decodeICEServers(body []byte, chatID string) ([]ICEServer, error) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, nil
	}
	var list []wireICEServer
	switch body[0] {
	case '{':
		var w struct {
			Servers []wireICEServer `json:"servers"`
		}
		if err := json.Unmarshal(body, &w); err != nil {
			return nil, fmt.Errorf("ICE servers: %w", err)
		}
		list = w.Servers
	case '[':
		if err := json.Unmarshal(body, &list); err != nil {
			return nil, fmt.Errorf("ICE servers: %w", err)
		}
	default:
		plain, err := decryptICEServers(body, chatID)
		if err != nil {
			return nil, err
		}
		return decodeICEServers(plain, chatID)
	}
	out := make([]ICEServer, 0, len(list))
	for _, s := range list {
		srv := ICEServer{Username: s.Username, Credential: s.Credential}
		if s.URL != "" {
			srv.URLs = append(srv.URLs, s.URL)
		}
		var one string
		var many []string
		if json.Unmarshal(s.URLs, &one) == nil && one != "" {
			srv.URLs = append(srv.URLs, one)
		} else if json.Unmarshal(s.URLs, &many) == nil {
			srv.URLs = append(srv.URLs, many...)
		}
		out = append(out, srv)
	}
	return out, nil
}

// decryptICEServers opens the encrypted answer of newer servers: base64 of
// salt (16 bytes), IV (12 bytes) and AES-GCM ciphertext with tag, keyed by
// PBKDF2-HMAC-SHA256 of the chat id (65536 rounds, 32 bytes).
func decryptICEServers(body []byte, chatID string) ([]byte, error) {
	text := strings.Trim(string(body), "\"")
	raw, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return nil, fmt.Errorf("ICE servers: neither JSON nor base64: %w", err)
	}
	if chatID == "" {
		return nil, errICENeedsChat
	}
	if len(raw) < 16+12+16 {
		return nil, errors.New("ICE servers: encrypted answer too short")
	}
	key, err := pbkdf2.Key(sha256.New, chatID, raw[:16], 65536, 32)
	if err != nil {
		return nil, fmt.Errorf("ICE servers: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("ICE servers: %w", err)
	}
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("ICE servers: %w", err)
	}
	plain, err := gcm.Open(nil, raw[16:28], raw[28:], nil)
	if err != nil {
		return nil, fmt.Errorf("ICE servers: decrypt: %w", err)
	}
	if b := bytes.TrimSpace(plain); len(b) == 0 || (b[0] != '{' && b[0] != '[') {
		return nil, errors.New("ICE servers: decrypted answer is not JSON")
	}
	return plain, nil
}

// WidgetConfiguration is the chat widget configuration of the launch point.
// The documented shape lists Widgets; newer servers send Definition, Styles
// and Cobrowsing at the top level. Raw keeps the whole answer.
type WidgetConfiguration struct {
	Widgets    []Widget                   `json:"widgets"`
	Definition json.RawMessage            `json:"definition"`
	Styles     map[string]json.RawMessage `json:"styles"`
	Cobrowsing json.RawMessage            `json:"cobrowsing"`
	Raw        json.RawMessage            `json:"-"`
}

// Widget is one chat widget.
type Widget struct {
	Name       string                     `json:"name"`
	URLs       []string                   `json:"urls"`
	Definition WidgetDefinition           `json:"definition"`
	Styles     map[string]json.RawMessage `json:"styles"`
}

// WidgetDefinition holds the widget's contact tab.
type WidgetDefinition struct {
	ContactTab ContactTab `json:"contact_tab"`
}

// ContactTab is how the chat tab looks and what it says.
type ContactTab struct {
	Enabled               bool   `json:"enabled"`
	Location              string `json:"location"`
	Color                 string `json:"color"`
	BgColor               string `json:"bg_color"`
	Font                  Font   `json:"font"`
	AgentsAvailableMsg    string `json:"agents_available_msg"`
	AgentsNotAvailableMsg string `json:"agents_not_available_msg"`
	OutOfHoursMsg         string `json:"out_of_hours_msg"`
	ShowEWTOutOfHours     bool   `json:"show_ewt_out_of_hours"`
}

// Font is a font description.
type Font struct {
	Family string `json:"family"`
	Size   string `json:"size"`
	Style  string `json:"style"`
	Weight string `json:"weight"`
}

// WidgetConfiguration returns the chat widget configuration.
//
// GET configuration — idempotent: retried on connection errors, 429, 502, 503
// and 504.
func (c *Client) WidgetConfiguration(ctx context.Context, opts ...call.Option) (*WidgetConfiguration, error) {
	ctx = callopt.With(ctx, opts)
	cfg := &WidgetConfiguration{}
	err := c.doDecode(ctx, &httpcore.Request{Method: http.MethodGet, Path: "configuration", Safety: httpcore.Idempotent},
		func(body []byte) error {
			cfg.Raw = json.RawMessage(body)
			return jsonInto(cfg)(body)
		})
	if err != nil {
		return nil, err
	}
	return cfg, nil
}

// Version returns the server version string, such as "5.5.6.12345 (Stable)".
// API v2 only. An answer without server_version matches
// [ErrMalformedResponse].
//
// GET version — idempotent: retried on connection errors, 429, 502, 503
// and 504.
func (c *Client) Version(ctx context.Context, opts ...call.Option) (string, error) {
	ctx = callopt.With(ctx, opts)
	if err := c.requireV2(); err != nil {
		return "", err
	}
	var w struct {
		ServerVersion flex.String `json:"server_version"`
	}
	err := c.doDecode(ctx, &httpcore.Request{Method: http.MethodGet, Path: "version", Safety: httpcore.Idempotent},
		func(body []byte) error {
			if err := jsonInto(&w)(body); err != nil {
				return err
			}
			if w.ServerVersion.Value == "" {
				return errors.New("the answer has no server_version")
			}
			return nil
		})
	if err != nil {
		return "", err
	}
	return w.ServerVersion.Value, nil
}
