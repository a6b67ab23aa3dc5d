package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"fmt"
	"hash"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/pgwire"
	"github.com/xdg-go/scram"
)

// The SASL mechanism names (RFC 7677).
const (
	mechSCRAM     = "SCRAM-SHA-256"
	mechSCRAMPlus = "SCRAM-SHA-256-PLUS"
	cbTypeServer  = "tls-server-end-point"
)

// mockNonce keys the fake salts of roles without a SCRAM secret, so that
// a role's salt is the same on every attempt, as for a real role
// (PostgreSQL's mock_auth_nonce).
var mockNonce = func() []byte {
	b := make([]byte, 32)
	randRead(b)
	return b
}()

func randRead(b []byte) {
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
}

func malformed(detail string, args ...any) *pgerror.Error {
	e := pgerror.New(pgerror.ProtocolViolation, "malformed SCRAM message")
	if detail != "" {
		e = e.WithDetail(detail, args...)
	}
	return e
}

// scram runs SCRAM-SHA-256 over SASL (CheckSASLAuth with
// pg_be_scram_mech). When the role has no usable SCRAM secret (ok false,
// or an MD5 or plain secret) the exchange runs against a made-up secret
// and fails at the end, as PostgreSQL's "doomed" exchange does.
func (r *Request) scram(c *pgwire.Conn, secret string, ok bool) error {
	v, isSCRAM := ParseSCRAM(secret)
	doomed := !ok || !isSCRAM
	if ok && !isSCRAM {
		r.detail(`User "%s" does not have a valid SCRAM secret.`, r.User)
	}
	if doomed {
		v = mockVerifier(r.User)
	}

	var cbData []byte
	if r.TLS != nil && r.ServerCert != nil {
		cbData = certHash(r.ServerCert)
	}
	mechs := []string{mechSCRAM}
	if cbData != nil {
		mechs = []string{mechSCRAMPlus, mechSCRAM}
	}
	c.Send(&pgproto3.AuthenticationSASL{AuthMechanisms: mechs})
	if err := c.Flush(); err != nil {
		return ErrClientGone
	}

	c.Backend().SetAuthType(pgproto3.AuthTypeSASL)
	msg, err := c.Receive()
	if err != nil {
		return receiveError(err)
	}
	init, isInit := msg.(*pgproto3.SASLInitialResponse)
	if !isInit {
		return pgerror.New(pgerror.ProtocolViolation, "expected SASL response, got message type %d", msgType(msg))
	}
	var plus bool
	switch {
	case init.AuthMechanism == mechSCRAMPlus && r.TLS != nil && cbData != nil:
		plus = true
	case init.AuthMechanism == mechSCRAM:
	default:
		return pgerror.New(pgerror.ProtocolViolation, "client selected an invalid SASL authentication mechanism")
	}

	cred := scram.StoredCredentials{
		KeyFactors: scram.KeyFactors{Salt: string(v.Salt), Iters: v.Iterations},
		StoredKey:  v.StoredKey,
		ServerKey:  v.ServerKey,
	}
	srv, err := scram.SHA256.NewServer(func(string) (scram.StoredCredentials, error) { return cred, nil })
	if err != nil {
		return err
	}
	var conv *scram.ServerConversation
	if plus {
		conv = srv.NewConversationWithChannelBinding(scram.ChannelBinding{Type: scram.ChannelBindingTLSServerEndpoint, Data: cbData})
	} else {
		conv = srv.NewConversation()
	}

	first := string(init.Data)
	if err := checkClientFirst(first, plus, r.TLS != nil && cbData != nil); err != nil {
		return err
	}
	s1, err := conv.Step(first)
	if err != nil {
		return malformed("")
	}
	final, err := r.saslStep(c, s1, pgproto3.AuthTypeSASLContinue)
	if err != nil {
		return err
	}
	if err := checkClientFinal(final, plus); err != nil {
		return err
	}
	s2, err := conv.Step(final)
	if err != nil {
		switch s2 {
		case scram.ErrChannelBindingsDontMatch:
			if plus {
				return pgerror.New(pgerror.InvalidAuthorizationSpecification, "SCRAM channel binding check failed")
			}
			return pgerror.New(pgerror.ProtocolViolation, "unexpected SCRAM channel-binding attribute in client-final-message")
		case scram.ErrInvalidProof:
			if !doomed {
				r.detail(`Password does not match for user "%s".`, r.User)
			}
			return errFailed
		}
		if strings.Contains(err.Error(), "nonce") {
			return pgerror.New(pgerror.ProtocolViolation, "invalid SCRAM response").WithDetail("Nonce does not match.")
		}
		return malformed("")
	}
	if doomed {
		return errFailed
	}
	c.Send(&pgproto3.AuthenticationSASLFinal{Data: []byte(s2)})
	return nil
}

