package sqllogictest

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"
)

// Counts are the outcomes of a file's or a run's records. Every statement
// and query record lands in exactly one of Passed, Failed, NotApplicable,
// Skipped, Unsampled and NotRun; file-level failures (<file>:0) add to
// Failed as well.
type Counts struct {
	// Passed: the target did what the oracle did (both succeeded or both
	// failed; for a query, the same printed result).
	Passed int `json:"passed"`
	// Failed: the target differed from the oracle, timed out, or lost its
	// connection.
	Failed int `json:"failed"`
	// NotApplicable: the oracle itself failed where the file expects
	// success. Never counted as passed.
	NotApplicable int `json:"not_applicable"`
	// Skipped: excluded by skipif/onlyif for the engine, or after halt.
	Skipped int `json:"skipped"`
	// Unsampled: queries left out by Options.Sample.
	Unsampled int `json:"unsampled"`
	// NotRun: records not reached because the file could not start or its
	// time budget ran out.
	NotRun int `json:"not_run"`

	// SQLiteAgree and SQLiteDisagree are informational: whether the
	// oracle's outcome matched the file's expected (SQLite) outcome, over
	// records the oracle ran.
	SQLiteAgree    int `json:"sqlite_agree"`
	SQLiteDisagree int `json:"sqlite_disagree"`
}

func (c *Counts) add(o Counts) {
	c.Passed += o.Passed
	c.Failed += o.Failed
	c.NotApplicable += o.NotApplicable
	c.Skipped += o.Skipped
	c.Unsampled += o.Unsampled
	c.NotRun += o.NotRun
	c.SQLiteAgree += o.SQLiteAgree
	c.SQLiteDisagree += o.SQLiteDisagree
}

func (c Counts) String() string {
	return fmt.Sprintf("passed %d, failed %d, n/a %d, skipped %d, unsampled %d, not run %d (PostgreSQL agrees with SQLite on %d of %d)",
		c.Passed, c.Failed, c.NotApplicable, c.Skipped, c.Unsampled, c.NotRun, c.SQLiteAgree, c.SQLiteAgree+c.SQLiteDisagree)
}

// Failure is one failed record, or a file-level failure with Line 0.
type Failure struct {
	// ID is "<file>:<line>", stable across runs: the line of the record's
	// statement or query keyword.
	ID     string `json:"id"`
	File   string `json:"file"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
	SQL    string `json:"sql,omitempty"`
	// Target and Oracle render each server's outcome in one line.
	Target string `json:"target,omitempty"`
	Oracle string `json:"oracle,omitempty"`
}

// FileResult is the outcome of one file.
type FileResult struct {
	File           string        `json:"file"`
	Counts         Counts        `json:"counts"`
	Failures       []Failure     `json:"failures,omitempty"`
	Duration       time.Duration `json:"duration_ns"`
	BudgetExceeded bool          `json:"budget_exceeded,omitempty"`
	// Error is set when the file could not run at all (parse error, no
	// database).
	Error string `json:"error,omitempty"`

	// ran records, by line, the verdict of every record that ran.
	ran map[int]verdict
}

type verdict int

const (
	verdictPass verdict = iota
	verdictFail
	verdictNotApplicable
)

// Report is the outcome of a run.
type Report struct {
	Engine   string        `json:"engine"`
	Sample   int           `json:"sample"`
	Seed     uint64        `json:"seed"`
	Total    Counts        `json:"total"`
	Duration time.Duration `json:"duration_ns"`
	Files    []FileResult  `json:"files"`
	Failures []Failure     `json:"failures"`
}

// WriteJSON writes the report as indented JSON to path.
func (r *Report) WriteJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// WriteSummary writes one line per file and the total.
func (r *Report) WriteSummary(w io.Writer) {
	for _, f := range r.Files {
		fmt.Fprintf(w, "%-45s %s  %.1fs\n", f.File, f.Counts, f.Duration.Seconds())
	}
	fmt.Fprintf(w, "%-45s %s  %.1fs\n", "TOTAL", r.Total, r.Duration.Seconds())
}
