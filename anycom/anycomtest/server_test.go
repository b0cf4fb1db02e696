package anycomtest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/switchboard-go/switchboard/anycom/anycomtest"
	"github.com/switchboard-go/switchboard/fake"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// envelope is the documented answer: {"status": ..., "result": ...}.
type envelope struct {
	Status int             `json:"status"`
	Result json.RawMessage `json:"result"`
}

// post sends a raw body with the given credential headers and decodes the
// envelope.
func post(t *testing.T, srv *anycomtest.Server, headers map[string]string, body string) (int, envelope) {
	t.Helper()
	req, err := http.NewRequest("POST", srv.URL()+"/", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, data := fixture.Do(t, req)
	var env envelope
	require.NoError(t, json.Unmarshal(data, &env), "%s", data)
	assert.Equal(t, resp.StatusCode, env.Status, "the envelope repeats the HTTP status")
	return resp.StatusCode, env
}

// postRaw is post with the header names put on the wire exactly as given
// (auth_key, not Go's canonical Auth_key).
func postRaw(t *testing.T, srv *anycomtest.Server, headers map[string]string, body string) (int, envelope) {
	t.Helper()
	req, err := http.NewRequest("POST", srv.URL()+"/", strings.NewReader(body))
	require.NoError(t, err)
	for k, v := range headers {
		req.Header[k] = []string{v}
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var env envelope
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&env))
	return resp.StatusCode, env
}

// quiet starts a center with the collection's channels, chat groups, bot
// service and attendant maxbauer, but no customer: a scenario's start.
func quiet(t *testing.T) *anycomtest.Server {
	t.Helper()
	srv := anycomtest.NewServer(anycomtest.WithEmpty())
	t.Cleanup(srv.Close)
	for _, ch := range []anycomtest.Channel{{Type: "whatsapp", ID: 1}, {Type: "whatsapp", ID: 9}, {Type: "livechat"}, {Type: "liveflow"}} {
		ch.LastSeen = time.Now()
		srv.AddChannel(ch)
	}
	srv.AddChatGroup(1, "Geral")
	srv.AddChatGroup(14, "Suporte")
	srv.AddBotService(100, "Mensagem de boas vindas")
	srv.AddAttendant(anycomtest.Attendant{User: "maxbauer", Name: "Max", Group: 14, IPAddr: "10.1.200.20", Online: true})
	return srv
}

var creds = map[string]string{"auth_key": anycomtest.DefaultAuthKey, "auth_user": anycomtest.DefaultAuthUser}

// command sends group/cmd with args (a JSON object) in the header form.
func command(t *testing.T, srv *anycomtest.Server, group, cmd, args string) (int, envelope) {
	t.Helper()
	return post(t, srv, creds, `{"group":"`+group+`","cmd":"`+cmd+`","args":`+args+`}`)
}

// answers sends group/cmd with args and checks the answer's status and
// its message.
func answers(t *testing.T, srv *anycomtest.Server, group, cmd, args string, status int, message string) {
	t.Helper()
	code, env := command(t, srv, group, cmd, args)
	require.Equal(t, status, code, "%s/%s: %s", group, cmd, env.Result)
	assert.Equal(t, message, text(t, env), "%s/%s", group, cmd)
}

func text(t *testing.T, env envelope) string {
	t.Helper()
	var s string
	require.NoError(t, json.Unmarshal(env.Result, &s), "%s", env.Result)
	return s
}

func list(t *testing.T, env envelope) []map[string]any {
	t.Helper()
	var out []map[string]any
	require.NoError(t, json.Unmarshal(env.Result, &out), "%s", env.Result)
	return out
}

