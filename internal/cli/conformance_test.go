package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/varpulis/varpulis-go/internal/testdirs"
)

// pendingCases lists the conformance cases that cannot pass yet, with the
// reason. Each is reported as skipped, never silently ignored. Shrink this
// list as features land: VARPULIS_RUN_PENDING=1 runs them anyway.
var pendingCases = map[string]string{}

// findCases locates shared/conformance/cases by walking up from the
// working directory.
func findCases() (string, bool) {
	return testdirs.FindUp(filepath.Join("shared", "conformance", "cases"))
}

// execute runs the varpulis command line in-process, exactly as Run does,
// and returns the exit code. It registers run if the root does not have it
// yet.
func execute(args []string, stdout, stderr *bytes.Buffer) int {
	root := NewRootCommand()
	have := map[string]bool{}
	for _, c := range root.Commands() {
		have[c.Name()] = true
	}
	for _, c := range []*cobra.Command{newRunCommand(), newSimulateCommand()} {
		if !have[c.Name()] {
			root.AddCommand(c)
		}
	}
	root.SetArgs(args)
	root.SetIn(strings.NewReader(""))
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(context.Background())
	if err == nil {
		return ExitOK
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err != nil {
			fmt.Fprintf(stderr, "varpulis: %v\n", ee.Err)
		}
		return ee.Code
	}
	fmt.Fprintf(stderr, "varpulis: %v\n", err)
	return ExitUsage
}

func TestConformance(t *testing.T) {
	dir, ok := findCases()
	if !ok {
		t.Skip("shared/conformance/cases not found above the working directory")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n++
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			if reason, ok := pendingCases[name]; ok && os.Getenv("VARPULIS_RUN_PENDING") == "" {
				t.Skip("pending: " + reason)
			}
			runCase(t, filepath.Join(dir, name))
		})
	}
	if n == 0 {
		t.Fatal("no conformance cases found")
	}
}

// output is one parsed output line.
type output struct {
	Stream string         `json:"stream"`
	Time   string         `json:"time"`
	Fields map[string]any `json:"fields"`
}

func runCase(t *testing.T, dir string) {
	var stdout, stderr bytes.Buffer
	code := execute([]string{"run", filepath.Join(dir, "program.vpl"), "--events", filepath.Join(dir, "events.evt"), "--quiet"}, &stdout, &stderr)

	if raw, err := os.ReadFile(filepath.Join(dir, "expected.json")); err == nil {
		var exp struct {
			Stream          string           `json:"stream"`
			Count           *int             `json:"count"`
			Contains        []map[string]any `json:"contains"`
			Error           string           `json:"error"`
			MessageContains string           `json:"message_contains"`
		}
		if err := decodeJSON(raw, &exp); err != nil {
			t.Fatalf("expected.json: %v", err)
		}
		if exp.Error != "" {
			if code == ExitOK {
				t.Fatalf("want a %s error, the program ran (stdout %q)", exp.Error, stdout.String())
			}
			if stdout.Len() != 0 {
				t.Errorf("a rejected program must process no events; stdout: %q", stdout.String())
			}
			msg := strings.ToLower(stdout.String() + stderr.String())
			if exp.MessageContains != "" && !strings.Contains(msg, strings.ToLower(exp.MessageContains)) {
				t.Errorf("error output does not contain %q:\n%s", exp.MessageContains, stderr.String())
			}
			return
		}
		outs := parseOutputs(t, code, &stdout, &stderr)
		var mine []output
		for _, o := range outs {
			if o.Stream == exp.Stream {
				mine = append(mine, o)
			}
		}
		if exp.Count != nil && len(mine) != *exp.Count {
			t.Errorf("stream %s: %d outputs, want %d\n%s", exp.Stream, len(mine), *exp.Count, stdout.String())
		}
		for _, want := range exp.Contains {
			found := false
			for _, o := range mine {
				if matchesPartial(want, o.Fields) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("stream %s: no output matches %v\n%s", exp.Stream, want, stdout.String())
			}
		}
		return
	}

	raw, err := os.ReadFile(filepath.Join(dir, "expected.jsonl"))
	if err != nil {
		t.Fatalf("case has neither expected.json nor expected.jsonl: %v", err)
	}
	var want []output
	streams := map[string]bool{}
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var o output
		if err := decodeJSON([]byte(line), &o); err != nil {
			t.Fatalf("expected.jsonl: %v", err)
		}
		want = append(want, o)
		streams[o.Stream] = true
	}
	var got []output
	for _, o := range parseOutputs(t, code, &stdout, &stderr) {
		if streams[o.Stream] {
			got = append(got, o)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d outputs, want %d\ngot:\n%s", len(got), len(want), stdout.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "unordered")); err == nil {
		used := make([]bool, len(got))
		for _, w := range want {
			found := false
			for i, g := range got {
				if !used[i] && g.Stream == w.Stream && matchesExact(w.Fields, g.Fields) {
					used[i], found = true, true
					break
				}
			}
			if !found {
				t.Errorf("no output matches %s %v\ngot:\n%s", w.Stream, w.Fields, stdout.String())
			}
		}
		return
	}
	for i := range want {
		if got[i].Stream != want[i].Stream || !matchesExact(want[i].Fields, got[i].Fields) {
			t.Errorf("output %d: got %s %v, want %s %v", i, got[i].Stream, got[i].Fields, want[i].Stream, want[i].Fields)
		}
	}
}

func decodeJSON(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return dec.Decode(v)
}

func parseOutputs(t *testing.T, code int, stdout, stderr *bytes.Buffer) []output {
	t.Helper()
	if code != ExitOK {
		t.Fatalf("exit code %d\nstderr:\n%s", code, stderr.String())
	}
	var outs []output
	for _, line := range strings.Split(stdout.String(), "\n") {
		if line == "" {
			continue
		}
		var o output
		if err := decodeJSON([]byte(line), &o); err != nil {
			t.Fatalf("output line %q: %v", line, err)
		}
		outs = append(outs, o)
	}
	return outs
}

// matchesExact reports whether got has exactly the keys of want with equal
// values.
func matchesExact(want, got map[string]any) bool {
	if len(want) != len(got) {
		return false
	}
	return matchesPartial(want, got)
}

// matchesPartial reports whether every key of want is in got with an equal
// value.
func matchesPartial(want, got map[string]any) bool {
	for k, w := range want {
		g, ok := got[k]
		if !ok || !jsonEqual(w, g) {
			return false
		}
	}
	return true
}

// jsonEqual compares decoded JSON values with the corpus' numeric rule:
// numbers by value (an int equals a float of the same value), floats
// within a relative tolerance of 1e-9.
func jsonEqual(a, b any) bool {
	switch x := a.(type) {
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		if x == y {
			return true
		}
		fx, err1 := x.Float64()
		fy, err2 := y.Float64()
		if err1 != nil || err2 != nil {
			return false
		}
		if fx == 0 {
			return math.Abs(fy) <= 1e-9
		}
		return math.Abs(fx-fy) <= 1e-9*math.Abs(fx)
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !jsonEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		return ok && matchesExact(x, y)
	case nil:
		return b == nil
	}
	return a == b
}

// TestPendingCasesExist keeps the pending list honest: every entry must
// name a real case.
func TestPendingCasesExist(t *testing.T) {
	dir, ok := findCases()
	if !ok {
		t.Skip("shared/conformance/cases not found")
	}
	var names []string
	for name := range pendingCases {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("pending case %s does not exist", name)
		}
	}
}
