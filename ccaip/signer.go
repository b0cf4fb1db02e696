package ccaip

import (
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/switchboard-go/switchboard/internal/httpcore"
)

// DefaultSignedLifetime is how long a signed token is valid unless
// [WithLifetime] says otherwise: the 10 minutes of the vendor's examples.
const DefaultSignedLifetime = 10 * time.Minute

// Signer signs JWTs (HS256) with the company secret (Settings > Developer
// Settings): signed custom data, and the end-user token the vendor's web and
// mobile SDKs expect. It is safe for concurrent use.
type Signer struct {
	secret   []byte
	lifetime time.Duration
	now      func() time.Time
	issuer   string
}

// SignerOption configures a [Signer].
type SignerOption func(*Signer)

// WithLifetime sets exp − iat of every token.
func WithLifetime(d time.Duration) SignerOption { return func(s *Signer) { s.lifetime = d } }

// WithClock replaces time.Now.
func WithClock(now func() time.Time) SignerOption { return func(s *Signer) { s.now = now } }

// WithIssuer sets the iss claim of end-user tokens (the company name or the
// installation host); custom-data tokens carry it too when set.
func WithIssuer(iss string) SignerOption { return func(s *Signer) { s.issuer = iss } }

// NewSigner returns a signer for the company secret.
func NewSigner(companySecret string, opts ...SignerOption) (*Signer, error) {
	if companySecret == "" {
		return nil, httpcore.InvalidArgument("ccaip", "NewSigner: companySecret is empty")
	}
	s := &Signer{secret: []byte(companySecret), lifetime: DefaultSignedLifetime, now: time.Now}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	if s.lifetime <= 0 || s.now == nil {
		return nil, httpcore.InvalidArgument("ccaip", "NewSigner: the lifetime (%v) must be positive and the clock (WithClock) set", s.lifetime)
	}
	return s, nil
}

// SignCustomData returns the signed_data JWT: claims custom_data, iat, exp.
func (s *Signer) SignCustomData(data CustomData) (string, error) {
	if err := data.Validate(); err != nil {
		return "", err
	}
	claims := s.times()
	claims["custom_data"] = data
	return s.sign(claims)
}

// EndUserClaims identifies the end user in an SDK authentication token. The
// identifier is required even for an anonymous user; name and email are
// always present in the token, as the SDKs expect.
type EndUserClaims struct {
	Identifier string
	Name       string
	Email      string
	Phone      string
}

// SignEndUser returns the end-user authentication JWT (identifier, name,
// email, iss, iat, exp, and phone when set) for a server to hand to the web
// or mobile SDK.
func (s *Signer) SignEndUser(u EndUserClaims) (string, error) {
	if u.Identifier == "" {
		return "", errNoIdentifier
	}
	claims := s.times()
	claims["identifier"], claims["name"], claims["email"] = u.Identifier, u.Name, u.Email
	if u.Phone != "" {
		claims["phone"] = u.Phone
	}
	return s.sign(claims)
}

func (s *Signer) times() jwt.MapClaims {
	now := s.now()
	c := jwt.MapClaims{"iat": now.Unix(), "exp": now.Add(s.lifetime).Unix()}
	if s.issuer != "" {
		c["iss"] = s.issuer
	}
	return c
}

func (s *Signer) sign(claims jwt.MapClaims) (string, error) {
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(s.secret)
}
