package workspacechat

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

var decodeSeeds = flag.Int("workspacechat.decodeseeds", 3000, "seeds of TestDecodeMatchesTwoPassDecoder")

// randomValues are the forms a member's value takes in the equivalence
// test: every form the flex rules accept or refuse, in every kind.
var randomValues = []string{
	`"abc"`, `""`, `" "`, `"caf\u00e9"`, `"café"`, `"a\"b"`, `"line\nbreak"`, `"\ud83d\ude00"`, "\"\xff\"",
	`42`, `-7`, `0`, `-0`, `4.5`, `42.0`, `1e3`, `1e300`, `12345678901234567890`, `"42"`, `" 7 "`, `"4.5"`,
	`true`, `false`, `"true"`, `"False"`, `"yes"`, `"0"`, `"maybe"`, `1`, `2`,
	`null`, `{}`, `{"a":[1,{"b":"}"}]}`, `[]`, `[1,"]"]`,
	`"2025-03-04T10:15:30.000Z"`, `"2025-03-04T10:15:30Z"`, `"2025-03-04T10:15:30.123456789+02:00"`,
	`"2025-03-04T10:15:30-00:00"`, `"2025-03-04T10:15:30+00:00"`, `"2025-03-04t10:15:30z"`, `"2025-03-04 10:15:30"`,
	`"2025-03-04T10:15:30"`, `"2025-03-04T24:00:00Z"`, `"2025-03-04T23:59:60Z"`, `"2025-3-4T10:15:30Z"`,
	`" 2025-03-04T10:15:30Z "`, `"2025-03-04T10:15:30.Z"`, `"2025-03-04T10:15:30,5Z"`, `"0000-01-01T00:00:00Z"`,
	`1700000000`, `1700000000000`, `"1700000000000"`, `1700000000.5`, `"yesterday"`,
}