func TestCredentials(t *testing.T) {
	srv := anycomtest.NewServer()
	defer srv.Close()
	status := `{"group":"status","cmd":"","args":{}}`

	code, env := post(t, srv, nil, status)
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Equal(t, "Missing authentication key!", text(t, env))

	code, _ = post(t, srv, map[string]string{"auth_key": "wrong", "auth_user": anycomtest.DefaultAuthUser}, status)
	assert.Equal(t, http.StatusUnauthorized, code)
	code, _ = post(t, srv, map[string]string{"auth_key": anycomtest.DefaultAuthKey, "auth_user": "someone"}, status)
	assert.Equal(t, http.StatusUnauthorized, code)

	code, _ = post(t, srv, creds, status)
	assert.Equal(t, http.StatusOK, code, "credentials in the headers")
	code, _ = postRaw(t, srv, creds, status)
	assert.Equal(t, http.StatusOK, code, "header names sent exactly as the collection writes them")

	body := `{"Authentication":{"auth_key":"` + anycomtest.DefaultAuthKey + `","auth_user":"` + anycomtest.DefaultAuthUser +
		`"},"Request":{"group":"status","cmd":"","args":{}}}`
	code, _ = post(t, srv, nil, body)
	assert.Equal(t, http.StatusOK, code, "credentials in the body")
	code, _ = post(t, srv, nil, `{"Authentication":{"auth_user":"x"},"Request":{"group":"status","cmd":"","args":{}}}`)
	assert.Equal(t, http.StatusBadRequest, code, "a body without the key")

	other := anycomtest.NewServer(anycomtest.WithCredentials("k2", "u2"))
	defer other.Close()
	code, _ = post(t, other, creds, status)
	assert.Equal(t, http.StatusUnauthorized, code, "the defaults no longer work")
	code, _ = post(t, other, map[string]string{"auth_key": "k2", "auth_user": "u2"}, status)
	assert.Equal(t, http.StatusOK, code)
}

func TestEnvelopeErrors(t *testing.T) {
	srv := anycomtest.NewServer()
	defer srv.Close()
	code, _ := command(t, srv, "nope", "show", `{}`)
	assert.Equal(t, http.StatusNotFound, code, "an unknown group")
	code, _ = command(t, srv, "chan", "nope", `{}`)
	assert.Equal(t, http.StatusNotFound, code, "an unknown command")
	code, _ = post(t, srv, creds, `{"group":"chan","cmd":"show"}`)
	assert.Equal(t, http.StatusPreconditionFailed, code, "args missing")
	code, _ = post(t, srv, creds, `{"group":"chan",`)
	assert.Equal(t, http.StatusPreconditionFailed, code, "not JSON")
	code, _ = command(t, srv, "chan", "show", `[1]`)
	assert.Equal(t, http.StatusPreconditionFailed, code, "args not an object")

	req, err := http.NewRequest("GET", srv.URL()+"/", nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode, "only POST / exists")
}

func TestMissingArgumentIs412(t *testing.T) {
	srv := anycomtest.NewServer()
	defer srv.Close()
	for _, tc := range []struct{ group, cmd, args, missing string }{
		{"chan", "state", `{"chan_type":"whatsapp","chan_id":9,"chan_user":"u"}`, "new_state"},
		{"chan", "rem", `{"chan_type":"whatsapp","chan_id":9}`, "chan_user"},
		{"chan", "check", `{"chan_type":"whatsapp","chan_id":9}`, "user"},
		{"chan", "reload", `{"chan_type":"whatsapp"}`, "chan_id"},
		{"chan", "message", `{"chan_type":"whatsapp","chan_id":9,"user":5511999999999,"flow":1}`, "message"},
		{"bot", "flow", `{"chan_type":"whatsapp","chan_id":9,"chan_user":"u","flow":1}`, "item"},
		{"bot", "reload", `{}`, "target"},
		{"bot", "rem", `{"chan_type":"whatsapp","chan_user":"u"}`, "chan_id"},
		{"bot", "validate", `{"target":"service"}`, "id"},
		{"chat", "connect", `{"chan_type":"whatsapp","chan_id":9,"chan_user":"u"}`, "chat_user"},
		{"chat", "close", `{"chan_type":"whatsapp","chan_id":"x","chan_user":"u"}`, "chan_id"},
		{"chat", "drop", `{"chan_id":9,"chan_user":"u"}`, "chan_type"},
		{"chat", "rem", `{}`, "chat_user"},
		{"chat", "show", `{}`, "target"},
	} {
		answers(t, srv, tc.group, tc.cmd, tc.args,
			http.StatusPreconditionFailed, "Precondition Failed. Missing argument: "+tc.missing)
	}
	assert.Empty(t, srv.Messages(), "no command with a missing argument took effect")
}

