package tusk_test

import (
	"context"
	"fmt"
	"log"

	"github.com/jackc/pgx/v5"
	"github.com/tuskdb/tusk"
)

// Start an in-memory server on a free port, query it with a client, and
// stop it.
func ExampleStart() {
	srv, err := tusk.Start(tusk.Options{
		InMemory: true,
		Settings: map[string]string{
			"port":                    "0", // any free port
			"listen_addresses":        "127.0.0.1",
			"unix_socket_directories": "", // no Unix socket
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, srv.DSN("postgres"))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close(ctx)

	var sum int
	if err := conn.QueryRow(ctx, "SELECT $1::int + 1", 41).Scan(&sum); err != nil {
		log.Fatal(err)
	}
	fmt.Println(sum)
	// Output: 42
}
