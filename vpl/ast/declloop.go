package ast

import "github.com/varpulis/varpulis-go/vpl/token"

// DeclLoop is a top-level compile-time declaration loop
//
//	for V in A..B:      (or A..=B)
//	    stream Zone{V}Hot = ...
//
// The parser expands it: the body text is repeated once per value with every
// `{V}` replaced by the value, and each copy is parsed as a virtual file of
// the FileSet (named like "prog.vpl (for z=3)"). The resulting statements are
// appended to File.Stmts in place of the loop and also listed in Stmts here.
// A DeclLoop is not a Stmt: it is recorded in File.DeclLoops only.
type DeclLoop struct {
	For       token.Pos // position of `for`
	Var       *Ident
	Lo, Hi    int64 // bounds as written
	Inclusive bool  // ..= rather than ..
	Colon     token.Pos
	BodyStart token.Pos // first byte of the body (start of its first line)
	BodyEnd   token.Pos // end of the loop text in the original file
	Stmts     []Stmt    // the expanded statements (also in File.Stmts)
}

// Pos implements Node.
func (d *DeclLoop) Pos() token.Pos { return d.For }

// End implements Node.
func (d *DeclLoop) End() token.Pos { return d.BodyEnd }
