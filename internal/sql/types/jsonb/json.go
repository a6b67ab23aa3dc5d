package jsonb

import (
	"math"

	"github.com/cockroachdb/apd/v3"
	"github.com/tuskdb/tusk/internal/pgerror"
)

// The json type: text kept verbatim once validated, with operators that
// parse it on use and return slices of the original text, as PostgreSQL's
// json functions do (utils/adt/jsonfuncs.c, json.c). Objects may hold
// duplicate keys; lookups take the last occurrence, and json_each and
// json_object_keys return every pair in input order.

// node is a parsed json value: its span in the text and its children.
type node struct {
	kind       Kind
	start, end int
	str        string // de-escaped string value
	keys       []string
	kids       []*node
}

type spanBuilder struct {
	l     *lexer
	stack []*node
	root  *node
}

func (b *spanBuilder) add(n *node) {
	if len(b.stack) == 0 {
		b.root = n
		return
	}
	top := b.stack[len(b.stack)-1]
	top.kids = append(top.kids, n)
}

func (b *spanBuilder) open(k Kind) {
	n := &node{kind: k, start: b.l.tokStart}
	b.add(n)
	b.stack = append(b.stack, n)
}

func (b *spanBuilder) close() {
	n := b.stack[len(b.stack)-1]
	n.end = b.l.prevTokEnd
	b.stack = b.stack[:len(b.stack)-1]
}

func (b *spanBuilder) objectStart() { b.open(Object) }
func (b *spanBuilder) arrayStart()  { b.open(Array) }
func (b *spanBuilder) objectEnd()   { b.close() }
func (b *spanBuilder) arrayEnd()    { b.close() }
func (b *spanBuilder) fieldStart(key string, start int) {
	top := b.stack[len(b.stack)-1]
	top.keys = append(top.keys, key)
}
func (b *spanBuilder) fieldEnd(string, int) {}
func (b *spanBuilder) elementStart(int)     {}
func (b *spanBuilder) elementEnd(int)       {}
func (b *spanBuilder) scalar(t tokType, text string, str string) jsonErr {
	n := &node{start: b.l.tokStart, end: b.l.tokEnd}
	switch t {
	case tokString:
		n.kind = String
		n.str = str
	case tokNumber:
		n.kind = Number
	case tokTrue, tokFalse:
		n.kind = Bool
	default:
		n.kind = Null
	}
	b.add(n)
	return errNone
}

// JSON is a value of the json type: its text, valid JSON.
type JSON string

// parseJSON parses json text for an operator, de-escaping strings as
// PostgreSQL does (so \u0000 fails here even though json_in accepted it).
func parseJSON(doc JSON) (*node, error) {
	l := newLexer(string(doc), true)
	b := &spanBuilder{l: l}
	p := parser{l: l, h: b}
	if e := p.parse(); e != errNone {
		return nil, l.errorFor(e)
	}
	return b.root, nil
}

func (doc JSON) text(n *node) JSON { return doc[n.start:n.end] }

// asText is a node as ->> returns it; ok is false for null.
func (doc JSON) asText(n *node) (string, bool) {
	switch n.kind {
	case Null:
		return "", false
	case String:
		return n.str, true
	}
	return string(doc.text(n)), true
}

func (n *node) field(key string) *node {
	if n.kind != Object {
		return nil
	}
	var r *node
	for i, k := range n.keys {
		if k == key {
			r = n.kids[i]
		}
	}
	return r
}

func (n *node) index(i int64) *node {
	if n.kind != Array {
		return nil
	}
	cnt := int64(len(n.kids))
	if i < 0 {
		if -i > cnt {
			return nil
		}
		i += cnt
	}
	if i >= cnt {
		return nil
	}
	return n.kids[i]
}

// Field is json -> text; ok is false for NULL.
func (doc JSON) Field(key string) (JSON, bool, error) {
	n, err := parseJSON(doc)
	if err != nil {
		return "", false, err
	}
	if f := n.field(key); f != nil {
		return doc.text(f), true, nil
	}
	return "", false, nil
}

// FieldText is json ->> text.
func (doc JSON) FieldText(key string) (string, bool, error) {
	n, err := parseJSON(doc)
	if err != nil {
		return "", false, err
	}
	if f := n.field(key); f != nil {
		s, ok := doc.asText(f)
		return s, ok, nil
	}
	return "", false, nil
}

