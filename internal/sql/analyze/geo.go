package analyze

import (
	"github.com/tuskdb/tusk/internal/pgerror"
	"github.com/tuskdb/tusk/internal/sql/types"
)

// checkSortGroup reports PostgreSQL's error for sorting or grouping by a
// type that has no btree or hash operator class: the geometric types
// have comparison operators, but none in an operator class, so
// get_sort_group_operators finds no ordering (ORDER BY) or equality
// (GROUP BY, DISTINCT, UNION, INTERSECT, EXCEPT) operator for them.
func (a *Analyzer) checkSortGroup(t *types.T, ordering bool, loc int32) error {
	t = types.BaseType(t)
	elem := t
	for elem.IsArray() && elem.Elem != nil {
		// An array has the operators its element type has.
		elem = types.BaseType(elem.Elem)
	}
	if elem.Family != types.FamGeo {
		return nil
	}
	if ordering {
		return a.errorAt(loc, pgerror.UndefinedFunction, "could not identify an ordering operator for type %s", t.SQLNameNoTypmod()).
			WithHint("Use an explicit ordering operator or modify the query.")
	}
	return a.errorAt(loc, pgerror.UndefinedFunction, "could not identify an equality operator for type %s", t.SQLNameNoTypmod())
}
