package sqllogictest

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// Options configure a run. The zero value runs every record with the
// defaults below.
type Options struct {
	// Root is the corpus directory. A file's ID is its path relative to
	// Root, with forward slashes; failure IDs are <file ID>:<line>.
	Root string
	// Files are the test files to run, relative to Root or absolute. Globs
	// are expanded, "**" matching any number of directories; a directory
	// stands for every *.test file under it. Empty means every *.test file
	// under Root.
	Files []string

	// Engine is the name skipif and onlyif match; default "postgresql".
	Engine string

	// Sample, when positive, runs at most Sample query records per file,
	// chosen by Seed; every statement record still runs, since later
	// records depend on them. Queries left out count as Unsampled.
	Sample int
	Seed   uint64

	// RecordTimeout bounds one record on one server (default 10s). The
	// query is cancelled with a CancelRequest; a server that does not
	// answer CancelGrace (default 2s) later has its connection broken, and
	// the runner reconnects to the same database.
	RecordTimeout time.Duration
	CancelGrace   time.Duration
	// FileBudget bounds one file, both servers together (default 10m).
	// Records not reached count as NotRun, and the file gets the failure
	// <file>:0 "time budget exceeded".
	FileBudget time.Duration

	// Parallel is how many files run at once (default 1).
	Parallel int

	// Progress, if set, is called after each file, from the goroutine that
	// ran it; calls may be concurrent when Parallel > 1.
	Progress func(FileResult)
}

func (o *Options) defaults() {
	if o.Engine == "" {
		o.Engine = "postgresql"
	}
	if o.RecordTimeout <= 0 {
		o.RecordTimeout = 10 * time.Second
	}
	if o.CancelGrace <= 0 {
		o.CancelGrace = 2 * time.Second
	}
	if o.FileBudget <= 0 {
		o.FileBudget = 10 * time.Minute
	}
	if o.Parallel <= 0 {
		o.Parallel = 1
	}
}

// Run runs the selected files against target and oracle and returns the
// report. Failures of the target are results in the report; the error is
// for a run that could not happen at all (no files, an unreadable corpus).
func Run(ctx context.Context, target, oracle Server, opts Options) (*Report, error) {
	opts.defaults()
	files, err := ListFiles(opts.Root, opts.Files)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("sqllogictest: no test files selected under %q", opts.Root)
	}
	start := time.Now()
	rep := &Report{Engine: opts.Engine, Sample: opts.Sample, Seed: opts.Seed, Files: make([]FileResult, len(files))}
	var wg sync.WaitGroup
	sem := make(chan struct{}, opts.Parallel)
	for i, id := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			fr := RunFile(ctx, target, oracle, filepath.Join(opts.Root, filepath.FromSlash(id)), id, opts)
			rep.Files[i] = fr
			if opts.Progress != nil {
				opts.Progress(fr)
			}
		}()
	}
	wg.Wait()
	for _, f := range rep.Files {
		rep.Total.add(f.Counts)
		rep.Failures = append(rep.Failures, f.Failures...)
	}
	rep.Duration = time.Since(start)
	return rep, nil
}

// ListFiles expands patterns (see Options.Files) under root and returns the
// matching file IDs, sorted.
func ListFiles(root string, patterns []string) ([]string, error) {
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	seen := map[string]bool{}
	var out []string
	add := func(path string) error {
		abs, err := filepath.Abs(path)
		if err != nil {
			return err
		}
		absRoot, err := filepath.Abs(root)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(absRoot, abs)
		if err != nil || strings.HasPrefix(rel, "..") {
			rel = abs
		}
		id := filepath.ToSlash(rel)
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
		return nil
	}
	walk := func(dir string) error {
		return filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(p, ".test") {
				return add(p)
			}
			return nil
		})
	}
	all, err := allFiles(root)
	if err != nil {
		return nil, err
	}
	for _, pat := range patterns {
		full := pat
		if !filepath.IsAbs(full) {
			full = filepath.Join(root, pat)
		}
		if st, err := os.Stat(full); err == nil {
			if st.IsDir() {
				if err := walk(full); err != nil {
					return nil, err
				}
			} else if err := add(full); err != nil {
				return nil, err
			}
			continue
		}
		n := 0
		for _, id := range all {
			if globMatch(filepath.ToSlash(pat), id) {
				if err := add(filepath.Join(root, filepath.FromSlash(id))); err != nil {
					return nil, err
				}
				n++
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("sqllogictest: %q matches no file under %q", pat, root)
		}
	}
	sort.Strings(out)
	return out, nil
}

// allFiles lists every *.test file under root as a slash-separated relative
// path.
func allFiles(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".test") {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out, err
}

