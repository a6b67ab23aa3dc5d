package planner

// The cost model: PostgreSQL's cost units (a sequential page read is 1)
// and its default cpu_* settings, over tusk's operators. Costs only rank
// alternatives; EXPLAIN's figures are computed in package plan.
const (
	seqPageCost       = 1.0
	cpuTupleCost      = 0.01
	cpuIndexTupleCost = 0.005
	cpuOperatorCost   = 0.0025
	// rowsPerPage is the rows a page is assumed to hold.
	rowsPerPage = 100.0
	// indexProbeCost is the cost of one descent of an index from an outer
	// row: a key seek in the store, its iterator and the inner plan's
	// set-up. Measured in memory, a probe took about 4.6 µs where a hash
	// join spent 0.5 µs per row it read, so a probe costs some ten rows;
	// 0.15 leans toward the hash join, which degrades more gently when
	// estimates are off.
	indexProbeCost = 0.15
)

// seqScanCost is the cost of reading rows rows and testing nquals
// conditions on each.
func seqScanCost(rows float64, nquals int) float64 {
	return rows/rowsPerPage*seqPageCost + rows*(cpuTupleCost+float64(nquals)*cpuOperatorCost)
}

// hashJoinCost is the cost a hash join adds over its inputs: hashing the
// inner (right) rows, probing with each outer row, emitting out rows.
func hashJoinCost(outer, inner, out float64) float64 {
	return inner*(cpuTupleCost+cpuOperatorCost) + outer*cpuOperatorCost + out*cpuTupleCost
}

// mergeJoinCost is the cost a merge join of two inputs already ordered on
// the keys adds over them: every row of either side passes the key
// comparison and is copied (the outer row into the output, the inner row
// into the run of equal keys), emitting out rows. It needs no table of the
// inner side, so it undercuts the hash join only when the inner side is
// much larger than the outer one (some three times), as an outer join
// whose sides are fixed can make it.
func mergeJoinCost(outer, inner, out float64) float64 {
	return (outer+inner)*cpuTupleCost + out*cpuTupleCost
}

// nestLoopCost is the cost a nested loop adds over its inputs: a rescan
// of the kept inner rows per outer row, testing the condition on every
// pair, emitting out rows. The rescans make the smaller input the better
// outer side, as PostgreSQL chooses.
func nestLoopCost(outer, inner, out float64) float64 {
	return outer*cpuTupleCost + outer*inner*cpuOperatorCost + out*cpuTupleCost
}

// indexNestLoopCost is the cost an index nested loop adds over its outer
// input: an index probe per outer row fetching perProbe rows, each tested
// by nquals further conditions, emitting out rows.
func indexNestLoopCost(outer, perProbe float64, nquals int, out float64) float64 {
	return outer*(indexProbeCost+perProbe*(cpuTupleCost+cpuIndexTupleCost+float64(nquals+1)*cpuOperatorCost)) + out*cpuTupleCost
}
