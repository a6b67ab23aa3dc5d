package protoscript

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"
)

// Special request codes of the startup packet (PostgreSQL's pqcomm.h).
const (
	codeCancel = 80877102
	codeSSL    = 80877103
	codeGSSENC = 80877104
)

// frontendFields names, per frontend message type, the fields its line
// takes, in positional order.
var frontendFields = map[string][]string{
	"Startup":         nil, // version=M.m then any parameters, in order
	"SSLRequest":      nil,
	"GSSENCRequest":   nil,
	"CancelRequest":   {"pid", "key"},
	"Query":           {"sql"},
	"Parse":           {"name", "query", "params"},
	"Bind":            {"portal", "stmt", "formats", "params", "results"},
	"Describe":        {"statement", "portal"},
	"Close":           {"statement", "portal"},
	"Execute":         {"portal", "max"},
	"Sync":            nil,
	"Flush":           nil,
	"Terminate":       nil,
	"CopyData":        {"data"},
	"CopyDone":        nil,
	"CopyFail":        {"message"},
	"PasswordMessage": {"password"},
	"raw":             nil, // hex bytes and quoted strings, concatenated
}

// named maps a line's arguments to field names, checking them against the
// message's fields. Positional arguments take the fields in order.
func named(typ string, fields []string, args []arg) (map[string]value, error) {
	m := map[string]value{}
	pos := 0
	for _, a := range args {
		key := a.key
		if key == "" {
			if pos >= len(fields) {
				return nil, fmt.Errorf("%s takes at most %d positional arguments", typ, len(fields))
			}
			key = fields[pos]
			pos++
		} else {
			ok := false
			for _, f := range fields {
				ok = ok || f == key
			}
			if !ok {
				return nil, fmt.Errorf("%s has no field %q (fields: %s)", typ, key, strings.Join(fields, ", "))
			}
		}
		if _, dup := m[key]; dup {
			return nil, fmt.Errorf("%s: field %q given twice", typ, key)
		}
		m[key] = a.val
	}
	return m, nil
}

func asString(v value, what string) (string, error) {
	if v.kind != vString {
		return "", fmt.Errorf("%s: want a string, got %s", what, v)
	}
	return v.s, nil
}

func asUint(v value, what string, bits int) (uint64, error) {
	s, err := asString(v, what)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseUint(s, 0, bits)
	if err != nil {
		return 0, fmt.Errorf("%s: %v", what, err)
	}
	return n, nil
}

func asInt16s(v value, what string) ([]int16, error) {
	if v.kind != vList {
		return nil, fmt.Errorf("%s: want a list, got %s", what, v)
	}
	out := make([]int16, len(v.list))
	for i, e := range v.list {
		s, err := asString(e, what)
		if err != nil {
			return nil, err
		}
		n, err := strconv.ParseInt(s, 10, 16)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", what, err)
		}
		out[i] = int16(n)
	}
	return out, nil
}

// parseVersion reads a protocol version: "3.0", "3.2", "2.0", "1234.5679",
// or a plain number.
func parseVersion(s string) (uint32, error) {
	if maj, min, ok := strings.Cut(s, "."); ok {
		a, err1 := strconv.ParseUint(maj, 10, 16)
		b, err2 := strconv.ParseUint(min, 10, 16)
		if err1 != nil || err2 != nil {
			return 0, fmt.Errorf("bad protocol version %q", s)
		}
		return uint32(a)<<16 | uint32(b), nil
	}
	n, err := strconv.ParseUint(s, 0, 32)
	if err != nil {
		return 0, fmt.Errorf("bad protocol version %q", s)
	}
	return uint32(n), nil
}

func formatVersion(v uint32) string { return fmt.Sprintf("%d.%d", v>>16, v&0xffff) }

