// Check drives PostgreSQL's JDBC driver through the features applications
// lean on and prints a transcript that must read the same against tusk and
// against PostgreSQL 15. The transcript holds values, the Java classes the
// driver maps them to, column types, update counts and the SQLSTATEs of
// deliberate errors; nothing that differs between two servers by nature
// (OIDs, process IDs, clock readings, version strings).
//
// Usage: java -Duser.timezone=UTC -cp postgresql.jar:. Check JDBC-URL
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Arrays;
import java.util.UUID;

public class Check {
    static Connection conn;

    public static void main(String[] args) throws Exception {
        conn = DriverManager.getConnection(args[0]);
        section("connect");
        DatabaseMetaData md = conn.getMetaData();
        println("product " + md.getDatabaseProductName() + " major " + md.getDatabaseMajorVersion());
        query("select 1 as one, 'x'::text as t");
        query("show server_encoding");
        query("show standard_conforming_strings");

        section("schema");
        exec("create table customers (id serial primary key, name text not null, email varchar(100) unique)");
        exec("create table orders (id bigserial primary key, customer_id int not null references customers(id) on delete cascade, amount numeric(10,2), placed date, note text default 'none')");
        exec("create index orders_placed_idx on orders (placed desc)");
        exec("create index orders_cust_amount_idx on orders (customer_id, amount)");
        exec("create table items (order_id bigint, line int, sku text not null, qty int default 1, primary key (order_id, line), foreign key (order_id) references orders(id))");
        exec("create table typed (id int primary key, i int, b bigint, n numeric, t text, bo boolean, ts timestamp, tz timestamptz, d date, by bytea, f float8, u uuid, ia int[], ta text[], r real, s smallint, vc varchar(10), js json)");

        prepared();
        fetchSize();
        batch();
        transactions();
        errors();
        metadata();
        moreMetadata();
        statements();
        driverApis(args[0]);
        conn.close();
        section("done");
    }

