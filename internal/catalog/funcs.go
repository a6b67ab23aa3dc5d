package catalog

// User-defined functions, procedures and triggers (PostgreSQL's pg_proc
// and pg_trigger rows for objects created by CREATE FUNCTION, CREATE
// PROCEDURE and CREATE TRIGGER). Functions are overloaded, so they have
// no entry in the name index of Snapshot; FuncsNamed finds them by name
// through an index each snapshot builds, and TriggersOf finds a table's
// triggers the same way.

// FuncDef describes a user-defined function or procedure.
type FuncDef struct {
	// Kind is 'f' for a function, 'p' for a procedure (prokind).
	Kind byte `json:"kind"`
	// Args are the input parameter types (proargtypes): IN, INOUT and
	// VARIADIC parameters.
	Args []Oid `json:"args,omitempty"`
	// AllArgs, ArgModes and ArgNames describe every parameter, OUT ones
	// included (proallargtypes, proargmodes, proargnames); AllArgs and
	// ArgModes are empty when every parameter is IN.
	AllArgs  []Oid    `json:"allargs,omitempty"`
	ArgModes string   `json:"argmodes,omitempty"`
	ArgNames []string `json:"argnames,omitempty"`
	// Defaults are the SQL texts of the defaults of the last input
	// parameters (pronargdefaults of them).
	Defaults []string `json:"defaults,omitempty"`
	Ret      Oid      `json:"ret"`
	RetSet   bool     `json:"retset,omitempty"`
	// RetTable is set when the result is a table's row type (RETURNS
	// tbl, RETURNS SETOF tbl); Ret is then record.
	RetTable Oid `json:"rettable,omitempty"`
	// Lang is the language name: "sql" or "plpgsql".
	Lang string `json:"lang"`
	// Body is prosrc: the function's source text. For a SQL function
	// with a BEGIN ATOMIC body it is the body's statements.
	Body       string  `json:"body"`
	Strict     bool    `json:"strict,omitempty"`
	Volatility byte    `json:"volatility"`
	SecDef     bool    `json:"secdef,omitempty"`
	Leakproof  bool    `json:"leakproof,omitempty"`
	Parallel   byte    `json:"parallel,omitempty"`
	Cost       float64 `json:"cost"`
	Rows       float64 `json:"rows"`
	// Config holds SET clauses as "name=value" (proconfig).
	Config  []string `json:"config,omitempty"`
	Comment string   `json:"comment,omitempty"`
}

// TriggerDef describes a trigger on a table.
type TriggerDef struct {
	Table Oid `json:"table"`
	Func  Oid `json:"func"`
	// Timing is "BEFORE", "AFTER" or "INSTEAD OF".
	Timing string `json:"timing"`
	// Insert, Update, Delete and Truncate are the events it fires on.
	Insert   bool `json:"insert,omitempty"`
	Update   bool `json:"update,omitempty"`
	Delete   bool `json:"delete,omitempty"`
	Truncate bool `json:"truncate,omitempty"`
	// UpdateCols restricts an UPDATE trigger to these columns (UPDATE OF).
	UpdateCols []string `json:"updatecols,omitempty"`
	ForEachRow bool     `json:"row,omitempty"`
	// When is the WHEN condition's SQL text, "" when there is none.
	When string `json:"when,omitempty"`
	// Args are the arguments given to the function (TG_ARGV).
	Args     []string `json:"args,omitempty"`
	Disabled bool     `json:"disabled,omitempty"`
	// Def is the CREATE TRIGGER statement, for pg_get_triggerdef.
	Def     string `json:"def,omitempty"`
	Comment string `json:"comment,omitempty"`
}

// buildIndexes fills the snapshot's function and trigger indexes.
func (s *Snapshot) buildIndexes() {
	s.funcs = map[string][]Oid{}
	s.triggers = map[Oid][]Oid{}
	for _, d := range s.byOid {
		switch d.Kind {
		case KindFunction:
			s.funcs[d.Name] = append(s.funcs[d.Name], d.Oid)
		case KindTrigger:
			s.triggers[d.Trigger.Table] = append(s.triggers[d.Trigger.Table], d.Oid)
		}
	}
}

// FuncsNamed returns the functions and procedures with the given name in
// every schema, as the transaction sees them.
func (t *Txn) FuncsNamed(name string) []*Desc {
	var out []*Desc
	for _, o := range t.base.funcs[name] {
		if _, ok := t.changed[o]; ok {
			continue
		}
		if d := t.base.byOid[o]; d != nil {
			out = append(out, d)
		}
	}
	for _, d := range t.changed {
		if d.Kind == KindFunction && d.Name == name {
			out = append(out, d)
		}
	}
	sortDescs(out)
	return out
}

// TriggersOf returns a table's triggers ordered by name, the order
// PostgreSQL fires them in.
func (t *Txn) TriggersOf(table Oid) []*Desc {
	var out []*Desc
	for _, o := range t.base.triggers[table] {
		if _, ok := t.changed[o]; ok {
			continue
		}
		if d := t.base.byOid[o]; d != nil {
			out = append(out, d)
		}
	}
	for _, d := range t.changed {
		if d.Kind == KindTrigger && d.Trigger.Table == table {
			out = append(out, d)
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Name < out[j-1].Name; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// AllFuncs returns every user-defined function and procedure, by OID.
func (t *Txn) AllFuncs() []*Desc {
	var out []*Desc
	for _, d := range t.All() {
		if d.Kind == KindFunction {
			out = append(out, d)
		}
	}
	return out
}

func sortDescs(ds []*Desc) {
	for i := 1; i < len(ds); i++ {
		for j := i; j > 0 && ds[j].Oid < ds[j-1].Oid; j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
}
