package ccaiptest

import (
	"net/http"

	"github.com/golang-jwt/jwt/v5"
)

// customData stores unsigned data, or verifies signed data with the company
// secret (HS256, exp checked) and stores its custom_data claim.
func (s *Server) customData(w http.ResponseWriter, r *http.Request) {
	var b struct {
		Signed     bool           `json:"signed"`
		Data       map[string]any `json:"data"`
		SignedData string         `json:"signed_data"`
	}
	if !decode(w, r, &b) {
		return
	}
	entry := CustomData{Signed: b.Signed, Data: b.Data}
	if b.Signed {
		claims := jwt.MapClaims{}
		_, err := jwt.ParseWithClaims(b.SignedData, claims, func(*jwt.Token) (any, error) {
			return []byte(s.cfg.companySecret), nil
		}, jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(), jwt.WithIssuedAt(), jwt.WithTimeFunc(s.cfg.now))
		data, ok := claims["custom_data"].(map[string]any)
		if err != nil || !ok {
			writeMessage(w, http.StatusBadRequest, "Invalid signed_data")
			return
		}
		entry.Data = data
	}
	if len(entry.Data) == 0 {
		writeMessage(w, http.StatusBadRequest, "param is missing or the value is empty: data")
		return
	}
	s.withChat(w, r, func(c *Chat) {
		c.CustomData = append(c.CustomData, entry)
		writeJSON(w, http.StatusOK, map[string]any{})
	})
}
