package cli_test

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/varpulis/varpulis-go/internal/cli"
)

// Each folder of examples/ is a scenario: NAME/NAME.vpl, NAME/events.evt,
// NAME/expected.jsonl (the exact output of `varpulis run NAME.vpl --events
// events.evt`) and NAME/README.md. The expected outputs were derived by hand
// from the language contract; this test checks that the engine agrees, line
// for line.

// runTimeout bounds one example run (each has at most 200 events).
const runTimeout = time.Minute

// pendingExamples lists examples that cannot pass yet, with the reason.
// Remove an entry as soon as the feature it waits for lands.
var pendingExamples = map[string]string{}

// TestExamplesLayout checks that every example folder is complete and that
// its event file is of the promised size, without running anything.
func TestExamplesLayout(t *testing.T) {
	for _, dir := range exampleDirs(t) {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			for _, f := range []string{name + ".vpl", "events.evt", "expected.jsonl", "README.md"} {
				if !exists(filepath.Join(dir, f)) {
					t.Errorf("missing %s", f)
				}
			}
			n := countEvents(t, filepath.Join(dir, "events.evt"))
			if n < 30 || n > 200 {
				t.Errorf("events.evt holds %d events, want 30 to 200", n)
			}
			if len(readLines(t, filepath.Join(dir, "expected.jsonl"))) == 0 {
				t.Error("expected.jsonl is empty: an example should produce output")
			}
		})
	}
}

// TestExamples runs every example through `varpulis run` and compares its
// standard output with expected.jsonl, line by line.
func TestExamples(t *testing.T) {
	requireCommand(t, "run")
	for _, dir := range exampleDirs(t) {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			if reason, ok := pendingExamples[name]; ok {
				t.Skip(reason)
			}
			prog := filepath.Join(dir, name+".vpl")
			events := filepath.Join(dir, "events.evt")
			var stdout, stderr bytes.Buffer
			code, ok := runCLI(t, runTimeout, []string{"run", prog, "--events", events, "--quiet"}, &stdout, &stderr)
			if !ok {
				t.Fatalf("varpulis run did not finish within %v", runTimeout)
			}
			if code != cli.ExitOK {
				if msg, ok := notLandedYet(stderr.String()); ok {
					t.Skipf("needs an engine feature that has not landed yet: %s", msg)
				}
				t.Fatalf("varpulis run exited with %d\n--- stderr\n%s", code, stderr.String())
			}
			want := readLines(t, filepath.Join(dir, "expected.jsonl"))
			got := splitLines(stdout.String())
			compareLines(t, got, want)
		})
	}
}

// notLandedYet reports whether the diagnostics of a failed run say that a
// feature is not supported yet (error E090 "... not supported yet by this
// engine"), and returns that line. Such examples skip until the feature
// lands; any other failure fails the test.
func notLandedYet(stderr string) (string, bool) {
	for _, line := range strings.Split(stderr, "\n") {
		if strings.Contains(line, "error[E090]") && strings.Contains(line, "not supported yet") {
			return strings.TrimSpace(line), true
		}
	}
	return "", false
}

// compareLines reports every position where got and want differ.
func compareLines(t *testing.T, got, want []string) {
	t.Helper()
	n := max(len(got), len(want))
	bad := 0
	for i := range n {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			bad++
			t.Errorf("line %d:\n  got  %s\n  want %s", i+1, orNone(g), orNone(w))
		}
	}
	if bad > 0 {
		t.Logf("got %d lines, want %d\n--- full output\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
}

func orNone(s string) string {
	if s == "" {
		return "(no line)"
	}
	return s
}

// exampleDirs returns the folders of examples/, sorted by name.
func exampleDirs(t *testing.T) []string {
	t.Helper()
	root := filepath.Join(repoRoot(t), "examples")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatalf("reading examples: %v", err)
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join(root, e.Name()))
		}
	}
	if len(dirs) == 0 {
		t.Fatal("no examples found")
	}
	return dirs
}

// countEvents counts the event lines of an .evt file: lines that are not
// blank, comments or BATCH markers.
func countEvents(t *testing.T, path string) int {
	t.Helper()
	n := 0
	for _, line := range readLines(t, path) {
		line = strings.TrimSpace(line)
		switch {
		case line == "", strings.HasPrefix(line, "#"), strings.HasPrefix(line, "//"), strings.HasPrefix(line, "BATCH"):
		default:
			n++
		}
	}
	return n
}

// readLines returns the non-empty lines of a file.
func readLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return splitLines(string(data))
}

func splitLines(s string) []string {
	var lines []string
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		if line := sc.Text(); line != "" {
			lines = append(lines, line)
		}
	}
	return lines
}
