package hba

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/testutil/certs"
	"github.com/tuskdb/tusk/internal/testutil/pgtest"
)

// errMsgDiffers lists the messages where PostgreSQL's pg_hba_file_rules
// view shows a different text than the one it logs; tusk reports the
// logged one.
var errMsgDiffers = map[string]string{
	`clientcert only accepts "verify-full" when using "cert" authentication`: `clientcert can only be set to "verify-full" when using "cert" authentication`,
}

// pgRule is one row of pg_hba_file_rules, rendered for comparison.
func (r lineResult) render() string {
	if r.err != nil {
		msg := r.err.Message
		if alt, ok := errMsgDiffers[msg]; ok {
			msg = alt
		}
		return fmt.Sprintf("%d error: %s", r.num, msg)
	}
	l := r.line
	toks := func(ts []Token) string {
		var s []string
		for _, t := range ts {
			s = append(s, t.Value)
		}
		return strings.Join(s, ",")
	}
	addr, mask := "", ""
	if l.Type != Local {
		switch l.AddrKind {
		case AddrAll:
			addr = "all"
		case AddrSameHost:
			addr = "samehost"
		case AddrSameNet:
			addr = "samenet"
		case AddrHostname:
			addr = l.Hostname
		case AddrMask:
			addr, mask = l.Addr.String(), net.IP(l.Mask).String()
		}
	}
	return fmt.Sprintf("%d %s db=%s user=%s addr=%s mask=%s method=%s", r.num, l.Type, toks(l.Databases), toks(l.Users), addr, mask, l.Method)
}

// TestParseDifferential parses testdata/lines.conf with tusk and with
// PostgreSQL 15 (through its pg_hba_file_rules view) and compares every
// line: the parsed fields, or the error message.
func TestParseDifferential(t *testing.T) {
	data, err := os.ReadFile("testdata/lines.conf")
	if err != nil {
		t.Fatal(err)
	}
	set, err := certs.New()
	if err != nil {
		t.Fatal(err)
	}
	pg := pgtest.Start(t, pgtest.Options{
		Conf:  map[string]string{"ssl": "on"},
		Files: map[string][]byte{"server.crt": set.Server.CertPEM, "server.key": set.Server.KeyPEM},
	})
	// pg_hba_file_rules reads the file as it is on disk, without
	// reloading it.
	path := filepath.Join(pg.DataDir, "pg_hba.conf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pg.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT line_number, coalesce(type, ''), coalesce(database, '{}'), coalesce(user_name, '{}'),
		coalesce(address, ''), coalesce(netmask, ''), coalesce(auth_method, ''), error FROM pg_hba_file_rules ORDER BY line_number`)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for rows.Next() {
		var num int
		var typ, addr, mask, method string
		var dbs, users []string
		var errMsg *string
		if err := rows.Scan(&num, &typ, &dbs, &users, &addr, &mask, &method, &errMsg); err != nil {
			t.Fatal(err)
		}
		if errMsg != nil {
			want = append(want, fmt.Sprintf("%d error: %s", num, *errMsg))
			continue
		}
		if typ == "" {
			// Some errors leave the view's error column empty; any
			// error from tusk will do for them.
			want = append(want, fmt.Sprintf("%d error: *", num))
			continue
		}
		want = append(want, fmt.Sprintf("%d %s db=%s user=%s addr=%s mask=%s method=%s", num, typ, strings.Join(dbs, ","), strings.Join(users, ","), addr, mask, method))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}

	p := parser{file: path, opts: ParseOptions{SSL: true}}
	var got []string
	for _, r := range p.parseAll(data) {
		got = append(got, r.render())
	}
	if len(got) != len(want) {
		t.Errorf("tusk has %d lines, PostgreSQL %d", len(got), len(want))
	}
	for i := 0; i < len(got) || i < len(want); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if strings.HasSuffix(w, " error: *") && strings.HasPrefix(g, strings.TrimSuffix(w, "*")) {
			continue
		}
		if g != w {
			t.Errorf("line differs:\n tusk: %s\n   pg: %s", g, w)
		}
	}
}

// TestParseErrors checks the context line and the refusal of a file with
// any bad line.
func TestParseErrors(t *testing.T) {
	_, _, err := Parse("/d/pg_hba.conf", []byte("local all all trust\nbogus all all trust\nhost all all 1.2.3.4/40 trust\n"), ParseOptions{})
	if err == nil {
		t.Fatal("no error")
	}
	want := `ERROR: invalid connection type "bogus" (SQLSTATE F0000)` + "\n" + `ERROR: invalid CIDR mask in address "1.2.3.4/40" (SQLSTATE F0000)`
	if err.Error() != want {
		t.Fatalf("got %q", err.Error())
	}
	errs := err.(interface{ Unwrap() []error }).Unwrap()
	if w := errs[1].(*pgerror.Error).Where; w != `line 3 of configuration file "/d/pg_hba.conf"` {
		t.Fatalf("context: %q", w)
	}
	_, _, err = Parse("x", []byte("# nothing\n"), ParseOptions{})
	if err == nil || !strings.Contains(err.Error(), `configuration file "x" contains no entries`) {
		t.Fatalf("empty file: %v", err)
	}
	_, warns, err := Parse("x", []byte("hostssl all all all trust\n"), ParseOptions{})
	if err != nil || len(warns) != 1 || warns[0].Message != "hostssl record cannot match because SSL is disabled" || warns[0].Where != `line 1 of configuration file "x"` {
		t.Fatalf("hostssl without ssl: %v %v", warns, err)
	}
}

// TestInclude checks @file lists, relative to the including file.
func TestInclude(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "users"), []byte("alice bob # comment\ncarol,\"dave\"\n"), 0o644)
	cf, _, err := Load(writeFile(t, dir, "pg_hba.conf", "host all @users,eve all md5\nlocal all @missing trust\n"), ParseOptions{})
	if err == nil || !strings.Contains(err.Error(), `could not open secondary authentication file "@missing"`) {
		t.Fatalf("missing include: %v", err)
	}
	cf, _, err = Load(writeFile(t, dir, "pg_hba.conf", "host all @users,eve all md5\n"), ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var users []string
	for _, u := range cf.Lines[0].Users {
		users = append(users, fmt.Sprintf("%s/%v", u.Value, u.Quoted))
	}
	if got := strings.Join(users, " "); got != "alice/false bob/false carol/false dave/true eve/false" {
		t.Fatalf("users: %s", got)
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	os.Exit(code)
}