func TestSeededExamples(t *testing.T) {
	srv := anycomtest.NewServer()
	defer srv.Close()
	code, env := command(t, srv, "status", "", `{}`)
	require.Equal(t, http.StatusOK, code)
	channels := list(t, env)
	require.Len(t, channels, 4)
	assert.Equal(t, map[string]any{"type": "whatsapp", "id": float64(9)}, channels[1]["channel"])
	assert.Equal(t, "UP", channels[1]["status"])
	assert.Equal(t, map[string]any{"type": "livechat"}, channels[2]["channel"])

	_, env = command(t, srv, "chat", "show", `{"target":"user"}`)
	users := list(t, env)
	require.Len(t, users, 3)
	for i, want := range []string{"maxbauer", "maxbauer@exc", "excodes"} {
		assert.Equal(t, want, users[i]["chat_user"])
	}
	assert.Equal(t, "Suporte", users[0]["group"].(map[string]any)["name"])
	assert.Equal(t, "1624927155", users[0]["connection"].(map[string]any)["start_time"])
	assert.Equal(t, float64(1), users[0]["clients"].(map[string]any)["count"], "maxbauer talks to the seed's customer")

	_, env = command(t, srv, "chan", "show", `{}`)
	sessions := list(t, env)
	require.Len(t, sessions, 2)
	assert.Equal(t, float64(12002), sessions[0]["customer"])
	assert.Equal(t, float64(16689), sessions[0]["session"])
	assert.Equal(t, "1617043377", sessions[0]["send"].(map[string]any)["last"])
	assert.Equal(t, map[string]any{"user_id": "554432328668@c.us", "type": "whatsapp", "id": float64(9)}, sessions[0]["channel"])
	assert.Equal(t, map[string]any{"user_id": "554432328668@c.us", "type": "whatsapp", "id": float64(1)}, sessions[1]["channel"])
	assert.NotEqual(t, sessions[0]["customer"], sessions[1]["customer"], "a seeded ID is not handed out again")

	_, env = command(t, srv, "chat", "show", `{"target":"awaiting"}`)
	waiting := list(t, env)
	require.Len(t, waiting, 1)
	assert.Equal(t, float64(9), waiting[0]["channel"].(map[string]any)["id"])

	_, env = command(t, srv, "chat", "show", `{"target":"conversation"}`)
	conversations := list(t, env)
	require.Len(t, conversations, 1)
	assert.Equal(t, "maxbauer", conversations[0]["chat_user"])
	assert.Equal(t, float64(1), conversations[0]["channel"].(map[string]any)["id"])

	_, env = command(t, srv, "bot", "show", `{}`)
	bots := list(t, env)
	require.Len(t, bots, 1, "the bot that handed the channel 1 customer to maxbauer")
	assert.Equal(t, "chat", bots[0]["running"].(map[string]any)["destination"].(map[string]any)["type"])

	_, env = command(t, srv, "bot", "validate", `{"target":"service","id":100}`)
	assert.Equal(t, "LiveFlow BOT service 100-(Mensagem de boas vindas) sucessfully compiled", text(t, env))

	empty := anycomtest.NewServer(anycomtest.WithEmpty())
	defer empty.Close()
	_, env = command(t, empty, "status", "", `{}`)
	assert.Empty(t, list(t, env))
	_, env = command(t, empty, "chat", "show", `{"target":"user"}`)
	assert.Empty(t, list(t, env))
}

