package ccaip_test

import (
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/switchboard-go/switchboard/ccaip"
)

func parseToken(t *testing.T, token, secret string, now time.Time) jwt.MapClaims {
	t.Helper()
	claims := jwt.MapClaims{}
	tok, err := jwt.ParseWithClaims(token, claims, func(*jwt.Token) (any, error) { return []byte(secret), nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithTimeFunc(func() time.Time { return now }))
	require.NoError(t, err)
	require.True(t, tok.Valid)
	return claims
}

func TestSignCustomDataClaims(t *testing.T) {
	now := time.Unix(1537399656, 0)
	s, err := ccaip.NewSigner("company-secret", ccaip.WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	data := ccaip.CustomData{}.
		Set("location", ccaip.StringItem("Location", "1000 Stockton St")).
		Set("dashboard_url", ccaip.URLItem("Dashboard URL", "https://example.com/d/1")).
		Set("contact_date", ccaip.DateItem("Contact Date", time.UnixMilli(1537399655992))).
		Set("membership_number", ccaip.NumberItem("Membership Number", 62303)).
		Set("ssn", ccaip.StringItem("Social Security Number", "102-186-1837").Hidden()).
		VerifiedCustomer("Verified", true).BadActor("Bad actor", false).RepeatCustomer("Repeat", true)
	token, err := s.SignCustomData(data)
	require.NoError(t, err)

	claims := parseToken(t, token, "company-secret", now)
	assert.Equal(t, float64(1537399656), claims["iat"])
	assert.Equal(t, float64(1537399656+600), claims["exp"])
	assert.NotContains(t, claims, "iss")
	cd := claims["custom_data"].(map[string]any)
	assert.Len(t, cd, 8)
	assert.Equal(t, map[string]any{"label": "Location", "value": "1000 Stockton St", "type": "string"}, cd["location"])
	assert.Equal(t, map[string]any{"label": "Dashboard URL", "value": "https://example.com/d/1", "type": "url"}, cd["dashboard_url"])
	assert.Equal(t, map[string]any{"label": "Contact Date", "value": float64(1537399655992), "type": "date"}, cd["contact_date"])
	assert.Equal(t, map[string]any{"label": "Membership Number", "value": float64(62303), "type": "number"}, cd["membership_number"])
	assert.Equal(t, true, cd["ssn"].(map[string]any)["invisible_to_agent"])
	assert.Equal(t, map[string]any{"label": "Verified", "value": true, "type": "boolean"}, cd[ccaip.KeyVerifiedCustomer])
	assert.Equal(t, false, cd[ccaip.KeyBadActor].(map[string]any)["value"])
	assert.Equal(t, true, cd[ccaip.KeyRepeatCustomer].(map[string]any)["value"])

	_, err = jwt.Parse(token, func(*jwt.Token) (any, error) { return []byte("other"), nil })
	require.Error(t, err, "another secret does not verify")
}

func TestSignerLifetimeAndExpiry(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	s, err := ccaip.NewSigner("k", ccaip.WithLifetime(time.Minute), ccaip.WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	token, err := s.SignCustomData(ccaip.CustomData{"a": ccaip.BooleanItem("A", true)})
	require.NoError(t, err)
	claims := parseToken(t, token, "k", now)
	assert.Equal(t, float64(1_700_000_060), claims["exp"])
	_, err = jwt.Parse(token, func(*jwt.Token) (any, error) { return []byte("k"), nil },
		jwt.WithTimeFunc(func() time.Time { return now.Add(2 * time.Minute) }))
	require.ErrorIs(t, err, jwt.ErrTokenExpired)
}

func TestSignEndUser(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	s, err := ccaip.NewSigner("company-secret", ccaip.WithIssuer("acme.uc1.ccaiplatform.com"),
		ccaip.WithLifetime(time.Hour), ccaip.WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	token, err := s.SignEndUser(ccaip.EndUserClaims{Identifier: euID, Name: "Anna", Email: "anna@example.com"})
	require.NoError(t, err)
	claims := parseToken(t, token, "company-secret", now)
	assert.Equal(t, jwt.MapClaims{
		"identifier": euID, "name": "Anna", "email": "anna@example.com", "iss": "acme.uc1.ccaiplatform.com",
		"iat": float64(1_700_000_000), "exp": float64(1_700_003_600),
	}, claims)
	_, err = s.SignEndUser(ccaip.EndUserClaims{})
	require.Error(t, err)
}

func TestNewSignerErrors(t *testing.T) {
	_, err := ccaip.NewSigner("")
	require.Error(t, err)
	_, err = ccaip.NewSigner("k", ccaip.WithLifetime(-time.Second))
	require.Error(t, err)
	s, err := ccaip.NewSigner("k")
	require.NoError(t, err)
	_, err = s.SignCustomData(ccaip.CustomData{ccaip.KeyRepeatCustomer: ccaip.NumberItem("x", 1)})
	require.Error(t, err)
}
