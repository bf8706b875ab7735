package parser

import (
	"fmt"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// ParseFile parses the VPL source src of the file filename, registering
// it (and any virtual files produced by declaration-loop expansion) in
// fset. It always returns a File; the diagnostics are sorted by position.
func ParseFile(fset *token.FileSet, filename string, src []byte, mode Mode) (*ast.File, diag.List) {
	sh := &shared{fset: fset, mode: mode}
	if len(src) > MaxFileSize {
		file := fset.AddFile(filename, nil)
		pos := file.Pos(0)
		sh.diags.Add(pos, token.NoPos, diag.Error, "E122",
			fmt.Sprintf("file is too large: %d bytes (the limit is %d MiB)", len(src), MaxFileSize>>20), "")
		return &ast.File{Name: filename, Start: pos, EOF: pos}, sh.diags
	}
	file := fset.AddFile(filename, src)
	return parseFile(sh, file, src, pieceCount(len(src)))
}

// parseFile parses src, the text of file, in up to pieces pieces.
func parseFile(sh *shared, file *token.File, src []byte, pieces int) (*ast.File, diag.List) {
	if pieces > 1 {
		if stmts, comments, ok := parsePieces(sh.fset, file, src, sh.mode, pieces); ok {
			return &ast.File{
				Name:     file.Name(),
				Start:    file.Pos(0),
				Stmts:    stmts,
				Comments: comments,
				EOF:      file.Pos(len(src)),
			}, sh.diags
		}
	}
	sh.names.presize(len(src))
	p := newParser(sh, file, src)
	p.next()
	stmts := p.parseStmts()
	f := &ast.File{
		Name:      file.Name(),
		Start:     file.Pos(0),
		Stmts:     stmts,
		Comments:  p.comments,
		EOF:       file.Pos(len(src)),
		DeclLoops: sh.loops,
	}
	sh.diags.Sort()
	return f, sh.diags
}

// ParseExpr parses a single expression. Positions refer to a private
// FileSet holding src as the file "expr"; use ParseExprFrom to keep them.
func ParseExpr(src string) (ast.Expr, diag.List) {
	return ParseExprFrom(token.NewFileSet(), "expr", []byte(src))
}

// ParseExprFrom parses a single expression from src, registered in fset
// under filename. Line breaks inside the expression are allowed anywhere.
func ParseExprFrom(fset *token.FileSet, filename string, src []byte) (ast.Expr, diag.List) {
	sh := &shared{fset: fset}
	if len(src) > MaxFileSize {
		file := fset.AddFile(filename, nil)
		pos := file.Pos(0)
		sh.diags.Add(pos, token.NoPos, diag.Error, "E122",
			fmt.Sprintf("expression is too large: %d bytes (the limit is %d MiB)", len(src), MaxFileSize>>20), "")
		return &ast.BadExpr{From: pos, To: pos}, sh.diags
	}
	file := fset.AddFile(filename, src)
	p := newParser(sh, file, src)
	p.next()
	p.beginStmt()
	p.stmtIndent = -1 // no statement layout: newlines never end the expression
	p.braceStmts = true
	p.update()
	x := p.parseExpr()
	if p.t.Kind != token.EOF {
		p.errorAt(p.pos, token.NoPos, "E118", "unexpected "+p.found()+" after the expression")
	}
	sh.diags.Sort()
	return x, sh.diags
}
