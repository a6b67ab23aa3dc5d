package pgdate

import (
	"encoding/binary"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// Binary wire format (PostgreSQL's *_send and *_recv): the stored value in
// network byte order. Receiving checks ranges as PostgreSQL does.

func errBinaryLen(typ string) error {
	return pgerror.New(pgerror.InvalidBinaryRepresentation, "incorrect binary data format for type %s", typ)
}

// AppendDateBinary appends date_send's format.
func AppendDateBinary(b []byte, d Date) []byte { return binary.BigEndian.AppendUint32(b, uint32(d)) }

// DecodeDateBinary is date_recv.
func DecodeDateBinary(b []byte) (Date, error) {
	if len(b) != 4 {
		return 0, errBinaryLen("date")
	}
	d := Date(int32(binary.BigEndian.Uint32(b)))
	if d.IsFinite() && !validDate(int64(d)) {
		return 0, errDateRange()
	}
	return d, nil
}

// AppendTimeBinary appends time_send's format.
func AppendTimeBinary(b []byte, t Time) []byte { return binary.BigEndian.AppendUint64(b, uint64(t)) }

// DecodeTimeBinary is time_recv.
func DecodeTimeBinary(b []byte) (Time, error) {
	if len(b) != 8 {
		return 0, errBinaryLen("time")
	}
	t := int64(binary.BigEndian.Uint64(b))
	if t < 0 || t > usecsPerDay {
		return 0, pgerror.New(pgerror.DatetimeFieldOverflow, "time out of range")
	}
	return Time(t), nil
}

// AppendTimeTZBinary appends timetz_send's format: time, then the zone in
// seconds west of UTC.
func AppendTimeTZBinary(b []byte, t TimeTZ) []byte {
	b = binary.BigEndian.AppendUint64(b, uint64(t.Time))
	return binary.BigEndian.AppendUint32(b, uint32(t.Zone))
}

// DecodeTimeTZBinary is timetz_recv.
func DecodeTimeTZBinary(b []byte) (TimeTZ, error) {
	if len(b) != 12 {
		return TimeTZ{}, errBinaryLen("time with time zone")
	}
	t := int64(binary.BigEndian.Uint64(b))
	z := int32(binary.BigEndian.Uint32(b[8:]))
	if t < 0 || t > usecsPerDay {
		return TimeTZ{}, pgerror.New(pgerror.DatetimeFieldOverflow, "time out of range")
	}
	if z <= -tzDispLimit || z >= tzDispLimit {
		return TimeTZ{}, pgerror.New(pgerror.InvalidTimeZoneDisplacement, "time zone displacement out of range")
	}
	return TimeTZ{Time: Time(t), Zone: z}, nil
}

// AppendTimestampBinary appends timestamp_send's format (also timestamptz).
func AppendTimestampBinary(b []byte, ts int64) []byte {
	return binary.BigEndian.AppendUint64(b, uint64(ts))
}

// DecodeTimestampBinary is timestamp_recv and timestamptz_recv.
func DecodeTimestampBinary(b []byte) (int64, error) {
	if len(b) != 8 {
		return 0, errBinaryLen("timestamp")
	}
	ts := int64(binary.BigEndian.Uint64(b))
	if Timestamp(ts).IsFinite() && !validTimestamp(ts) {
		return 0, errTimestampRange()
	}
	return ts, nil
}

// AppendIntervalBinary appends interval_send's format: microseconds,
// days, months.
func AppendIntervalBinary(b []byte, iv Interval) []byte {
	b = binary.BigEndian.AppendUint64(b, uint64(iv.Microseconds))
	b = binary.BigEndian.AppendUint32(b, uint32(iv.Days))
	return binary.BigEndian.AppendUint32(b, uint32(iv.Months))
}

// DecodeIntervalBinary is interval_recv.
func DecodeIntervalBinary(b []byte) (Interval, error) {
	if len(b) != 16 {
		return Interval{}, errBinaryLen("interval")
	}
	return Interval{
		Microseconds: int64(binary.BigEndian.Uint64(b)),
		Days:         int32(binary.BigEndian.Uint32(b[8:])),
		Months:       int32(binary.BigEndian.Uint32(b[12:])),
	}, nil
}