    static void prepared() throws SQLException {
        section("prepared statements past prepareThreshold");
        // The driver switches a PreparedStatement to a named server-side
        // statement with binary results on its fifth execution.
        try (PreparedStatement ps = conn.prepareStatement(
                "insert into typed values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::json)")) {
            for (int k = 1; k <= 8; k++) {
                ps.setInt(1, k);
                ps.setInt(2, k * 1000 - 3);
                ps.setLong(3, 9000000000L * k);
                ps.setBigDecimal(4, new BigDecimal("12345.678").multiply(BigDecimal.valueOf(k)));
                ps.setString(5, "text " + k + " ü");
                ps.setBoolean(6, k % 2 == 0);
                ps.setTimestamp(7, Timestamp.valueOf("2024-02-29 13:14:15.123456"));
                ps.setTimestamp(8, Timestamp.valueOf("2023-12-31 23:59:59.5"));
                ps.setDate(9, java.sql.Date.valueOf("2000-01-0" + k));
                ps.setBytes(10, new byte[] {0, 1, (byte) 0xfe, (byte) k});
                ps.setDouble(11, k / 8.0 + 0.1);
                ps.setObject(12, new UUID(0x0123456789abcdefL, k));
                ps.setArray(13, conn.createArrayOf("int4", new Integer[] {k, null, -k}));
                ps.setArray(14, conn.createArrayOf("text", new String[] {"a", "b c", k % 2 == 0 ? null : "\"q\""}));
                ps.setFloat(15, 1.5f * k);
                ps.setShort(16, (short) -k);
                ps.setString(17, "vc" + k);
                ps.setString(18, "{\"k\": " + k + "}");
                println("insert " + k + " -> " + ps.executeUpdate());
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("select * from typed where id = ?")) {
            for (int k = 1; k <= 8; k++) {
                ps.setInt(1, k);
                try (ResultSet rs = ps.executeQuery()) {
                    print(rs, k == 1 || k >= 6);
                }
            }
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "select ?::int + 1 as i, ?::bigint * 2 as b, ?::numeric / 3 as n, upper(?) as t, not ? as bo, ?::timestamptz as tz, ?::uuid as u")) {
            for (int k = 1; k <= 7; k++) {
                ps.setInt(1, k);
                ps.setLong(2, -k);
                ps.setBigDecimal(3, new BigDecimal("10.5"));
                ps.setString(4, "abc" + k);
                ps.setBoolean(5, true);
                ps.setTimestamp(6, Timestamp.valueOf("2020-06-0" + k + " 01:02:03"));
                ps.setObject(7, new UUID(k, k));
                try (ResultSet rs = ps.executeQuery()) {
                    print(rs, k == 1 || k == 7);
                }
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("select count(*), sum(b), avg(i), max(ts), min(d) from typed where id <= ?")) {
            for (int k = 1; k <= 6; k++) {
                ps.setInt(1, k);
                try (ResultSet rs = ps.executeQuery()) {
                    print(rs, true);
                }
            }
        }
    }

    static void fetchSize() throws SQLException {
        section("fetchSize cursor");
        conn.setAutoCommit(false);
        try (Statement st = conn.createStatement()) {
            st.setFetchSize(3);
            try (ResultSet rs = st.executeQuery("select g, g * g as sq from generate_series(1, 10) g")) {
                StringBuilder b = new StringBuilder();
                int n = 0;
                while (rs.next()) {
                    b.append(rs.getInt(1)).append(':').append(rs.getInt(2)).append(' ');
                    n++;
                }
                println("rows " + n + ": " + b.toString().trim());
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("select id, t from typed where id > ? order by id")) {
            ps.setFetchSize(2);
            for (int k = 0; k < 6; k++) {
                ps.setInt(1, k);
                try (ResultSet rs = ps.executeQuery()) {
                    StringBuilder b = new StringBuilder();
                    while (rs.next()) {
                        b.append(rs.getInt(1)).append(' ');
                    }
                    println("from " + k + ": " + b.toString().trim());
                }
            }
        }
        conn.commit();
        conn.setAutoCommit(true);
    }

    static void batch() throws SQLException {
        section("batch");
        try (PreparedStatement ps = conn.prepareStatement("insert into customers (name, email) values (?, ?)")) {
            for (int k = 1; k <= 5; k++) {
                ps.setString(1, "customer " + k);
                ps.setString(2, "c" + k + "@example.com");
                ps.addBatch();
            }
            println("counts " + Arrays.toString(ps.executeBatch()));
        }
        try (Statement st = conn.createStatement()) {
            st.addBatch("insert into orders (customer_id, amount, placed) values (1, 10.50, '2024-01-01')");
            st.addBatch("insert into orders (customer_id, amount, placed) values (2, 20.25, '2024-01-02')");
            st.addBatch("update customers set name = name || '!' where id <= 3");
            println("counts " + Arrays.toString(st.executeBatch()));
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "insert into orders (customer_id, amount, placed) values (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            for (int k = 1; k <= 3; k++) {
                ps.setInt(1, k);
                ps.setBigDecimal(2, new BigDecimal(k + ".99"));
                ps.setDate(3, java.sql.Date.valueOf("2024-03-0" + k));
                ps.addBatch();
            }
            println("counts " + Arrays.toString(ps.executeBatch()));
            try (ResultSet rs = ps.getGeneratedKeys()) {
                print(rs, true);
            }
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "insert into customers (name) values (?)", new String[] {"id", "name"})) {
            ps.setString(1, "keyed");
            println("count " + ps.executeUpdate());
            try (ResultSet rs = ps.getGeneratedKeys()) {
                print(rs, true);
            }
        }
        query("insert into items values (1, 1, 'sku-1', 2), (1, 2, 'sku-2', default) returning *");
        query("select o.id, c.name, o.amount, o.placed, o.note from orders o join customers c on c.id = o.customer_id order by o.id");
    }

    static void transactions() throws SQLException {
        section("transactions");
        conn.setAutoCommit(false);
        exec("insert into customers (name) values ('rolled back')");
        query("select count(*) from customers");
        conn.rollback();
        query("select count(*) from customers");
        exec("insert into customers (name) values ('committed')");
        java.sql.Savepoint sp = conn.setSavepoint("sp1");
        exec("insert into customers (name) values ('after savepoint')");
        conn.rollback(sp);
        conn.commit();
        conn.setAutoCommit(true);
        query("select name from customers where id > 5 order by id");
        println("isolation " + conn.getTransactionIsolation());
        conn.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        conn.setAutoCommit(false);
        query("show transaction_isolation");
        conn.commit();
        conn.setAutoCommit(true);
        conn.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        conn.setReadOnly(true);
        conn.setAutoCommit(false);
        exec("insert into customers (name) values ('read only')");
        conn.rollback();
        conn.setAutoCommit(true);
        conn.setReadOnly(false);
    }

