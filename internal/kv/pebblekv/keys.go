package pebblekv

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/cockroachdb/pebble/v2"
)

// Key layout (README.md, "Key layout"). Every Pebble key is
//
//	prefix = namespace byte, name, 0x00
//	key    = prefix                        (unversioned: meta, commit log)
//	       | prefix, version (8 bytes BE), 0x09   (versioned: data)
//
// The last byte is the length of the suffix after the prefix (0 or 9), so
// Split can find the prefix of any key; the comparer orders prefixes
// bytewise and, within a prefix, the unversioned key first and then the
// versions newest first. Ordering by prefix (rather than by raw bytes)
// means user keys need no escaping: the 0x00 that ends every prefix keeps
// "a" before "a\x00" before "a\x01".
//
// The namespaces that change rarely sort before the data, so that the
// sstables a bulk load of ascending keys produces do not overlap the keys
// still to come (which would defeat the bloom filters of lock checks).
const (
	nsMeta byte = 'M' // engine metadata: 'M' name 0x00 -> value
	nsClog byte = 'c' // commit log: 'c' id(8) 0x00 -> commit sequence (8)
	nsData byte = 'd' // user data: 'd' userkey 0x00 version(8) 0x09 -> value record

	versionSuffixLen = 9
)

// Value records of data versions: kind (1 byte), writer's transaction ID (8
// bytes BE), payload (the user value, for values only). The kind also says
// which lock the version holds while its writer runs.
const (
	kindValue     byte = 1 // a value; holds the key in LockExclusive
	kindValueAX   byte = 2 // a value; holds the key in LockAccessExclusive
	kindTombstone byte = 3 // a deletion; holds the key in LockAccessExclusive
	kindLockExcl  byte = 4 // a lock record, no data: LockExclusive
	kindLockAX    byte = 5 // a lock record, no data: LockAccessExclusive

	recordHeaderLen = 9
)

func isValue(kind byte) bool { return kind == kindValue || kind == kindValueAX }
func isLock(kind byte) bool  { return kind >= kindLockExcl }

// appendDataPrefix appends the prefix of user key k.
func appendDataPrefix(dst []byte, k []byte) []byte {
	dst = append(dst, nsData)
	dst = append(dst, k...)
	return append(dst, 0)
}

// appendVersionKey appends the key of version ver of user key k.
func appendVersionKey(dst []byte, k []byte, ver uint64) []byte {
	dst = appendDataPrefix(dst, k)
	dst = binary.BigEndian.AppendUint64(dst, ver)
	return append(dst, versionSuffixLen)
}

// dataBound returns the Pebble bound for user bound k: nil start means the
// start of the data namespace, nil end its end.
func dataLowerBound(k []byte) []byte {
	if k == nil {
		return []byte{nsData}
	}
	return appendDataPrefix(nil, k)
}

func dataUpperBound(k []byte) []byte {
	if k == nil {
		return []byte{nsData + 1}
	}
	return appendDataPrefix(nil, k)
}

// decodeVersionKey splits a data version key into the user key (aliasing
// the input), the prefix length, and the version.
func decodeVersionKey(key []byte) (user []byte, ver uint64, ok bool) {
	n := len(key)
	if n < 2+versionSuffixLen || key[0] != nsData || key[n-1] != versionSuffixLen {
		return nil, 0, false
	}
	p := n - versionSuffixLen // prefix length, prefix ends in 0x00
	return key[1 : p-1], binary.BigEndian.Uint64(key[p : n-1]), true
}

// decodeRecord splits a data version's value into its kind, writer and
// payload (aliasing the input).
func decodeRecord(v []byte) (kind byte, id uint64, payload []byte, ok bool) {
	if len(v) < recordHeaderLen {
		return 0, 0, nil, false
	}
	return v[0], binary.BigEndian.Uint64(v[1:9]), v[9:], true
}

func appendRecord(dst []byte, kind byte, id uint64, payload []byte) []byte {
	dst = append(dst, kind)
	dst = binary.BigEndian.AppendUint64(dst, id)
	return append(dst, payload...)
}

func clogKey(id uint64) []byte {
	k := make([]byte, 0, 10)
	k = append(k, nsClog)
	k = binary.BigEndian.AppendUint64(k, id)
	return append(k, 0)
}

func metaKey(name string) []byte {
	k := append([]byte{nsMeta}, name...)
	return append(k, 0)
}

// split implements pebble.Split for the layout above.
func split(k []byte) int {
	n := len(k)
	if n == 0 {
		return 0
	}
	if k[n-1] == versionSuffixLen && n > versionSuffixLen {
		return n - versionSuffixLen
	}
	return n
}

// compareSuffixes orders the unversioned (empty) suffix first, then
// versions newest (largest) first.
func compareSuffixes(a, b []byte) int {
	switch {
	case len(a) == 0 && len(b) == 0:
		return 0
	case len(a) == 0:
		return -1
	case len(b) == 0:
		return 1
	}
	return bytes.Compare(b, a)
}

func compare(a, b []byte) int {
	an, bn := split(a), split(b)
	if c := bytes.Compare(a[:an], b[:bn]); c != 0 {
		return c
	}
	return compareSuffixes(a[an:], b[bn:])
}

// comparer is the Pebble comparer for the layout. Its name is stored in the
// database; a database written with another layout refuses to open.
var comparer = &pebble.Comparer{
	Name:                 "tusk.mvcc.v1",
	Split:                split,
	Compare:              compare,
	Equal:                bytes.Equal,
	ComparePointSuffixes: compareSuffixes,
	CompareRangeSuffixes: compareSuffixes,
	AbbreviatedKey: func(k []byte) uint64 {
		p := k[:split(k)]
		var buf [8]byte
		copy(buf[:], p)
		return binary.BigEndian.Uint64(buf[:])
	},
	// Shortening keys in index blocks would have to respect the layout;
	// returning the key unchanged is always valid.
	Separator: func(dst, a, _ []byte) []byte { return append(dst, a...) },
	Successor: func(dst, a []byte) []byte { return append(dst, a...) },
	// The smallest prefix after p is p's user key followed by 0x00, whose
	// prefix is p followed by 0x00.
	ImmediateSuccessor: func(dst, a []byte) []byte { return append(append(dst, a...), 0) },
	FormatKey: func(k []byte) fmt.Formatter {
		return keyFormatter(k)
	},
}

type keyFormatter []byte

func (k keyFormatter) Format(s fmt.State, _ rune) {
	if user, ver, ok := decodeVersionKey(k); ok {
		fmt.Fprintf(s, "%q@%d", user, ver)
		return
	}
	fmt.Fprintf(s, "%q", []byte(k))
}
