package jsonb_test

import (
	"fmt"
	"math/rand"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/tuskdb/tusk/internal/sql/types/jsonb"
)

var keyPool = []string{"a", "b", "c", "aa", "ab", "ba", "abc", "key", "", "A", "é", "a b", "1", "0", "-1", "x\"y", "long key name"}

func genNumber(r *rand.Rand) string {
	switch r.Intn(12) {
	case 0:
		return "0"
	case 1:
		return "-0"
	case 2:
		return fmt.Sprintf("%d.%0*d", r.Intn(100), r.Intn(4)+1, r.Intn(100))
	case 3:
		return fmt.Sprintf("%de%d", r.Intn(10), r.Intn(30)-10)
	case 4:
		return fmt.Sprintf("%d.%dE+%d", r.Intn(10), r.Intn(100), r.Intn(5))
	case 5:
		return "-" + strconv.Itoa(r.Intn(1000))
	case 6:
		return "1.50"
	case 7:
		return "123456789012345678901234567890"
	case 8:
		return "0.000" + strconv.Itoa(r.Intn(1000))
	case 9:
		return "-0.0"
	default:
		return strconv.Itoa(r.Intn(10))
	}
}

func genString(r *rand.Rand) string {
	parts := []string{"a", "b", "abc", "x y", `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, `\u0041`, `\u00e9`, `\u20ac`, `\ud83d\ude00`, "é", "€", "😀", "\x7f", ""}
	n := r.Intn(4)
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < n; i++ {
		b.WriteString(parts[r.Intn(len(parts))])
	}
	b.WriteByte('"')
	return b.String()
}

func ws(r *rand.Rand) string {
	if r.Intn(4) != 0 {
		return ""
	}
	return []string{" ", "  ", "\n", "\t", " \r\n "}[r.Intn(5)]
}

func genJSON(r *rand.Rand, depth int) string {
	k := r.Intn(10)
	if depth > 3 {
		k = r.Intn(6)
	}
	switch k {
	case 0, 1:
		return genNumber(r)
	case 2, 3:
		return genString(r)
	case 4:
		return []string{"true", "false"}[r.Intn(2)]
	case 5:
		return "null"
	case 6, 7:
		n := r.Intn(5)
		parts := make([]string, n)
		for i := range parts {
			parts[i] = ws(r) + genJSON(r, depth+1) + ws(r)
		}
		return "[" + strings.Join(parts, ",") + "]"
	default:
		n := r.Intn(5)
		parts := make([]string, n)
		for i := range parts {
			key := keyPool[r.Intn(len(keyPool))]
			parts[i] = ws(r) + string(jsonb.AppendQuoted(nil, key)) + ws(r) + ":" + ws(r) + genJSON(r, depth+1) + ws(r)
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
}

var malformed = []string{
	"", " ", "{", "}", "[", "]", "[1,2", "[1,]", "[,1]", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{\"a\":1,}", "{,}", "{1:2}",
	"{\"a\":1 \"b\":2}", "[1 2]", "01", "-", "-a", "1.", ".5", "1e", "1e+", "+1", "1.5e3x", "tru", "nul", "True", "NULL",
	"\"abc", "\"abc\\", "\"\\q\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\ud800\"",
	"\"\\ud800x\"", "\"\\ud800\\n\"", "\"a\tb\"", "\"a\nb\"", "\"a\x01b\"", "1 2", "[] []", "{}x", "[1]]", "@", "[1,@]",
	"é", "[é]", "{\"a\":1}\n{", "[\n1,\n2,\n@]", "[\n1,\n2,\n", "\n\n  [1,\n  2\n  x", "{\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": 1x}",
	"[\"ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé\", x]", "{\"a\":[1,{\"b\":[true, fals]}]}",
	"   \"unterminated", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24 25]",
	"\"\\u00e9\\ud83d\\ude00\"", "\"\\uD83D\\uDE00\"", "\"\\\\u0000\"", "[\"\\u0000\"]", "123abc", "-01", "0.1.2", "1e5e5", "[1,2]x",
	"\"ok\" ", " {\"a\" :\t1}\n",
}

func checkAll(t *testing.T, o *oracle, name string, exprs []string, got []result) {
	want := o.eval(exprs)
	ty := &tally{t: t, name: name}
	for i := range exprs {
		ty.check(exprs[i], want[i], got[i])
	}
	ty.report()
}

func res(s string, err error) result {
	if err != nil {
		return goResult("", err)
	}
	return result{ok: true, val: s}
}

func resOpt(s string, ok bool, err error) result {
	if err != nil {
		return goResult("", err)
	}
	if !ok {
		return result{ok: true, null: true}
	}
	return result{ok: true, val: s}
}

// TestParseDifferential reads generated and malformed text as jsonb and
// json and compares the output or the error, detail and context.
func TestParseDifferential(t *testing.T) {
	o := newOracle(t)
	r := rand.New(rand.NewSource(1))
	inputs := append([]string(nil), malformed...)
	for i := 0; i < 3000; i++ {
		s := genJSON(r, 0)
		if r.Intn(6) == 0 {
			// corrupt it
			b := []byte(s)
			alph := "{}[],:\"\\x0 "
			if p := r.Intn(len(b)); b[p] < 0x80 {
				b[p] = alph[r.Intn(len(alph))]
			}
			s = string(b)
		}
		inputs = append(inputs, ws(r)+s+ws(r))
	}
	var exprs []string
	var got []result
	for _, in := range inputs {
		exprs = append(exprs, lit(in)+"::jsonb")
		v, err := jsonb.Parse(in)
		if err != nil {
			got = append(got, goResult("", err))
		} else {
			got = append(got, result{ok: true, val: v.String()})
		}
		exprs = append(exprs, lit(in)+"::json")
		got = append(got, res(in, jsonb.Validate(in)))
		if err == nil {
			exprs = append(exprs, "jsonb_pretty("+lit(in)+"::jsonb)")
			got = append(got, result{ok: true, val: v.Pretty()})
			exprs = append(exprs, lit(in)+"::json::jsonb")
			jv, err := jsonb.JSON(in).ToJSONB()
			got = append(got, res(jv.String(), err))
		}
	}
	checkAll(t, o, "parse", exprs, got)
}

func jlit(v *jsonb.Value) string { return lit(v.String()) + "::jsonb" }

func textArr(elems []*string) string {
	parts := make([]string, len(elems))
	for i, e := range elems {
		if e == nil {
			parts[i] = "NULL"
		} else {
			parts[i] = lit(*e)
		}
	}
	return "ARRAY[" + strings.Join(parts, ",") + "]::text[]"
}

func sp(s string) *string { return &s }

// TestOperatorsDifferential applies every jsonb and json operator and
// function to generated documents.
func TestOperatorsDifferential(t *testing.T) {
	o := newOracle(t)
	r := rand.New(rand.NewSource(2))
	var docs []string
	for len(docs) < 400 {
		s := genJSON(r, 0)
		if _, err := jsonb.Parse(s); err == nil {
			docs = append(docs, s)
		}
	}
	docs = append(docs, `{"a":1,"a":2}`, `{"a":{"b":1},"a":{"b":2}}`, `"a"`, `[]`, `{}`, `[[]]`, `[{}]`, `null`, `1`, `[1,[1,2],{"a":[3]}]`)
	keyOrIdx := func() *string {
		switch r.Intn(10) {
		case 0:
			return nil
		case 1, 2:
			return sp(strconv.Itoa(r.Intn(6) - 3))
		case 3:
			return sp([]string{" 1", "+1", "1x", "", "2147483648", "-2147483648", "01"}[r.Intn(7)])
		}
		return sp(keyPool[r.Intn(len(keyPool))])
	}
	genPath := func() []*string {
		n := r.Intn(4)
		p := make([]*string, n)
		for i := range p {
			p[i] = keyOrIdx()
			if p[i] == nil && r.Intn(3) != 0 {
				p[i] = sp("a")
			}
		}
		return p
	}
	var exprs []string
	var got []result
	add := func(e string, g result) {
		exprs = append(exprs, e)
		got = append(got, g)
	}
	for i := 0; i < 2500; i++ {
		ds := docs[r.Intn(len(docs))]
		d, _ := jsonb.Parse(ds)
		d2, _ := jsonb.Parse(docs[r.Intn(len(docs))])
		if r.Intn(3) == 0 {
			// a sub-document, so that containment often holds
			if sub := pickSub(r, d); sub != nil {
				d2 = sub
			}
		}
		j := jsonb.JSON(ds)
		jl := lit(ds) + "::json"
		key := keyPool[r.Intn(len(keyPool))]
		idx := int32(r.Intn(8) - 4)
		path := genPath()
		add(jlit(d)+" -> "+lit(key), jres(d.Field(key)))
		add(jlit(d)+" ->> "+lit(key), resOpt2(d.FieldText(key)))
		add(jlit(d)+" -> "+strconv.Itoa(int(idx)), jres(d.Index(idx)))
		add(jlit(d)+" ->> "+strconv.Itoa(int(idx)), resOpt2(d.IndexText(idx)))
		add(jlit(d)+" #> "+textArr(path), jres(d.Path(path)))
		add(jlit(d)+" #>> "+textArr(path), resOpt2(d.PathText(path)))
		add("jsonb_extract_path("+jlit(d)+", VARIADIC "+textArr(path)+")", jres(d.Path(path)))
		add(jlit(d)+" @> "+jlit(d2), result{ok: true, val: boolText(jsonb.Contains(d, d2))})
		add(jlit(d)+" <@ "+jlit(d2), result{ok: true, val: boolText(jsonb.Contains(d2, d))})
		add(jlit(d)+" ? "+lit(key), result{ok: true, val: boolText(d.Exists(key))})
		keys := []*string{sp(key), sp(keyPool[r.Intn(len(keyPool))])}
		if r.Intn(4) == 0 {
			keys = append(keys, nil)
		}
		if r.Intn(6) == 0 {
			keys = nil
		}
		add(jlit(d)+" ?| "+textArr(keys), result{ok: true, val: boolText(d.ExistsAny(keys))})
		add(jlit(d)+" ?& "+textArr(keys), result{ok: true, val: boolText(d.ExistsAll(keys))})
		add(jlit(d)+" || "+jlit(d2), result{ok: true, val: jsonb.Concat(d, d2).String()})
		add(jlit(d)+" - "+lit(key), jerr(d.DeleteKey(key)))
		add(jlit(d)+" - "+textArr(keys), jerr(d.DeleteKeys(keys)))
		add(jlit(d)+" - "+strconv.Itoa(int(idx)), jerr(d.DeleteIndex(idx)))
		add(jlit(d)+" #- "+textArr(path), jerr(d.DeletePath(path)))
		create := r.Intn(3) != 0
		add("jsonb_set("+jlit(d)+", "+textArr(path)+", "+jlit(d2)+", "+boolText(create)+")", jerr(d.Set(path, d2, create)))
		after := r.Intn(2) == 0
		add("jsonb_insert("+jlit(d)+", "+textArr(path)+", "+jlit(d2)+", "+boolText(after)+")", jerr(d.Insert(path, d2, after)))
		add("jsonb_typeof("+jlit(d)+")", result{ok: true, val: d.Typeof()})
		n, err := d.ArrayLength()
		add("jsonb_array_length("+jlit(d)+")", res(strconv.Itoa(n), err))
		add("jsonb_strip_nulls("+jlit(d)+")", result{ok: true, val: d.StripNulls().String()})
		ks, err := d.ObjectKeys()
		add("(SELECT coalesce(string_agg(k, '|'), '<none>') FROM jsonb_object_keys("+jlit(d)+") k)", res(joinOr(ks), err))
		ps, err := d.Each()
		var parts []string
		for _, p := range ps {
			parts = append(parts, p.Key+"="+p.Value.String())
		}
		add("(SELECT coalesce(string_agg(key || '=' || value::text, '|'), '<none>') FROM jsonb_each("+jlit(d)+"))", res(joinOr(parts), err))
		tps, err := d.EachText()
		parts = nil
		for _, p := range tps {
			v := p.Value
			if p.Null {
				v = "<NULL>"
			}
			parts = append(parts, p.Key+"="+v)
		}
		add("(SELECT coalesce(string_agg(key || '=' || coalesce(value, '<NULL>'), '|'), '<none>') FROM jsonb_each_text("+jlit(d)+"))", res(joinOr(parts), err))
		es, err := d.ArrayElements()
		parts = nil
		for _, e := range es {
			parts = append(parts, e.String())
		}
		add("(SELECT coalesce(string_agg(e::text, '|'), '<none>') FROM jsonb_array_elements("+jlit(d)+") e)", res(joinOr(parts), err))
		tes, err := d.ArrayElementsText()
		parts = nil
		for _, e := range tes {
			v := e.Value
			if e.Null {
				v = "<NULL>"
			}
			parts = append(parts, v)
		}
		add("(SELECT coalesce(string_agg(coalesce(e, '<NULL>'), '|'), '<none>') FROM jsonb_array_elements_text("+jlit(d)+") e)", res(joinOr(parts), err))
		add("("+jlit(d)+" = "+jlit(d2)+")::text || ("+jlit(d)+" < "+jlit(d2)+")::text", result{ok: true, val: boolText(jsonb.Equal(d, d2)) + boolText(jsonb.Compare(d, d2) < 0)})

		// json
		add(jl+" -> "+lit(key), jsonRes(j.Field(key)))
		add(jl+" ->> "+lit(key), resOpt(j.FieldText(key)))
		add(jl+" -> "+strconv.Itoa(int(idx)), jsonRes(j.Index(idx)))
		add(jl+" ->> "+strconv.Itoa(int(idx)), resOpt(j.IndexText(idx)))
		add(jl+" #> "+textArr(path), jsonRes(j.Path(path)))
		add(jl+" #>> "+textArr(path), resOpt(j.PathText(path)))
		ty, err := j.Typeof()
		add("json_typeof("+jl+")", res(ty, err))
		n, err = j.ArrayLength()
		add("json_array_length("+jl+")", res(strconv.Itoa(n), err))
		ks, err = j.ObjectKeys()
		add("(SELECT coalesce(string_agg(k, '|'), '<none>') FROM json_object_keys("+jl+") k)", res(joinOr(ks), err))
		jps, err := j.Each()
		parts = nil
		for _, p := range jps {
			parts = append(parts, p.Key+"="+string(p.Value))
		}
		add("(SELECT coalesce(string_agg(key || '=' || value::text, '|'), '<none>') FROM json_each("+jl+"))", res(joinOr(parts), err))
		tps, err = j.EachText()
		parts = nil
		for _, p := range tps {
			v := p.Value
			if p.Null {
				v = "<NULL>"
			}
			parts = append(parts, p.Key+"="+v)
		}
		add("(SELECT coalesce(string_agg(key || '=' || coalesce(value, '<NULL>'), '|'), '<none>') FROM json_each_text("+jl+"))", res(joinOr(parts), err))
		jes, err := j.ArrayElements()
		parts = nil
		for _, e := range jes {
			parts = append(parts, string(e))
		}
		add("(SELECT coalesce(string_agg(e::text, '|'), '<none>') FROM json_array_elements("+jl+") e)", res(joinOr(parts), err))
		tes, err = j.ArrayElementsText()
		parts = nil
		for _, e := range tes {
			v := e.Value
			if e.Null {
				v = "<NULL>"
			}
			parts = append(parts, v)
		}
		add("(SELECT coalesce(string_agg(coalesce(e, '<NULL>'), '|'), '<none>') FROM json_array_elements_text("+jl+") e)", res(joinOr(parts), err))
		sn, err := j.StripNulls()
		add("json_strip_nulls("+jl+")", res(string(sn), err))
	}
	checkAll(t, o, "operators", exprs, got)
}

func pickSub(r *rand.Rand, v *jsonb.Value) *jsonb.Value {
	switch v.Kind() {
	case jsonb.Array:
		if v.Len() == 0 {
			return v
		}
		if r.Intn(2) == 0 {
			return jsonb.NewArray(v.Elem(r.Intn(v.Len())))
		}
		return v.Elem(r.Intn(v.Len()))
	case jsonb.Object:
		if v.Len() == 0 {
			return v
		}
		p := v.Pairs()[r.Intn(v.Len())]
		if r.Intn(2) == 0 {
			if s := pickSub(r, &p.Value); s != nil && s.Kind() == p.Value.Kind() {
				return jsonb.NewObject(jsonb.Pair{Key: p.Key, Value: *s})
			}
		}
		return jsonb.NewObject(p)
	}
	return v
}

func resOpt2(s string, ok bool) result { return resOpt(s, ok, nil) }

func boolText(b bool) string { return strconv.FormatBool(b) }

func joinOr(s []string) string {
	if len(s) == 0 {
		return "<none>"
	}
	return strings.Join(s, "|")
}

func jres(v *jsonb.Value) result {
	if v == nil {
		return result{ok: true, null: true}
	}
	return result{ok: true, val: v.String()}
}

func jerr(v *jsonb.Value, err error) result {
	if err != nil {
		return goResult("", err)
	}
	return jres(v)
}

func jsonRes(v jsonb.JSON, ok bool, err error) result {
	if err != nil {
		return goResult("", err)
	}
	if !ok {
		return result{ok: true, null: true}
	}
	return result{ok: true, val: string(v)}
}

// TestOrderingDifferential sorts a generated set of jsonb values in tusk
// and in PostgreSQL (its btree order) and compares the orders.
func TestOrderingDifferential(t *testing.T) {
	o := newOracle(t)
	r := rand.New(rand.NewSource(3))
	var vals []*jsonb.Value
	for _, s := range []string{"[]", "{}", "null", "1", "1.0", "[1]", "[null]", `""`, `"a"`, "true", "false", "[[]]", `{"a":null}`, "[1,2]", `{"b":1}`, `{"aa":1}`, `{"a":1,"b":2}`} {
		v, _ := jsonb.Parse(s)
		vals = append(vals, v)
	}
	for len(vals) < 1500 {
		v, err := jsonb.Parse(genJSON(r, 1))
		if err == nil {
			vals = append(vals, v)
		}
	}
	texts := make([]string, len(vals))
	for i, v := range vals {
		texts[i] = v.String()
	}
	var pgOrder []int64
	rows, err := o.conn.Query(ctxb, `SELECT n FROM unnest($1::text[]) WITH ORDINALITY u(j, n) ORDER BY j::jsonb, n`, texts)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n int64
		rows.Scan(&n)
		pgOrder = append(pgOrder, n-1)
	}
	rows.Close()
	idx := make([]int, len(vals))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return jsonb.Compare(vals[idx[a]], vals[idx[b]]) < 0 })
	ty := &tally{t: t, name: "ordering"}
	for i := range idx {
		want := result{ok: true, val: texts[pgOrder[i]]}
		got := result{ok: true, val: texts[idx[i]]}
		ty.check(fmt.Sprintf("position %d", i), want, got)
	}
	ty.report()
	// Hash agrees with equality.
	for i := range vals {
		for j := i + 1; j < len(vals) && j < i+50; j++ {
			if jsonb.Equal(vals[i], vals[j]) && jsonb.Hash(vals[i]) != jsonb.Hash(vals[j]) {
				t.Errorf("equal values %s and %s hash differently", vals[i], vals[j])
			}
		}
	}
}
