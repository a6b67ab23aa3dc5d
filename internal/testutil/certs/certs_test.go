package certs

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"testing"
)

// TestHandshake checks that the server certificate verifies against the
// CA by IP address and by name, and that client certificates verify too.
func TestHandshake(t *testing.T) {
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	srvCert, err := tls.X509KeyPair(s.Server.CertPEM, s.Server.KeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	client, err := s.Client("alice")
	if err != nil {
		t.Fatal(err)
	}
	cliCert, err := tls.X509KeyPair(client.CertPEM, client.KeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"localhost", "127.0.0.1", "::1"} {
		a, b := net.Pipe()
		done := make(chan *tls.ConnectionState, 1)
		go func() {
			c := tls.Server(a, &tls.Config{Certificates: []tls.Certificate{srvCert}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: s.Pool()})
			if err := c.Handshake(); err != nil {
				t.Error(err)
				done <- nil
				return
			}
			st := c.ConnectionState()
			done <- &st
			io.Copy(io.Discard, c)
		}()
		cfg := s.ClientConfig(name)
		cfg.Certificates = []tls.Certificate{cliCert}
		c := tls.Client(b, cfg)
		if err := c.Handshake(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		st := <-done
		if st == nil || len(st.VerifiedChains) == 0 || st.PeerCertificates[0].Subject.CommonName != "alice" {
			t.Fatalf("%s: client certificate not verified: %+v", name, st)
		}
		c.Close()
	}
	if _, err := s.Server.Cert.Verify(x509.VerifyOptions{Roots: s.Pool(), DNSName: "localhost"}); err != nil {
		t.Fatal(err)
	}
}
