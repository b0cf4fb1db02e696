package httpcore

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAPIRoot(t *testing.T) {
	for _, tc := range []struct{ u, root, want string }{
		{"https://h", "/apps/api/v1", "https://h/apps/api/v1/"},
		{"https://h/", "apps/api/v1/", "https://h/apps/api/v1/"},
		{"https://h//", "apps/api/v1", "https://h/apps/api/v1/"},
		{"https://h", "", "https://h/"},
		{"http://127.0.0.1:8080", "", "http://127.0.0.1:8080/"},
		{"https://h/p", "/apps/api/v1", "https://h/p/"},
		{"https://h/p%2Fq", "/apps/api/v1", "https://h/p%2Fq/"},
	} {
		got, err := APIRoot("v", tc.u, tc.root)
		require.NoError(t, err, tc.u)
		assert.Equal(t, tc.want, got, tc.u)
	}
	for _, u := range []string{"h", "/p", "ftp://h", "https://", "https://h?x=1", "https://h?", "https://h#f", "https://h/%zz"} {
		_, err := APIRoot("v", u, "/r")
		assert.ErrorIs(t, err, ErrInvalidArgument, u)
	}
	_, err := APIRoot("v", "https://user:s3cret@h/?key=s3cret", "/r")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret")
}

func TestHostArgument(t *testing.T) {
	for in, want := range map[string]string{
		"h.example.com": "h.example.com", " h.example.com ": "h.example.com", "h.example.com/": "h.example.com",
		"https://h.example.com": "h.example.com", "HtTpS://h.example.com/": "h.example.com", "h:8443": "h:8443",
	} {
		got, err := HostArgument("v", "host", in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"", "/", "http://h", "ftp://h", "https://", "h/p", "h?x", "u@h", "h x", "https://https://h"} {
		_, err := HostArgument("v", "host", in)
		assert.ErrorIs(t, err, ErrInvalidArgument, in)
	}
}