// encodeFrontend builds the bytes of a frontend message line whose
// variables are already resolved.
func encodeFrontend(typ string, args []arg) ([]byte, error) {
	if typ == "raw" {
		return rawBytes(args)
	}
	if typ == "Startup" {
		return encodeStartup(args)
	}
	fields, ok := frontendFields[typ]
	if !ok {
		return nil, fmt.Errorf("unknown frontend message %q", typ)
	}
	m, err := named(typ, fields, args)
	if err != nil {
		return nil, err
	}
	sget := func(k string) (string, error) {
		v, ok := m[k]
		if !ok {
			return "", nil
		}
		return asString(v, typ+" "+k)
	}
	var msg pgproto3.FrontendMessage
	switch typ {
	case "SSLRequest":
		return binary.BigEndian.AppendUint32([]byte{0, 0, 0, 8}, codeSSL), nil
	case "GSSENCRequest":
		return binary.BigEndian.AppendUint32([]byte{0, 0, 0, 8}, codeGSSENC), nil
	case "CancelRequest":
		pv, ok := m["pid"]
		if !ok {
			return nil, fmt.Errorf("CancelRequest needs pid=")
		}
		pid, err := asUint(pv, "CancelRequest pid", 32)
		if err != nil {
			return nil, err
		}
		k, err := sget("key")
		if err != nil {
			return nil, err
		}
		key, err := hex.DecodeString(k)
		if err != nil {
			return nil, fmt.Errorf("CancelRequest key: want hex: %v", err)
		}
		msg = &pgproto3.CancelRequest{ProcessID: uint32(pid), SecretKey: key}
	case "Query":
		sql, err := sget("sql")
		if err != nil {
			return nil, err
		}
		msg = &pgproto3.Query{String: sql}
	case "Parse":
		name, err := sget("name")
		if err != nil {
			return nil, err
		}
		q, err := sget("query")
		if err != nil {
			return nil, err
		}
		p := &pgproto3.Parse{Name: name, Query: q}
		if v, ok := m["params"]; ok {
			if v.kind != vList {
				return nil, fmt.Errorf("Parse params: want a list of type OIDs")
			}
			for _, e := range v.list {
				n, err := asUint(e, "Parse params", 32)
				if err != nil {
					return nil, err
				}
				p.ParameterOIDs = append(p.ParameterOIDs, uint32(n))
			}
		}
		msg = p
	case "Bind":
		portal, err := sget("portal")
		if err != nil {
			return nil, err
		}
		stmt, err := sget("stmt")
		if err != nil {
			return nil, err
		}
		b := &pgproto3.Bind{DestinationPortal: portal, PreparedStatement: stmt}
		if v, ok := m["formats"]; ok {
			if b.ParameterFormatCodes, err = asInt16s(v, "Bind formats"); err != nil {
				return nil, err
			}
		}
		if v, ok := m["results"]; ok {
			if b.ResultFormatCodes, err = asInt16s(v, "Bind results"); err != nil {
				return nil, err
			}
		}
		if v, ok := m["params"]; ok {
			if v.kind != vList {
				return nil, fmt.Errorf("Bind params: want a list")
			}
			for _, e := range v.list {
				switch e.kind {
				case vNull:
					b.Parameters = append(b.Parameters, nil)
				case vString:
					b.Parameters = append(b.Parameters, []byte(e.s))
				default:
					return nil, fmt.Errorf("Bind params: want strings or null, got %s", e)
				}
			}
		}
		msg = b
	case "Describe", "Close":
		var objType byte
		var name string
		for k, t := range map[string]byte{"statement": 'S', "portal": 'P'} {
			if _, ok := m[k]; ok {
				if objType != 0 {
					return nil, fmt.Errorf("%s takes statement= or portal=, not both", typ)
				}
				objType = t
				if name, err = sget(k); err != nil {
					return nil, err
				}
			}
		}
		if objType == 0 {
			return nil, fmt.Errorf("%s needs statement= or portal=", typ)
		}
		if typ == "Describe" {
			msg = &pgproto3.Describe{ObjectType: objType, Name: name}
		} else {
			msg = &pgproto3.Close{ObjectType: objType, Name: name}
		}
	case "Execute":
		portal, err := sget("portal")
		if err != nil {
			return nil, err
		}
		e := &pgproto3.Execute{Portal: portal}
		if v, ok := m["max"]; ok {
			n, err := asUint(v, "Execute max", 32)
			if err != nil {
				return nil, err
			}
			e.MaxRows = uint32(n)
		}
		msg = e
	case "Sync":
		msg = &pgproto3.Sync{}
	case "Flush":
		msg = &pgproto3.Flush{}
	case "Terminate":
		msg = &pgproto3.Terminate{}
	case "CopyData":
		d, err := sget("data")
		if err != nil {
			return nil, err
		}
		msg = &pgproto3.CopyData{Data: []byte(d)}
	case "CopyDone":
		msg = &pgproto3.CopyDone{}
	case "CopyFail":
		s, err := sget("message")
		if err != nil {
			return nil, err
		}
		msg = &pgproto3.CopyFail{Message: s}
	case "PasswordMessage":
		s, err := sget("password")
		if err != nil {
			return nil, err
		}
		msg = &pgproto3.PasswordMessage{Password: s}
	}
	return msg.Encode(nil)
}

