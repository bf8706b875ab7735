package parser

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/token"
)

// sharedDir finds the shared/ folder that sits beside the repository by
// walking up from the working directory; "" when there is none.
func sharedDir() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		cand := filepath.Join(dir, "shared")
		if st, err := os.Stat(filepath.Join(cand, "conformance")); err == nil && st.IsDir() {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// conformancePrograms returns the program.vpl files of the conformance
// corpus, or skips the test.
func conformancePrograms(tb testing.TB) []string {
	shared := sharedDir()
	if shared == "" {
		tb.Skip("shared/conformance not found beside the repository")
	}
	files, err := filepath.Glob(filepath.Join(shared, "conformance", "cases", "*", "program.vpl"))
	if err != nil || len(files) == 0 {
		tb.Skipf("no conformance programs under %s", shared)
	}
	return files
}

// TestConformancePrograms parses every conformance program: the ones whose
// expected.json says {"error": "parse"} must be rejected, all others must
// parse without a diagnostic.
func TestConformancePrograms(t *testing.T) {
	files := conformancePrograms(t)
	parsed, rejected := 0, 0
	for _, name := range files {
		dir := filepath.Dir(name)
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		wantParseError := false
		if b, err := os.ReadFile(filepath.Join(dir, "expected.json")); err == nil {
			var exp struct {
				Error           string `json:"error"`
				MessageContains string `json:"message_contains"`
			}
			if json.Unmarshal(b, &exp) == nil && exp.Error == "parse" {
				wantParseError = true
			}
		}
		fset := token.NewFileSet()
		_, diags := ParseFile(fset, filepath.Base(dir)+"/program.vpl", src, 0)
		switch {
		case wantParseError && !diags.HasErrors():
			t.Errorf("%s: expected a syntax error, got none", filepath.Base(dir))
		case !wantParseError && len(diags) > 0:
			t.Errorf("%s: unexpected diagnostics:\n%s", filepath.Base(dir), renderDiags(fset, diags))
		case wantParseError:
			rejected++
		default:
			parsed++
		}
	}
	t.Logf("%d conformance programs parsed, %d rejected as expected", parsed, rejected)
}

// TestConformanceMessages checks message_contains of the parse-error cases.
func TestConformanceMessages(t *testing.T) {
	for _, name := range conformancePrograms(t) {
		dir := filepath.Dir(name)
		b, err := os.ReadFile(filepath.Join(dir, "expected.json"))
		if err != nil {
			continue
		}
		var exp struct {
			Error           string `json:"error"`
			MessageContains string `json:"message_contains"`
		}
		if json.Unmarshal(b, &exp) != nil || exp.Error != "parse" || exp.MessageContains == "" {
			continue
		}
		src, _ := os.ReadFile(name)
		fset := token.NewFileSet()
		_, diags := ParseFile(fset, "program.vpl", src, 0)
		out := strings.ToLower(renderDiags(fset, diags))
		if !strings.Contains(out, strings.ToLower(exp.MessageContains)) {
			t.Errorf("%s: diagnostics do not contain %q:\n%s", filepath.Base(dir), exp.MessageContains, out)
		}
	}
}

var fence = regexp.MustCompile("(?m)^```[a-z]*\n")

// specBlocks returns the fenced code blocks of a markdown file that look
// like VPL programs: they start with a declaration keyword (or a comment)
// and are not grammar listings, keyword lists or event files.
func specBlocks(text string) []string {
	var blocks []string
	locs := fence.FindAllStringIndex(text, -1)
	for i := 0; i+1 < len(locs); i += 2 {
		body := text[locs[i][1]:locs[i+1][0]]
		if looksLikeVPL(body) {
			blocks = append(blocks, body)
		}
	}
	return blocks
}

func looksLikeVPL(body string) bool {
	if strings.Contains(body, "(*") || strings.Contains(body, `= "`) && strings.Contains(body, " | ") ||
		strings.Contains(body, "::=") || strings.Contains(body, "BATCH") {
		return false
	}
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "//") {
			continue
		}
		fields := strings.Fields(line)
		switch fields[0] {
		case "stream", "event", "fn", "pattern", "for", "let", "var", "const", "type",
			"connector", "context", "config", "import":
			// A real declaration line has punctuation (keyword lists do not).
			return strings.ContainsAny(line, "=:(")
		}
		return false
	}
	return false
}