// globMatch matches a slash-separated path against a pattern in which "**"
// matches any number of path elements and other elements follow
// path.Match.
func globMatch(pattern, name string) bool {
	ps := strings.Split(pattern, "/")
	ns := strings.Split(name, "/")
	var match func(p, n []string) bool
	match = func(p, n []string) bool {
		for len(p) > 0 {
			if p[0] == "**" {
				for k := 0; k <= len(n); k++ {
					if match(p[1:], n[k:]) {
						return true
					}
				}
				return false
			}
			if len(n) == 0 {
				return false
			}
			if ok, _ := filepath.Match(p[0], n[0]); !ok {
				return false
			}
			p, n = p[1:], n[1:]
		}
		return len(n) == 0
	}
	return match(ps, ns)
}

// sampled returns the lines of the query records a file runs under
// opts.Sample, or nil when every query runs.
func sampled(f *File, id string, opts Options) map[int]bool {
	if opts.Sample <= 0 {
		return nil
	}
	type cand struct {
		line int
		key  uint64
	}
	var cands []cand
	for _, r := range f.Records {
		if r.Kind == Halt && r.Runs(opts.Engine) {
			break
		}
		if r.Kind == Query && r.Runs(opts.Engine) {
			h := fnv.New64a()
			fmt.Fprintf(h, "%d\x00%s\x00%d", opts.Seed, id, r.Line)
			cands = append(cands, cand{r.Line, h.Sum64()})
		}
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].key < cands[j].key })
	keep := map[int]bool{}
	for i := 0; i < len(cands) && i < opts.Sample; i++ {
		keep[cands[i].line] = true
	}
	return keep
}

// labelState remembers, per label, the oracle's result hash from the first
// query with that label on which the oracle succeeded.
type labelState struct {
	hash string
	line int
}

