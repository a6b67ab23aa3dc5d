package plan

// This file writes EXPLAIN's structured formats (JSON, YAML, XML) from
// one ordered tree of properties per node, as explain.c's ExplainProperty
// and grouping functions do for each format.

import (
	"encoding/json"
	"strconv"
	"strings"
)

// object is a JSON object whose keys keep their order, as EXPLAIN
// (FORMAT JSON) prints them.
type object []kv

// json describes the node as EXPLAIN (FORMAT JSON) does.
func (n *enode) json(e *explainer) object {
	// The order of explain.c's ExplainNode.
	o := object{{"Node Type", n.nodeType()}}
	if v, ok := n.extra["Strategy"]; ok {
		o = append(o, kv{"Strategy", v}, kv{"Partial Mode", "Simple"})
	}
	if v, ok := n.extra["Operation"]; ok {
		o = append(o, kv{"Operation", v})
	}
	if n.rel != "" {
		o = append(o, kv{"Parent Relationship", n.rel})
	}
	if n.subTag != "" {
		o = append(o, kv{"Subplan Name", n.subTag})
	}
	o = append(o, kv{"Parallel Aware", false}, kv{"Async Capable", false})
	for _, k := range []string{"Scan Direction", "Index Name", "Relation Name", "Function Name", "Schema", "CTE Name", "Alias", "Join Type"} {
		if v, ok := n.extra[k]; ok {
			o = append(o, kv{k, v})
		}
	}
	if _, ok := n.extra["Join Type"]; ok {
		u, _ := n.extra["Inner Unique"].(bool)
		o = append(o, kv{"Inner Unique", u})
	}
	if e.opts.Costs {
		o = append(o, kv{"Startup Cost", round2(n.est.startup)}, kv{"Total Cost", round2(n.est.total)},
			kv{"Plan Rows", int64(n.est.rows)}, kv{"Plan Width", n.est.width})
	}
	if e.opts.Analyze {
		st := n.stats(e)
		if st != nil && st.Loops > 0 {
			loops := float64(st.Loops)
			if e.opts.Timing {
				o = append(o, kv{"Actual Startup Time", ms(st.Startup) / loops}, kv{"Actual Total Time", ms(st.Total) / loops})
			}
			o = append(o, kv{"Actual Rows", int64(float64(st.Rows)/loops + 0.5)}, kv{"Actual Loops", st.Loops})
		} else {
			o = append(o, kv{"Actual Loops", 0})
		}
	}
	if e.opts.Verbose {
		out := make([]string, len(n.out))
		for i, s := range n.outputs() {
			out[i] = e.render(s, e.rtableMany)
		}
		o = append(o, kv{"Output", out})
	}
	for _, p := range n.props {
		prefix := e.prefixFor(n, p.k)
		switch v := p.v.(type) {
		case string:
			o = append(o, kv{p.k, e.render(v, prefix)})
		case []string:
			r := make([]string, len(v))
			for i, s := range v {
				r[i] = e.render(s, prefix)
			}
			o = append(o, kv{p.k, r})
		default:
			o = append(o, kv{p.k, p.v})
		}
		if e.opts.Analyze && p.k == n.filterAs && n.filtered != nil {
			if removed, ok := n.removed(e); ok {
				o = append(o, kv{"Rows Removed by " + n.filterAs, removed})
			}
		}
	}
	var kids []any
	for _, s := range n.inits {
		kids = append(kids, s.json(e))
	}
	for _, c := range n.children {
		kids = append(kids, c.json(e))
	}
	for _, s := range n.subs {
		kids = append(kids, s.json(e))
	}
	if len(kids) > 0 {
		o = append(o, kv{"Plans", kids})
	}
	return o
}

// nodeType is the node's name without the details PostgreSQL's JSON
// keeps in other fields ("Hash Join", not "Hash Left Join").
func (n *enode) nodeType() string {
	name := n.name
	for _, s := range []string{" Left Join", " Right Join", " Full Join"} {
		if strings.HasSuffix(name, s) {
			return strings.TrimSuffix(name, s) + " Join"
		}
	}
	switch {
	case strings.HasPrefix(name, "HashSetOp"):
		return "SetOp"
	case name == "HashAggregate":
		return "Aggregate"
	case name == "Index Scan Backward":
		return "Index Scan"
	case name == "Insert", name == "Update", name == "Delete":
		return "ModifyTable"
	}
	return name
}