    static void errors() throws SQLException {
        section("errors");
        query("select 1 / 0");
        exec("insert into customers (id, name) values (1, 'dup')");
        exec("insert into orders (customer_id) values (999)");
        query("select * from no_such_table");
        query("selec 1");
        query("select 'abc'::int");
        exec("insert into customers (name) values (null)");
        try (PreparedStatement ps = conn.prepareStatement("select ?::int")) {
            ps.setString(1, "not a number");
            ps.executeQuery();
        } catch (SQLException e) {
            error(e);
        }
        conn.setAutoCommit(false);
        query("select 1 / 0");
        query("select 1");
        conn.rollback();
        conn.setAutoCommit(true);
        query("select 'still alive'");
    }

    interface MetaCall {
        ResultSet call() throws SQLException;
    }

    // meta prints the result of one DatabaseMetaData call, or the SQLSTATE
    // of its error.
    static void meta(MetaCall c) {
        try {
            print(c.call(), true);
        } catch (SQLException e) {
            error(e);
        }
    }

    static void metadata() throws SQLException {
        section("metadata");
        DatabaseMetaData md = conn.getMetaData();
        println("-- getTables");
        meta(() -> md.getTables(null, "public", "%", new String[] {"TABLE"}));
        println("-- getTables, every type");
        meta(() -> md.getTables(null, "public", "orders%", null));
        println("-- getColumns");
        meta(() -> md.getColumns(null, "public", "orders", null));
        meta(() -> md.getColumns(null, "public", "typed", null));
        meta(() -> md.getColumns(null, "public", "items", "q%"));
        println("-- getPrimaryKeys");
        meta(() -> md.getPrimaryKeys(null, "public", "items"));
        meta(() -> md.getPrimaryKeys(null, "public", "orders"));
        println("-- getImportedKeys");
        meta(() -> md.getImportedKeys(null, "public", "orders"));
        meta(() -> md.getImportedKeys(null, "public", "items"));
        println("-- getExportedKeys");
        meta(() -> md.getExportedKeys(null, "public", "customers"));
        println("-- getIndexInfo");
        meta(() -> md.getIndexInfo(null, "public", "orders", false, false));
        meta(() -> md.getIndexInfo(null, "public", "customers", true, false));
        println("-- getSchemas");
        meta(() -> md.getSchemas(null, "public"));
    }

    static void moreMetadata() throws SQLException {
        section("more metadata");
        DatabaseMetaData md = conn.getMetaData();
        println("-- getBestRowIdentifier");
        meta(() -> md.getBestRowIdentifier(null, "public", "items", DatabaseMetaData.bestRowSession, true));
        println("-- getVersionColumns");
        meta(() -> md.getVersionColumns(null, "public", "orders"));
        println("-- getCrossReference");
        meta(() -> md.getCrossReference(null, "public", "orders", null, "public", "items"));
        println("-- getTableTypes");
        meta(() -> md.getTableTypes());
        println("-- getFunctions, getFunctionColumns");
        meta(() -> md.getFunctions(null, "pg_catalog", "lower"));
        meta(() -> md.getFunctionColumns(null, "pg_catalog", "lower", "%"));
        println("-- getSQLKeywords");
        try {
            println(md.getSQLKeywords());
        } catch (SQLException e) {
            error(e);
        }
        println("-- ResultSetMetaData");
        try (PreparedStatement ps = conn.prepareStatement(
                "select o.id, o.note, c.name, o.amount + 1 as expr, c.* from orders o join customers c on c.id = o.customer_id")) {
            ResultSetMetaData m = ps.getMetaData();
            for (int c = 1; c <= m.getColumnCount(); c++) {
                println(m.getColumnLabel(c) + " table=" + m.getTableName(c) + " nullable=" + m.isNullable(c)
                        + " auto=" + m.isAutoIncrement(c) + " type=" + m.getColumnTypeName(c) + " precision=" + m.getPrecision(c)
                        + " scale=" + m.getScale(c) + " size=" + m.getColumnDisplaySize(c) + " class=" + m.getColumnClassName(c)
                        + " base=" + ((org.postgresql.PGResultSetMetaData) m).getBaseColumnName(c));
            }
        } catch (SQLException e) {
            error(e);
        }
        println("-- ParameterMetaData");
        try (PreparedStatement ps = conn.prepareStatement("select * from orders where id = ? and note = ? and amount > ?")) {
            ParameterMetaData pm = ps.getParameterMetaData();
            for (int i = 1; i <= pm.getParameterCount(); i++) {
                println(pm.getParameterTypeName(i) + " " + pm.getParameterType(i));
            }
        } catch (SQLException e) {
            error(e);
        }
    }

