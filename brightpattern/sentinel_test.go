package brightpattern

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestJoinedErrorsAreOneLine(t *testing.T) {
	first := &Error{StatusCode: 502, Method: "POST", URL: "https://x/events", Message: "bad\ngateway"}
	second := errors.New("brightpattern: the history could not be read: timeout")
	err := joinOneLine(first, second)
	assert.NotContains(t, err.Error(), "\n")
	assert.Contains(t, err.Error(), "; the history could not be read: timeout")
	assert.ErrorIs(t, err, second)
	var e *Error
	assert.ErrorAs(t, err, &e)

	ended := alsoMatching(ErrSessionEnded, first)
	assert.ErrorIs(t, ended, ErrSessionEnded)
	assert.ErrorAs(t, ended, &e)
	assert.NotContains(t, ended.Error(), "\n")
	assert.Equal(t, "brightpattern: chat session ended or not found: POST https://x/events: HTTP 502: bad gateway", ended.Error())
}
