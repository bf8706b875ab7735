// Package format prints VPL syntax trees in the canonical layout, the one
// `varpulis fmt` writes (see docs/language/style.md).
//
// The printer keeps the meaning of a program exactly: re-parsing its output
// yields a tree equal to the input tree apart from positions (EqualAST),
// with the same comments in the same order, and formatting is idempotent.
// To guarantee that, it never adds or removes parentheses, prints numbers,
// durations and timestamps as written, and re-quotes strings only in a way
// that keeps their decoded value. Compile-time declaration loops are copied
// verbatim from the source, since the tree holds only their expansion.
package format

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// Node writes file in the canonical layout to w. fset must be the FileSet
// the file was parsed with: the printer reads the source text through it
// to place comments and blank lines and to copy declaration loops. A tree
// built by hand (without positions) is printed without comments.
func Node(w io.Writer, fset *token.FileSet, file *ast.File) error {
	if file == nil {
		return errors.New("format: nil file")
	}
	p := newPrinter(fset, file)
	p.printFile(file)
	if _, err := w.Write(p.out); err != nil {
		return fmt.Errorf("format: writing output: %w", err)
	}
	return nil
}

// Source parses src (named filename in diagnostics) and returns it in the
// canonical layout. A file with syntax errors is not formatted: Source
// returns nil and the diagnostics. Warnings of a successful parse are
// returned with the result.
//
// As a safety net Source re-parses its output and checks that the tree is
// unchanged; should that ever fail (a formatter bug), it returns an error
// diagnostic rather than text that would change the program.
func Source(filename string, src []byte) ([]byte, diag.List) {
	return SourceFileSet(token.NewFileSet(), filename, src)
}

// SourceFileSet is Source registering the file in fset, so that the
// diagnostics can be rendered with diag.Render(w, fset, list).
func SourceFileSet(fset *token.FileSet, filename string, src []byte) ([]byte, diag.List) {
	file, diags := parser.ParseFile(fset, filename, src, 0)
	if diags.HasErrors() {
		return nil, diags
	}
	var buf bytes.Buffer
	if err := Node(&buf, fset, file); err != nil {
		diags.Errorf(file.Pos(), token.NoPos, "", "%v", err)
		return nil, diags
	}
	out := buf.Bytes()
	if msg := verify(filename, file, out); msg != "" {
		diags.Errorf(file.Pos(), token.NoPos, "",
			"internal formatter error: the formatted text would change the program (%s); the file was left unformatted, please report this", msg)
		return nil, diags
	}
	return out, diags
}

// verify re-parses out and compares it with the original tree and
// comments; it returns "" when they agree.
func verify(filename string, orig *ast.File, out []byte) string {
	fset := token.NewFileSet()
	file, diags := parser.ParseFile(fset, filename, out, 0)
	if diags.HasErrors() {
		return "output does not parse: " + diag.Format(fset, diags[0])
	}
	if d := DiffAST(orig, file); d != "" {
		return "syntax tree differs at " + d
	}
	if d := diffComments(orig.Comments, file.Comments); d != "" {
		return d
	}
	return ""
}

// diffComments compares the comment texts (normalised as printed) of two
// files, in order.
func diffComments(a, b []*ast.Comment) string {
	if len(a) != len(b) {
		return fmt.Sprintf("%d comments instead of %d", len(b), len(a))
	}
	for i := range a {
		if normalizeComment(a[i].Text) != normalizeComment(b[i].Text) {
			return fmt.Sprintf("comment %d changed: %q became %q", i+1, a[i].Text, b[i].Text)
		}
	}
	return ""
}
