package ccaip_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip"
	"github.com/switchboard-go/switchboard/ccaip/ccaiptest"
	"github.com/switchboard-go/switchboard/internal/fixture"
)

// The seed's recipe for signed_data, as its Ruby would run it:
// JWT.encode(payload, 'Company secret', 'HS256'), with the payload's keys in
// the seed's order.
const (
	recipeSecret  = "Company secret"
	recipeIat     = 1734560000
	recipeExp     = 1734567890
	recipeHeader  = `{"alg":"HS256"}`
	recipePayload = `{"custom_data":{` +
		`"reserved_verified_customer":{"label":"LABEL 1","value":true},` +
		`"reserved_bad_actor":{"label":"LABEL 2","value":false},` +
		`"reserved_repeat_customer":{"label":"LABEL 3","value":true},` +
		`"field1":{"label":"LABEL 4","value":"dummy1"},` +
		`"field2":{"label":"LABEL 5","value":"dummy2"}},` +
		`"exp":1734567890,"iat":1734560000}`
)

// recipeToken builds the recipe's token by hand, without a JWT library.
func recipeToken() string {
	enc := base64.RawURLEncoding.EncodeToString
	signing := enc([]byte(recipeHeader)) + "." + enc([]byte(recipePayload))
	mac := hmac.New(sha256.New, []byte(recipeSecret))
	mac.Write([]byte(signing))
	return signing + "." + enc(mac.Sum(nil))
}

func fixtureSeedSignedDataRecipe(t *testing.T) {
	token := recipeToken()
	ex := fixture.Load(t, filepath.Join(fixture.Dir("ccaip"), "custom_data_signed_recipe.json"))
	var body struct {
		SignedData string `json:"signed_data"`
	}
	require.NoError(t, json.Unmarshal(ex.Request.Body, &body))
	require.Equal(t, token, body.SignedData, "the fixture holds the exact token of the seed's recipe")

	// The client sends it as recorded.
	c := replay(t, "custom_data_signed_recipe")
	require.NoError(t, c.SendSignedCustomDataToken(context.Background(), 4242, token))

	// The fake, holding the seed's secret, takes it between iat and exp and
	// stores the seed's items.
	var now time.Time
	e := newFake(t, []ccaiptest.Option{
		ccaiptest.WithCompanySecret(recipeSecret), ccaiptest.WithClock(func() time.Time { return now }),
	})
	now = time.Unix(recipeIat+60, 0)
	_, chat := startChat(t, e.c)
	require.NoError(t, e.c.SendSignedCustomDataToken(context.Background(), chat.ID, token))
	rec, _ := e.srv.Chat(chat.ID)
	require.Len(t, rec.CustomData, 1)
	var want struct {
		CustomData map[string]any `json:"custom_data"`
	}
	require.NoError(t, json.Unmarshal([]byte(recipePayload), &want))
	assert.Equal(t, want.CustomData, rec.CustomData[0].Data)

	// A Signer given the recipe's inputs signs the same claims.
	s, err := ccaip.NewSigner(recipeSecret, ccaip.WithClock(func() time.Time { return time.Unix(recipeIat, 0) }),
		ccaip.WithLifetime((recipeExp-recipeIat)*time.Second))
	require.NoError(t, err)
	ours, err := s.SignCustomData(seedCustomData())
	require.NoError(t, err)
	var wantClaims map[string]any
	require.NoError(t, json.Unmarshal([]byte(recipePayload), &wantClaims))
	assert.Equal(t, jwt.MapClaims(wantClaims), parseToken(t, ours, recipeSecret, time.Unix(recipeIat, 0)))
	require.NoError(t, e.c.SendSignedCustomDataToken(context.Background(), chat.ID, ours))

	// After exp the fake refuses the token.
	now = time.Unix(recipeExp+1, 0)
	err = e.c.SendSignedCustomDataToken(context.Background(), chat.ID, token)
	require.ErrorIs(t, err, ccaip.ErrInvalidRequest)
}

