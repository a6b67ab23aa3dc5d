package jsonb

import (
	"math"

	"github.com/tuskdb/tusk/internal/pgerror"
)

// jsonb operators and functions (PostgreSQL's utils/adt/jsonfuncs.c and
// jsonb_op.c). A nil *Value result is SQL NULL. A top-level scalar behaves
// as PostgreSQL's "raw scalar", a one-element array, where PostgreSQL
// lets that show.

// Field is jsonb -> text: an object's value for key, or nil.
func (v *Value) Field(key string) *Value {
	if v.kind != Object {
		return nil
	}
	if i := v.findKey(key); i >= 0 {
		return &v.pairs[i].Value
	}
	return nil
}

// Index is jsonb -> integer: an array element, counting from the end when
// negative, or nil. As in PostgreSQL, a scalar acts as a one-element array.
func (v *Value) Index(i int32) *Value {
	if v.kind == Object {
		return nil
	}
	if v.IsScalar() {
		if i == 0 || i == -1 {
			return v
		}
		return nil
	}
	n := int64(len(v.elems))
	idx := int64(i)
	if idx < 0 {
		if -idx > n {
			return nil
		}
		idx += n
	}
	if idx >= n {
		return nil
	}
	return &v.elems[idx]
}

// FieldText is jsonb ->> text; ok is false for SQL NULL.
func (v *Value) FieldText(key string) (string, bool) {
	f := v.Field(key)
	if f == nil {
		return "", false
	}
	return f.Text()
}

// IndexText is jsonb ->> integer; ok is false for SQL NULL.
func (v *Value) IndexText(i int32) (string, bool) {
	e := v.Index(i)
	if e == nil {
		return "", false
	}
	return e.Text()
}

// Path is jsonb #> text[] (jsonb_extract_path): each element is a key or,
// in an array, an integer index. A nil path element (SQL NULL) makes the
// result NULL. An empty path returns v itself.
func (v *Value) Path(path []*string) *Value {
	for _, p := range path {
		if p == nil {
			return nil
		}
	}
	cur := v
	if len(path) == 0 {
		return v
	}
	if v.IsScalar() {
		return nil
	}
	for _, p := range path {
		switch cur.kind {
		case Object:
			cur = cur.Field(*p)
		case Array:
			idx, ok := pathIndex(*p)
			if !ok {
				return nil
			}
			n := int64(len(cur.elems))
			if idx < 0 {
				if idx == math.MinInt32 || -idx > n {
					return nil
				}
				idx += n
			}
			if idx >= n {
				return nil
			}
			cur = &cur.elems[idx]
		default:
			return nil
		}
		if cur == nil {
			return nil
		}
	}
	return cur
}

// PathText is jsonb #>> text[]; ok is false for SQL NULL.
func (v *Value) PathText(path []*string) (string, bool) {
	r := v.Path(path)
	if r == nil {
		return "", false
	}
	if len(path) == 0 && !v.IsScalar() {
		return v.String(), true
	}
	return r.Text()
}

// pathIndex parses a path element as PostgreSQL's strtoint does.
func pathIndex(s string) (int64, bool) {
	i := 0
	for i < len(s) && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if i >= len(s) {
		return 0, false
	}
	var n int64
	for ; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
		if n > math.MaxInt32+1 {
			return 0, false
		}
	}
	if neg {
		n = -n
	}
	if n > math.MaxInt32 || n < math.MinInt32 {
		return 0, false
	}
	return n, true
}

// Exists is jsonb ? text: key is a key of an object, or a string element
// of an array (or the string itself, for a scalar).
func (v *Value) Exists(key string) bool {
	switch v.kind {
	case Object:
		return v.findKey(key) >= 0
	case Array:
		for i := range v.elems {
			if e := &v.elems[i]; e.kind == String && e.str == key {
				return true
			}
		}
		return false
	case String:
		return v.str == key
	}
	return false
}

// ExistsAny is jsonb ?| text[]; nil (NULL) keys are ignored.
func (v *Value) ExistsAny(keys []*string) bool {
	for _, k := range keys {
		if k != nil && v.Exists(*k) {
			return true
		}
	}
	return false
}

// ExistsAll is jsonb ?& text[]; nil (NULL) keys are ignored.
func (v *Value) ExistsAll(keys []*string) bool {
	for _, k := range keys {
		if k != nil && !v.Exists(*k) {
			return false
		}
	}
	return true
}

