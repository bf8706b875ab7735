package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const hotProgram = `stream Hot = Reading .where(t > 30.0) .emit(s: s, t: t)
`

func TestRunCommand(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"p.vpl":     hotProgram,
		"bad.vpl":   "stream Broken = Reading.where(level ==)\n",
		"sem.vpl":   "stream A = X .having(n > 0)\n",
		"ok.evt":    "BATCH 1000\nReading { s: \"a\", t: 31.0 }\nReading { s: \"b\", t: 20.0 }\n",
		"bad.evt":   "Reading { s: \"a\", t: 31.0 }\nReading { s: \"b\", t: \nReading { s: \"c\", t: 40.0 }\n",
		"ok.jsonl":  `{"event_type":"Reading","ts":2000,"data":{"s":"j","t":35.5}}` + "\n",
		"bad.jsonl": "{\"event_type\":\"Reading\",\"data\":{\"s\":\"j\",\"t\":35.5}}\nnot json\n",
	})
	p := func(name string) string { return filepath.Join(dir, name) }
	line := `{"stream":"Hot","time":"1970-01-01T00:00:01Z","fields":{"s":"a","t":31.0}}` + "\n"
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string
		stderrHas  []string
		stdoutHas  string
		skipStdout bool
	}{
		{name: "evt file", args: []string{"run", p("p.vpl"), "--events", p("ok.evt"), "--quiet"}, code: 0, stdout: line},
		{name: "summary on stderr", args: []string{"run", p("p.vpl"), "-e", p("ok.evt")}, code: 0, stdout: line,
			stderrHas: []string{"events in: 2", "outputs: 1", "Hot: 1", "events/s"}},
		{name: "simulate alias", args: []string{"simulate", "-p", p("p.vpl"), "-e", p("ok.evt"), "-q"}, code: 0, stdout: line},
		{name: "jsonl by extension", args: []string{"run", p("p.vpl"), "--events", p("ok.jsonl"), "-q"}, code: 0,
			stdout: `{"stream":"Hot","time":"1970-01-01T00:00:02Z","fields":{"s":"j","t":35.5}}` + "\n"},
		{name: "malformed line stops", args: []string{"run", p("p.vpl"), "--events", p("bad.evt"), "-q"}, code: 1,
			stderrHas: []string{"bad.evt:2: error:", "stopped after 1 events"}, skipStdout: true},
		{name: "malformed jsonl line stops", args: []string{"run", p("p.vpl"), "--events", p("bad.jsonl"), "-q"}, code: 1,
			stderrHas: []string{"bad.jsonl:2: error:"}, skipStdout: true},
		{name: "malformed line skipped", args: []string{"run", p("p.vpl"), "--events", p("bad.evt"), "--on-error=skip", "--dead-letter", p("dead.txt")},
			code: 0, stderrHas: []string{"rejected lines: 1"}, stdoutHas: `"c"`},
		{name: "parse error", args: []string{"run", p("bad.vpl"), "--events", p("ok.evt")}, code: 1, stdout: "", stderrHas: []string{"bad.vpl:1:"}},
		{name: "semantic error", args: []string{"run", p("sem.vpl"), "--events", p("ok.evt")}, code: 1, stdout: "", stderrHas: []string{"E010"}},
		{name: "missing program", args: []string{"run", p("nope.vpl")}, code: 2, stdout: ""},
		{name: "missing events", args: []string{"run", p("p.vpl"), "--events", p("nope.evt")}, code: 2, stdout: ""},
		{name: "bad on-error", args: []string{"run", p("p.vpl"), "--on-error=maybe"}, code: 2, stdout: ""},
		{name: "bad format", args: []string{"run", p("p.vpl"), "--format", "xml"}, code: 2, stdout: ""},
		{name: "no program argument", args: []string{"run"}, code: 2, stdout: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := execute(tc.args, &stdout, &stderr)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, stdout.String(), stderr.String())
			}
			if !tc.skipStdout && tc.stdoutHas == "" && stdout.String() != tc.stdout {
				t.Errorf("stdout %q, want %q", stdout.String(), tc.stdout)
			}
			if tc.stdoutHas != "" && !strings.Contains(stdout.String(), tc.stdoutHas) {
				t.Errorf("stdout %q lacks %q", stdout.String(), tc.stdoutHas)
			}
			for _, s := range tc.stderrHas {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr.String())
				}
			}
		})
	}
	dead, err := os.ReadFile(p("dead.txt"))
	if err != nil || string(dead) != "Reading { s: \"b\", t: \n" {
		t.Errorf("dead letter file: %q, %v", dead, err)
	}
}

