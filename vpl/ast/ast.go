// Package ast declares the syntax tree of VPL programs.
//
// Every node records byte positions (token.Pos) of its first and last
// characters so that diagnostics, the formatter and the language server can
// point at source text precisely. A parse with errors still yields a tree:
// unparsable parts are represented by BadStmt, BadExpr, BadOp and BadSource
// nodes covering the skipped text.
package ast

import "github.com/varpulis/varpulis-go/vpl/token"

// Node is implemented by every syntax tree node.
type Node interface {
	Pos() token.Pos // first character of the node
	End() token.Pos // first character after the node
}

// Expr is an expression node.
type Expr interface {
	Node
	exprNode()
}

// Stmt is a statement: a top-level declaration or a statement in a body.
type Stmt interface {
	Node
	stmtNode()
}

// Type is a type expression (only descriptive in VPL).
type Type interface {
	Node
	typeNode()
}

// Source is the source of a stream declaration.
type Source interface {
	Node
	sourceNode()
}

// Op is one operation of a stream pipeline (.where(...), -> B, ...).
type Op interface {
	Node
	opNode()
}

// PatExpr is an expression of the pattern algebra used by pattern
// declarations (SEQ/AND/OR/NOT) and by the .pattern(...) operation.
type PatExpr interface {
	Node
	patNode()
}

// ---------------------------------------------------------------------------
// File and comments

// CommentStyle tells which comment syntax was used.
type CommentStyle uint8

// Comment styles.
const (
	HashComment  CommentStyle = iota // # text
	SlashComment                     // // text
	BlockComment                     // /* text */
)

// Comment is a source comment. Text holds the full comment including its markers.
type Comment struct {
	Start token.Pos
	Text  string
	Style CommentStyle
}

// Pos implements Node.
func (c *Comment) Pos() token.Pos { return c.Start }

// End implements Node.
func (c *Comment) End() token.Pos { return c.Start + token.Pos(len(c.Text)) }

// File is a parsed VPL source file.
type File struct {
	Name     string
	Start    token.Pos // position of the first byte of the file
	Stmts    []Stmt
	Comments []*Comment // every comment, in source order
	EOF      token.Pos  // position of the end of the file

	// DeclLoops lists the compile-time declaration loops of the file, in
	// source order. Their expanded statements are in Stmts (positioned in
	// virtual files of the FileSet); the loops themselves are kept here so
	// that tools such as the formatter can reproduce the original text.
	DeclLoops []*DeclLoop
}

// Pos implements Node.
func (f *File) Pos() token.Pos { return f.Start }

// End implements Node.
func (f *File) End() token.Pos { return f.EOF }

// ---------------------------------------------------------------------------
// Shared pieces

// Ident is an identifier (also used for names of keyword-like parameters).
// An identifier the parser expected but did not find (after a syntax error)
// has an empty Name and zero width.
type Ident struct {
	NamePos token.Pos
	Name    string
}

// Pos implements Node.
func (x *Ident) Pos() token.Pos { return x.NamePos }

// End implements Node.
func (x *Ident) End() token.Pos { return x.NamePos + token.Pos(len(x.Name)) }

// OrderDir is the optional sort direction of an order_by argument.
type OrderDir uint8

// Sort directions.
const (
	OrderNone OrderDir = iota
	OrderAsc
	OrderDesc
)

// Arg is an argument of a call or operation: positional (Name == nil) or
// named (`name: value`).
type Arg struct {
	Name     *Ident // nil for a positional argument
	Value    Expr
	Order    OrderDir  // only for .order_by arguments
	OrderPos token.Pos // position of asc/desc when Order != OrderNone
}

// Pos implements Node.
func (a *Arg) Pos() token.Pos {
	if a.Name != nil {
		return a.Name.Pos()
	}
	return a.Value.Pos()
}

// End implements Node.
func (a *Arg) End() token.Pos {
	if a.Order != OrderNone {
		if a.Order == OrderAsc {
			return a.OrderPos + 3
		}
		return a.OrderPos + 4
	}
	return a.Value.End()
}

// ---------------------------------------------------------------------------
// Expressions

