package clients

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// jdbcJar is where Debian's libpostgresql-jdbc-java installs the driver.
const jdbcJar = "/usr/share/java/postgresql.jar"

// TestJDBC runs testdata/jdbc/Check.java with PostgreSQL's JDBC driver:
// connect, PreparedStatements past prepareThreshold (server-prepared, with
// binary results), setFetchSize cursors, batches, generated keys,
// transactions and savepoints, SQLSTATEs, and the DatabaseMetaData calls
// behind tools' schema browsers (getTables, getColumns, getPrimaryKeys,
// getImportedKeys, getIndexInfo).
func TestJDBC(t *testing.T) {
	javac := lookPath(t, "javac", "install a JDK (17)")
	java := lookPath(t, "java", "install a JDK (17)")
	if _, err := os.Stat(jdbcJar); err != nil {
		t.Fatalf("the JDBC driver is missing (%v); apt-get install -y libpostgresql-jdbc-java", err)
	}
	classes := t.TempDir()
	src, err := filepath.Abs("testdata/jdbc/Check.java")
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(javac, "-d", classes, "-cp", jdbcJar, src).CombinedOutput(); err != nil {
		t.Fatalf("javac: %v\n%s", err, out)
	}
	out := compare(t, "clients_jdbc", func(ctx context.Context, s server) *exec.Cmd {
		url := fmt.Sprintf("jdbc:postgresql://%s:%d/%s?user=postgres&sslmode=disable", s.host, s.port, s.db)
		cmd := exec.CommandContext(ctx, java, "-Duser.timezone=UTC", "-Xshare:auto", "-cp", jdbcJar+":"+classes, "Check", url)
		cmd.Env = append(os.Environ(), "TZ=UTC")
		return cmd
	})
	mustContain(t, out,
		"== done",
		"counts [1, 1, 1, 1, 1]",
		"error 22012",
		"error 23505",
		"error 23503",
	)
}
