package jsonb

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
)

// Shortest round-trip float formatting with the exact choices of the Ryu
// algorithm (Ulf Adams, "Ryu: fast float-to-string conversion", PLDI
// 2018), which PostgreSQL's float4out and float8out use. Ryu decides
// never to use a decimal lying exactly on the boundary of a float's
// rounding interval (PostgreSQL builds it without STRICTLY_SHORTEST), so
// its output is sometimes one digit longer than the shortest that Go's
// strconv produces.
//
// The intermediate values Ryu computes with precomputed tables are, by its
// correctness proof, exact floors of products of powers of 2 and 10; this
// implementation computes those floors directly with big integers.

var (
	bigTen   = big.NewInt(10)
	pow10Big []*big.Int
)

func init() {
	pow10Big = make([]*big.Int, 400)
	pow10Big[0] = big.NewInt(1)
	for i := 1; i < len(pow10Big); i++ {
		pow10Big[i] = new(big.Int).Mul(pow10Big[i-1], bigTen)
	}
}

// scaled returns floor(x * 2^e2 / 10^e10).
func scaled(x uint64, e2, e10 int) uint64 {
	n := new(big.Int).SetUint64(x)
	d := big.NewInt(1)
	if e2 >= 0 {
		n.Lsh(n, uint(e2))
	} else {
		d.Lsh(d, uint(-e2))
	}
	if e10 >= 0 {
		d.Mul(d, pow10Big[e10])
	} else {
		n.Mul(n, pow10Big[-e10])
	}
	n.Quo(n, d)
	return n.Uint64()
}

func log10Pow2(e int) int { return (e * 78913) >> 18 }
func log10Pow5(e int) int { return (e * 732923) >> 20 }

func pow5Factor(v uint64) int {
	n := 0
	for v != 0 && v%5 == 0 {
		v /= 5
		n++
	}
	return n
}

func multipleOfPowerOf5(v uint64, p int) bool { return pow5Factor(v) >= p }
func multipleOfPowerOf2(v uint64, p int) bool {
	if p >= 64 {
		return v == 0
	}
	return v&((uint64(1)<<uint(p))-1) == 0
}

