package analyze

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
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

// targetLocations returns the position of each of n output columns in the
// select list: a column from a * expansion is at the *, as PostgreSQL
// places its Vars; -1 where that cannot be told (more than one *).
func targetLocations(list []*pg_query.Node, n int) []int32 {
	locs := make([]int32, 0, n)
	stars := 0
	for _, item := range list {
		if isStarTarget(item) {
			stars++
		}
	}
	for _, item := range list {
		val := item.GetResTarget().GetVal()
		if isStarTarget(item) {
			if stars > 1 {
				break
			}
			for k := 0; k < n-(len(list)-1); k++ {
				locs = append(locs, nodeLocation(val))
			}
			continue
		}
		locs = append(locs, nodeLocation(val))
	}
	for len(locs) < n {
		locs = append(locs, -1)
	}
	return locs[:n]
}

func isStarTarget(item *pg_query.Node) bool {
	cr := item.GetResTarget().GetVal().GetColumnRef()
	return cr != nil && len(cr.Fields) > 0 && cr.Fields[len(cr.Fields)-1].GetAStar() != nil
}