// TestSpecExamples parses every VPL code block of the language
// specifications in shared/spec.
func TestSpecExamples(t *testing.T) {
	shared := sharedDir()
	if shared == "" {
		t.Skip("shared/ not found beside the repository")
	}
	total := 0
	for _, name := range []string{"vpl.md", "vpl-original.md"} {
		b, err := os.ReadFile(filepath.Join(shared, "spec", name))
		if err != nil {
			t.Logf("skipping %s: %v", name, err)
			continue
		}
		for i, block := range specBlocks(string(b)) {
			total++
			fset := token.NewFileSet()
			_, diags := ParseFile(fset, name, []byte(block), 0)
			if len(diags) > 0 {
				t.Errorf("%s block %d:\n%s\n%s", name, i+1, block, renderDiags(fset, diags))
			}
		}
	}
	if total == 0 {
		t.Error("no VPL code blocks found in the specifications")
	}
	t.Logf("%d specification examples parsed", total)
}

// TestRecovery checks that independent errors in separate statements are
// each reported once, at the right line.
func TestRecovery(t *testing.T) {
	src := `stream A = B .where(x > )
stream Fine1 = B .emit(v: 1)

event E:
    name: str
    value:
stream Fine2 = C
fn f(a: int) -> int:
    return a +* 2
stream Fine3 = D -> E .within(5m)
`
	fset := token.NewFileSet()
	f, diags := ParseFile(fset, "r.vpl", []byte(src), 0)
	var lines []int
	for _, d := range diags {
		lines = append(lines, fset.Position(d.Pos).Line)
	}
	if len(lines) != 3 || lines[0] != 1 || lines[1] != 6 || lines[2] != 9 {
		t.Fatalf("error lines %v, want [1 6 9]:\n%s", lines, renderDiags(fset, diags))
	}
	// The correct statements around the errors are intact.
	var names []string
	for _, s := range f.Stmts {
		names = append(names, sx(s))
	}
	got := strings.Join(names, "\n")
	for _, want := range []string{"(stream Fine1 B .emit(v=1))", "(stream Fine2 C)", "(stream Fine3 D (-> E) .within(dur:300000000000))"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
}

// repoRoot returns the directory holding go.mod, walking up from the
// working directory.
func repoRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

var vplFence = regexp.MustCompile("(?s)```vpl\n(.*?)```")

// TestDocsExamples parses every ```vpl block of docs/language and every
// examples/**/*.vpl program of the repository.
func TestDocsExamples(t *testing.T) {
	root := repoRoot()
	if root == "" {
		t.Skip("repository root not found")
	}
	docs, _ := filepath.Glob(filepath.Join(root, "docs", "language", "*.md"))
	n := 0
	for _, name := range docs {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range vplFence.FindAllStringSubmatch(string(b), -1) {
			n++
			fset := token.NewFileSet()
			_, diags := ParseFile(fset, filepath.Base(name), []byte(m[1]), 0)
			if len(diags) > 0 {
				t.Errorf("%s vpl block %d:\n%s\n%s", filepath.Base(name), i+1, m[1], renderDiags(fset, diags))
			}
		}
	}
	progs, _ := filepath.Glob(filepath.Join(root, "examples", "*", "*.vpl"))
	for _, name := range progs {
		n++
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		if _, diags := ParseFile(fset, name, src, 0); len(diags) > 0 {
			t.Errorf("%s:\n%s", name, renderDiags(fset, diags))
		}
	}
	t.Logf("%d documentation blocks and example programs parsed", n)
}
