package auth

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/xdg-go/stringprep"
)

// SecretType is the kind of a stored password (PostgreSQL's PasswordType).
type SecretType uint8

// The secret types.
const (
	Plaintext SecretType = iota
	MD5Secret
	SCRAMSecret
)

// scramIterations is PostgreSQL 15's SCRAM_DEFAULT_ITERATIONS, and
// scramSaltLen its SCRAM_DEFAULT_SALT_LEN.
const (
	scramIterations = 4096
	scramSaltLen    = 16
	scramKeyLen     = sha256.Size
)

// TypeOf classifies a stored password as PostgreSQL's get_password_type
// does: "md5" and 32 hex digits is an MD5 hash, a parseable SCRAM verifier
// is a SCRAM secret, anything else is plain text.
func TypeOf(secret string) SecretType {
	if len(secret) == 35 && strings.HasPrefix(secret, "md5") && isLowerHex(secret[3:]) {
		return MD5Secret
	}
	if _, ok := ParseSCRAM(secret); ok {
		return SCRAMSecret
	}
	return Plaintext
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Encrypt returns the secret to store for a password under
// password_encryption method ("scram-sha-256" or "md5"), as CREATE ROLE
// ... PASSWORD does (PostgreSQL's encrypt_password). A password that is
// already an MD5 hash or a SCRAM secret is stored as given.
func Encrypt(password, user, method string) (string, error) {
	if TypeOf(password) != Plaintext {
		return password, nil
	}
	switch method {
	case "md5":
		return MD5(password, user), nil
	case "scram-sha-256", "":
		return SCRAM(password)
	}
	return "", fmt.Errorf("unrecognized password_encryption %q", method)
}

// MD5 returns PostgreSQL's MD5 secret: "md5" and the hex MD5 of the
// password followed by the user name.
func MD5(password, user string) string {
	sum := md5.Sum([]byte(password + user))
	return "md5" + hex.EncodeToString(sum[:])
}

// SCRAM returns a SCRAM-SHA-256 secret for a password with a fresh random
// salt, in PostgreSQL's format
// SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey> (RFC 5803).
func SCRAM(password string) (string, error) {
	salt := make([]byte, scramSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	return scramWithSalt(password, salt, scramIterations)
}

func scramWithSalt(password string, salt []byte, iters int) (string, error) {
	stored, server, err := scramKeys(password, salt, iters)
	if err != nil {
		return "", err
	}
	b64 := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", iters, b64(salt), b64(stored), b64(server)), nil
}

// scramKeys derives StoredKey and ServerKey (RFC 5802, section 3).
func scramKeys(password string, salt []byte, iters int) (stored, server []byte, err error) {
	salted, err := pbkdf2.Key(sha256.New, saslPrep(password), salt, iters, scramKeyLen)
	if err != nil {
		return nil, nil, err
	}
	clientKey := hmacSHA256(salted, "Client Key")
	sum := sha256.Sum256(clientKey)
	return sum[:], hmacSHA256(salted, "Server Key"), nil
}

func hmacSHA256(key []byte, msg string) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(msg))
	return h.Sum(nil)
}

// saslPrep normalizes a password with SASLprep (RFC 4013). Like
// PostgreSQL's pg_saslprep callers, it uses the password unchanged when
// it cannot be prepared (not UTF-8, or prohibited characters).
func saslPrep(password string) string {
	p, err := stringprep.SASLprep.Prepare(password)
	if err != nil || p == "" {
		return password
	}
	return p
}

// SCRAMVerifier is a parsed SCRAM-SHA-256 secret.
type SCRAMVerifier struct {
	Iterations int
	Salt       []byte
	StoredKey  []byte
	ServerKey  []byte
}

// ParseSCRAM parses a stored SCRAM-SHA-256 secret (PostgreSQL's
// parse_scram_secret).
func ParseSCRAM(secret string) (SCRAMVerifier, bool) {
	var v SCRAMVerifier
	rest, ok := strings.CutPrefix(secret, "SCRAM-SHA-256$")
	if !ok {
		return v, false
	}
	iterSalt, keys, ok := strings.Cut(rest, "$")
	if !ok {
		return v, false
	}
	iters, salt, ok := strings.Cut(iterSalt, ":")
	if !ok {
		return v, false
	}
	stored, server, ok := strings.Cut(keys, ":")
	if !ok {
		return v, false
	}
	n, err := strconv.Atoi(iters)
	if err != nil || n <= 0 {
		return v, false
	}
	dec := base64.StdEncoding.DecodeString
	v.Iterations = n
	if v.Salt, err = dec(salt); err != nil || len(v.Salt) == 0 {
		return v, false
	}
	if v.StoredKey, err = dec(stored); err != nil || len(v.StoredKey) != scramKeyLen {
		return v, false
	}
	if v.ServerKey, err = dec(server); err != nil || len(v.ServerKey) != scramKeyLen {
		return v, false
	}
	return v, true
}

// VerifyPlain checks a clear-text password against a stored secret of any
// type (PostgreSQL's plain_crypt_verify).
func VerifyPlain(user, secret, password string) bool {
	switch TypeOf(secret) {
	case SCRAMSecret:
		v, _ := ParseSCRAM(secret)
		stored, server, err := scramKeys(password, v.Salt, v.Iterations)
		return err == nil && hmac.Equal(stored, v.StoredKey) && hmac.Equal(server, v.ServerKey)
	case MD5Secret:
		return subtle.ConstantTimeCompare([]byte(MD5(password, user)), []byte(secret)) == 1
	}
	return subtle.ConstantTimeCompare([]byte(password), []byte(secret)) == 1
}

// verifyMD5 checks an md5 exchange's response against a stored MD5 secret:
// the client sends "md5" and md5(hex(md5(password+user)) + salt).
func verifyMD5(secret string, salt [4]byte, response string) bool {
	sum := md5.Sum(append([]byte(secret[3:]), salt[:]...))
	want := "md5" + hex.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(want), []byte(response)) == 1
}