func round2(f float64) json.Number {
	return json.Number(strconv.FormatFloat(f, 'f', 2, 64))
}

// writeValue prints v with explain.c's layout: two spaces per level,
// one member per line.
func writeValue(b *strings.Builder, v any, level int) {
	ind := strings.Repeat("  ", level)
	switch v := v.(type) {
	case object:
		b.WriteString("{\n")
		for i, m := range v {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString(ind + "  ")
			k, _ := json.Marshal(m.k)
			b.Write(k)
			b.WriteString(": ")
			writeValue(b, m.v, level+1)
		}
		b.WriteString("\n" + ind + "}")
	case []any:
		if len(v) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[\n")
		for i, x := range v {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString(ind + "  ")
			writeValue(b, x, level+1)
		}
		b.WriteString("\n" + ind + "]")
	case []string:
		if len(v) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[")
		for i, x := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			s, _ := json.Marshal(x)
			b.Write(s)
		}
		b.WriteString("]")
	case float64:
		b.WriteString(strconv.FormatFloat(v, 'f', 3, 64))
	default:
		s, _ := json.Marshal(v)
		b.Write(s)
	}
}

// writeYAML prints an object's members for FORMAT YAML as explain.c's
// grouping does: members at two spaces per level, the first on the
// current line when the object is a list element ("- "), nested objects
// and lists opening on the line after their label.
func writeYAML(b *strings.Builder, o object, level int, first bool) {
	ind := strings.Repeat("  ", level)
	for _, m := range o {
		if first {
			first = false
		} else {
			b.WriteString("\n" + ind)
		}
		b.WriteString(m.k + ": ")
		switch v := m.v.(type) {
		case object:
			writeYAML(b, v, level+1, false)
		case []any:
			for _, x := range v {
				b.WriteString("\n" + ind + "  - ")
				if xo, ok := x.(object); ok {
					writeYAML(b, xo, level+2, true)
				} else {
					writeValue(b, x, level+1)
				}
			}
		case []string:
			for _, x := range v {
				b.WriteString("\n" + ind + "  - ")
				writeValue(b, x, level+1)
			}
		default:
			writeValue(b, v, level)
		}
	}
}

// writeXML prints an object's members for FORMAT XML as explain.c does:
// one element per member, named by the label with '-' for spaces, two
// spaces per level; list elements as <Item>, plans as <Plan>.
func writeXML(b *strings.Builder, o object, level int) {
	ind := strings.Repeat("  ", level)
	for _, m := range o {
		tag := strings.ReplaceAll(m.k, " ", "-")
		switch v := m.v.(type) {
		case object:
			b.WriteString(ind + "<" + tag + ">\n")
			writeXML(b, v, level+1)
			b.WriteString(ind + "</" + tag + ">\n")
		case []any:
			b.WriteString(ind + "<" + tag + ">\n")
			for _, x := range v {
				if xo, ok := x.(object); ok {
					b.WriteString(ind + "  <Plan>\n")
					writeXML(b, xo, level+2)
					b.WriteString(ind + "  </Plan>\n")
				}
			}
			b.WriteString(ind + "</" + tag + ">\n")
		case []string:
			b.WriteString(ind + "<" + tag + ">\n")
			for _, x := range v {
				b.WriteString(ind + "  <Item>" + xmlEscape(x) + "</Item>\n")
			}
			b.WriteString(ind + "</" + tag + ">\n")
		default:
			b.WriteString(ind + "<" + tag + ">")
			switch v := v.(type) {
			case string:
				b.WriteString(xmlEscape(v))
			default:
				writeValue(b, v, level)
			}
			b.WriteString("</" + tag + ">\n")
		}
	}
}

// xmlEscape escapes text for XML as PostgreSQL's escape_xml does.
func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r", "&#x0d;").Replace(s)
}
