// Package planner turns an analyzed Query into a physical plan: the third
// stage of the path of a query (PostgreSQL's optimizer/).
//
// It chooses scan and join methods, places filters, and lays out
// aggregation, sorting and limits, then rewrites column references into
// positions in each node's input (plan.InputRef), as PostgreSQL's setrefs.c
// does. The README in this directory describes the search and the cost
// model as they grow.
package planner