// randomKeys are the names the decoders know, some spelled differently.
func randomKeys() []string {
	keys := make([]string, 0, len(slots)+8)
	for k := range slots {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return append(keys, "ID", "Title", `\u0069d`, "unknown", "isownerblocked", "channelName ", "")
}

// randomObject writes a JSON object of random members drawn from keys,
// with random white space; half of them carry an id.
func randomObject(rng *rand.Rand, keys []string) string {
	ws := func() string { return []string{"", " ", "\n\t", "  \r\n"}[rng.IntN(4)] }
	var b strings.Builder
	b.WriteString("{" + ws())
	n := rng.IntN(12)
	members := make([]string, 0, n+1)
	if rng.IntN(2) == 0 {
		members = append(members, `"id"`+ws()+":"+ws()+`"9c1d2e3f"`)
	}
	for range n {
		k := keys[rng.IntN(len(keys))]
		v := randomValues[rng.IntN(len(randomValues))]
		members = append(members, `"`+k+`"`+ws()+":"+ws()+v)
	}
	rng.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
	b.WriteString(strings.Join(members, ws()+","+ws()))
	b.WriteString(ws() + "}")
	return b.String()
}

// randomPage writes a list body: mostly an array of objects, sometimes
// with an element that is not an object, inside an envelope, or not a
// list at all.
func randomPage(rng *rand.Rand, keys []string) string {
	n := rng.IntN(4)
	els := make([]string, n)
	for i := range els {
		els[i] = randomObject(rng, keys)
		if rng.IntN(20) == 0 {
			els[i] = randomValues[rng.IntN(len(randomValues))]
		}
	}
	arr := "[ " + strings.Join(els, " ,\n") + " ]"
	switch rng.IntN(12) {
	case 0:
		return `{"items":` + arr + `,"data":null}`
	case 1:
		return `{"results":` + randomValues[rng.IntN(len(randomValues))] + `}`
	case 2:
		return randomValues[rng.IntN(len(randomValues))]
	case 3:
		return arr[:len(arr)-1] // truncated
	}
	return "\n" + arr + " "
}

// sameResult reports how got differs from want: whether each decoded,
// whether each error matches the package's errors, and the values.
func sameResult(got, want any, gotErr, wantErr error) error {
	if (gotErr == nil) != (wantErr == nil) {
		return fmt.Errorf("error %v, want %v", gotErr, wantErr)
	}
	for _, target := range []error{ErrMissingID, ErrUnexpectedShape, errNullList} {
		if errors.Is(gotErr, target) != errors.Is(wantErr, target) {
			return fmt.Errorf("error %v, want %v", gotErr, wantErr)
		}
	}
	if gotErr == nil && !reflect.DeepEqual(got, want) {
		return fmt.Errorf("decoded\n%+v\nwant\n%+v", got, want)
	}
	return nil
}

// asList converts a list of the reference types to the package's.
func asList[T, R any](in []R) []T {
	if in == nil {
		return nil
	}
	out := make([]T, len(in))
	for i := range in {
		out[i] = *(*T)(any(&in[i]).(interface{ p() *T }).p())
	}
	return out
}

func (r *refRow) p() *ChatRow         { return (*ChatRow)(r) }
func (r *refChat) p() *Chat           { return (*Chat)(r) }
func (r *refMessage) p() *ChatMessage { return (*ChatMessage)(r) }

// TestDecodeMatchesTwoPassDecoder holds the one-pass decoder to the one it
// replaced, over random objects and pages: every name, every value form,
// duplicate keys, escaped keys, case variants, white space, envelopes and
// malformed bodies. Each type decodes alone and in a list.
func TestDecodeMatchesTwoPassDecoder(t *testing.T) {
	keys := randomKeys()
	for seed := range uint64(*decodeSeeds) {
		rng := rand.New(rand.NewPCG(seed, 0xdec0de))
		obj := randomObject(rng, keys)
		page := randomPage(rng, keys)
		fail := func(what, body string, err error) {
			t.Fatalf("seed %d, %s of %s: %v", seed, what, body, err)
		}

		var row ChatRow
		var refR refRow
		err, refErr := row.UnmarshalJSON([]byte(obj)), refR.UnmarshalJSON([]byte(obj))
		if err := sameResult(row, ChatRow(refR), err, refErr); err != nil {
			fail("row", obj, err)
		}
		var ch Chat
		var refC refChat
		err, refErr = ch.UnmarshalJSON([]byte(obj)), refC.UnmarshalJSON([]byte(obj))
		if err := sameResult(ch, Chat(refC), err, refErr); err != nil {
			fail("entity", obj, err)
		}
		var m ChatMessage
		var refM refMessage
		err, refErr = m.UnmarshalJSON([]byte(obj)), refM.UnmarshalJSON([]byte(obj))
		if err := sameResult(m, ChatMessage(refM), err, refErr); err != nil {
			fail("message", obj, err)
		}

		rows, err := decodeList[ChatRow]([]byte(page))
		refRows, refErr := refList[refRow]([]byte(page))
		if err := sameResult(rows, asList[ChatRow](refRows), err, refErr); err != nil {
			fail("row list", page, err)
		}
		chats, err := decodeList[Chat]([]byte(page))
		refChats, refErr := refList[refChat]([]byte(page))
		if err := sameResult(chats, asList[Chat](refChats), err, refErr); err != nil {
			fail("entity list", page, err)
		}
		msgs, err := decodeList[ChatMessage]([]byte(page))
		refMsgs, refErr := refList[refMessage]([]byte(page))
		if err := sameResult(msgs, asList[ChatMessage](refMsgs), err, refErr); err != nil {
			fail("message list", page, err)
		}
	}
}

// FuzzDecodeMatchesTwoPassDecoder holds the one-pass decoder to the
// two-pass one on arbitrary bytes, lists and single objects of each type.
func FuzzDecodeMatchesTwoPassDecoder(f *testing.F) {
	addFixtureBodies(f)
	rng := rand.New(rand.NewPCG(1, 2))
	keys := randomKeys()
	for range 20 {
		f.Add([]byte(randomPage(rng, keys)))
		f.Add([]byte(randomObject(rng, keys)))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var row ChatRow
		var refR refRow
		err, refErr := row.UnmarshalJSON(data), refR.UnmarshalJSON(data)
		if err := sameResult(row, ChatRow(refR), err, refErr); err != nil {
			t.Fatalf("row: %v", err)
		}
		var m ChatMessage
		var refM refMessage
		err, refErr = m.UnmarshalJSON(data), refM.UnmarshalJSON(data)
		if err := sameResult(m, ChatMessage(refM), err, refErr); err != nil {
			t.Fatalf("message: %v", err)
		}
		rows, err := decodeList[ChatRow](data)
		refRows, refErr := refList[refRow](data)
		if err := sameResult(rows, asList[ChatRow](refRows), err, refErr); err != nil {
			t.Fatalf("row list: %v", err)
		}
		chats, err := decodeList[Chat](data)
		refChats, refErr := refList[refChat](data)
		if err := sameResult(chats, asList[Chat](refChats), err, refErr); err != nil {
			t.Fatalf("entity list: %v", err)
		}
	})
}