// rawBytes concatenates hex byte words ("00", "04d2162f") and quoted
// strings.
func rawBytes(args []arg) ([]byte, error) {
	var b []byte
	for _, a := range args {
		if a.key != "" || a.val.kind != vString {
			return nil, fmt.Errorf("raw takes hex bytes and quoted strings, got %s", a.val)
		}
		if a.val.quoted {
			b = append(b, a.val.s...)
			continue
		}
		h, err := hex.DecodeString(a.val.s)
		if err != nil {
			return nil, fmt.Errorf("raw: bad hex %q", a.val.s)
		}
		b = append(b, h...)
	}
	return b, nil
}

// encodeStartup builds a startup packet with the parameters in the order
// given, which pgproto3.StartupMessage (a map) cannot keep. version=
// defaults to 3.0.
func encodeStartup(args []arg) ([]byte, error) {
	version := uint32(pgproto3.ProtocolVersion30)
	body := []byte{0, 0, 0, 0, 0, 0, 0, 0}
	for i, a := range args {
		if a.key == "" {
			return nil, fmt.Errorf("Startup takes name=value parameters")
		}
		s, err := asString(a.val, "Startup "+a.key)
		if err != nil {
			return nil, err
		}
		if a.key == "version" && i == 0 {
			if version, err = parseVersion(s); err != nil {
				return nil, err
			}
			continue
		}
		body = append(body, a.key...)
		body = append(body, 0)
		body = append(body, s...)
		body = append(body, 0)
	}
	body = append(body, 0)
	binary.BigEndian.PutUint32(body, uint32(len(body)))
	binary.BigEndian.PutUint32(body[4:], version)
	return body, nil
}

// backendFields names, per backend message type, the fields of its view in
// positional order. Fields after the first npos are usually written as
// name=value.
var backendFields = map[string][]string{
	"AuthenticationOk":                {},
	"AuthenticationCleartextPassword": {},
	"AuthenticationMD5Password":       {"salt"},
	"AuthenticationGSS":               {},
	"AuthenticationGSSContinue":       {"data"},
	"AuthenticationSASL":              {"mechanisms"},
	"AuthenticationSASLContinue":      {"data"},
	"AuthenticationSASLFinal":         {"data"},
	"Authentication":                  {"code", "data"}, // any other authentication request
	"ParameterStatus":                 {"name", "value"},
	"BackendKeyData":                  {"pid", "key"},
	"ReadyForQuery":                   {"status"},
	"RowDescription":                  {"fields"},
	"DataRow":                         {"values"},
	"CommandComplete":                 {"tag"},
	"EmptyQueryResponse":              {},
	"ParseComplete":                   {},
	"BindComplete":                    {},
	"CloseComplete":                   {},
	"NoData":                          {},
	"PortalSuspended":                 {},
	"ParameterDescription":            {"types"},
	"NegotiateProtocolVersion":        {"version", "options"},
	"NotificationResponse":            {"pid", "channel", "payload"},
	"CopyInResponse":                  {"format", "columns"},
	"CopyOutResponse":                 {"format", "columns"},
	"CopyBothResponse":                {"format", "columns"},
	"CopyData":                        {"data"},
	"CopyDone":                        {},
	"FunctionCallResponse":            {"result"},
	"ErrorResponse":                   noticeFieldNames,
	"NoticeResponse":                  noticeFieldNames,
	"Unknown":                         {"type", "body"},
}

