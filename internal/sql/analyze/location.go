package analyze

import (
	"google.golang.org/protobuf/reflect/protoreflect"
)

// minLocation returns the smallest "location" field in a parse tree, or -1:
// the start of the construct for error positions when its node has no
// location of its own.
func minLocation(m protoreflect.Message) int32 {
	best := int32(-1)
	var walk func(m protoreflect.Message)
	walk = func(m protoreflect.Message) {
		m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.Name() == "location" && fd.Kind() == protoreflect.Int32Kind:
				if l := int32(v.Int()); l >= 0 && (best < 0 || l < best) {
					best = l
				}
			case fd.IsList() && fd.Kind() == protoreflect.MessageKind:
				l := v.List()
				for i := 0; i < l.Len(); i++ {
					walk(l.Get(i).Message())
				}
			case fd.Kind() == protoreflect.MessageKind && !fd.IsMap():
				walk(v.Message())
			}
			return true
		})
	}
	walk(m)
	return best
}

// openParenBefore finds the "(" that opens a parenthesized construct
// starting at or before byte offset loc.
func (a *Analyzer) openParenBefore(loc int32) int32 {
	if loc < 0 || int(loc) > len(a.sql) {
		return -1
	}
	depth := 0
	for i := int(loc) - 1; i >= 0; i-- {
		switch a.sql[i] {
		case ')':
			depth++
		case '(':
			if depth == 0 {
				return int32(i)
			}
			depth--
		}
	}
	return -1
}
