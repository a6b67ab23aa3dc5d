package pgcatalog

import (
	"crypto/tls"
	"crypto/x509/pkix"
	"fmt"
	"strings"

	"github.com/cockroachdb/apd/v3"

	"github.com/tuskdb/tusk/internal/sql/types"
)

func init() {
	registerGen("pg_catalog.pg_stat_ssl", genStatSSL)
}

// genStatSSL lists the sessions' TLS state, as PostgreSQL's pg_stat_ssl
// does from OpenSSL's: the protocol and cipher in OpenSSL's names, the
// cipher's key bits, and the client certificate's subject, serial number
// and issuer.
func genStatSSL(s *Source, rs *rowSet) {
	for _, a := range s.Activity {
		row := rs.add().set("pid", types.NewInt(int64(a.PID))).b("ssl", a.TLS != nil)
		st := a.TLS
		if st == nil {
			continue
		}
		row.str("version", tlsVersionName(st.Version))
		name, bits := cipherName(st.CipherSuite)
		row.str("cipher", name).set("bits", types.NewInt(int64(bits)))
		if len(st.PeerCertificates) > 0 {
			c := st.PeerCertificates[0]
			row.str("client_dn", distinguishedName(c.Subject)).str("issuer_dn", distinguishedName(c.Issuer))
			var d apd.Decimal
			d.Coeff.SetMathBigInt(c.SerialNumber)
			row.set("client_serial", types.NewNumeric(&d))
		}
	}
}

func tlsVersionName(v uint16) string {
	switch v {
	case tls.VersionTLS10:
		return "TLSv1"
	case tls.VersionTLS11:
		return "TLSv1.1"
	case tls.VersionTLS12:
		return "TLSv1.2"
	case tls.VersionTLS13:
		return "TLSv1.3"
	}
	return fmt.Sprintf("0x%04x", v)
}

// cipherName returns a cipher suite's OpenSSL name and its key bits. The
// TLS 1.3 suites have the same names in both; the TLS 1.2 ones OpenSSL
// spells its own way.
func cipherName(id uint16) (string, int) {
	name := tls.CipherSuiteName(id)
	bits := 128
	if strings.Contains(name, "AES_256") || strings.Contains(name, "CHACHA20") {
		bits = 256
	}
	if strings.HasPrefix(name, "TLS_ECDHE_") {
		n := strings.TrimPrefix(name, "TLS_")
		n = strings.Replace(n, "_WITH_", "_", 1)
		n = strings.Replace(n, "AES_128", "AES128", 1)
		n = strings.Replace(n, "AES_256", "AES256", 1)
		n = strings.Replace(n, "CHACHA20_POLY1305_SHA256", "CHACHA20_POLY1305", 1)
		name = strings.ReplaceAll(n, "_", "-")
	}
	return name, bits
}

// distinguishedName renders a name as PostgreSQL does (OpenSSL's
// X509_NAME_oneline): "/" before each attribute, in the certificate's
// order, with OpenSSL's short names.
func distinguishedName(n pkix.Name) string {
	var b strings.Builder
	for _, a := range n.Names {
		key, ok := shortNames[a.Type.String()]
		if !ok {
			key = a.Type.String()
		}
		fmt.Fprintf(&b, "/%s=%v", key, a.Value)
	}
	return b.String()
}

var shortNames = map[string]string{
	"2.5.4.3": "CN", "2.5.4.4": "SN", "2.5.4.5": "serialNumber", "2.5.4.6": "C", "2.5.4.7": "L", "2.5.4.8": "ST",
	"2.5.4.9": "street", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.12": "title", "2.5.4.42": "GN",
	"1.2.840.113549.1.9.1": "emailAddress", "0.9.2342.19200300.100.1.25": "DC", "0.9.2342.19200300.100.1.1": "UID",
}
