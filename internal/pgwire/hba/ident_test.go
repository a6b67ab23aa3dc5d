package hba

import (
	"strings"
	"testing"
)

func TestUserMaps(t *testing.T) {
	id, err := ParseIdent("pg_ident.conf", []byte(`
# MAPNAME  SYSTEM-USERNAME        PG-USERNAME
office     alice                  alice_admin
office     "/^(.*)@example\.com$" \1
office     /^bob$                 bobby
nobackref  /^x.*$                 \1
`), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		m, sys, role string
		ok           bool
		err          string
	}{
		{"office", "alice", "alice_admin", true, ""},
		{"office", "alice", "alice", false, ""},
		{"office", "carol@example.com", "carol", true, ""},
		{"office", "carol@example.org", "carol", false, ""},
		{"office", "bob", "bobby", true, ""},
		{"other", "alice", "alice_admin", false, ""},
		{"nobackref", "xy", "xy", false, `regular expression "^x.*$" has no subexpressions as requested by backreference in "\1"`},
	} {
		ok, err := id.Check(c.m, c.sys, c.role)
		if ok != c.ok || (err == nil) != (c.err == "") || err != nil && !strings.Contains(err.Error(), c.err) {
			t.Errorf("%s %s %s: %v %v", c.m, c.sys, c.role, ok, err)
		}
	}
	for text, want := range map[string]string{
		"m a":            `missing entry in file "f" at end of line 1`,
		"m a,b c":        "multiple values in ident field",
		"m /a(b c":       `invalid regular expression "a(b": missing closing )`,
		"m \"/a(b\" c d": `invalid regular expression "a(b": missing closing )`,
	} {
		_, err := ParseIdent("f", []byte(text+"\n"), ParseOptions{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %s", text, err, want)
		}
	}
}