// Index is json -> integer (negative counts from the end).
func (doc JSON) Index(i int32) (JSON, bool, error) {
	n, err := parseJSON(doc)
	if err != nil {
		return "", false, err
	}
	if e := n.index(int64(i)); e != nil {
		return doc.text(e), true, nil
	}
	return "", false, nil
}

// IndexText is json ->> integer.
func (doc JSON) IndexText(i int32) (string, bool, error) {
	n, err := parseJSON(doc)
	if err != nil {
		return "", false, err
	}
	if e := n.index(int64(i)); e != nil {
		s, ok := doc.asText(e)
		return s, ok, nil
	}
	return "", false, nil
}

func (doc JSON) path(path []*string) (*node, bool, error) {
	for _, p := range path {
		if p == nil {
			return nil, false, nil
		}
	}
	n, err := parseJSON(doc)
	if err != nil {
		return nil, false, err
	}
	cur := n
	for _, p := range path {
		switch cur.kind {
		case Object:
			cur = cur.field(*p)
		case Array:
			idx, ok := pathIndex(*p)
			if !ok || *p == "" {
				return nil, false, nil
			}
			cur = cur.index(idx)
		default:
			return nil, false, nil
		}
		if cur == nil {
			return nil, false, nil
		}
	}
	return cur, true, nil
}

// Path is json #> text[] (json_extract_path).
func (doc JSON) Path(path []*string) (JSON, bool, error) {
	n, ok, err := doc.path(path)
	if !ok || err != nil {
		return "", false, err
	}
	return doc.text(n), true, nil
}

// PathText is json #>> text[] (json_extract_path_text).
func (doc JSON) PathText(path []*string) (string, bool, error) {
	n, ok, err := doc.path(path)
	if !ok || err != nil {
		return "", false, err
	}
	if len(path) == 0 && n.kind != String && n.kind != Null {
		return string(doc), true, nil
	}
	s, ok := doc.asText(n)
	return s, ok, nil
}

// Typeof is json_typeof.
func (doc JSON) Typeof() (string, error) {
	n, err := parseJSON(doc)
	if err != nil {
		return "", err
	}
	return n.kind.String(), nil
}

// ArrayLength is json_array_length.
func (doc JSON) ArrayLength() (int, error) {
	n, err := parseJSON(doc)
	if err != nil {
		return 0, err
	}
	switch n.kind {
	case Array:
		return len(n.kids), nil
	case Object:
		return 0, pgerror.New(pgerror.InvalidParameterValue, "cannot get array length of a non-array")
	}
	return 0, pgerror.New(pgerror.InvalidParameterValue, "cannot get array length of a scalar")
}

// ObjectKeys is json_object_keys: every key, duplicates included, in
// input order.
func (doc JSON) ObjectKeys() ([]string, error) {
	n, err := parseJSON(doc)
	if err != nil {
		return nil, err
	}
	switch n.kind {
	case Object:
		return n.keys, nil
	case Array:
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot call %s on an array", "json_object_keys")
	}
	return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot call %s on a scalar", "json_object_keys")
}

// JSONPair is one row of json_each.
type JSONPair struct {
	Key   string
	Value JSON
}

func (doc JSON) eachNode() (*node, error) {
	n, err := parseJSON(doc)
	if err != nil {
		return nil, err
	}
	switch n.kind {
	case Object:
		return n, nil
	case Array:
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot deconstruct an array as an object")
	}
	return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot deconstruct a scalar")
}

// Each is json_each: every pair in input order.
func (doc JSON) Each() ([]JSONPair, error) {
	n, err := doc.eachNode()
	if err != nil {
		return nil, err
	}
	out := make([]JSONPair, len(n.kids))
	for i, k := range n.kids {
		out[i] = JSONPair{Key: n.keys[i], Value: doc.text(k)}
	}
	return out, nil
}

// EachText is json_each_text.
func (doc JSON) EachText() ([]TextPair, error) {
	n, err := doc.eachNode()
	if err != nil {
		return nil, err
	}
	out := make([]TextPair, len(n.kids))
	for i, k := range n.kids {
		s, ok := doc.asText(k)
		out[i] = TextPair{Key: n.keys[i], Value: s, Null: !ok}
	}
	return out, nil
}

