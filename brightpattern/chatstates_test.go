package brightpattern

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A client remembers its chats in a list up to fewChats and in a map past
// it, finding each one and forgetting each one the same either way.
func TestChatStates(t *testing.T) {
	var m chatStates
	for n := range 3 * fewChats {
		id := fmt.Sprint("chat-", n)
		require.Nil(t, m.get(id))
		m.put(&chatState{id: id, nextMsg: int64(n)})
		require.Equal(t, n+1, m.len())
		for k := range n + 1 {
			st := m.get(fmt.Sprint("chat-", k))
			require.NotNil(t, st, "chat-%d after %d chats", k, n+1)
			assert.EqualValues(t, k, st.nextMsg)
		}
	}
	for n := range 3 * fewChats {
		m.delete(fmt.Sprint("chat-", n))
		assert.Nil(t, m.get(fmt.Sprint("chat-", n)))
		assert.Equal(t, 3*fewChats-n-1, m.len())
	}

	var few chatStates
	for n := range fewChats {
		few.put(&chatState{id: fmt.Sprint("chat-", n)})
	}
	few.delete("chat-3")
	few.delete("chat-0")
	few.delete("absent")
	assert.Equal(t, fewChats-2, few.len())
	assert.Nil(t, few.get("chat-3"))
	assert.NotNil(t, few.get("chat-7"))
	assert.Nil(t, few.many, "a list until more than fewChats")
}
