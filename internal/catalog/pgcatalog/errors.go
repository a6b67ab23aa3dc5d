package pgcatalog

import "github.com/tuskdb/tusk/internal/pgerror"

func errUndefinedTable(name string) error {
	return pgerror.New(pgerror.UndefinedTable, `relation "%s" does not exist`, name)
}

func errUndefinedColumn(col, table string) error {
	return pgerror.New(pgerror.UndefinedColumn, `column "%s" of relation "%s" does not exist`, col, table)
}
