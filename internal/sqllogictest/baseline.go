package sqllogictest

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

// Baseline is a list of expected failures: one "<file>:<line>  <reason>"
// per line; '#' starts a comment line. A run matches its baseline when
// every failure is listed and no listed record that ran now passes.
type Baseline map[string]string // failure ID -> reason

// ReadBaseline reads a baseline file.
func ReadBaseline(path string) (Baseline, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := Baseline{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, reason, _ := strings.Cut(line, " ")
		if _, _, ok := splitID(id); !ok {
			return nil, fmt.Errorf("%s:%d: want <file>:<line>, got %q", path, n, id)
		}
		b[id] = strings.TrimSpace(reason)
	}
	return b, sc.Err()
}

// splitID splits "<file>:<line>".
func splitID(id string) (file string, line int, ok bool) {
	i := strings.LastIndexByte(id, ':')
	if i <= 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(id[i+1:])
	if err != nil || n < 0 {
		return "", 0, false
	}
	return id[:i], n, true
}

// BaselineDiff is how a run differs from its baseline.
type BaselineDiff struct {
	// New are failures the baseline does not list.
	New []Failure
	// Fixed are listed IDs whose records ran and passed (or, for
	// <file>:0, whose file ran without a file-level failure).
	Fixed []string
	// Expected counts failures the baseline lists.
	Expected int
}

// OK reports whether the run matches the baseline.
func (d BaselineDiff) OK() bool { return len(d.New) == 0 && len(d.Fixed) == 0 }

// Compare compares a run with the baseline. Listed records that did not
// run (other files, sampled out, skipped, not applicable) are ignored.
func (b Baseline) Compare(r *Report) BaselineDiff {
	var d BaselineDiff
	for _, f := range r.Failures {
		if _, ok := b[f.ID]; ok {
			d.Expected++
		} else {
			d.New = append(d.New, f)
		}
	}
	files := map[string]*FileResult{}
	for i := range r.Files {
		files[r.Files[i].File] = &r.Files[i]
	}
	failed := map[string]bool{}
	for _, f := range r.Failures {
		failed[f.ID] = true
	}
	for id := range b {
		file, line, _ := splitID(id)
		fr := files[file]
		if fr == nil || failed[id] {
			continue
		}
		if line == 0 || fr.ran[line] == verdictPass && hasLine(fr.ran, line) {
			d.Fixed = append(d.Fixed, id)
		}
	}
	sortIDs(d.Fixed)
	return d
}

func hasLine(m map[int]verdict, line int) bool { _, ok := m[line]; return ok }

// Update returns the baseline rewritten for this run: entries of files the
// run did not touch and of records that did not run are kept; entries of
// records that ran are replaced by this run's failures.
func (b Baseline) Update(r *Report) Baseline {
	files := map[string]*FileResult{}
	for i := range r.Files {
		files[r.Files[i].File] = &r.Files[i]
	}
	nb := Baseline{}
	for id, reason := range b {
		file, line, _ := splitID(id)
		fr := files[file]
		if fr == nil || (line != 0 && !hasLine(fr.ran, line)) {
			nb[id] = reason
		}
	}
	for _, f := range r.Failures {
		nb[f.ID] = f.Reason
	}
	return nb
}

// Write writes the baseline sorted by file and line.
func (b Baseline) Write(path string) error {
	ids := make([]string, 0, len(b))
	for id := range b {
		ids = append(ids, id)
	}
	sortIDs(ids)
	var sb strings.Builder
	sb.WriteString("# Expected failures: <file>:<line>  <reason>. Rewritten by tusk-slt -update.\n")
	for _, id := range ids {
		reason := strings.Join(strings.Fields(b[id]), " ")
		fmt.Fprintf(&sb, "%s  %s\n", id, reason)
	}
	return os.WriteFile(path, []byte(sb.String()), 0o644)
}

func sortIDs(ids []string) {
	sort.Slice(ids, func(i, j int) bool {
		fi, li, _ := splitID(ids[i])
		fj, lj, _ := splitID(ids[j])
		if fi != fj {
			return fi < fj
		}
		return li < lj
	})
}
