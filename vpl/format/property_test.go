package format

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// corpusFile is one program of the property corpus.
type corpusFile struct {
	name string
	src  []byte
}

// conformanceDir locates the shared conformance cases (they live beside
// the repository).
func conformanceDir() string {
	if d := os.Getenv("VPL_CONFORMANCE"); d != "" {
		return d
	}
	for _, d := range []string{"../../../shared/conformance/cases", "../../shared/conformance/cases"} {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
	}
	return ""
}

// specDocs lists the Markdown files whose VPL blocks join the corpus.
func specDocs() []string {
	var docs []string
	for _, pat := range []string{"../../../shared/spec/*.md", "../../docs/language/*.md", "../../docs/*.md"} {
		m, _ := filepath.Glob(pat)
		docs = append(docs, m...)
	}
	return docs
}

// vplBlocks returns the fenced blocks of a Markdown text whose info
// string is exactly "vpl", each de-indented by its fence's indentation.
func vplBlocks(md string) []string {
	var (
		blocks []string
		body   strings.Builder
		fence  string
		indent int
		in     bool
		isVPL  bool
	)
	for _, line := range strings.Split(md, "\n") {
		trimmed := strings.TrimLeft(line, " ")
		if !in {
			if !strings.HasPrefix(trimmed, "```") {
				continue
			}
			n := len(trimmed) - len(strings.TrimLeft(trimmed, "`"))
			fence, indent, in = trimmed[:n], len(line)-len(trimmed), true
			info := strings.Fields(trimmed[n:])
			isVPL = len(info) > 0 && info[0] == "vpl"
			body.Reset()
			continue
		}
		if strings.HasPrefix(trimmed, fence) && strings.TrimSpace(strings.TrimLeft(trimmed, "`")) == "" {
			in = false
			if isVPL {
				blocks = append(blocks, body.String())
			}
			continue
		}
		for i := 0; i < indent && strings.HasPrefix(line, " "); i++ {
			line = line[1:]
		}
		body.WriteString(line)
		body.WriteByte('\n')
	}
	return blocks
}

// corpus gathers the conformance programs, the golden inputs and outputs
// and every ```vpl block of the spec and the docs.
// Only programs that parse without errors are kept.
func corpus(t testing.TB) []corpusFile {
	var files []corpusFile
	add := func(name string, src []byte) {
		fset := token.NewFileSet()
		if _, d := parser.ParseFile(fset, name, src, 0); d.HasErrors() {
			return
		}
		files = append(files, corpusFile{name, src})
	}
	if dir := conformanceDir(); dir != "" {
		progs, _ := filepath.Glob(filepath.Join(dir, "*", "program.vpl"))
		for _, p := range progs {
			src, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			add(p, src)
		}
	}
	goldens, _ := filepath.Glob("testdata/*.input")
	more, _ := filepath.Glob("testdata/*.golden")
	for _, p := range append(goldens, more...) {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		add(p, src)
	}
	for _, doc := range specDocs() {
		src, err := os.ReadFile(doc)
		if err != nil {
			continue
		}
		for i, b := range vplBlocks(string(src)) {
			add(fmt.Sprintf("%s#block%d", doc, i+1), []byte(b))
		}
	}
	return files
}

// checkProperties formats src and checks the formatter's guarantees:
// formatting succeeds, the output parses to an equal tree with the same
// comments, and formatting the output again changes nothing.
func checkProperties(name string, src []byte) error {
	fset := token.NewFileSet()
	file, diags := parser.ParseFile(fset, name, src, 0)
	if diags.HasErrors() {
		return nil // not a formatter input
	}
	var buf bytes.Buffer
	if err := Node(&buf, fset, file); err != nil {
		return fmt.Errorf("Node: %w", err)
	}
	out := buf.Bytes()
	fset2 := token.NewFileSet()
	file2, diags2 := parser.ParseFile(fset2, name, out, 0)
	if diags2.HasErrors() {
		return fmt.Errorf("output does not parse: %v\n--- output:\n%s", diags2.Err(fset2), out)
	}
	if d := DiffAST(file, file2); d != "" {
		return fmt.Errorf("tree changed at %s\n--- output:\n%s", d, out)
	}
	if d := diffComments(file.Comments, file2.Comments); d != "" {
		return fmt.Errorf("%s\n--- output:\n%s", d, out)
	}
	var buf2 bytes.Buffer
	if err := Node(&buf2, fset2, file2); err != nil {
		return fmt.Errorf("Node (second pass): %w", err)
	}
	if !bytes.Equal(out, buf2.Bytes()) {
		return fmt.Errorf("not idempotent\n--- first:\n%s\n--- second:\n%s", out, buf2.Bytes())
	}
	return nil
}

func TestCorpusProperties(t *testing.T) {
	files := corpus(t)
	if len(files) < 100 {
		t.Fatalf("corpus has only %d programs; are the conformance cases at %q?", len(files), conformanceDir())
	}
	for _, f := range files {
		if err := checkProperties(f.name, f.src); err != nil {
			t.Errorf("%s: %v", f.name, err)
		}
	}
}

// TestCorpusComments checks the comment multiset on the corpus in the
// simplest form: every comment text of the input occurs in the output.
func TestCorpusComments(t *testing.T) {
	for _, f := range corpus(t) {
		fset := token.NewFileSet()
		file, _ := parser.ParseFile(fset, f.name, f.src, 0)
		out, d := Source(f.name, f.src)
		if d.HasErrors() {
			t.Errorf("%s: %v", f.name, d.Err(token.NewFileSet()))
			continue
		}
		rest := string(out)
		for _, c := range file.Comments {
			text := normalizeComment(c.Text)
			i := strings.Index(rest, text)
			if i < 0 {
				t.Errorf("%s: comment %q missing or out of order in output:\n%s", f.name, text, out)
				break
			}
			rest = rest[i+len(text):]
		}
	}
}

// TestCorpusSize guards against a silently empty corpus.
func TestCorpusSize(t *testing.T) {
	files := corpus(t)
	docs := 0
	for _, f := range files {
		if strings.Contains(f.name, ".md#") {
			docs++
		}
	}
	t.Logf("%d programs, %d from documentation", len(files), docs)
	if docs == 0 {
		t.Error("no VPL block of the documentation parsed")
	}
}