func TestCustomDataItemsWithoutType(t *testing.T) {
	require.NoError(t, seedCustomData().Validate())
	for name, v := range map[string]any{
		"string": "x", "bool": true, "int": 3, "int8": int8(-3), "uint16": uint16(3), "uint64": uint64(1 << 63),
		"float32": float32(1.5), "float64": 2.5, "json.Number": json.Number("12.5"),
	} {
		assert.NoError(t, ccaip.CustomData{"k": ccaip.Item("K", v)}.Validate(), name)
	}
	for name, v := range map[string]any{
		"nil": nil, "map": map[string]any{"a": 1}, "slice": []int{1}, "NaN": math.NaN(), "Inf": math.Inf(1),
		"bad json.Number": json.Number("1x"), "time": time.Now(),
	} {
		assert.Error(t, ccaip.CustomData{"k": ccaip.Item("K", v)}.Validate(), name)
	}
	assert.Error(t, ccaip.CustomData{ccaip.KeyBadActor: ccaip.Item("B", "no")}.Validate(), "a reserved flag is boolean")
	assert.Error(t, ccaip.CustomData{ccaip.KeyBadActor: ccaip.StringItem("B", "no")}.Validate())

	err := ccaip.CustomData{"ssn": {Label: "SSN", Value: "102-186-1837", Type: ccaip.TypeNumber}}.Validate()
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "102-186-1837", "a refused value stays out of the error")

	b, err := json.Marshal(ccaip.Item("LABEL 4", "dummy1"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"label":"LABEL 4","value":"dummy1"}`, string(b), "no type key")
}

func TestCustomDataDates(t *testing.T) {
	const ms = 1537399655992
	at := time.UnixMilli(ms)
	for name, v := range map[string]any{
		"int": int(ms), "int64": int64(ms), "uint": uint(ms), "uint64": uint64(ms), "time.Time": at,
	} {
		item := ccaip.CustomDataItem{Label: "Contact Date", Value: v, Type: ccaip.TypeDate}
		require.NoError(t, ccaip.CustomData{"d": item}.Validate(), name)
		b, err := json.Marshal(item)
		require.NoError(t, err)
		assert.JSONEq(t, `{"label":"Contact Date","value":1537399655992,"type":"date"}`, string(b), name)
	}
	for name, v := range map[string]any{
		"seconds": int64(1537399655), "int32": int32(1537399655), "float": float64(ms), "string": "1537399655992",
		"14 digits": int64(ms * 10), "huge uint64": uint64(math.MaxUint64), "old time": time.Unix(0, 0),
	} {
		err := ccaip.CustomData{"d": {Label: "d", Value: v, Type: ccaip.TypeDate}}.Validate()
		assert.Error(t, err, name)
	}
	b, err := json.Marshal(ccaip.DateItem("Contact Date", at))
	require.NoError(t, err)
	assert.JSONEq(t, `{"label":"Contact Date","value":1537399655992,"type":"date"}`, string(b))
}

// Items with no type travel unchanged to the fake, signed or not.
func TestCustomDataWithoutTypeOnFake(t *testing.T) {
	e := newFake(t, nil)
	_, chat := startChat(t, e.c)
	ctx := context.Background()
	require.NoError(t, e.c.SendCustomData(ctx, chat.ID, seedCustomData()))
	require.NoError(t, e.c.SendSignedCustomData(ctx, chat.ID, seedCustomData()))
	rec, _ := e.srv.Chat(chat.ID)
	require.Len(t, rec.CustomData, 2)
	for _, cd := range rec.CustomData {
		assert.Equal(t, map[string]any{"label": "LABEL 4", "value": "dummy1"}, cd.Data["field1"])
	}
}

// seedCustomData is the seed's custom data: five {label, value} items.
func seedCustomData() ccaip.CustomData {
	return ccaip.CustomData{
		ccaip.KeyVerifiedCustomer: ccaip.Item("LABEL 1", true),
		ccaip.KeyBadActor:         ccaip.Item("LABEL 2", false),
		ccaip.KeyRepeatCustomer:   ccaip.Item("LABEL 3", true),
		"field1":                  ccaip.Item("LABEL 4", "dummy1"),
		"field2":                  ccaip.Item("LABEL 5", "dummy2"),
	}
}
