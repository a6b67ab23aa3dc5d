package auth

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}

// TestSecretsMatchPostgreSQL has PostgreSQL 15 store passwords, then
// checks that tusk derives byte-identical secrets (the SCRAM one with
// PostgreSQL's salt) and verifies passwords against them.
func TestSecretsMatchPostgreSQL(t *testing.T) {
	pg := pgtest.Shared(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pg.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	passwords := []string{"secret", "pässwörd", "a\u00adb", "\ufb01x", "with space", "\x01ctl", "\xff\xfeinvalid", "🐘pw", "\u0627\u0644a", "e\u0301", "\u00a0nbsp"}
	for i, pw := range passwords {
		user := "secret_test_" + string(rune('a'+i))
		for _, method := range []string{"md5", "scram-sha-256"} {
			conn.Exec(ctx, "DROP ROLE IF EXISTS "+user)
			if _, err := conn.Exec(ctx, "SET password_encryption = '"+method+"'"); err != nil {
				t.Fatal(err)
			}
			if pw == "\xff\xfeinvalid" {
				// Not valid UTF-8: PostgreSQL would refuse it as SQL text.
				continue
			}
			if _, err := conn.Exec(ctx, "CREATE ROLE "+user+" PASSWORD "+quote(pw)); err != nil {
				t.Fatal(err)
			}
			var stored string
			if err := conn.QueryRow(ctx, "SELECT rolpassword FROM pg_authid WHERE rolname = $1", user).Scan(&stored); err != nil {
				t.Fatal(err)
			}
			if method == "md5" {
				if got := MD5(pw, user); got != stored {
					t.Errorf("md5 %q: tusk %s, PostgreSQL %s", pw, got, stored)
				}
				if TypeOf(stored) != MD5Secret {
					t.Errorf("TypeOf(%s) = %v", stored, TypeOf(stored))
				}
			} else {
				v, ok := ParseSCRAM(stored)
				if !ok {
					t.Fatalf("cannot parse %s", stored)
				}
				got, err := scramWithSalt(pw, v.Salt, v.Iterations)
				if err != nil || got != stored {
					t.Errorf("scram %q: tusk %s, PostgreSQL %s (%v)", pw, got, stored, err)
				}
			}
			if !VerifyPlain(user, stored, pw) {
				t.Errorf("%s %q: right password refused", method, pw)
			}
			if VerifyPlain(user, stored, pw+"x") {
				t.Errorf("%s %q: wrong password accepted", method, pw)
			}
		}
	}
	conn.Exec(ctx, "RESET password_encryption")
}

func quote(s string) string {
	out := "'"
	for _, c := range s {
		if c == '\'' {
			out += "'"
		}
		out += string(c)
	}
	return out + "'"
}

func TestEncrypt(t *testing.T) {
	if got, _ := Encrypt("secret", "alice", "md5"); got != "md54a0a68b43b6cd5cf266fa02f196e2371" {
		t.Fatal(got)
	}
	s, err := Encrypt("secret", "alice", "scram-sha-256")
	if err != nil || TypeOf(s) != SCRAMSecret || !VerifyPlain("alice", s, "secret") {
		t.Fatalf("%s %v", s, err)
	}
	// Secrets pass through unchanged.
	for _, sec := range []string{s, MD5("x", "y")} {
		if got, _ := Encrypt(sec, "alice", "scram-sha-256"); got != sec {
			t.Fatalf("%s re-encrypted to %s", sec, got)
		}
	}
	if _, err := Encrypt("x", "y", "des"); err == nil {
		t.Fatal("unknown method accepted")
	}
	for _, bad := range []string{"SCRAM-SHA-256$0:c2FsdA==$a:b", "SCRAM-SHA-256$4096:c2FsdA==$YQ==:YQ==", "md5abc", "md5" + "0123456789abcdef0123456789ABCDEF"} {
		if TypeOf(bad) != Plaintext {
			t.Errorf("TypeOf(%q) = %v", bad, TypeOf(bad))
		}
	}
}