func TestChannelCommands(t *testing.T) {
	srv := quiet(t)

	code, env := command(t, srv, "chan", "message",
		`{"chan_type":"whatsapp","chan_id":9,"user":5544999990000,"flow":3,"message":"Olá"}`)
	require.Equal(t, http.StatusOK, code, "%s", env.Result)
	assert.Equal(t, "Sent message to whatsapp/9/5544999990000@c.us/5544999990000 and flow set to 3", text(t, env))
	assert.Equal(t, []anycomtest.Message{{ChanType: "whatsapp", ChanID: 9, User: 5544999990000, Flow: 3, Text: "Olá"}},
		srv.Messages())
	answers(t, srv, "chan", "message", `{"chan_type":"whatsapp","chan_id":77,"user":5544999990000,"flow":3,"message":"x"}`,
		http.StatusPreconditionFailed, "Precondition Failed. Channel whatsapp/77 not found")

	_, env = command(t, srv, "chan", "show", `{}`)
	sessions := list(t, env)
	require.Len(t, sessions, 1)
	assert.Equal(t, "on_bot", sessions[0]["state"])
	assert.Equal(t, float64(1), sessions[0]["send"].(map[string]any)["count"])

	user := `"chan_type":"whatsapp","chan_id":9,"chan_user":"5544999990000@c.us"`
	answers(t, srv, "chan", "state", `{`+user+`,"new_state":"on_chat"}`,
		http.StatusOK, "State of channel whatsapp/9/5544999990000@c.us changed to on_chat")
	answers(t, srv, "chan", "state", `{`+user+`,"new_state":"sleeping"}`,
		http.StatusPreconditionFailed, "Precondition Failed. Invalid state sleeping")

	_, env = command(t, srv, "chan", "check", `{"chan_type":"whatsapp","chan_id":9,"user":5544999990000}`)
	assert.Equal(t, "already", list(t, env)[0]["status"])
	_, env = command(t, srv, "chan", "check", `{"chan_type":"whatsapp","chan_id":9,"user":5544999990001}`)
	assert.Equal(t, "valid", list(t, env)[0]["status"])
	_, env = command(t, srv, "chan", "check", `{"chan_type":"whatsapp","chan_id":9,"user":123}`)
	assert.Equal(t, "invalid", list(t, env)[0]["status"])

	require.True(t, srv.SetChannelStatus("whatsapp", 9, "DOWN"))
	answers(t, srv, "chan", "reload", `{"chan_type":"whatsapp","chan_id":9}`, http.StatusOK, "Reload command sent to 9")
	_, env = command(t, srv, "status", "", `{}`)
	assert.Equal(t, "UP", list(t, env)[1]["status"], "reload brings the channel up")
	code, _ = command(t, srv, "chan", "reload", `{"chan_type":"whatsapp","chan_id":77}`)
	assert.Equal(t, http.StatusPreconditionFailed, code)
	assert.False(t, srv.SetChannelStatus("whatsapp", 77, "DOWN"))

	answers(t, srv, "chan", "rem", `{`+user+`}`, http.StatusOK, "BOT, Channel whatsapp/9/5544999990000@c.us has been removed")
	answers(t, srv, "chan", "rem", `{`+user+`}`,
		http.StatusPreconditionFailed, "Precondition Failed. Channel whatsapp/9/5544999990000@c.us not found")
	assert.Empty(t, srv.Customers())
}

func TestBotCommands(t *testing.T) {
	srv := quiet(t)
	srv.AddCustomer(anycomtest.Customer{ChanType: "whatsapp", ChanID: 9, UserID: "5511@c.us", UserName: "Ana Lima",
		State: "on_bot", Flow: 2, Item: 1})
	user := `"chan_type":"whatsapp","chan_id":9,"chan_user":"5511@c.us"`

	_, env := command(t, srv, "bot", "show", `{}`)
	bots := list(t, env)
	require.Len(t, bots, 1)
	assert.Equal(t, "Ana Lima", bots[0]["user_name"])

	answers(t, srv, "bot", "flow", `{`+user+`,"flow":5,"item":2}`,
		http.StatusOK, "Next flow of channel whatsapp/9/5511@c.us set to 5/2")
	assert.Equal(t, int64(5), srv.Customers()[0].Flow)

	for target, want := range map[string]string{
		`{"target":"all"}`:                 "Reload all command sent to LiveFlow",
		`{"target":"service","id":100}`:    "Reload service 100 command sent to LiveFlow",
		`{"target":"function","id":"7"}`:   "Reload function 7 command sent to LiveFlow",
		`{"target":"everything"}`:          "Precondition Failed. Invalid target everything",
		`{"target":"service"}`:             "Precondition Failed. Missing argument: id",
		`{"target":"service","id":"many"}`: "Precondition Failed. Missing argument: id",
	} {
		_, env = command(t, srv, "bot", "reload", target)
		assert.Equal(t, want, text(t, env), target)
	}

	answers(t, srv, "bot", "validate", `{"target":"service","id":101}`,
		http.StatusPreconditionFailed, "Precondition Failed. LiveFlow BOT service 101 not found")
	answers(t, srv, "bot", "validate", `{"target":"macro","id":100}`,
		http.StatusPreconditionFailed, "Precondition Failed. Invalid target macro")

	answers(t, srv, "bot", "rem", `{`+user+`}`, http.StatusOK, "BOT of Channel whatsapp/9/5511@c.us has been removed")
	code, _ := command(t, srv, "bot", "rem", `{`+user+`}`)
	assert.Equal(t, http.StatusPreconditionFailed, code, "no bot any more")
	code, _ = command(t, srv, "bot", "flow", `{"chan_type":"whatsapp","chan_id":9,"chan_user":"other","flow":1,"item":1}`)
	assert.Equal(t, http.StatusPreconditionFailed, code)
}

