package certs

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// Pair is a certificate and its private key, PEM-encoded.
type Pair struct {
	CertPEM []byte
	KeyPEM  []byte
	Cert    *x509.Certificate
}

// Set is a CA and a server certificate it signed.
type Set struct {
	CA     Pair
	Server Pair
	caKey  *ecdsa.PrivateKey
}

// New makes a CA and a server certificate for localhost, 127.0.0.1 and
// ::1, valid from an hour ago for a day.
func New() (*Set, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "tusk test CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	ca, err := encode(caTmpl, caTmpl, caKey, caKey)
	if err != nil {
		return nil, err
	}
	s := &Set{CA: ca, caKey: caKey}
	s.Server, err = s.issue(&x509.Certificate{
		Subject:     pkix.Name{CommonName: "localhost"},
		DNSNames:    []string{"localhost"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Client issues a client certificate whose subject's common name is cn.
func (s *Set) Client(cn string) (Pair, error) {
	return s.issue(&x509.Certificate{
		Subject:     pkix.Name{CommonName: cn},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
}

func (s *Set) issue(tmpl *x509.Certificate) (Pair, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return Pair{}, err
	}
	now := time.Now()
	tmpl.SerialNumber = serial()
	tmpl.NotBefore = now.Add(-time.Hour)
	tmpl.NotAfter = now.Add(24 * time.Hour)
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature
	return encode(tmpl, s.CA.Cert, key, s.caKey)
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		panic(err)
	}
	return n
}

func encode(tmpl, parent *x509.Certificate, key, signer *ecdsa.PrivateKey) (Pair, error) {
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	if err != nil {
		return Pair{}, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return Pair{}, err
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return Pair{}, err
	}
	return Pair{
		CertPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		KeyPEM:  pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}),
		Cert:    cert,
	}, nil
}

// Pool returns a certificate pool holding the CA.
func (s *Set) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(s.CA.Cert)
	return p
}

// ClientConfig returns a TLS client configuration that trusts the CA and
// checks the server's name.
func (s *Set) ClientConfig(serverName string) *tls.Config {
	return &tls.Config{RootCAs: s.Pool(), ServerName: serverName}
}

// Files are the paths WriteFiles wrote.
type Files struct{ CA, Cert, Key string }

// WriteFiles writes root.crt, server.crt and server.key into dir, the key
// readable only by its owner (PostgreSQL refuses a key others can read).
func (s *Set) WriteFiles(dir string) (Files, error) {
	f := Files{CA: filepath.Join(dir, "root.crt"), Cert: filepath.Join(dir, "server.crt"), Key: filepath.Join(dir, "server.key")}
	for _, w := range []struct {
		path string
		data []byte
	}{{f.CA, s.CA.CertPEM}, {f.Cert, s.Server.CertPEM}, {f.Key, s.Server.KeyPEM}} {
		if err := os.WriteFile(w.path, w.data, 0o600); err != nil {
			return Files{}, err
		}
	}
	return f, nil
}

// WritePair writes a certificate and key as name.crt and name.key in dir,
// the key readable only by its owner, and returns their paths.
func WritePair(dir, name string, p Pair) (certPath, keyPath string, err error) {
	certPath, keyPath = filepath.Join(dir, name+".crt"), filepath.Join(dir, name+".key")
	if err := os.WriteFile(certPath, p.CertPEM, 0o600); err != nil {
		return "", "", err
	}
	return certPath, keyPath, os.WriteFile(keyPath, p.KeyPEM, 0o600)
}

// CRL returns a certificate revocation list, signed by the CA, that
// revokes the given certificates, PEM-encoded.
func (s *Set) CRL(revoked ...*x509.Certificate) ([]byte, error) {
	now := time.Now()
	var entries []x509.RevocationListEntry
	for _, c := range revoked {
		entries = append(entries, x509.RevocationListEntry{SerialNumber: c.SerialNumber, RevocationTime: now.Add(-time.Minute)})
	}
	der, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{
		Number:                    big.NewInt(1),
		ThisUpdate:                now.Add(-time.Hour),
		NextUpdate:                now.Add(24 * time.Hour),
		RevokedCertificateEntries: entries,
	}, s.CA.Cert, s.caKey)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "X509 CRL", Bytes: der}), nil
}