// noticeFields names the fields of ErrorResponse and NoticeResponse
// (PostgreSQL's protocol-error-fields), in the order views render them.
var noticeFields = []struct {
	code byte
	name string
}{
	{'S', "severity"}, {'C', "code"}, {'M', "message"}, {'D', "detail"}, {'H', "hint"},
	{'P', "position"}, {'p', "internal_position"}, {'q', "internal_query"}, {'W', "where"},
	{'s', "schema"}, {'t', "table"}, {'c', "column"}, {'d', "datatype"}, {'n', "constraint"},
	{'V', "vseverity"}, {'F', "file"}, {'L', "line"}, {'R', "routine"},
}

var noticeFieldNames = func() []string {
	var out []string
	for _, f := range noticeFields {
		out = append(out, f.name)
	}
	return out
}()

// positional is how many leading fields a view renders positionally.
var positional = map[string]int{
	"ParameterStatus": 2, "ReadyForQuery": 1, "RowDescription": 1, "DataRow": 1,
	"CommandComplete": 1, "ParameterDescription": 1, "CopyData": 1, "AuthenticationSASL": 1,
}

// view is a decoded backend message: its type and named field values.
type view struct {
	typ    string
	fields []field
}

func (v view) String() string {
	var b strings.Builder
	b.WriteString(v.typ)
	npos := positional[v.typ]
	for i, f := range v.fields {
		b.WriteByte(' ')
		if i >= npos {
			b.WriteString(f.key + "=")
		}
		b.WriteString(f.val.String())
	}
	return b.String()
}

func (v view) get(key string) (value, bool) {
	for _, f := range v.fields {
		if f.key == key {
			return f.val, true
		}
	}
	return value{}, false
}

func u(n uint64) value  { return str(strconv.FormatUint(n, 10)) }
func i64(n int64) value { return str(strconv.FormatInt(n, 10)) }

func bytesValue(b []byte) value {
	if b == nil {
		return null
	}
	return str(string(b))
}