// saslStep sends a SASL challenge and reads the client's response.
func (r *Request) saslStep(c *pgwire.Conn, challenge string, authType uint32) (string, error) {
	c.Send(&pgproto3.AuthenticationSASLContinue{Data: []byte(challenge)})
	if err := c.Flush(); err != nil {
		return "", ErrClientGone
	}
	c.Backend().SetAuthType(authType)
	msg, err := c.Receive()
	if err != nil {
		return "", receiveError(err)
	}
	resp, ok := msg.(*pgproto3.SASLResponse)
	if !ok {
		return "", pgerror.New(pgerror.ProtocolViolation, "expected SASL response, got message type %d", msgType(msg))
	}
	if len(resp.Data) == 0 {
		return "", malformed("The message is empty.")
	}
	return string(resp.Data), nil
}

// checkClientFirst applies PostgreSQL's checks of client-first-message
// that carry their own messages (read_client_first_message): the
// channel-binding flag must agree with the mechanism chosen, and
// authorization identities and extensions are refused.
func checkClientFirst(msg string, plus, offeredPlus bool) error {
	if msg == "" {
		return malformed("The message is empty.")
	}
	if strings.IndexByte(msg, 0) >= 0 {
		return malformed("The message length does not match input length.")
	}
	switch msg[0] {
	case 'p':
		if !plus {
			return malformed("The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data.")
		}
		if !strings.HasPrefix(msg, "p=") {
			return malformed(`Expected character "=" for attribute "p".`)
		}
		typ, _, _ := strings.Cut(msg[2:], ",")
		if typ != cbTypeServer {
			return pgerror.New(pgerror.ProtocolViolation, `unsupported SCRAM channel-binding type "%s"`, typ)
		}
	case 'y':
		if plus {
			return malformed("The client selected SCRAM-SHA-256-PLUS, but the SCRAM message does not include channel binding data.")
		}
		if offeredPlus {
			return pgerror.New(pgerror.InvalidAuthorizationSpecification, "SCRAM channel binding negotiation error").
				WithDetail("The client supports SCRAM channel binding but thinks the server does not.  However, this server does support channel binding.")
		}
	case 'n':
		if plus {
			return malformed("The client selected SCRAM-SHA-256-PLUS, but the SCRAM message does not include channel binding data.")
		}
	default:
		return malformed(`Unexpected channel-binding flag "%s".`, sanitizeChar(msg[0]))
	}
	fields := strings.SplitN(msg, ",", 4)
	if len(fields) < 4 {
		return malformed("")
	}
	if fields[1] != "" {
		if strings.HasPrefix(fields[1], "a=") {
			return pgerror.New(pgerror.FeatureNotSupported, "client uses authorization identity, but it is not supported")
		}
		return malformed(`Unexpected attribute "%s" in client-first-message.`, sanitizeChar(fields[1][0]))
	}
	if strings.HasPrefix(fields[2], "m=") {
		return pgerror.New(pgerror.FeatureNotSupported, "client requires an unsupported SCRAM extension")
	}
	return nil
}

// sanitizeChar renders a byte for a message as PostgreSQL's sanitize_char
// does.
func sanitizeChar(c byte) string {
	if c >= 0x21 && c <= 0x7e {
		return "'" + string(rune(c)) + "'"
	}
	return fmt.Sprintf("0x%02x", c)
}

// checkClientFinal checks client-final-message's channel-binding
// attribute when no channel binding is in use: it must repeat the gs2
// header ("n,," or "y,,", base64).
func checkClientFinal(msg string, plus bool) error {
	if !strings.HasPrefix(msg, "c=") {
		return malformed("")
	}
	if plus {
		return nil
	}
	cb, _, _ := strings.Cut(msg[2:], ",")
	if cb != "biws" && cb != "eSws" {
		return pgerror.New(pgerror.ProtocolViolation, "unexpected SCRAM channel-binding attribute in client-final-message")
	}
	return nil
}

// mockVerifier is the made-up secret of a role that has no SCRAM secret:
// a stable salt per user name and keys nothing can match.
func mockVerifier(user string) SCRAMVerifier {
	h := hmac.New(sha256.New, mockNonce)
	h.Write([]byte(user))
	salt := h.Sum(nil)[:scramSaltLen]
	stored := make([]byte, scramKeyLen)
	server := make([]byte, scramKeyLen)
	randRead(stored)
	randRead(server)
	return SCRAMVerifier{Iterations: scramIterations, Salt: salt, StoredKey: stored, ServerKey: server}
}

// certHash is the tls-server-end-point channel binding data (RFC 5929,
// section 4.1): the certificate hashed with its signature's hash, SHA-256
// for MD5 and SHA-1 (PostgreSQL's be_tls_get_certificate_hash).
func certHash(cert *x509.Certificate) []byte {
	var h hash.Hash
	switch cert.SignatureAlgorithm {
	case x509.SHA384WithRSA, x509.SHA384WithRSAPSS, x509.ECDSAWithSHA384:
		h = sha512.New384()
	case x509.SHA512WithRSA, x509.SHA512WithRSAPSS, x509.ECDSAWithSHA512:
		h = sha512.New()
	case x509.PureEd25519:
		return nil
	default:
		h = sha256.New()
	}
	h.Write(cert.Raw)
	return h.Sum(nil)
}