// ryu returns the decimal digits (as an integer) and exponent Ryu chooses
// for a finite, non-zero float of the given width.
func ryu(f float64, width int) (uint64, int) {
	var mantBits, bias int
	var ieeeMant uint64
	var ieeeExp int
	if width == 32 {
		b := math.Float32bits(float32(f))
		mantBits, bias = 23, 127
		ieeeMant = uint64(b & (1<<23 - 1))
		ieeeExp = int(b>>23) & 0xff
	} else {
		b := math.Float64bits(f)
		mantBits, bias = 52, 1023
		ieeeMant = b & (1<<52 - 1)
		ieeeExp = int(b>>52) & 0x7ff
	}
	if width == 64 {
		// Small integers are printed exactly (d2d_small_int).
		e2 := ieeeExp - bias - mantBits
		if e2 <= 0 && e2 >= -52 {
			m2 := uint64(1)<<52 | ieeeMant
			if m2&(uint64(1)<<uint(-e2)-1) == 0 {
				m := m2 >> uint(-e2)
				exp := 0
				for m%10 == 0 {
					m /= 10
					exp++
				}
				return m, exp
			}
		}
	}
	var e2 int
	var m2 uint64
	if ieeeExp == 0 {
		e2 = 1 - bias - mantBits - 2
		m2 = ieeeMant
	} else {
		e2 = ieeeExp - bias - mantBits - 2
		m2 = uint64(1)<<uint(mantBits) | ieeeMant
	}
	// PostgreSQL builds Ryu without STRICTLY_SHORTEST, so a decimal on the
	// boundary of the rounding interval is never accepted, even when the
	// mantissa is even and round-half-even reading would give f back.
	acceptBounds := false
	mv := 4 * m2
	var mmShift uint64
	if ieeeMant != 0 || ieeeExp <= 1 {
		mmShift = 1
	}
	mp := 4*m2 + 2
	mm := 4*m2 - 1 - mmShift

	var vr, vp, vm uint64
	var e10 int
	vmTrailing, vrTrailing := false, false
	var lastRemoved uint64
	if width == 32 {
		if e2 >= 0 {
			q := log10Pow2(e2)
			e10 = q
			vr, vp, vm = scaled(mv, e2, q), scaled(mp, e2, q), scaled(mm, e2, q)
			if q != 0 && (vp-1)/10 <= vm/10 {
				lastRemoved = scaled(mv, e2, q-1) % 10
			}
			if q <= 9 {
				if mv%5 == 0 {
					vrTrailing = multipleOfPowerOf5(mv, q)
				} else if acceptBounds {
					vmTrailing = multipleOfPowerOf5(mm, q)
				} else if multipleOfPowerOf5(mp, q) {
					vp--
				}
			}
		} else {
			q := log10Pow5(-e2)
			e10 = q + e2
			vr, vp, vm = scaled(mv, e2, e10), scaled(mp, e2, e10), scaled(mm, e2, e10)
			if q != 0 && (vp-1)/10 <= vm/10 {
				lastRemoved = scaled(mv, e2, e10-1) % 10
			}
			if q <= 1 {
				vrTrailing = true
				if acceptBounds {
					vmTrailing = mmShift == 1
				} else {
					vp--
				}
			} else if q < 31 {
				vrTrailing = multipleOfPowerOf2(mv, q-1)
			}
		}
	} else {
		if e2 >= 0 {
			q := log10Pow2(e2)
			if e2 > 3 {
				q--
			}
			e10 = q
			vr, vp, vm = scaled(mv, e2, q), scaled(mp, e2, q), scaled(mm, e2, q)
			if q <= 21 {
				if mv%5 == 0 {
					vrTrailing = multipleOfPowerOf5(mv, q)
				} else if acceptBounds {
					vmTrailing = multipleOfPowerOf5(mv-1-mmShift, q)
				} else if multipleOfPowerOf5(mv+2, q) {
					vp--
				}
			}
		} else {
			q := log10Pow5(-e2)
			if -e2 > 1 {
				q--
			}
			e10 = q + e2
			vr, vp, vm = scaled(mv, e2, e10), scaled(mp, e2, e10), scaled(mm, e2, e10)
			if q <= 1 {
				vrTrailing = true
				if acceptBounds {
					vmTrailing = mmShift == 1
				} else {
					vp--
				}
			} else if q < 63 {
				vrTrailing = multipleOfPowerOf2(mv, q)
			}
		}
	}

	removed := 0
	var output uint64
	if vmTrailing || vrTrailing {
		for vp/10 > vm/10 {
			vmTrailing = vmTrailing && vm%10 == 0
			vrTrailing = vrTrailing && lastRemoved == 0
			lastRemoved = vr % 10
			vr /= 10
			vp /= 10
			vm /= 10
			removed++
		}
		if vmTrailing {
			for vm%10 == 0 {
				vrTrailing = vrTrailing && lastRemoved == 0
				lastRemoved = vr % 10
				vr /= 10
				vp /= 10
				vm /= 10
				removed++
			}
		}
		if vrTrailing && lastRemoved == 5 && vr%2 == 0 {
			lastRemoved = 4
		}
		output = vr
		if (vr == vm && (!acceptBounds || !vmTrailing)) || lastRemoved >= 5 {
			output++
		}
	} else {
		roundUp := lastRemoved >= 5
		if width == 64 {
			roundUp = false
			if vp/100 > vm/100 {
				roundUp = vr%100 >= 50
				vr /= 100
				vp /= 100
				vm /= 100
				removed += 2
			}
		}
		for vp/10 > vm/10 {
			roundUp = vr%10 >= 5
			vr /= 10
			vp /= 10
			vm /= 10
			removed++
		}
		output = vr
		if vr == vm || roundUp {
			output++
		}
	}
	_ = bits.Len64
	return output, e10 + removed
}

// shortestE formats f in %e notation with Ryu's digits.
func shortestE(f float64, width int) string {
	if f == 0 {
		if math.Signbit(f) {
			return "-0e+00"
		}
		return "0e+00"
	}
	m, exp := ryu(f, width)
	digits := strconv.FormatUint(m, 10)
	sciExp := exp + len(digits) - 1
	var b []byte
	if math.Signbit(f) {
		b = append(b, '-')
	}
	b = append(b, digits[0])
	if len(digits) > 1 {
		b = append(b, '.')
		b = append(b, digits[1:]...)
	}
	b = append(b, 'e')
	if sciExp < 0 {
		b = append(b, '-')
		sciExp = -sciExp
	} else {
		b = append(b, '+')
	}
	if sciExp < 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, int64(sciExp), 10)
	return string(b)
}
