package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
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

// bigInput builds an input of at least size bytes by repeating chunk(i)
// for i = 0, 1, ...
func bigInput(size int, chunk func(i int) string) []byte {
	b := make([]byte, 0, size+4096)
	for i := 0; len(b) < size; i++ {
		b = append(b, chunk(i)...)
	}
	return b
}

// TestCheckCommandLargeInputs runs `varpulis check` on 50 MB inputs: a
// program of many declarations among long comment lines, one 50 MB line,
// 50 MB of pseudo-random bytes (cut off at MaxErrors syntax errors, E124)
// and a file beyond the 64 MiB limit (E122). Each must finish with the
// right exit status and never crash; the test is not timed.
func TestCheckCommandLargeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB inputs: skipped with -short")
	}
	const size = 50 << 20
	comment := "# " + strings.Repeat("long comment line ", 110) + "\n"
	rnd := uint64(0x9E3779B97F4A7C15)
	tests := []struct {
		name     string
		src      func() []byte
		code     int
		inStderr string
	}{
		{"program", func() []byte {
			return bigInput(size, func(i int) string {
				return comment + "stream S" + strconv.Itoa(i) + " = Reading .where(temp > " + strconv.Itoa(i%90) + ".5) .emit(t: temp)\n"
			})
		}, ExitOK, ""},
		{"one line", func() []byte {
			return []byte("let s = \"" + strings.Repeat("x", size) + "\"\nstream S = Reading .where(name == s)\n")
		}, ExitOK, ""},
		{"random bytes", func() []byte {
			return bigInput(size, func(int) string {
				var chunk [64]byte
				for j := range chunk {
					rnd ^= rnd << 13
					rnd ^= rnd >> 7
					rnd ^= rnd << 17
					chunk[j] = byte(rnd)
				}
				return string(chunk[:])
			})
		}, ExitFail, "error[E124]"},
		{"beyond the size limit", func() []byte {
			return bigInput(65<<20, func(int) string { return comment })
		}, ExitFail, "error[E122]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "big.vpl")
			if err := os.WriteFile(p, tc.src(), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := runCheck(t, "-q", p)
			if code != tc.code {
				t.Errorf("exit code %d, want %d\nstderr (start):\n%.2000s", code, tc.code, stderr)
			}
			if !strings.Contains(stderr, tc.inStderr) {
				t.Errorf("stderr lacks %q:\n%.2000s", tc.inStderr, stderr)
			}
		})
	}
}
