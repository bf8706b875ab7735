package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCheck runs the check command with args and returns the exit code and
// outputs, mapping errors to exit codes the way Run does.
func runCheck(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	cmd := newCheckCommand()
	var out, errOut bytes.Buffer
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SilenceUsage = true
	cmd.SilenceErrors = true
	err := cmd.Execute()
	code := ExitOK
	if err != nil {
		var ee *ExitError
		if errors.As(err, &ee) {
			code = ee.Code
			if ee.Err != nil {
				errOut.WriteString(ee.Err.Error())
			}
		} else {
			code = ExitUsage
			errOut.WriteString(err.Error())
		}
	}
	return code, out.String(), errOut.String()
}

func writeVPL(t *testing.T, dir, name, src string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCheckCommand(t *testing.T) {
	dir := t.TempDir()
	good := writeVPL(t, dir, "good.vpl", "stream Hot = Reading\n    .where(temp > 30.0)\n    .emit(t: temp)\n")
	warn := writeVPL(t, dir, "warn.vpl", "stream Count = Reading\n    .aggregate(n: count())\n")
	bad := writeVPL(t, dir, "bad.vpl", "stream S = Reading\n    .window(5m)\n    .aggregate(a: avgg(temp))\n")
	syntax := writeVPL(t, dir, "syntax.vpl", "stream Broken = Reading.where(level ==)\n")
	missing := filepath.Join(dir, "missing.vpl")

	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   string
		inStderr []string
	}{
		{"valid", []string{good}, ExitOK, good + ": ok\n", nil},
		{"quiet", []string{"-q", good}, ExitOK, "", nil},
		{"warnings allowed", []string{warn}, ExitOK, warn + ": ok\n", []string{"warning[W001]"}},
		{"semantic error", []string{bad}, ExitFail, "", []string{
			bad + ":3:19: error[E070]: unknown aggregate function `avgg`",
			"    .aggregate(a: avgg(temp))",
			"                  ^^^^",
			"hint: did you mean `avg`?",
		}},
		{"syntax error", []string{syntax}, ExitFail, "", []string{syntax + ":1:37: error[E112]"}},
		{"several files", []string{good, bad, warn}, ExitFail, good + ": ok\n" + warn + ": ok\n", []string{"E070"}},
		{"missing file", []string{good, missing}, ExitUsage, good + ": ok\n", []string{"cannot read " + missing}},
		{"missing and invalid", []string{bad, missing}, ExitUsage, "", []string{"E070", "cannot read"}},
		{"no arguments", nil, ExitUsage, "", []string{"requires at least 1 arg"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCheck(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit code %d, want %d\nstderr:\n%s", code, tc.code, stderr)
			}
			if stdout != tc.stdout {
				t.Errorf("stdout = %q, want %q", stdout, tc.stdout)
			}
			for _, s := range tc.inStderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
		})
	}
}

func TestCheckCommandImports(t *testing.T) {
	dir := t.TempDir()
	writeVPL(t, dir, "lib.vpl", "let limit = 30\n")
	main := writeVPL(t, dir, "main.vpl", "import \"lib.vpl\"\nstream Hot = Reading.where(temp > limit)\n")
	if code, _, stderr := runCheck(t, main); code != ExitOK {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	broken := writeVPL(t, dir, "broken.vpl", "import \"nope.vpl\"\n")
	code, _, stderr := runCheck(t, broken)
	if code != ExitFail || !strings.Contains(stderr, "error[E095]") {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
}

// TestCheckCommandDiagnosticsSortedAndDeduped checks that diagnostics are
// printed in source order.
func TestCheckCommandDiagnosticsSorted(t *testing.T) {
	dir := t.TempDir()
	p := writeVPL(t, dir, "p.vpl", "stream B = A .wher(x)\nstream A = C .having(y > 1)\nlet k = nope(1)\n")
	code, _, stderr := runCheck(t, p)
	if code != ExitFail {
		t.Fatalf("exit %d", code)
	}
	i1 := strings.Index(stderr, "E091")
	i2 := strings.Index(stderr, "E010")
	i3 := strings.Index(stderr, "E050")
	if i1 < 0 || i2 < 0 || i3 < 0 || !(i1 < i2 && i2 < i3) {
		t.Errorf("diagnostics not in source order:\n%s", stderr)
	}
}