// Contains is jsonb @> jsonb (JsonbDeepContains): every pair of an object
// on the right appears, recursively contained, on the left; every element
// of an array on the right is contained in some element on the left. A
// scalar contains only an equal scalar; an array may contain a scalar.
func Contains(a, b *Value) bool {
	aRaw, bRaw := a.IsScalar(), b.IsScalar()
	if (a.kind == Object) != (b.kind == Object) {
		return false
	}
	if a.kind == Object {
		return containsObject(a, b)
	}
	if aRaw && !bRaw {
		return false
	}
	if bRaw {
		if aRaw {
			return scalarEqual(a, b)
		}
		return arrayHasScalar(a, b)
	}
	return containsArray(a, b)
}

func scalarEqual(a, b *Value) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case Null:
		return true
	case String:
		return a.str == b.str
	case Number:
		return a.num.Cmp(b.num) == 0
	case Bool:
		return a.b == b.b
	}
	return false
}

func arrayHasScalar(a, s *Value) bool {
	for i := range a.elems {
		if e := &a.elems[i]; e.IsScalar() && scalarEqual(e, s) {
			return true
		}
	}
	return false
}

func containsObject(a, b *Value) bool {
	if len(a.pairs) < len(b.pairs) {
		return false
	}
	for i := range b.pairs {
		lv := a.Field(b.pairs[i].Key)
		if lv == nil {
			return false
		}
		rv := &b.pairs[i].Value
		if lv.IsScalar() != rv.IsScalar() {
			return false
		}
		if lv.IsScalar() {
			if !scalarEqual(lv, rv) {
				return false
			}
		} else if !containsNested(lv, rv) {
			return false
		}
	}
	return true
}

// containsNested compares two containers met below the top level, where
// neither is a raw scalar.
func containsNested(a, b *Value) bool {
	if a.kind != b.kind {
		return false
	}
	if a.kind == Object {
		return containsObject(a, b)
	}
	return containsArray(a, b)
}

