package pgdate_test

import (
	"math/rand"
	"testing"
	"time"

	"github.com/tuskdb/tusk/internal/sql/types/pgdate"
)

type parseType struct {
	sqlName string
	parse   func(s string, ss *pgdate.Session) (string, error)
}

var parseTypes = []parseType{
	{"date", func(s string, ss *pgdate.Session) (string, error) {
		v, err := pgdate.ParseDate(s, ss)
		return string(pgdate.AppendDate(nil, v, ss)), err
	}},
	{"timestamp", func(s string, ss *pgdate.Session) (string, error) {
		v, err := pgdate.ParseTimestamp(s, -1, ss)
		return string(pgdate.AppendTimestamp(nil, v, ss)), err
	}},
	{"timestamptz", func(s string, ss *pgdate.Session) (string, error) {
		v, err := pgdate.ParseTimestampTZ(s, -1, ss)
		return string(pgdate.AppendTimestampTZ(nil, v, ss)), err
	}},
	{"time", func(s string, ss *pgdate.Session) (string, error) {
		v, err := pgdate.ParseTime(s, -1, ss)
		return string(pgdate.AppendTime(nil, v)), err
	}},
	{"timetz", func(s string, ss *pgdate.Session) (string, error) {
		v, err := pgdate.ParseTimeTZ(s, -1, ss)
		return string(pgdate.AppendTimeTZ(nil, v)), err
	}},
}

var orderNames = map[pgdate.DateOrder]string{pgdate.OrderMDY: "MDY", pgdate.OrderDMY: "DMY", pgdate.OrderYMD: "YMD"}

// TestParseDifferential parses generated input as every date/time type
// under each DateStyle field order and a few time zones, in tusk and in
// PostgreSQL, and compares the ISO output or the error.
func TestParseDifferential(t *testing.T) {
	o := newOracle(t)
	r := rand.New(rand.NewSource(1))
	inputs := genDateTimeInputs(r, 1500)
	zones := []string{"UTC", "America/New_York", "Asia/Kolkata", "Europe/Moscow"}
	for _, order := range []pgdate.DateOrder{pgdate.OrderMDY, pgdate.OrderDMY, pgdate.OrderYMD} {
		for zi, zone := range zones {
			o.exec("SET DateStyle = 'ISO, " + orderNames[order] + "'")
			o.exec("SET TimeZone = '" + zone + "'")
			loc, err := pgdate.LoadLocation(zone)
			if err != nil {
				t.Fatal(err)
			}
			for _, pt := range parseTypes {
				if zi > 0 && (pt.sqlName == "date" || pt.sqlName == "timestamp" || pt.sqlName == "time") && order != pgdate.OrderMDY {
					continue
				}
				exprs := make([]string, len(inputs))
				for i, in := range inputs {
					exprs[i] = lit(in) + "::" + pt.sqlName
				}
				want, now := o.evalNow(exprs)
				ss := &pgdate.Session{DateOrder: order, Location: loc, Now: func() time.Time { return now }}
				ty := &tally{t: t, name: "parse " + pt.sqlName + " " + orderNames[order] + " " + zone}
				for i, in := range inputs {
					got := goResult(pt.parse(in, ss))
					ty.check(lit(in), want[i], got)
				}
				ty.report()
			}
		}
	}
}
