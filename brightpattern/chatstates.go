package brightpattern

import "slices"

// fewChats is how many chats a client remembers in a list before it keeps
// them in a map: a client is most often one customer in one chat, and a
// map makes room for eight entries with its first.
const fewChats = 8

// chatStates is what a client remembers of its chats, by chat id.
type chatStates struct {
	few  []*chatState
	many map[string]*chatState // once more than fewChats were remembered
}

func (m *chatStates) get(id string) *chatState {
	if m.many != nil {
		return m.many[id]
	}
	for _, st := range m.few {
		if st.id == id {
			return st
		}
	}
	return nil
}

// put remembers st, whose id get does not know yet.
func (m *chatStates) put(st *chatState) {
	if m.many == nil && len(m.few) < fewChats {
		m.few = append(m.few, st)
		return
	}
	if m.many == nil {
		m.many = make(map[string]*chatState, 2*fewChats)
		for _, s := range m.few {
			m.many[s.id] = s
		}
		m.few = nil
	}
	m.many[st.id] = st
}

func (m *chatStates) delete(id string) {
	if m.many != nil {
		delete(m.many, id)
		return
	}
	for i, st := range m.few {
		if st.id == id {
			m.few = slices.Delete(m.few, i, i+1)
			return
		}
	}
}

func (m *chatStates) len() int { return len(m.few) + len(m.many) }