// decodeBackend decodes one backend message (type byte and body) into a
// view, with pgproto3's decoders.
func decodeBackend(typ byte, body []byte) (view, error) {
	fs := func(f ...field) []field { return f }
	switch typ {
	case 'R':
		if len(body) < 4 {
			return view{}, fmt.Errorf("authentication message too short")
		}
		code := binary.BigEndian.Uint32(body)
		switch code {
		case 0:
			return view{typ: "AuthenticationOk"}, nil
		case 3:
			return view{typ: "AuthenticationCleartextPassword"}, nil
		case 5:
			var m pgproto3.AuthenticationMD5Password
			if err := m.Decode(body); err != nil {
				return view{}, err
			}
			return view{"AuthenticationMD5Password", fs(field{"salt", str(hex.EncodeToString(m.Salt[:]))})}, nil
		case 7:
			return view{typ: "AuthenticationGSS"}, nil
		case 8:
			return view{"AuthenticationGSSContinue", fs(field{"data", str(string(body[4:]))})}, nil
		case 10:
			var m pgproto3.AuthenticationSASL
			if err := m.Decode(body); err != nil {
				return view{}, err
			}
			var ms []value
			for _, s := range m.AuthMechanisms {
				ms = append(ms, str(s))
			}
			return view{"AuthenticationSASL", fs(field{"mechanisms", list(ms...)})}, nil
		case 11:
			return view{"AuthenticationSASLContinue", fs(field{"data", str(string(body[4:]))})}, nil
		case 12:
			return view{"AuthenticationSASLFinal", fs(field{"data", str(string(body[4:]))})}, nil
		}
		return view{"Authentication", fs(field{"code", u(uint64(code))}, field{"data", str(string(body[4:]))})}, nil
	case 'S':
		var m pgproto3.ParameterStatus
		if err := m.Decode(body); err != nil {
			return view{}, err
		}
		return view{"ParameterStatus", fs(field{"name", str(m.Name)}, field{"value", str(m.Value)})}, nil
	case 'K':
		var m pgproto3.BackendKeyData
		if err := m.Decode(body); err != nil {
			return view{}, err
		}
		return view{"BackendKeyData", fs(field{"pid", u(uint64(m.ProcessID))}, field{"key", str(hex.EncodeToString(m.SecretKey))})}, nil
	case 'Z':
		var m pgproto3.ReadyForQuery
		if err := m.Decode(body); err != nil {
			return view{}, err
		}
		return view{"ReadyForQuery", fs(field{"status", str(string(m.TxStatus))})}, nil
	case 'T':
		var m pgproto3.RowDescription
		if err := m.Decode(body); err != nil {
			return view{}, err
		}
		var cols []value
		for _, f := range m.Fields {
			cols = append(cols, record(
				field{"name", str(string(f.Name))},
				field{"table", u(uint64(f.TableOID))},
				field{"attnum", u(uint64(f.TableAttributeNumber))},
				field{"type", u(uint64(f.DataTypeOID))},
				field{"size", i64(int64(f.DataTypeSize))},
				field{"mod", i64(int64(f.TypeModifier))},
				field{"format", i64(int64(f.Format))},
			))
		}
		return view{"RowDescription", fs(field{"fields", list(cols...)})}, nil
	case 'D':
		var m pgproto3.DataRow
		if err := m.Decode(body); err != nil {
			return view{}, err
		}
		var vals []value
		for _, v := range m.Values {
			vals = append(vals, bytesValue(v))
		}
		return view{"DataRow", fs(field{"values", list(vals...)})}, nil
	case 'C':
		var m pgproto3.CommandComplete
		if err := m.Decode(body); err != nil {
			return view{}, err
		}
		return view{"CommandComplete", fs(field{"tag", str(string(m.CommandTag))})}, nil
	case 'I':
		return emptyView("EmptyQueryResponse", body)
	case '1':
		return emptyView("ParseComplete", body)
	case '2':
		return emptyView("BindComplete", body)
	case '3':
		return emptyView("CloseComplete", body)
	case 'n':
		return emptyView("NoData", body)
	case 's':
		return emptyView("PortalSuspended", body)
	case 'c':
		return emptyView("CopyDone", body)
	case 't':
		var m pgproto3.ParameterDescription
		if err := m.Decode(body); err != nil {
			return view{}, err
		}
		var ts []value
		for _, o := range m.ParameterOIDs {
			ts = append(ts, u(uint64(o)))
		}
		return view{"ParameterDescription", fs(field{"types", list(ts...)})}, nil
	case 'v':
		var m pgproto3.NegotiateProtocolVersion
		if err := m.Decode(body); err != nil {
			return view{}, err
		}
		var os []value
		for _, o := range m.UnrecognizedOptions {
			os = append(os, str(o))
		}
		return view{"NegotiateProtocolVersion", fs(field{"version", str(formatVersion(m.NewestMinorProtocol))}, field{"options", list(os...)})}, nil
	case 'A':
		var m pgproto3.NotificationResponse
		if err := m.Decode(body); err != nil {
			return view{}, err
		}
		return view{"NotificationResponse", fs(field{"pid", u(uint64(m.PID))}, field{"channel", str(m.Channel)}, field{"payload", str(m.Payload)})}, nil
	case 'G', 'H', 'W':
		var format int8
		var cols []uint16
		name := map[byte]string{'G': "CopyInResponse", 'H': "CopyOutResponse", 'W': "CopyBothResponse"}[typ]
		switch typ {
		case 'G':
			var m pgproto3.CopyInResponse
			if err := m.Decode(body); err != nil {
				return view{}, err
			}
			format, cols = int8(m.OverallFormat), m.ColumnFormatCodes
		case 'H':
			var m pgproto3.CopyOutResponse
			if err := m.Decode(body); err != nil {
				return view{}, err
			}
			format, cols = int8(m.OverallFormat), m.ColumnFormatCodes
		case 'W':
			var m pgproto3.CopyBothResponse
			if err := m.Decode(body); err != nil {
				return view{}, err
			}
			format, cols = int8(m.OverallFormat), m.ColumnFormatCodes
		}
		var cs []value
		for _, c := range cols {
			cs = append(cs, i64(int64(c)))
		}
		return view{name, fs(field{"format", i64(int64(format))}, field{"columns", list(cs...)})}, nil
	case 'd':
		return view{"CopyData", fs(field{"data", str(string(body))})}, nil
	case 'V':
		var m pgproto3.FunctionCallResponse
		if err := m.Decode(body); err != nil {
			return view{}, err
		}
		return view{"FunctionCallResponse", fs(field{"result", bytesValue(m.Result)})}, nil
	case 'E', 'N':
		return decodeNotice(typ, body)
	}
	return view{"Unknown", fs(field{"type", str(string(typ))}, field{"body", str(hex.EncodeToString(body))})}, nil
}