func TestRunOutFile(t *testing.T) {
	dir := writeFiles(t, map[string]string{"p.vpl": hotProgram, "e.evt": "Reading { s: \"x\", t: 99.0 }\n"})
	out := filepath.Join(dir, "out.jsonl")
	var stdout, stderr bytes.Buffer
	if code := execute([]string{"run", filepath.Join(dir, "p.vpl"), "-e", filepath.Join(dir, "e.evt"), "--out", out, "-q"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	got, _ := os.ReadFile(out)
	if want := `{"stream":"Hot","time":"1970-01-01T00:00:00Z","fields":{"s":"x","t":99.0}}` + "\n"; string(got) != want || stdout.Len() != 0 {
		t.Errorf("out file %q, stdout %q", got, stdout.String())
	}
}

// TestPrintWritesToStderr checks that `.print` lines and console sinks go
// to standard error, so that standard output holds only the JSON outputs
// of the streams.
func TestPrintWritesToStderr(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"p.vpl": "connector Out = console()\n" +
			"stream P = Reading .where(t > 30.0) .print(\"hot\", s)\n" +
			"stream Q = Reading .where(t > 30.0) .emit(s: s)\n" +
			"stream R = Reading .where(t < 30.0) .emit(low: s) .to(Out)\n",
		"e.evt": "Reading { s: \"a\", t: 31.0 }\nReading { s: \"b\", t: 3.0 }\n",
	})
	var stdout, stderr bytes.Buffer
	if code := execute([]string{"run", filepath.Join(dir, "p.vpl"), "-e", filepath.Join(dir, "e.evt"), "-q"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	// R's outputs are results of the program like Q's: on stdout, and a
	// copy goes to the console sink.
	if want := `{"stream":"Q","time":"1970-01-01T00:00:00Z","fields":{"s":"a"}}` + "\n" +
		`{"stream":"R","time":"1970-01-01T00:00:00Z","fields":{"low":"b"}}` + "\n"; stdout.String() != want {
		t.Errorf("stdout %q, want %q", stdout.String(), want)
	}
	if got := strings.Count(stderr.String(), "[PRINT]"); got != 1 || !strings.Contains(stderr.String(), `[PRINT] "hot" "a"`) {
		t.Errorf("stderr %q: want one line [PRINT] \"hot\" \"a\"", stderr.String())
	}
	if !strings.Contains(stderr.String(), `"fields":{"low":"b"}`) {
		t.Errorf("stderr %q lacks the console sink's line", stderr.String())
	}
}

// TestRunProcessingTime checks --time processing: events are stamped with
// the wall clock on arrival, whatever times the input gives them.
func TestRunProcessingTime(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"p.vpl": hotProgram,
		"e.evt": "@1000 Reading { s: \"a\", t: 31.0 }\n@2000 Reading { s: \"b\", t: 32.0 }\n",
	})
	args := []string{"run", filepath.Join(dir, "p.vpl"), "-e", filepath.Join(dir, "e.evt"), "-q", "--time", "processing"}
	before := time.Now()
	var stdout, stderr bytes.Buffer
	if code := execute(args, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	after := time.Now()
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 outputs, got %q", stdout.String())
	}
	var prev time.Time
	for _, l := range lines {
		var out struct {
			Time time.Time `json:"time"`
		}
		if err := json.Unmarshal([]byte(l), &out); err != nil {
			t.Fatal(err)
		}
		if out.Time.Before(before) || out.Time.After(after) || out.Time.Before(prev) {
			t.Errorf("output time %v is not the processing time (run between %v and %v, previous %v)", out.Time, before, after, prev)
		}
		prev = out.Time
	}
	var sink bytes.Buffer
	if code := execute([]string{"run", filepath.Join(dir, "p.vpl"), "--time", "wall"}, &sink, &sink); code != 2 {
		t.Errorf("--time wall: exit %d, want 2", code)
	}
}
