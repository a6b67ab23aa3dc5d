package builtins

// adtmisc.go holds smaller functions of utils/adt: numeric scale, to_hex,
// overlay, encode and decode.

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// Numeric scale functions (utils/adt/numeric.c numeric_scale,
// numeric_min_scale, numeric_trim_scale).
func init() {
	finite := func(d *apd.Decimal) bool { return d.Form == apd.Finite }
	// minScale is the smallest scale that represents d exactly.
	minScale := func(d *apd.Decimal) int64 {
		s := -int64(d.Exponent)
		if s <= 0 || d.Coeff.Sign() == 0 {
			return 0
		}
		var c apd.BigInt
		c.Set(&d.Coeff)
		ten := apd.NewBigInt(10)
		var q, r apd.BigInt
		for s > 0 {
			q.QuoRem(&c, ten, &r)
			if r.Sign() != 0 {
				break
			}
			c.Set(&q)
			s--
		}
		return s
	}
	register("numeric_scale", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		d := a[0].Numeric()
		if !finite(d) {
			return types.Null, nil
		}
		return types.NewInt(int64(max(-d.Exponent, 0))), nil
	})
	register("numeric_min_scale", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		d := a[0].Numeric()
		if !finite(d) {
			return types.Null, nil
		}
		return types.NewInt(minScale(d)), nil
	})
	register("numeric_trim_scale", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		d := a[0].Numeric()
		if !finite(d) {
			return a[0], nil
		}
		var out apd.Decimal
		if _, err := apd.BaseContext.WithPrecision(1000).Quantize(&out, d, -int32(minScale(d))); err != nil {
			return types.Null, err
		}
		return types.NewNumeric(&out), nil
	})
}

// to_hex (utils/adt/varlena.c to_hex32, to_hex64): the two's-complement
// bits of the value in lower-case hexadecimal.
func init() {
	register("to_hex32", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewString(strconv.FormatUint(uint64(uint32(a[0].Int())), 16)), nil
	})
	register("to_hex64", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		return types.NewString(strconv.FormatUint(uint64(a[0].Int()), 16)), nil
	})
}

// overlay (utils/adt/varlena.c text_overlay, bytea_overlay): the string
// with count characters from start replaced; without count, as many as
// the replacement has.
func init() {
	overlay := func(s, r []rune, start, count int64) (string, error) {
		if start <= 0 {
			return "", pgerror.New(pgerror.SubstringError, "negative substring length not allowed")
		}
		n := int64(len(s))
		head := min(start-1, n)
		tailFrom := min(max(start-1+count, 0), n)
		return string(s[:head]) + string(r) + string(s[tailFrom:]), nil
	}
	register("textoverlay", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		out, err := overlay([]rune(a[0].Str()), []rune(a[1].Str()), a[2].Int(), a[3].Int())
		if err != nil {
			return types.Null, err
		}
		return types.NewString(out), nil
	})
	register("textoverlay_no_len", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		r := []rune(a[1].Str())
		out, err := overlay([]rune(a[0].Str()), r, a[2].Int(), int64(len(r)))
		if err != nil {
			return types.Null, err
		}
		return types.NewString(out), nil
	})
}

// encode and decode (utils/adt/encode.c) for the hex, base64 and escape
// formats.
func init() {
	unknown := func(f string) error {
		return pgerror.New(pgerror.InvalidParameterValue, `unrecognized encoding: "%s"`, f)
	}
	register("binary_encode", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		b := a[0].Str()
		switch f := strings.ToLower(a[1].Str()); f {
		case "hex":
			return types.NewString(hex.EncodeToString([]byte(b))), nil
		case "base64":
			s := base64.StdEncoding.EncodeToString([]byte(b))
			// PostgreSQL breaks base64 output into lines of 76 characters.
			var sb strings.Builder
			for len(s) > 76 {
				sb.WriteString(s[:76])
				sb.WriteByte('\n')
				s = s[76:]
			}
			sb.WriteString(s)
			return types.NewString(sb.String()), nil
		case "escape":
			var sb strings.Builder
			for i := 0; i < len(b); i++ {
				c := b[i]
				switch {
				case c == '\\':
					sb.WriteString(`\\`)
				case c == 0 || c >= 0x80:
					sb.WriteString(`\` + strconv.FormatInt(int64(c)|0o1000, 8)[1:])
				default:
					sb.WriteByte(c)
				}
			}
			return types.NewString(sb.String()), nil
		default:
			return types.Null, unknown(f)
		}
	})
	register("binary_decode", func(_ Env, _ *Sig, a []types.Datum) (types.Datum, error) {
		s := a[0].Str()
		switch f := strings.ToLower(a[1].Str()); f {
		case "hex":
			var out []byte
			for i := 0; i < len(s); {
				c := s[i]
				if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
					i++
					continue
				}
				if i+1 >= len(s) {
					return types.Null, pgerror.New(pgerror.InvalidParameterValue, "invalid hexadecimal data: odd number of digits")
				}
				v, err := hex.DecodeString(s[i : i+2])
				if err != nil {
					bad := s[i : i+1]
					if isHexDigit(s[i]) {
						bad = s[i+1 : i+2]
					}
					return types.Null, pgerror.New(pgerror.InvalidParameterValue, `invalid hexadecimal digit: "%s"`, bad)
				}
				out = append(out, v...)
				i += 2
			}
			return types.NewBytes(string(out)), nil
		case "base64":
			clean := strings.Map(func(r rune) rune {
				if r == ' ' || r == '\n' || r == '\t' || r == '\r' {
					return -1
				}
				return r
			}, s)
			out, err := base64.StdEncoding.DecodeString(clean)
			if err != nil {
				return types.Null, pgerror.New(pgerror.InvalidParameterValue, "invalid base64 end sequence").
					WithHint("Input data is missing padding, is truncated, or is otherwise corrupted.")
			}
			return types.NewBytes(string(out)), nil
		case "escape":
			var out []byte
			for i := 0; i < len(s); i++ {
				if s[i] != '\\' {
					out = append(out, s[i])
					continue
				}
				if i+1 < len(s) && s[i+1] == '\\' {
					out = append(out, '\\')
					i++
					continue
				}
				if i+3 < len(s) {
					if v, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
						out = append(out, byte(v))
						i += 3
						continue
					}
				}
				return types.Null, pgerror.New(pgerror.InvalidTextRepresentation, "invalid input syntax for type %s", "bytea")
			}
			return types.NewBytes(string(out)), nil
		default:
			return types.Null, unknown(f)
		}
	})
}

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
