package sqllogictest

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestBaseline(t *testing.T) {
	rep := &Report{
		Files: []FileResult{
			{File: "a.test", ran: map[int]verdict{3: verdictPass, 7: verdictFail, 9: verdictFail, 11: verdictNotApplicable}},
			{File: "b.test", ran: map[int]verdict{}},
		},
		Failures: []Failure{
			{ID: "a.test:7", Reason: "result differs"},
			{ID: "a.test:9", Reason: "target: timeout"},
			{ID: "b.test:0", Reason: "time budget of 1s exceeded"},
		},
	}
	path := filepath.Join(t.TempDir(), "slt.baseline")
	os.WriteFile(path, []byte("# comment\n\n"+
		"a.test:3  passes now\n"+
		"a.test:7  old reason\n"+
		"a.test:11  not applicable now\n"+
		"a.test:20  not run (sampled out)\n"+
		"c.test:5  other file\n"), 0o644)
	b, err := ReadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	d := b.Compare(rep)
	if len(d.New) != 2 || d.New[0].ID != "a.test:9" || d.New[1].ID != "b.test:0" {
		t.Errorf("new failures %+v, want a.test:9 and b.test:0", d.New)
	}
	if !reflect.DeepEqual(d.Fixed, []string{"a.test:3"}) || d.Expected != 1 || d.OK() {
		t.Errorf("diff %+v, want a.test:3 fixed and 1 expected", d)
	}

	if err := b.Update(rep).Write(path); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	want := "# Expected failures: <file>:<line>  <reason>. Rewritten by tusk-slt -update.\n" +
		"a.test:7  result differs\n" +
		"a.test:9  target: timeout\n" +
		"a.test:20  not run (sampled out)\n" +
		"b.test:0  time budget of 1s exceeded\n" +
		"c.test:5  other file\n"
	if string(got) != want {
		t.Errorf("updated baseline:\n%s\nwant:\n%s", got, want)
	}
	b2, err := ReadBaseline(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := b2.Compare(rep); !d.OK() || d.Expected != 3 {
		t.Errorf("updated baseline does not match the run: %+v", d)
	}

	os.WriteFile(path, []byte("nonsense here\n"), 0o644)
	if _, err := ReadBaseline(path); err == nil {
		t.Error("a malformed baseline line is accepted")
	}
}