func emptyView(name string, body []byte) (view, error) {
	if len(body) != 0 {
		return view{}, fmt.Errorf("%s with a %d-byte body", name, len(body))
	}
	return view{typ: name}, nil
}

// decodeNotice decodes ErrorResponse and NoticeResponse with pgproto3, and
// keeps exactly the fields present, in noticeFields order.
func decodeNotice(typ byte, body []byte) (view, error) {
	var m pgproto3.ErrorResponse
	if typ == 'N' {
		var n pgproto3.NoticeResponse
		if err := n.Decode(body); err != nil {
			return view{}, err
		}
		m = pgproto3.ErrorResponse(n)
	} else if err := m.Decode(body); err != nil {
		return view{}, err
	}
	present := map[byte]bool{}
	for i := 0; i < len(body) && body[i] != 0; {
		present[body[i]] = true
		j := i + 1
		for j < len(body) && body[j] != 0 {
			j++
		}
		i = j + 1
	}
	vals := map[byte]value{
		'S': str(m.Severity), 'V': str(m.SeverityUnlocalized), 'C': str(m.Code), 'M': str(m.Message),
		'D': str(m.Detail), 'H': str(m.Hint), 'P': i64(int64(m.Position)), 'p': i64(int64(m.InternalPosition)),
		'q': str(m.InternalQuery), 'W': str(m.Where), 's': str(m.SchemaName), 't': str(m.TableName),
		'c': str(m.ColumnName), 'd': str(m.DataTypeName), 'n': str(m.ConstraintName),
		'F': str(m.File), 'L': i64(int64(m.Line)), 'R': str(m.Routine),
	}
	v := view{typ: "ErrorResponse"}
	if typ == 'N' {
		v.typ = "NoticeResponse"
	}
	for _, f := range noticeFields {
		if present[f.code] {
			v.fields = append(v.fields, field{f.name, vals[f.code]})
		}
	}
	for code, s := range m.UnknownFields {
		v.fields = append(v.fields, field{"x" + string(code), str(s)})
	}
	return v, nil
}
