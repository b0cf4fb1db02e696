package brightpatterntest

import "net/http"

func (s *Server) iceServers(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"servers": []map[string]string{
		{"url": "stun:stun.example.com:3478"},
		{"url": "turn:turn.example.com:3478", "username": "fake", "credential": "fake"},
	}})
}

func (s *Server) configuration(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"widgets": []map[string]any{{
		"name": "Fake", "urls": []string{"https://www.example.com/"},
		"definition": map[string]any{"contact_tab": map[string]any{"enabled": true, "location": "bottom_right",
			"agents_available_msg": "Chat with us", "out_of_hours_msg": "We are closed"}},
	}}})
}