    static void statements() throws SQLException {
        section("callable statements and escapes");
        try (CallableStatement cs = conn.prepareCall("{? = call upper(?)}")) {
            cs.registerOutParameter(1, Types.VARCHAR);
            cs.setString(2, "abc");
            cs.execute();
            println("upper " + cs.getString(1));
        } catch (SQLException e) {
            error(e);
        }
        try (CallableStatement cs = conn.prepareCall("{call abs(?)}")) {
            cs.setInt(1, -5);
            print(cs.executeQuery(), true);
        } catch (SQLException e) {
            error(e);
        }
        query("select {fn ucase('a')}, {fn concat('a', 'b')}, {d '2024-01-02'}, {ts '2024-01-02 03:04:05'}, {fn ifnull(null, 3)}, {fn locate('b', 'abc')}");

        section("updatable result set");
        try (Statement st = conn.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE)) {
            ResultSet rs = st.executeQuery("select order_id, line, sku, qty from items order by line");
            rs.next();
            rs.updateString("sku", "sku-1b");
            rs.updateRow();
            rs.moveToInsertRow();
            rs.updateLong("order_id", 2);
            rs.updateInt("line", 1);
            rs.updateString("sku", "sku-3");
            rs.insertRow();
            rs.absolute(2);
            rs.deleteRow();
            rs.close();
        } catch (SQLException e) {
            error(e);
        }
        query("select * from items order by order_id, line");

        section("several results");
        try (Statement st = conn.createStatement()) {
            boolean r = st.execute("select 1 as a; update items set qty = qty + 1; select 2 as b, 3 as c");
            while (true) {
                if (r) {
                    print(st.getResultSet(), true);
                } else if (st.getUpdateCount() != -1) {
                    println("count " + st.getUpdateCount());
                } else {
                    break;
                }
                r = st.getMoreResults();
            }
        } catch (SQLException e) {
            error(e);
        }

        section("query timeout");
        try (Statement st = conn.createStatement()) {
            st.setQueryTimeout(1);
            st.executeQuery("select pg_sleep(5)");
            println("not cancelled");
        } catch (SQLException e) {
            error(e);
        }
        query("select 'alive after cancel'");