type (
	// BadExpr covers text that could not be parsed as an expression.
	BadExpr struct {
		From, To token.Pos
	}

	// BasicLit is a literal of kind INT, FLOAT, DURATION, STRING, TIMESTAMP,
	// TRUE, FALSE or NULL. The decoded value is in the field for its kind.
	BasicLit struct {
		ValuePos token.Pos
		Kind     token.Kind
		Raw      string  // literal text as written
		Str      string  // STRING: decoded text (escapes applied)
		Int      int64   // INT: value; DURATION: nanoseconds; TIMESTAMP: ns since Unix epoch (UTC)
		Float    float64 // FLOAT: value
	}

	// ListLit is an array literal [a, b].
	ListLit struct {
		Lbrack token.Pos
		Elems  []Expr
		Rbrack token.Pos
	}

	// MapLit is a map literal {key: value, "k 2": value}.
	MapLit struct {
		Lbrace  token.Pos
		Entries []*MapEntry
		Rbrace  token.Pos
	}

	// ParenExpr is a parenthesised expression.
	ParenExpr struct {
		Lparen token.Pos
		X      Expr
		Rparen token.Pos
	}

	// UnaryExpr is a prefix operation: -x, ~x, not x.
	UnaryExpr struct {
		OpPos token.Pos
		Op    token.Kind // SUB, TILDE or NOT
		X     Expr
	}

	// BinaryExpr is an infix operation. Op is an arithmetic, comparison,
	// bitwise or word operator (AND, OR, XOR, IN, NOT_IN, IS, IS_NOT), COALESCE,
	// RANGE or RANGEINCL.
	BinaryExpr struct {
		X     Expr
		OpPos token.Pos
		Op    token.Kind
		Y     Expr
	}

	// SelectorExpr is member access x.f, or safe navigation x?.f.
	SelectorExpr struct {
		X    Expr
		Dot  token.Pos
		Safe bool // ?.
		Sel  *Ident
	}

	// IndexExpr is x[i].
	IndexExpr struct {
		X      Expr
		Lbrack token.Pos
		Index  Expr
		Rbrack token.Pos
	}

	// SliceExpr is x[lo:hi]; Lo and Hi may be nil.
	SliceExpr struct {
		X      Expr
		Lbrack token.Pos
		Lo, Hi Expr
		Rbrack token.Pos
	}

	// CallExpr is a function call f(a, name: b).
	CallExpr struct {
		Fun    Expr
		Lparen token.Pos
		Args   []*Arg
		Rparen token.Pos
	}

	// IfExpr is `if c then a else b`.
	IfExpr struct {
		If   token.Pos
		Cond Expr
		Then Expr
		Else Expr
	}

	// LambdaExpr is `x => e`, `(a, b) => e` or `x => { stmts; expr }`.
	LambdaExpr struct {
		Start  token.Pos // first character (parameter or '(')
		Params []*Ident
		Arrow  token.Pos
		Body   Expr       // expression body, or nil when Block is set
		Block  *BlockExpr // block body
	}

	// BlockExpr is a lambda block body `{ let a = 1  a + 1 }`.
	BlockExpr struct {
		Lbrace token.Pos
		Stmts  []Stmt
		Result Expr // may be nil
		Rbrace token.Pos
	}
)

// MapEntry is one `key: value` entry of a map literal. Key is an *Ident or
// a STRING *BasicLit.
type MapEntry struct {
	Key   Expr
	Colon token.Pos
	Value Expr
}

// Pos implements Node.
func (e *MapEntry) Pos() token.Pos { return e.Key.Pos() }

// End implements Node.
func (e *MapEntry) End() token.Pos { return e.Value.End() }

func (x *BadExpr) Pos() token.Pos      { return x.From }
func (x *BasicLit) Pos() token.Pos     { return x.ValuePos }
func (x *ListLit) Pos() token.Pos      { return x.Lbrack }
func (x *MapLit) Pos() token.Pos       { return x.Lbrace }
func (x *ParenExpr) Pos() token.Pos    { return x.Lparen }
func (x *UnaryExpr) Pos() token.Pos    { return x.OpPos }
func (x *BinaryExpr) Pos() token.Pos   { return x.X.Pos() }
func (x *SelectorExpr) Pos() token.Pos { return x.X.Pos() }
func (x *IndexExpr) Pos() token.Pos    { return x.X.Pos() }
func (x *SliceExpr) Pos() token.Pos    { return x.X.Pos() }
func (x *CallExpr) Pos() token.Pos     { return x.Fun.Pos() }
func (x *IfExpr) Pos() token.Pos       { return x.If }
func (x *LambdaExpr) Pos() token.Pos   { return x.Start }
func (x *BlockExpr) Pos() token.Pos    { return x.Lbrace }

func (x *BadExpr) End() token.Pos      { return x.To }
func (x *BasicLit) End() token.Pos     { return x.ValuePos + token.Pos(len(x.Raw)) }
func (x *ListLit) End() token.Pos      { return x.Rbrack + 1 }
func (x *MapLit) End() token.Pos       { return x.Rbrace + 1 }
func (x *ParenExpr) End() token.Pos    { return x.Rparen + 1 }
func (x *UnaryExpr) End() token.Pos    { return x.X.End() }
func (x *BinaryExpr) End() token.Pos   { return x.Y.End() }
func (x *SelectorExpr) End() token.Pos { return x.Sel.End() }
func (x *IndexExpr) End() token.Pos    { return x.Rbrack + 1 }
func (x *SliceExpr) End() token.Pos    { return x.Rbrack + 1 }
func (x *CallExpr) End() token.Pos     { return x.Rparen + 1 }
func (x *IfExpr) End() token.Pos       { return x.Else.End() }
func (x *BlockExpr) End() token.Pos    { return x.Rbrace + 1 }
func (x *LambdaExpr) End() token.Pos {
	if x.Block != nil {
		return x.Block.End()
	}
	return x.Body.End()
}

func (*BadExpr) exprNode()      {}
func (*Ident) exprNode()        {}
func (*BasicLit) exprNode()     {}
func (*ListLit) exprNode()      {}
func (*MapLit) exprNode()       {}
func (*ParenExpr) exprNode()    {}
func (*UnaryExpr) exprNode()    {}
func (*BinaryExpr) exprNode()   {}
func (*SelectorExpr) exprNode() {}
func (*IndexExpr) exprNode()    {}
func (*SliceExpr) exprNode()    {}
func (*CallExpr) exprNode()     {}
func (*IfExpr) exprNode()       {}
func (*LambdaExpr) exprNode()   {}
func (*BlockExpr) exprNode()    {}