// RunFile runs one test file at path, with ID id, against target and
// oracle, each in a fresh database. Problems of the target are reported in
// the result, never returned.
func RunFile(ctx context.Context, target, oracle Server, path, id string, opts Options) (fr FileResult) {
	opts.defaults()
	start := time.Now()
	fr = FileResult{File: id, ran: map[int]verdict{}}
	defer func() { fr.Duration = time.Since(start) }()

	f, err := ParseFile(path)
	if err != nil {
		fr.Error = err.Error()
		fr.Failures = append(fr.Failures, Failure{ID: id + ":0", File: id, Reason: "parse: " + err.Error()})
		fr.Counts.Failed++
		return fr
	}

	fctx, cancel := context.WithTimeout(ctx, opts.FileBudget)
	defer cancel()

	fileFailure := func(reason string) FileResult {
		fr.Error = reason
		fr.Failures = append(fr.Failures, Failure{ID: id + ":0", File: id, Reason: reason})
		fr.Counts.Failed++
		for _, r := range f.Records {
			if r.Kind == Statement || r.Kind == Query {
				fr.Counts.NotRun++
			}
		}
		return fr
	}

	// Fresh databases on both servers.
	type db struct {
		srv  Server
		name string
		sess *session
	}
	var dbs [2]*db
	for i, srv := range []Server{oracle, target} {
		role := [2]string{"oracle", "target"}[i]
		name := databaseName("slt_"+role[:1], strings.TrimSuffix(id, ".test"))
		dsn, err := srv.NewDatabase(fctx, name)
		if err != nil {
			return fileFailure(fmt.Sprintf("%s: create database: %s", role, oneLine(err.Error())))
		}
		d := &db{srv: srv, name: name, sess: &session{dsn: dsn, grace: opts.CancelGrace}}
		dbs[i] = d
		defer func() {
			d.sess.close()
			if dd, ok := d.srv.(DatabaseDropper); ok {
				dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				dd.DropDatabase(dctx, d.name)
				cancel()
			}
		}()
	}
	oSess, tSess := dbs[0].sess, dbs[1].sess

	keep := sampled(f, id, opts)
	threshold := 0
	labels := map[string]labelState{}
	halted := false
	for ri := range f.Records {
		r := &f.Records[ri]
		if r.Kind != Statement && r.Kind != Query {
			if !halted && r.Runs(opts.Engine) {
				switch r.Kind {
				case HashThreshold:
					threshold = r.Threshold
				case Halt:
					halted = true
				}
			}
			continue
		}
		if halted || !r.Runs(opts.Engine) {
			fr.Counts.Skipped++
			continue
		}
		if r.Kind == Query && keep != nil && !keep[r.Line] {
			fr.Counts.Unsampled++
			continue
		}
		if fctx.Err() != nil {
			fr.Counts.NotRun++
			continue
		}

		// Run on both servers at once.
		var o, t outcome
		done := make(chan struct{})
		go func() {
			defer close(done)
			t = tSess.exec(fctx, r.SQL, opts.RecordTimeout)
		}()
		o = oSess.exec(fctx, r.SQL, opts.RecordTimeout)
		<-done
		if ctx.Err() == nil && fctx.Err() != nil {
			// The budget ran out during this record.
			fr.Counts.NotRun++
			continue
		}

		recID := fmt.Sprintf("%s:%d", id, r.Line)
		fail := func(reason string, tRes, oRes string) {
			fr.Counts.Failed++
			fr.ran[r.Line] = verdictFail
			fr.Failures = append(fr.Failures, Failure{
				ID: recID, File: id, Line: r.Line, Reason: truncate(reason, 300),
				SQL: truncate(r.SQL, 500), Target: tRes, Oracle: oRes,
			})
		}
		expectOK := r.Kind == Query || !r.ExpectError

		if r.Kind == Statement {
			if o.ok() == expectOK {
				fr.Counts.SQLiteAgree++
			} else {
				fr.Counts.SQLiteDisagree++
			}
			switch {
			case !o.ok() && expectOK:
				fr.Counts.NotApplicable++
				fr.ran[r.Line] = verdictNotApplicable
			case o.ok() == t.ok():
				fr.Counts.Passed++
				fr.ran[r.Line] = verdictPass
			case o.ok():
				fail("target: "+t.describe(), t.describe(), "ok")
			default:
				fail("target succeeded where the oracle failed ("+o.describe()+")", "ok", o.describe())
			}
			continue
		}

		// Query.
		if !o.ok() {
			fr.Counts.SQLiteDisagree++
			fr.Counts.NotApplicable++
			fr.ran[r.Line] = verdictNotApplicable
			continue
		}
		ores := FormatRows(r.Types, o.rows, o.columns, r.SortMode)
		if r.HasExpected {
			if ores.Matches(r.Expected) {
				fr.Counts.SQLiteAgree++
			} else {
				fr.Counts.SQLiteDisagree++
			}
		}
		var lbl *labelState
		if r.Label != "" {
			l, ok := labels[r.Label]
			if !ok {
				l = labelState{hash: ores.Hash(), line: r.Line}
				labels[r.Label] = l
			}
			if l.hash == ores.Hash() {
				lbl = &l
			}
		}
		if !t.ok() {
			fail("target: "+t.describe(), t.describe(), lines(ores, threshold))
			continue
		}
		tres := FormatRows(r.Types, t.rows, t.columns, r.SortMode)
		switch {
		case tres.Columns != ores.Columns:
			fail(fmt.Sprintf("target returned %d columns, oracle %d", tres.Columns, ores.Columns), lines(tres, threshold), lines(ores, threshold))
		case !tres.Equal(ores):
			fail("result differs: "+diffValues(tres, ores), lines(tres, threshold), lines(ores, threshold))
		case lbl != nil && tres.Hash() != lbl.hash:
			fail(fmt.Sprintf("label %s: result differs from line %d", r.Label, lbl.line), lines(tres, threshold), lines(ores, threshold))
		default:
			fr.Counts.Passed++
			fr.ran[r.Line] = verdictPass
		}
	}
	if ctx.Err() == nil && fctx.Err() != nil && errors.Is(fctx.Err(), context.DeadlineExceeded) {
		fr.BudgetExceeded = true
		fr.Failures = append(fr.Failures, Failure{ID: id + ":0", File: id, Reason: fmt.Sprintf("time budget of %v exceeded", opts.FileBudget)})
		fr.Counts.Failed++
	}
	return fr
}

// lines renders a result the way the file would print it, one line.
func lines(r Result, threshold int) string {
	return truncate(fmt.Sprintf("%d columns: %s", r.Columns, strings.Join(r.Lines(threshold), " | ")), 300)
}

// diffValues describes the first difference between two results.
func diffValues(t, o Result) string {
	if len(t.Values) != len(o.Values) {
		return fmt.Sprintf("target has %d values, oracle %d", len(t.Values), len(o.Values))
	}
	for i := range t.Values {
		if t.Values[i] != o.Values[i] {
			row, col := i, 0
			if t.Columns > 0 {
				row, col = i/t.Columns, i%t.Columns
			}
			return truncate(fmt.Sprintf("row %d column %d: target %q, oracle %q", row+1, col+1, t.Values[i], o.Values[i]), 250)
		}
	}
	return "results differ"
}

// CIFiles is the file selection for continuous integration, meant with
// Sample 20: every file except 10 of the 14 statement-heavy index/delete
// files. PostgreSQL against itself runs it in about 50 seconds on the
// development machine (2 cores), the whole corpus at Sample 20 in about
// 105.
var CIFiles = []string{
	"select*.test", "evidence", "index/between", "index/in", "random/groupby",
	"index/delete/1", "index/delete/10/slt_good_0.test",
	"index/delete/100/slt_good_0.test", "index/delete/1000/slt_good_0.test",
}