        section("binary arrays and more types");
        try (PreparedStatement ps = conn.prepareStatement(
                "select ?::int[] as a, ?::text[] as t, ?::float8[] as f, ?::numeric as n, ?::interval as i, ?::time as tm, ?::smallint as s, ?::bytea as b, ?::int8[] as l")) {
            for (int k = 1; k <= 7; k++) {
                ps.setArray(1, conn.createArrayOf("int4", new Integer[] {1, 2, k}));
                ps.setArray(2, conn.createArrayOf("text", new String[] {"a", null, "c d"}));
                ps.setArray(3, conn.createArrayOf("float8", new Double[] {1.5, -0.0, 1e300}));
                ps.setBigDecimal(4, new BigDecimal("-123456789.000123456789"));
                ps.setObject(5, new org.postgresql.util.PGInterval("1 year 2 mons 3 days 04:05:06.5"));
                ps.setTime(6, java.sql.Time.valueOf("10:11:12"));
                ps.setShort(7, (short) k);
                ps.setBytes(8, new byte[] {1, 2, (byte) k});
                ps.setArray(9, conn.createArrayOf("int8", new Long[] {1L << 40, null}));
                try (ResultSet rs = ps.executeQuery()) {
                    print(rs, k == 1 || k >= 6);
                }
            }
        } catch (SQLException e) {
            error(e);
        }
    }

    static void driverApis(String url) throws SQLException {
        section("java.time values");
        exec("create table times (id int primary key, d date, ts timestamp, tz timestamptz, t time)");
        try (PreparedStatement ps = conn.prepareStatement("insert into times values (?, ?, ?, ?, ?)")) {
            for (int k = 1; k <= 6; k++) {
                ps.setInt(1, k);
                ps.setObject(2, java.time.LocalDate.of(2020, 1, k));
                ps.setObject(3, java.time.LocalDateTime.of(2020, 1, k, 10, 20, 30, 123456000));
                ps.setObject(4, java.time.OffsetDateTime.of(2020, 1, k, 10, 20, 30, 0, java.time.ZoneOffset.ofHours(2)));
                ps.setObject(5, java.time.LocalTime.of(k, 2, 3));
                ps.addBatch();
            }
            println("counts " + Arrays.toString(ps.executeBatch()));
        }
        try (PreparedStatement ps = conn.prepareStatement("select d, ts, tz, t from times where id >= ? order by id")) {
            for (int k = 1; k <= 6; k++) {
                ps.setInt(1, k);
                try (ResultSet rs = ps.executeQuery()) {
                    if (k < 5) {
                        continue;
                    }
                    while (rs.next()) {
                        println("  " + rs.getObject(1, java.time.LocalDate.class) + " " + rs.getObject(2, java.time.LocalDateTime.class)
                                + " " + rs.getObject(3, java.time.OffsetDateTime.class) + " " + rs.getObject(4, java.time.LocalTime.class));
                    }
                }
            }
        }

        section("CopyManager");
        org.postgresql.copy.CopyManager cm = conn.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
        exec("create table copied (a int, b text)");
        try {
            println("copied in " + cm.copyIn("copy copied from stdin with (format csv)", new java.io.StringReader("1,one\n2,\"t,wo\"\n3,\n")));
            java.io.StringWriter w = new java.io.StringWriter();
            long n = cm.copyOut("copy (select * from copied order by a) to stdout with (format csv, header)", w);
            println("copied out " + n + ": " + w.toString().replace("\n", "|"));
            try {
                cm.copyIn("copy copied from stdin", new java.io.StringReader("x\ty\n"));
            } catch (SQLException e) {
                error(e);
            }
            org.postgresql.copy.CopyIn in = cm.copyIn("copy copied (a) from stdin");
            byte[] row = "9\n".getBytes();
            in.writeToCopy(row, 0, row.length);
            println("endCopy " + in.endCopy());
        } catch (java.io.IOException e) {
            throw new SQLException(e);
        }
        query("select count(*) from copied");

        section("notifications");
        try (Connection other = DriverManager.getConnection(url)) {
            exec("listen jchan");
            try (Statement st = other.createStatement()) {
                st.execute("notify jchan, 'hi'");
                st.execute("select pg_notify('jchan', 'there')");
            }
            query("select 1");
            // getNotifications returns once at least one has arrived;
            // collect both, waiting at most ten seconds.
            java.util.List<String> got = new java.util.ArrayList<>();
            long deadline = System.currentTimeMillis() + 10000;
            while (got.size() < 2 && System.currentTimeMillis() < deadline) {
                org.postgresql.PGNotification[] ns = conn.unwrap(org.postgresql.PGConnection.class).getNotifications(500);
                for (org.postgresql.PGNotification n : ns) {
                    got.add(n.getName() + " " + n.getParameter());
                }
            }
            for (String n : got) {
                println(n);
            }
            exec("unlisten jchan");
        }

        section("connection properties");
        for (String props : new String[] {"&currentSchema=pg_catalog", "&ApplicationName=check", "&options=-c%20statement_timeout=999",
                "&targetServerType=primary", "&readOnly=true&readOnlyMode=always", "&autosave=always"}) {
            try (Connection c = DriverManager.getConnection(url + props)) {
                ResultSet rs = c.createStatement().executeQuery("select current_setting('search_path'), current_setting('application_name'), "
                        + "current_setting('statement_timeout'), current_setting('transaction_read_only')");
                rs.next();
                println(props + ": " + rs.getString(1) + " | " + rs.getString(2) + " | " + rs.getString(3) + " | " + rs.getString(4));
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    try {
                        st.execute("select 1/0");
                    } catch (SQLException e) {
                        println("  error " + e.getSQLState());
                    }
                    try {
                        ResultSet r2 = st.executeQuery("select 'continued'");
                        r2.next();
                        println("  " + r2.getString(1));
                    } catch (SQLException e) {
                        println("  error " + e.getSQLState());
                    }
                }
                c.rollback();
            }
        }

        section("other connection modes");
        for (String mode : new String[] {"&preferQueryMode=simple", "&reWriteBatchedInserts=true", "&stringtype=unspecified", "&binaryTransfer=false"}) {
            println("-- " + mode);
            try (Connection c = DriverManager.getConnection(url + mode)) {
                try (PreparedStatement ps = c.prepareStatement("insert into copied (a, b) values (?, ?)")) {
                    for (int k = 1; k <= 3; k++) {
                        ps.setInt(1, 100 + k);
                        ps.setString(2, "m" + k);
                        ps.addBatch();
                    }
                    println("counts " + Arrays.toString(ps.executeBatch()));
                }
                try (PreparedStatement ps = c.prepareStatement("select a, b from copied where a > ? and b like ? order by a")) {
                    for (int k = 1; k <= 6; k++) {
                        ps.setInt(1, 100);
                        ps.setString(2, "m%");
                        try (ResultSet rs = ps.executeQuery()) {
                            print(rs, k == 6);
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("select count(*) from copied where a = ?")) {
                    ps.setString(1, "101");
                    print(ps.executeQuery(), true);
                } catch (SQLException e) {
                    error(e);
                }
                try (Statement st = c.createStatement()) {
                    st.execute("delete from copied where a > 100");
                }
            }
        }
    }

    // exec runs a statement that returns no rows and prints its update
    // count, or the SQLSTATE of its error.
    static void exec(String sql) {
        try (Statement st = conn.createStatement()) {
            int n = st.executeUpdate(sql);
            println("ok " + n);
        } catch (SQLException e) {
            error(e);
        }
    }

    // query runs a statement and prints its rows, or the SQLSTATE of its
    // error.
    static void query(String sql) {
        try (Statement st = conn.createStatement()) {
            print(st.executeQuery(sql), true);
        } catch (SQLException e) {
            error(e);
        }
    }

    static void print(ResultSet rs, boolean show) throws SQLException {
        ResultSetMetaData m = rs.getMetaData();
        int cols = m.getColumnCount();
        if (show) {
            StringBuilder h = new StringBuilder("columns");
            for (int c = 1; c <= cols; c++) {
                h.append(' ').append(m.getColumnLabel(c)).append(':').append(m.getColumnTypeName(c));
            }
            println(h.toString());
        }
        int n = 0;
        while (rs.next()) {
            n++;
            if (!show) {
                continue;
            }
            StringBuilder b = new StringBuilder(" ");
            for (int c = 1; c <= cols; c++) {
                // getIndexInfo's PAGES is the index's size on disk
                // (pg_class.relpages), which tusk does not have.
                b.append(' ').append(m.getColumnLabel(c).equals("PAGES") ? "-" : value(rs, c));
            }
            println(b.toString());
        }
        println("(" + n + " rows)");
        rs.close();
    }

    static String value(ResultSet rs, int c) throws SQLException {
        Object o = rs.getObject(c);
        if (o == null) {
            return "NULL";
        }
        String s;
        if (o instanceof byte[]) {
            StringBuilder b = new StringBuilder("\\x");
            for (byte x : (byte[]) o) {
                b.append(String.format("%02x", x));
            }
            s = b.toString();
        } else if (o instanceof Array) {
            s = Arrays.deepToString((Object[]) ((Array) o).getArray());
        } else {
            s = o.toString();
        }
        String cls = o.getClass().getSimpleName();
        return cls + "(" + s + ")";
    }

    // error prints an error's SQLSTATE; the message goes to stderr, as it
    // may differ in wording.
    static void error(SQLException e) {
        println("error " + e.getSQLState());
        System.err.println("error " + e.getSQLState() + ": " + e.getMessage());
    }

    static void section(String name) {
        println("== " + name);
    }

    static void println(String s) {
        System.out.println(s);
    }
}
