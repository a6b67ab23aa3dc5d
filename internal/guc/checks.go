package guc

import (
	"strings"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// checkDateStyle canonicalizes DateStyle as PostgreSQL's check_datestyle
// does: an output style (ISO, SQL, Postgres, German) and a field order (DMY,
// MDY, YMD); a part the new value does not name keeps its current value, and
// German implies DMY unless an order is given.
func checkDateStyle(value, current string) (string, error) {
	curStyle, curOrder := splitDateStyle(current)
	style, order := curStyle, curOrder
	haveStyle, haveOrder := false, false
	conflict := false
	for _, tok := range strings.Split(value, ",") {
		t := strings.ToUpper(strings.TrimSpace(tok))
		var newStyle, newOrder string
		switch t {
		case "ISO":
			newStyle = "ISO"
		case "SQL":
			newStyle = "SQL"
		case "POSTGRES":
			newStyle = "Postgres"
		case "GERMAN":
			newStyle = "German"
			if !haveOrder {
				order = "DMY"
			}
		case "YMD":
			newOrder = "YMD"
		case "DMY", "EURO", "EUROPEAN":
			newOrder = "DMY"
		case "MDY", "US", "NONEURO", "NONEUROPEAN":
			newOrder = "MDY"
		case "DEFAULT":
			bs, bo := splitDateStyle("ISO, MDY")
			if !haveStyle {
				style = bs
			}
			if !haveOrder {
				order = bo
			}
			continue
		default:
			return "", pgerror.New(pgerror.InvalidParameterValue, `invalid value for parameter "DateStyle": "%s"`, value).
				WithDetail(`Unrecognized key word: "%s".`, strings.TrimSpace(tok))
		}
		if newStyle != "" {
			if haveStyle && style != newStyle {
				conflict = true
			}
			style, haveStyle = newStyle, true
		}
		if newOrder != "" {
			if haveOrder && order != newOrder {
				conflict = true
			}
			order, haveOrder = newOrder, true
		}
	}
	if conflict {
		return "", pgerror.New(pgerror.InvalidParameterValue, `invalid value for parameter "DateStyle": "%s"`, value).
			WithDetail(`Conflicting "datestyle" specifications.`)
	}
	return style + ", " + order, nil
}

func splitDateStyle(v string) (style, order string) {
	style, order = "ISO", "MDY"
	parts := strings.Split(v, ",")
	if len(parts) > 0 && strings.TrimSpace(parts[0]) != "" {
		style = strings.TrimSpace(parts[0])
	}
	if len(parts) > 1 {
		order = strings.TrimSpace(parts[1])
	}
	return style, order
}

// TimeZoneResolver validates a time zone name and returns its canonical
// spelling. The type system installs the full resolver (IANA names, POSIX
// specifications, numeric offsets); the default accepts what Go's time
// package can load.
var TimeZoneResolver = func(name string) (string, bool) {
	return defaultZone(name)
}

func checkTimeZone(value, _ string) (string, error) {
	if canon, ok := TimeZoneResolver(value); ok {
		return canon, nil
	}
	return "", pgerror.New(pgerror.InvalidParameterValue, `invalid value for parameter "TimeZone": "%s"`, value)
}

// ClientEncodingResolver returns the canonical name of a client encoding
// tusk converts (pg_char_to_encoding's spelling rules), or false. The
// protocol layer, which does the conversion, installs it; without it only
// UTF8 and SQL_ASCII are accepted.
var ClientEncodingResolver func(value string) (canon string, ok bool)

// checkClientEncoding accepts the encodings tusk converts: UTF-8 under its
// PostgreSQL names, SQL_ASCII (no conversion), and the single-byte
// encodings of ClientEncodingResolver. The session applies a changed
// value before its next ReadyForQuery.
func checkClientEncoding(value, _ string) (string, error) {
	if ClientEncodingResolver != nil {
		if canon, ok := ClientEncodingResolver(value); ok {
			return canon, nil
		}
	}
	norm := strings.ToUpper(strings.NewReplacer("-", "", "_", "").Replace(strings.TrimSpace(value)))
	switch norm {
	case "UTF8", "UNICODE":
		return "UTF8", nil
	case "SQLASCII":
		return "SQL_ASCII", nil
	}
	if knownEncodings[norm] {
		return "", pgerror.New(pgerror.FeatureNotSupported, "conversion between %s and UTF8 is not supported", strings.ToUpper(value))
	}
	return "", pgerror.New(pgerror.InvalidParameterValue, `invalid value for parameter "client_encoding": "%s"`, value)
}

var knownEncodings = map[string]bool{
	"LATIN1": true, "LATIN2": true, "LATIN9": true, "WIN1252": true, "WIN1251": true, "EUCJP": true,
	"SJIS": true, "GBK": true, "BIG5": true, "KOI8R": true, "ISO88591": true, "EUCKR": true, "WIN1250": true,
}