func TestChatCommands(t *testing.T) {
	srv := quiet(t)

	code, env := command(t, srv, "chat", "invite", `{"chan_type":"whatsapp","chan_id":9,"chan_user":5511988887777,`+
		`"chat_group":14,"chat_user":"","chat_subj":"Pedido","chat_greet":"Olá","customer_ft":"","customer_fk":0,"session_fk":0}`)
	require.Equal(t, http.StatusOK, code, "%s", env.Result)
	assert.Equal(t, "Chat invited Successful", text(t, env))
	code, env = command(t, srv, "chat", "invite", `{"chan_type":"whatsapp","chan_id":9,"chan_user":5511,`+
		`"chat_group":99,"chat_user":"","chat_subj":"","chat_greet":"","customer_ft":"","customer_fk":0,"session_fk":0}`)
	assert.Equal(t, http.StatusPreconditionFailed, code)
	assert.Equal(t, "Precondition Failed. Chat group 99 not found", text(t, env))
	code, env = command(t, srv, "chat", "invite", `{"chan_type":"whatsapp","chan_id":9,"chan_user":5511,`+
		`"chat_group":14,"chat_user":"ghost","chat_subj":"","chat_greet":"","customer_ft":"","customer_fk":0,"session_fk":0}`)
	assert.Equal(t, http.StatusPreconditionFailed, code)
	assert.Equal(t, "Precondition Failed. LiveChat User ghost not found", text(t, env))

	_, env = command(t, srv, "chat", "show", `{"target":"awaiting"}`)
	waiting := list(t, env)
	require.Len(t, waiting, 1)
	assert.Equal(t, "Pedido", waiting[0]["chat"].(map[string]any)["subject"])

	require.True(t, srv.AcceptNext("maxbauer"))
	_, env = command(t, srv, "chat", "show", `{"target":"conversation"}`)
	conversations := list(t, env)
	require.Len(t, conversations, 1)
	assert.Equal(t, "maxbauer", conversations[0]["chat_user"])
	assert.Equal(t, "Max", conversations[0]["chat_user_name"])

	user := `"chan_type":"whatsapp","chan_id":9,"chan_user":"5511988887777@c.us"`
	answers(t, srv, "chat", "close", `{`+user+`}`,
		http.StatusOK, "LiveChat conversation of whatsapp/9/5511988887777@c.us with maxbauer has been closed")
	answers(t, srv, "chat", "drop", `{`+user+`}`,
		http.StatusPreconditionFailed, "Precondition Failed. LiveChat conversation of whatsapp/9/5511988887777@c.us not found")

	answers(t, srv, "chat", "connect", `{`+user+`,"chat_user":"maxbauer"}`, http.StatusOK, "Chat connected Successful")
	answers(t, srv, "chat", "drop", `{`+user+`}`,
		http.StatusOK, "LiveChat conversation of whatsapp/9/5511988887777@c.us with maxbauer has been dropped")

	answers(t, srv, "chat", "connect", `{`+user+`,"chat_user":"nobody"}`,
		http.StatusPreconditionFailed, "Precondition Failed. LiveChat User nobody is not online")
	code, _ = command(t, srv, "chat", "connect", `{"chan_type":"whatsapp","chan_id":9,"chan_user":"x","chat_user":"maxbauer"}`)
	assert.Equal(t, http.StatusPreconditionFailed, code, "an unknown customer")

	answers(t, srv, "chat", "show", `{"target":"everyone"}`,
		http.StatusPreconditionFailed, "Precondition Failed. Invalid target everyone")
}