func containsArray(a, b *Value) bool {
	for i := range b.elems {
		e := &b.elems[i]
		if e.IsScalar() {
			if !arrayHasScalar(a, e) {
				return false
			}
			continue
		}
		found := false
		for j := range a.elems {
			l := &a.elems[j]
			if !l.IsScalar() && containsNested(l, e) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// Concat is jsonb || jsonb: objects merge (the right side's keys win),
// arrays concatenate, and otherwise each side that is not an array is
// treated as a one-element array.
func Concat(a, b *Value) *Value {
	if (a.kind == Object) == (b.kind == Object) {
		if a.Len() == 0 && !a.IsScalar() && !b.IsScalar() {
			return b
		}
		if b.Len() == 0 && !b.IsScalar() && !a.IsScalar() {
			return a
		}
	}
	if a.kind == Object && b.kind == Object {
		ps := make([]Pair, 0, len(a.pairs)+len(b.pairs))
		ps = append(ps, a.pairs...)
		ps = append(ps, b.pairs...)
		return &Value{kind: Object, pairs: normalizePairs(ps)}
	}
	elems := func(v *Value) []Value {
		if v.kind == Array {
			return v.elems
		}
		return []Value{*v}
	}
	ea, eb := elems(a), elems(b)
	out := make([]Value, 0, len(ea)+len(eb))
	out = append(out, ea...)
	out = append(out, eb...)
	return &Value{kind: Array, elems: out}
}

func errDeleteScalar() error {
	return pgerror.New(pgerror.InvalidParameterValue, "cannot delete from scalar")
}

// DeleteKey is jsonb - text: removes key from an object, or string
// elements equal to key from an array.
func (v *Value) DeleteKey(key string) (*Value, error) {
	return v.DeleteKeys([]*string{&key})
}

// DeleteKeys is jsonb - text[]; nil (NULL) keys are ignored.
func (v *Value) DeleteKeys(keys []*string) (*Value, error) {
	if v.IsScalar() {
		return nil, errDeleteScalar()
	}
	if v.Len() == 0 {
		return v, nil
	}
	match := func(s string) bool {
		for _, k := range keys {
			if k != nil && *k == s {
				return true
			}
		}
		return false
	}
	if v.kind == Object {
		out := make([]Pair, 0, len(v.pairs))
		for _, p := range v.pairs {
			if !match(p.Key) {
				out = append(out, p)
			}
		}
		return &Value{kind: Object, pairs: out}, nil
	}
	out := make([]Value, 0, len(v.elems))
	for _, e := range v.elems {
		if e.kind == String && match(e.str) {
			continue
		}
		out = append(out, e)
	}
	return &Value{kind: Array, elems: out}, nil
}

// DeleteIndex is jsonb - integer: removes an array element (counting from
// the end when negative).
func (v *Value) DeleteIndex(idx int32) (*Value, error) {
	if v.IsScalar() {
		return nil, errDeleteScalar()
	}
	if v.kind == Object {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot delete from object using integer index")
	}
	n := int64(len(v.elems))
	if n == 0 {
		return v, nil
	}
	i := int64(idx)
	if i < 0 {
		if -i > n {
			i = n
		} else {
			i += n
		}
	}
	if i >= n {
		return v, nil
	}
	out := make([]Value, 0, n-1)
	out = append(out, v.elems[:i]...)
	out = append(out, v.elems[i+1:]...)
	return &Value{kind: Array, elems: out}, nil
}

// path operation kinds (PostgreSQL's JB_PATH_* flags)
const (
	pathCreate       = 0x01
	pathDelete       = 0x02
	pathReplace      = 0x04
	pathInsertBefore = 0x08
	pathInsertAfter  = 0x10
	pathCreateOrIns  = pathCreate | pathInsertBefore | pathInsertAfter
)

// DeletePath is jsonb #- text[].
func (v *Value) DeletePath(path []*string) (*Value, error) {
	if v.IsScalar() {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot delete path in scalar")
	}
	if v.Len() == 0 || len(path) == 0 {
		return v, nil
	}
	r, err := setPath(v, path, 0, nil, pathDelete)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// Set is jsonb_set(target, path, new_value, create_if_missing).
func (v *Value) Set(path []*string, newVal *Value, createMissing bool) (*Value, error) {
	if v.IsScalar() {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot set path in scalar")
	}
	if (v.Len() == 0 && !createMissing) || len(path) == 0 {
		return v, nil
	}
	op := pathReplace
	if createMissing {
		op = pathCreate
	}
	r, err := setPath(v, path, 0, newVal, op)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// Insert is jsonb_insert(target, path, new_value, insert_after).
func (v *Value) Insert(path []*string, newVal *Value, after bool) (*Value, error) {
	if v.IsScalar() {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot set path in scalar")
	}
	if len(path) == 0 {
		return v, nil
	}
	op := pathInsertBefore
	if after {
		op = pathInsertAfter
	}
	r, err := setPath(v, path, 0, newVal, op)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// setPath rebuilds v with the operation applied at path[level:]
// (PostgreSQL's setPath, setPathObject and setPathArray).
func setPath(v *Value, path []*string, level int, newVal *Value, op int) (Value, error) {
	if path[level] == nil {
		return Value{}, pgerror.New(pgerror.NullValueNotAllowed, "path element at position %d is null", level+1)
	}
	switch v.kind {
	case Array:
		return setPathArray(v, path, level, newVal, op)
	case Object:
		return setPathObject(v, path, level, newVal, op)
	}
	return *v, nil
}

func setPathObject(v *Value, path []*string, level int, newVal *Value, op int) (Value, error) {
	last := level == len(path)-1
	key := *path[level]
	out := make([]Pair, 0, len(v.pairs)+1)
	if len(v.pairs) == 0 && op&pathCreateOrIns != 0 && last {
		out = append(out, Pair{Key: key, Value: *newVal})
	}
	done := false
	for i, p := range v.pairs {
		if !done && p.Key == key {
			done = true
			if last {
				if op&(pathInsertBefore|pathInsertAfter) != 0 {
					return Value{}, pgerror.New(pgerror.InvalidParameterValue, "cannot replace existing key").
						WithHint("Try using the function jsonb_set to replace key value.")
				}
				if op&pathDelete == 0 {
					out = append(out, Pair{Key: p.Key, Value: *newVal})
				}
			} else {
				nv, err := setPath(&p.Value, path, level+1, newVal, op)
				if err != nil {
					return Value{}, err
				}
				out = append(out, Pair{Key: p.Key, Value: nv})
			}
			continue
		}
		if op&pathCreateOrIns != 0 && !done && last && i == len(v.pairs)-1 {
			out = append(out, Pair{Key: key, Value: *newVal})
		}
		out = append(out, p)
	}
	return Value{kind: Object, pairs: normalizePairs(out)}, nil
}

func setPathArray(v *Value, path []*string, level int, newVal *Value, op int) (Value, error) {
	n := len(v.elems)
	last := level == len(path)-1
	var idx int64
	if level < len(path) && path[level] != nil {
		i, ok := pathIndex(*path[level])
		if !ok {
			return Value{}, pgerror.New(pgerror.InvalidTextRepresentation, "path element at position %d is not an integer: \"%s\"", level+1, *path[level])
		}
		idx = i
	} else {
		idx = int64(n)
	}
	const intMin = math.MinInt32
	if idx < 0 {
		if -idx > int64(n) {
			idx = intMin
		} else {
			idx += int64(n)
		}
	}
	if idx > 0 && idx > int64(n) {
		idx = int64(n)
	}
	out := make([]Value, 0, n+1)
	done := false
	if (idx == intMin || n == 0) && last && op&pathCreateOrIns != 0 {
		out = append(out, *newVal)
		done = true
	}
	for i := 0; i < n; i++ {
		e := v.elems[i]
		if int64(i) == idx {
			done = true
			if last {
				if op&(pathInsertBefore|pathCreate) != 0 {
					out = append(out, *newVal)
				}
				if op&(pathInsertAfter|pathInsertBefore) != 0 {
					out = append(out, e)
				}
				if op&(pathInsertAfter|pathReplace) != 0 {
					out = append(out, *newVal)
				}
			} else {
				nv, err := setPath(&e, path, level+1, newVal, op)
				if err != nil {
					return Value{}, err
				}
				out = append(out, nv)
			}
			continue
		}
		out = append(out, e)
	}
	if op&pathCreateOrIns != 0 && !done && last {
		out = append(out, *newVal)
	}
	return Value{kind: Array, elems: out}, nil
}

// StripNulls is jsonb_strip_nulls: removes object fields whose value is
// null, at every level (array elements are kept).
func (v *Value) StripNulls() *Value {
	r := stripNulls(v)
	return &r
}

func stripNulls(v *Value) Value {
	switch v.kind {
	case Array:
		out := make([]Value, len(v.elems))
		for i := range v.elems {
			out[i] = stripNulls(&v.elems[i])
		}
		return Value{kind: Array, elems: out}
	case Object:
		out := make([]Pair, 0, len(v.pairs))
		for i := range v.pairs {
			if v.pairs[i].Value.kind == Null {
				continue
			}
			out = append(out, Pair{Key: v.pairs[i].Key, Value: stripNulls(&v.pairs[i].Value)})
		}
		return Value{kind: Object, pairs: out}
	}
	return *v
}

// Typeof is jsonb_typeof.
func (v *Value) Typeof() string { return v.kind.String() }

// ArrayLength is jsonb_array_length.
func (v *Value) ArrayLength() (int, error) {
	if v.IsScalar() {
		return 0, pgerror.New(pgerror.InvalidParameterValue, "cannot get array length of a scalar")
	}
	if v.kind != Array {
		return 0, pgerror.New(pgerror.InvalidParameterValue, "cannot get array length of a non-array")
	}
	return len(v.elems), nil
}

// ObjectKeys is jsonb_object_keys, in storage order.
func (v *Value) ObjectKeys() ([]string, error) {
	if v.IsScalar() {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot call %s on a scalar", "jsonb_object_keys")
	}
	if v.kind == Array {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot call %s on an array", "jsonb_object_keys")
	}
	keys := make([]string, len(v.pairs))
	for i, p := range v.pairs {
		keys[i] = p.Key
	}
	return keys, nil
}

// Each is jsonb_each: the pairs of an object, in storage order.
func (v *Value) Each() ([]Pair, error) {
	if v.kind != Object {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot call %s on a non-object", "jsonb_each")
	}
	return v.pairs, nil
}

// TextPair is one row of jsonb_each_text; Null marks a SQL NULL value.
type TextPair struct {
	Key   string
	Value string
	Null  bool
}

// EachText is jsonb_each_text.
func (v *Value) EachText() ([]TextPair, error) {
	if v.kind != Object {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot call %s on a non-object", "jsonb_each_text")
	}
	out := make([]TextPair, len(v.pairs))
	for i := range v.pairs {
		s, ok := v.pairs[i].Value.Text()
		out[i] = TextPair{Key: v.pairs[i].Key, Value: s, Null: !ok}
	}
	return out, nil
}

// ArrayElements is jsonb_array_elements.
func (v *Value) ArrayElements() ([]Value, error) {
	if v.IsScalar() {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot extract elements from a scalar")
	}
	if v.kind != Array {
		return nil, pgerror.New(pgerror.InvalidParameterValue, "cannot extract elements from an object")
	}
	return v.elems, nil
}

// TextElem is one row of jsonb_array_elements_text; Null marks SQL NULL.
type TextElem struct {
	Value string
	Null  bool
}

// ArrayElementsText is jsonb_array_elements_text.
func (v *Value) ArrayElementsText() ([]TextElem, error) {
	elems, err := v.ArrayElements()
	if err != nil {
		return nil, err
	}
	out := make([]TextElem, len(elems))
	for i := range elems {
		s, ok := elems[i].Text()
		out[i] = TextElem{Value: s, Null: !ok}
	}
	return out, nil
}
