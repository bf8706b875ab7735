package checker_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/load"
)

// sharedDir walks up from the working directory to a directory holding
// shared/conformance and returns its shared/ directory, or skips the test.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared")
		if st, err := os.Stat(filepath.Join(p, "conformance")); err == nil && st.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("shared/conformance not found above the working directory")
		}
		dir = parent
	}
}

type expectation struct {
	Error           string `json:"error"`
	MessageContains string `json:"message_contains"`
	Code            string `json:"code"`
}

func renderAll(p *load.Program, l diag.List) string {
	var b bytes.Buffer
	_ = diag.Render(&b, p.Fset, l)
	return b.String()
}

// TestConformancePrograms loads every conformance program: programs whose
// expected.json names an error must be rejected with an error of that kind
// (parse: a scanner/parser E1xx code; semantic: a checker code), whose
// rendered text contains message_contains; every other program must load
// without errors.
func TestConformancePrograms(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join(sharedDir(t), "conformance", "cases", "*"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no conformance cases: %v", err)
	}
	var accepted, rejected int
	for _, dir := range cases {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(dir, "program.vpl"))
			if err != nil {
				t.Skip("no program.vpl")
			}
			var exp expectation
			if raw, err := os.ReadFile(filepath.Join(dir, "expected.json")); err == nil {
				// expected.json may be a count expectation; only the error
				// fields matter here.
				_ = json.Unmarshal(raw, &exp)
			}
			p, l := load.Source(filepath.Join(dir, "program.vpl"), src)
			l = l.Dedupe(p.Fset)
			out := renderAll(p, l)
			if exp.Error == "" {
				if l.HasErrors() {
					t.Fatalf("valid program rejected:\n%s", out)
				}
				accepted++
				return
			}
			if !l.HasErrors() {
				t.Fatalf("program must be rejected (%s error), got:\n%s", exp.Error, out)
			}
			rejected++
			var parseErr, semErr bool
			for _, d := range l {
				if d.Severity != diag.Error {
					continue
				}
				if strings.HasPrefix(d.Code, "E1") {
					parseErr = true
				} else {
					semErr = true
				}
			}
			switch exp.Error {
			case "parse":
				if !parseErr {
					t.Errorf("want a syntax error (E1xx), got:\n%s", out)
				}
			case "semantic":
				if parseErr || !semErr {
					t.Errorf("want only semantic errors, got:\n%s", out)
				}
			}
			if exp.MessageContains != "" && !strings.Contains(strings.ToLower(out), strings.ToLower(exp.MessageContains)) {
				t.Errorf("output lacks %q:\n%s", exp.MessageContains, out)
			}
			if exp.Code != "" && !strings.Contains(out, "error["+exp.Code+"]") {
				t.Errorf("want code %s (the original validator's), got:\n%s", exp.Code, out)
			}
		})
	}
	t.Logf("conformance programs: %d accepted, %d rejected as expected", accepted, rejected)
}

// TestSpecExamples checks the VPL in the normative spec (vpl.md): every
// inline code span that is a whole statement (stream or pattern
// declaration) or a whole source chain must pass the checker; operation
// fragments with concrete arguments are checked inside a neutral stream.
// Fragments with placeholders (d, k, cond, …, |) are skipped.
func TestSpecExamples(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(sharedDir(t), "spec", "vpl.md"))
	if err != nil {
		t.Skip("vpl.md not found")
	}
	spans := regexp.MustCompile("`([^`]+)`").FindAllStringSubmatch(string(raw), -1)
	placeholder := regexp.MustCompile(`…|\.\.\.|\||\((d|k|cond|n|x|T)\)|\bp\b|\bT\b`)
	checked := 0
	for _, m := range spans {
		frag := strings.TrimSpace(m[1])
		var prog string
		switch {
		case placeholder.MatchString(frag):
			continue
		case strings.HasPrefix(frag, "stream ") || strings.HasPrefix(frag, "pattern "):
			prog = frag + "\n"
		case regexp.MustCompile(`^[A-Z]\w* as \w+ (->|\.not)`).MatchString(frag):
			prog = "stream Example = " + frag + "\n"
		case regexp.MustCompile(`^\.(window|watermark|allowed_lateness)\(`).MatchString(frag):
			prog = "stream Example = Reading " + frag + "\n"
		default:
			continue
		}
		checked++
		t.Logf("checking %q", prog)
		p, l := load.Source("vpl.md", []byte(prog))
		if l.HasErrors() {
			t.Errorf("spec example %q is rejected:\n%s", frag, renderAll(p, l))
		}
	}
	if checked < 5 {
		t.Errorf("only %d spec examples found; the extraction is broken", checked)
	}
	t.Logf("checked %d examples of vpl.md", checked)
}