func (doc JSON) elementsNode(fn string) (*node, error) {
	n, err := parseJSON(doc)
	if err != nil {
		return nil, err
	}
	switch n.kind {
	case Array:
		return n, nil
	case Object:
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot call %s on a non-array", fn)
	}
	return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot call %s on a scalar", fn)
}

// ArrayElements is json_array_elements.
func (doc JSON) ArrayElements() ([]JSON, error) {
	n, err := doc.elementsNode("json_array_elements")
	if err != nil {
		return nil, err
	}
	out := make([]JSON, len(n.kids))
	for i, k := range n.kids {
		out[i] = doc.text(k)
	}
	return out, nil
}

// ArrayElementsText is json_array_elements_text.
func (doc JSON) ArrayElementsText() ([]TextElem, error) {
	n, err := doc.elementsNode("json_array_elements_text")
	if err != nil {
		return nil, err
	}
	out := make([]TextElem, len(n.kids))
	for i, k := range n.kids {
		s, ok := doc.asText(k)
		out[i] = TextElem{Value: s, Null: !ok}
	}
	return out, nil
}

// StripNulls is json_strip_nulls: the value re-emitted without object
// fields whose value is null, as PostgreSQL re-emits it (no whitespace
// between tokens, scalars verbatim).
func (doc JSON) StripNulls() (JSON, error) {
	n, err := parseJSON(doc)
	if err != nil {
		return "", err
	}
	return JSON(doc.appendStripped(nil, n)), nil
}

func (doc JSON) appendStripped(b []byte, n *node) []byte {
	switch n.kind {
	case Object:
		b = append(b, '{')
		first := true
		for i, k := range n.kids {
			if k.kind == Null {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = AppendQuoted(b, n.keys[i])
			b = append(b, ':')
			b = doc.appendStripped(b, k)
		}
		return append(b, '}')
	case Array:
		b = append(b, '[')
		for i, k := range n.kids {
			if i > 0 {
				b = append(b, ',')
			}
			b = doc.appendStripped(b, k)
		}
		return append(b, ']')
	case String:
		return AppendQuoted(b, n.str)
	}
	return append(b, doc.text(n)...)
}

// ToJSONB converts json to jsonb (the json::jsonb cast).
func (doc JSON) ToJSONB() (*Value, error) { return Parse(string(doc)) }

// Builders of json text, for json_build_object, json_build_array and
// to_json. Their inputs are json texts already converted by the caller.

// AppendBuildObject appends json_build_object's output: {"k" : v, ...}.
func AppendBuildObject(b []byte, keys []string, vals []JSON) []byte {
	b = append(b, '{')
	for i := range keys {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = AppendQuoted(b, keys[i])
		b = append(b, " : "...)
		b = append(b, vals[i]...)
	}
	return append(b, '}')
}

// AppendBuildArray appends json_build_array's output: [v, ...].
func AppendBuildArray(b []byte, vals []JSON) []byte {
	b = append(b, '[')
	for i, v := range vals {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, v...)
	}
	return append(b, ']')
}

// JSONString is to_json(text).
func JSONString(s string) JSON { return JSON(AppendQuoted(nil, s)) }

// JSONBool is to_json(boolean).
func JSONBool(v bool) JSON {
	if v {
		return "true"
	}
	return "false"
}

// JSONNull is the json null.
const JSONNull JSON = "null"

// JSONNumber is to_json for a number's text form (numeric_out, int8out,
// float8out ...): the text itself when it is a valid JSON number, else a
// string ("NaN", "Infinity").
func JSONNumber(text string) JSON {
	if IsValidNumber(text) {
		return JSON(text)
	}
	return JSONString(text)
}

// JSONNumeric is to_json(numeric).
func JSONNumeric(d *apd.Decimal) JSON { return JSONNumber(numericText(d)) }

// JSONFloat64 is to_json(float8).
func JSONFloat64(f float64) JSON {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return JSONString(FormatFloat8(f))
	}
	return JSON(FormatFloat8(f))
}

// IsValidNumber reports whether s is exactly one JSON number
// (PostgreSQL's IsValidJsonNumber).
func IsValidNumber(s string) bool {
	if s == "" {
		return false
	}
	l := newLexer(s, false)
	start := 0
	if s[0] == '-' {
		start = 1
	}
	if e := l.lexNumber(start); e != errNone {
		return false
	}
	return l.tokEnd == len(s)
}
