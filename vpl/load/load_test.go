package load_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/load"
)

var update = flag.Bool("update", false, "rewrite docs/errors.md")

// repoRoot walks up from the working directory to the module root.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// TestErrorsDocUpToDate checks that docs/errors.md is what ErrorsDoc
// generates. Run with -update to rewrite it.
func TestErrorsDocUpToDate(t *testing.T) {
	path := filepath.Join(repoRoot(t), "docs", "errors.md")
	want := load.ErrorsDoc()
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (generate it with: go test ./vpl/load -run TestErrorsDocUpToDate -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("docs/errors.md is out of date; regenerate it with: go test ./vpl/load -run TestErrorsDocUpToDate -update")
	}
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func render(p *load.Program, l diag.List) string {
	var b bytes.Buffer
	_ = diag.Render(&b, p.Fset, l)
	return b.String()
}

func codes(l diag.List) []string {
	var out []string
	for _, d := range l {
		out = append(out, d.Code)
	}
	return out
}

func TestImportsPrependedAndResolvedRelative(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"main.vpl":       "import \"lib/common.vpl\"\nstream Hot = Readings.where(temp > limit)\n",
		"lib/common.vpl": "import \"events.vpl\"\nlet limit = 30\nstream Readings = Reading\n",
		"lib/events.vpl": "event Reading:\n    temp: float\n",
		"lib/unused.vpl": "this is not VPL (\n",
	})
	p, l := load.File(filepath.Join(dir, "main.vpl"))
	if l.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", render(p, l))
	}
	// Imported statements come first, each file's own imports before it.
	var kinds []string
	for _, s := range p.File.Stmts {
		kinds = append(kinds, strings.TrimPrefix(fmt.Sprintf("%T", s), "*ast."))
	}
	want := "EventDecl ImportStmt VarDecl StreamDecl ImportStmt StreamDecl"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("statements = %s, want %s", got, want)
	}
	if p.Info.Events["Reading"] == nil || p.Info.Globals["limit"] == nil || p.Info.Streams["Readings"] == nil {
		t.Errorf("imported declarations not resolved: %+v", p.Info)
	}
	if got := strings.Join(p.Info.Order, ","); got != "Readings,Hot" {
		t.Errorf("order = %s", got)
	}
}

func TestImportEachFileOnce(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"main.vpl": "import \"a.vpl\"\nimport \"b.vpl\"\nstream S = X\n",
		"a.vpl":    "import \"shared.vpl\"\n",
		"b.vpl":    "import \"shared.vpl\"\n",
		// Declared once: a second copy would be E001.
		"shared.vpl": "event X:\n    v: int\n",
	})
	p, l := load.File(filepath.Join(dir, "main.vpl"))
	if len(l) != 0 {
		t.Fatalf("unexpected diagnostics:\n%s", render(p, l))
	}
}

func TestImportErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		code  string
		text  string
	}{
		{"missing", map[string]string{"main.vpl": "import \"nope.vpl\"\n"}, "E095", `main.vpl:1:8: error[E095]: cannot import "nope.vpl": no such file`},
		{"self", map[string]string{"main.vpl": "import \"main.vpl\"\n"}, "E096", "import cycle: main.vpl imports main.vpl"},
		{"cycle", map[string]string{
			"main.vpl": "import \"a.vpl\"\n",
			"a.vpl":    "import \"b.vpl\"\n",
			"b.vpl":    "import \"a.vpl\"\n",
		}, "E096", "b.vpl:1:8: error[E096]: import cycle: a.vpl imports b.vpl imports a.vpl"},
		{"syntax error in import", map[string]string{
			"main.vpl": "import \"a.vpl\"\n",
			"a.vpl":    "stream = \n",
		}, "E110", "a.vpl:1:8: error[E110]"},
		{"semantic error across files", map[string]string{
			"main.vpl": "import \"a.vpl\"\nstream S = A\n",
			"a.vpl":    "stream S = B\n",
		}, "E002", "main.vpl:2:8: error[E002]: stream `S` is already declared at "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, tc.files)
			p, l := load.File(filepath.Join(dir, "main.vpl"))
			out := render(p, l)
			if !strings.Contains(strings.Join(codes(l), " "), tc.code) {
				t.Fatalf("want code %s, got:\n%s", tc.code, out)
			}
			if !strings.Contains(out, tc.text) {
				t.Errorf("want %q in:\n%s", tc.text, out)
			}
		})
	}
}

func TestImportDepthLimit(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 13; i++ {
		next := ""
		if i < 12 {
			next = "import \"f" + string(rune('a'+i+1)) + ".vpl\"\n"
		}
		files["f"+string(rune('a'+i))+".vpl"] = next
	}
	dir := writeFiles(t, files)
	p, l := load.File(filepath.Join(dir, "fa.vpl"))
	out := render(p, l)
	if len(l) != 1 || l[0].Code != "E097" {
		t.Fatalf("want one E097, got:\n%s", out)
	}
	// fa imports fb at depth 1 ... the import at depth 11 is refused.
	if !strings.Contains(out, "fk.vpl:1:8: error[E097]") {
		t.Errorf("E097 reported at the wrong import:\n%s", out)
	}
}

func TestFileMissing(t *testing.T) {
	p, l := load.File(filepath.Join(t.TempDir(), "absent.vpl"))
	if p == nil || p.Info == nil || p.File == nil {
		t.Fatal("nil program")
	}
	out := render(p, l)
	if len(l) != 1 || l[0].Code != "E095" || !strings.Contains(out, "absent.vpl:1:1: error[E095]: cannot read program: no such file") {
		t.Fatalf("got:\n%s", out)
	}
}

func TestSemanticNoiseDroppedInBrokenStatements(t *testing.T) {
	// The window call is never closed: only the syntax error is reported,
	// not "`.window` needs a size".
	p, l := load.Source("p.vpl", []byte("stream Broken = Readings.window(\n"))
	out := render(p, l)
	for _, d := range l {
		if !strings.HasPrefix(d.Code, "E1") {
			t.Errorf("semantic diagnostic in a broken statement:\n%s", out)
		}
	}
	if !l.HasErrors() {
		t.Fatal("no error")
	}
	// Statements without syntax errors are still checked.
	_, l = load.Source("p.vpl", []byte("stream Broken = Readings.window(\nstream S = A .wher(x > 1)\n"))
	if !strings.Contains(strings.Join(codes(l), " "), "E091") {
		t.Errorf("semantic error of an intact statement dropped: %v", codes(l))
	}
}

func TestCustomReadFile(t *testing.T) {
	cfg := &load.Config{ReadFile: func(path string) ([]byte, error) {
		if filepath.Base(path) == "lib.vpl" {
			return []byte("let limit = 3\n"), nil
		}
		return nil, os.ErrNotExist
	}}
	p, l := cfg.Source("/virtual/main.vpl", []byte("import \"lib.vpl\"\nstream S = A.where(x > limit)\n"))
	if len(l) != 0 {
		t.Fatalf("diagnostics:\n%s", render(p, l))
	}
	if p.Info.Globals["limit"] == nil {
		t.Error("import through Config.ReadFile not loaded")
	}
}
