package checker_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/engine/agg"
	"github.com/varpulis/varpulis-go/vpl/checker"
	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/load"
)

// TestCodeExamples runs every example of the code table through the
// loader: it must report its code, and an error example no other error.
func TestCodeExamples(t *testing.T) {
	cfg := &load.Config{ReadFile: func(string) ([]byte, error) { return nil, os.ErrNotExist }}
	for _, c := range checker.Codes {
		if c.Example == "" {
			continue
		}
		t.Run(c.Code, func(t *testing.T) {
			p, l := cfg.Source("main.vpl", []byte(c.Example+"\n"))
			out := renderAll(p, l)
			found := false
			for _, d := range l {
				if d.Code == c.Code {
					found = true
					if d.Severity != c.Severity {
						t.Errorf("%s reported as %v, table says %v", c.Code, d.Severity, c.Severity)
					}
					continue
				}
				if d.Severity == diag.Error {
					t.Errorf("example of %s also reports %s:\n%s", c.Code, d.Code, out)
				}
			}
			if !found {
				t.Errorf("example does not report %s:\n%s\n%s", c.Code, c.Example, out)
			}
		})
	}
}

// TestCodeTable checks that codes are unique and sorted, described, and
// that every code the checker source mentions is in the table.
func TestCodeTable(t *testing.T) {
	seen := map[string]bool{}
	var order []string
	for _, c := range checker.Codes {
		if seen[c.Code] {
			t.Errorf("duplicate code %s", c.Code)
		}
		seen[c.Code] = true
		order = append(order, c.Code)
		if c.Title == "" {
			t.Errorf("%s has no description", c.Code)
		}
		if (c.Code[0] == 'W') != (c.Severity == diag.Warning) {
			t.Errorf("%s: severity %v does not match its letter", c.Code, c.Severity)
		}
	}
	if !sort.SliceIsSorted(order, func(i, j int) bool {
		// errors first, then warnings, each in numeric order
		return order[i] < order[j]
	}) {
		t.Errorf("codes are not sorted: %v", order)
	}
	files, _ := filepath.Glob("*.go")
	re := regexp.MustCompile(`"([EW]0\d\d)"`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			if !seen[m[1]] {
				t.Errorf("%s: code %s is not in Codes", f, m[1])
			}
		}
	}
}

// TestAggregateNamesMatchEngine cross-checks the checker's aggregate
// function names and arities with engine/agg.
func TestAggregateNamesMatchEngine(t *testing.T) {
	engine := map[string][2]int{}
	for _, f := range agg.Funcs() {
		engine[f.Name] = [2]int{f.MinArgs, f.MaxArgs}
	}
	checked := map[string][2]int{}
	for _, name := range checker.AggregateFuncs() {
		lo, hi, _ := checker.AggregateArity(name)
		checked[name] = [2]int{lo, hi}
	}
	for name, ar := range engine {
		if got, ok := checked[name]; !ok {
			t.Errorf("engine aggregate %s unknown to the checker", name)
		} else if got != ar {
			t.Errorf("%s: checker arity %v, engine %v", name, got, ar)
		}
	}
	for name := range checked {
		if _, ok := engine[name]; !ok {
			t.Errorf("checker aggregate %s not implemented by engine/agg", name)
		}
	}
}
