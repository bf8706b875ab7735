package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// runFmtCmd runs the fmt command with args and stdin and returns the exit
// code and outputs, mapping errors to exit codes the way Run does.
func runFmtCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	cmd := newFmtCommand()
	var out, errOut bytes.Buffer
	cmd.SetArgs(args)
	cmd.SetIn(strings.NewReader(stdin))
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

const (
	fmtMessy = "stream Hot  = Reading .where(temp>30.0) .emit(t: temp)   # hot\n\n\n\nlet x = 'a'\n"
	fmtClean = "stream Hot = Reading\n    .where(temp > 30.0)\n    .emit(t: temp) # hot\n\nlet x = \"a\"\n"
)

func TestFmtCommand(t *testing.T) {
	dir := t.TempDir()
	messy := writeVPL(t, dir, "messy.vpl", fmtMessy)
	clean := writeVPL(t, dir, "clean.vpl", fmtClean)
	syntax := writeVPL(t, dir, "syntax.vpl", "stream Broken = Reading.where(level ==)\n")
	missing := filepath.Join(dir, "missing.vpl")

	tests := []struct {
		name     string
		stdin    string
		args     []string
		code     int
		stdout   string
		inStderr string
	}{
		{name: "stdout", args: []string{messy}, stdout: fmtClean},
		{name: "already formatted", args: []string{clean}, stdout: fmtClean},
		{name: "two files", args: []string{messy, clean}, stdout: fmtClean + fmtClean},
		{name: "list", args: []string{"-l", messy, clean}, stdout: messy + "\n"},
		{name: "stdin", stdin: fmtMessy, stdout: fmtClean},
		{name: "stdin dash", stdin: fmtMessy, args: []string{"-"}, stdout: fmtClean},
		{name: "syntax error", args: []string{syntax}, code: ExitFail, inStderr: "syntax.vpl:1:"},
		{name: "syntax error and good file", args: []string{syntax, clean}, code: ExitFail, stdout: fmtClean, inStderr: "error[E112]"},
		{name: "missing file", args: []string{missing}, code: ExitUsage, inStderr: "cannot read"},
		{name: "write stdin", stdin: fmtMessy, args: []string{"-w"}, code: ExitUsage, inStderr: "standard input"},
		{name: "unknown flag", args: []string{"-x", clean}, code: ExitUsage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runFmtCmd(t, tc.stdin, tc.args...)
			if code != tc.code {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tc.code, stderr)
			}
			if stdout != tc.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout, tc.stdout)
			}
			if !strings.Contains(stderr, tc.inStderr) {
				t.Errorf("stderr %q does not contain %q", stderr, tc.inStderr)
			}
		})
	}
	// Nothing above may modify the files.
	for path, want := range map[string]string{messy: fmtMessy, clean: fmtClean} {
		if got, _ := os.ReadFile(path); string(got) != want {
			t.Errorf("%s was modified", path)
		}
	}
}

func TestFmtCommandWrite(t *testing.T) {
	dir := t.TempDir()
	messy := writeVPL(t, dir, "messy.vpl", fmtMessy)
	if err := os.Chmod(messy, 0o600); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	nested := writeVPL(t, sub, "nested.vpl", fmtMessy)
	other := writeVPL(t, sub, "notes.txt", fmtMessy)
	syntax := writeVPL(t, dir, "syntax.vpl", "stream Broken = Reading.where(level ==)\n")

	code, stdout, stderr := runFmtCmd(t, "", "-w", "-l", dir)
	if code != ExitFail {
		t.Errorf("exit code %d, want %d (a file has syntax errors); stderr %q", code, ExitFail, stderr)
	}
	if want := messy + "\n" + nested + "\n"; stdout != want {
		t.Errorf("listed %q, want %q", stdout, want)
	}
	for _, p := range []string{messy, nested} {
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != fmtClean {
			t.Errorf("%s not rewritten:\n%s", p, got)
		}
	}
	if got, _ := os.ReadFile(other); string(got) != fmtMessy {
		t.Errorf("non-.vpl file was modified")
	}
	if got, _ := os.ReadFile(syntax); string(got) != "stream Broken = Reading.where(level ==)\n" {
		t.Errorf("file with syntax errors was modified")
	}
	if runtime.GOOS != "windows" {
		if info, err := os.Stat(messy); err != nil || info.Mode().Perm() != 0o600 {
			t.Errorf("mode not kept: %v %v", info.Mode(), err)
		}
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".fmt-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	// A second run changes nothing and lists nothing.
	code, stdout, _ = runFmtCmd(t, "", "-l", messy, nested)
	if code != ExitOK || stdout != "" {
		t.Errorf("second run: code %d, listed %q", code, stdout)
	}
}