func TestAttendantLeavingRequeuesCustomers(t *testing.T) {
	srv := anycomtest.NewServer(anycomtest.WithEmpty())
	defer srv.Close()
	srv.AddAttendant(anycomtest.Attendant{User: "ana", Name: "Ana", Group: 1, Online: true})
	srv.Enqueue("whatsapp", 9, "5511@c.us", "Rui", 1, "Troca")
	require.True(t, srv.AcceptNext("ana"))
	assert.False(t, srv.AcceptNext("ana"), "nobody else waits")

	answers(t, srv, "chat", "rem", `{"chat_user":"ana"}`, http.StatusOK, "LiveChat User ana has been removed")
	customers := srv.Customers()
	require.Len(t, customers, 1)
	assert.Empty(t, customers[0].Attendant)
	assert.Equal(t, "Recuperada da desconexão de Ana", customers[0].Subject)
	code, _ := command(t, srv, "chat", "rem", `{"chat_user":"ana"}`)
	assert.Equal(t, http.StatusPreconditionFailed, code, "no longer online")

	assert.False(t, srv.AcceptNext("ana"), "an offline attendant accepts nobody")
	require.True(t, srv.SetAttendantOnline("ana", true))
	require.True(t, srv.AcceptNext("ana"))
	require.True(t, srv.SetAttendantOnline("ana", false))
	assert.Empty(t, srv.Customers()[0].Attendant, "logging out requeues too")
	assert.False(t, srv.SetAttendantOnline("ghost", true))
}

func TestSeedingHelpers(t *testing.T) {
	srv := anycomtest.NewServer(anycomtest.WithEmpty())
	defer srv.Close()
	seen := time.Now().Add(-time.Hour)
	srv.AddChannel(anycomtest.Channel{Type: "whatsapp", ID: 3, LastSeen: seen})
	srv.AddChannel(anycomtest.Channel{Type: "whatsapp", ID: 3, Status: "DOWN", LastSeen: seen})
	srv.AddChannel(anycomtest.Channel{Type: "liveflow"})
	srv.AddCustomer(anycomtest.Customer{ChanType: "whatsapp", ChanID: 3, UserID: "1@c.us", State: "on_bot"})
	srv.AddCustomer(anycomtest.Customer{ChanType: "whatsapp", ChanID: 3, UserID: "2@c.us"})

	_, env := command(t, srv, "status", "", `{}`)
	channels := list(t, env)
	require.Len(t, channels, 2, "a channel of the same type and id is replaced")
	assert.Equal(t, "DOWN", channels[0]["status"])
	assert.Equal(t, float64(2), channels[0]["clients"].(map[string]any)["count"])
	assert.Equal(t, float64(1), channels[1]["clients"].(map[string]any)["count"], "liveflow counts customers on a bot")

	customers := srv.Customers()
	require.Len(t, customers, 2)
	assert.NotZero(t, customers[0].ID)
	assert.NotZero(t, customers[0].Session)
	assert.NotEqual(t, customers[0].ID, customers[1].ID)
	assert.Equal(t, "identifying", customers[1].State, "the default state")

	srv.AddAttendant(anycomtest.Attendant{User: "ana", Name: "Ana"})
	srv.AddAttendant(anycomtest.Attendant{User: "ana", Name: "Ana Paula", Online: true})
	_, env = command(t, srv, "chat", "show", `{"target":"user"}`)
	users := list(t, env)
	require.Len(t, users, 1, "an attendant with the same user is replaced")
	assert.Equal(t, "Ana Paula", users[0]["chat_user_name"])

	assert.Equal(t, []string{"status/", "chat/show"}, srv.Commands())
}

func TestFaults(t *testing.T) {
	srv := anycomtest.NewServer()
	defer srv.Close()
	srv.InjectFault(anycomtest.Fault{Status: http.StatusServiceUnavailable, RetryAfter: "1",
		Body: `{"status":503,"result":"busy"}`})
	answers(t, srv, "status", "", `{}`, http.StatusServiceUnavailable, "busy")
	assert.Empty(t, srv.Commands(), "a faulted request is not handled")

	srv.InjectFault(anycomtest.Fault{DropAfter: true})
	require.Error(t, sendMessage(t, srv), "the answer is lost")
	assert.Len(t, srv.Messages(), 1, "but the command took effect")
	assert.Equal(t, 2, srv.Count("POST", "/"))
}

func TestBotSessionOutlivesTheHandOver(t *testing.T) {
	srv := quiet(t)
	srv.AddCustomer(anycomtest.Customer{ChanType: "whatsapp", ChanID: 1, UserID: "5511@c.us", UserName: "Rui",
		State: "on_chat", Attendant: "maxbauer", ChatGroup: 14, Flow: 1, Item: 12})
	user := `"chan_type":"whatsapp","chan_id":1,"chan_user":"5511@c.us"`

	_, env := command(t, srv, "bot", "show", `{}`)
	require.Len(t, list(t, env), 1, "the bot keeps its session after handing the customer to a chat")
	code, _ := command(t, srv, "bot", "rem", `{`+user+`}`)
	require.Equal(t, http.StatusOK, code)
	_, env = command(t, srv, "bot", "show", `{}`)
	assert.Empty(t, list(t, env))
	customers := srv.Customers()
	require.Len(t, customers, 1)
	assert.Equal(t, "on_chat", customers[0].State, "removing the bot keeps the chat")
	assert.Equal(t, "maxbauer", customers[0].Attendant)
	code, _ = command(t, srv, "bot", "rem", `{`+user+`}`)
	assert.Equal(t, http.StatusPreconditionFailed, code, "no bot session any more")
}

func TestEndChat(t *testing.T) {
	srv := quiet(t)
	srv.Enqueue("whatsapp", 9, "5511@c.us", "Rui", 1, "Troca")
	err := srv.EndChat("whatsapp", 9, "5511@c.us")
	require.ErrorIs(t, err, anycomtest.ErrUnknownChat, "a customer still in the queue has no conversation")
	assert.ErrorIs(t, err, fake.ErrUnknownChat, "the same error as every fake's")
	assert.ErrorIs(t, srv.EndChat("whatsapp", 9, "nobody@c.us"), anycomtest.ErrUnknownChat)

	require.True(t, srv.AcceptNext("maxbauer"))
	require.NoError(t, srv.EndChat("whatsapp", 9, "5511@c.us"))
	customers := srv.Customers()
	require.Len(t, customers, 1)
	assert.Equal(t, "done", customers[0].State)
	assert.Empty(t, customers[0].Attendant)
	code, env := command(t, srv, "chat", "close", `{"chan_type":"whatsapp","chan_id":9,"chan_user":"5511@c.us"}`)
	assert.Equal(t, http.StatusPreconditionFailed, code, "the API no longer finds the conversation")
	assert.Contains(t, text(t, env), "not found")
}

// sendMessage posts a chan/message command with the default credentials
// and returns the transport's error, for faults that leave no answer.
func sendMessage(t *testing.T, srv *anycomtest.Server) error {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL()+"/", strings.NewReader(
		`{"group":"chan","cmd":"message","args":{"chan_type":"whatsapp","chan_id":9,"user":5511999999999,"flow":1,"message":"x"}}`))
	require.NoError(t, err)
	for k, v := range creds {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	return err
}

func TestFaultKinds(t *testing.T) {
	srv := anycomtest.NewServer()
	defer srv.Close()

	srv.InjectFault(anycomtest.Fault{DropBefore: true})
	require.Error(t, sendMessage(t, srv), "the connection is dropped")
	assert.Empty(t, srv.Messages(), "before the command was handled")

	srv.InjectFault(anycomtest.Fault{Delay: 30 * time.Millisecond})
	start := time.Now()
	require.NoError(t, sendMessage(t, srv))
	assert.GreaterOrEqual(t, time.Since(start), 30*time.Millisecond)
	assert.Len(t, srv.Messages(), 1, "a delayed command is handled")

	srv.InjectFault(anycomtest.Fault{Status: http.StatusTooManyRequests, RetryAfter: "2", Body: `{"status":429,"result":"slow down"}`,
		Match: func(*http.Request) bool { return srv.Count("", "/") == 4 }})
	require.NoError(t, sendMessage(t, srv), "the third request does not match")
	code, _ := command(t, srv, "status", "", `{}`)
	assert.Equal(t, http.StatusTooManyRequests, code, "the fourth does")

	got := srv.Received()
	require.Len(t, got, 4)
	for _, r := range got {
		assert.Equal(t, http.MethodPost, r.Method)
		assert.Equal(t, "/", r.Path)
		assert.False(t, r.At.IsZero())
	}
}
