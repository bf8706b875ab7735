package ast

import "github.com/varpulis/varpulis-go/vpl/token"

// ---------------------------------------------------------------------------
// Types

type (
	// NamedType is a primitive (int, float, bool, str, timestamp, duration)
	// or a named type.
	NamedType struct {
		Name *Ident
	}
	// ArrayType is [T].
	ArrayType struct {
		Lbrack token.Pos
		Elem   Type
		Rbrack token.Pos
	}
	// MapType is {K: V}.
	MapType struct {
		Lbrace     token.Pos
		Key, Value Type
		Rbrace     token.Pos
	}
	// TupleType is (A, B, ...).
	TupleType struct {
		Lparen token.Pos
		Elems  []Type
		Rparen token.Pos
	}
	// StreamType is Stream<T>.
	StreamType struct {
		Stream token.Pos
		Elem   Type
		Rangle token.Pos
	}
	// OptionalType is T?.
	OptionalType struct {
		Elem     Type
		Question token.Pos
	}
	// BadType covers an unparsable type.
	BadType struct {
		From, To token.Pos
	}
)

func (t *NamedType) Pos() token.Pos    { return t.Name.Pos() }
func (t *ArrayType) Pos() token.Pos    { return t.Lbrack }
func (t *MapType) Pos() token.Pos      { return t.Lbrace }
func (t *TupleType) Pos() token.Pos    { return t.Lparen }
func (t *StreamType) Pos() token.Pos   { return t.Stream }
func (t *OptionalType) Pos() token.Pos { return t.Elem.Pos() }
func (t *BadType) Pos() token.Pos      { return t.From }

func (t *NamedType) End() token.Pos    { return t.Name.End() }
func (t *ArrayType) End() token.Pos    { return t.Rbrack + 1 }
func (t *MapType) End() token.Pos      { return t.Rbrace + 1 }
func (t *TupleType) End() token.Pos    { return t.Rparen + 1 }
func (t *StreamType) End() token.Pos   { return t.Rangle + 1 }
func (t *OptionalType) End() token.Pos { return t.Question + 1 }
func (t *BadType) End() token.Pos      { return t.To }

func (*NamedType) typeNode()    {}
func (*ArrayType) typeNode()    {}
func (*MapType) typeNode()      {}
func (*TupleType) typeNode()    {}
func (*StreamType) typeNode()   {}
func (*OptionalType) typeNode() {}
func (*BadType) typeNode()      {}

// ---------------------------------------------------------------------------
// Declarations and statements

// VarKind tells let, var and const apart.
type VarKind uint8

// Variable declaration kinds.
const (
	Let VarKind = iota
	Var
	Const
)

// String returns the keyword.
func (k VarKind) String() string {
	switch k {
	case Var:
		return "var"
	case Const:
		return "const"
	}
	return "let"
}

type (
	// BadStmt covers text that could not be parsed as a statement.
	BadStmt struct {
		From, To token.Pos
	}

	// StreamDecl is `stream Name [: Type] = Source Op*`.
	StreamDecl struct {
		Stream token.Pos
		Name   *Ident
		Type   Type // optional annotation, may be nil
		Source Source
		Ops    []Op
	}

	// EventDecl is `event Name [extends Base]:` followed by field lines.
	EventDecl struct {
		Event   token.Pos
		Name    *Ident
		Extends *Ident // may be nil
		Fields  []*FieldDecl
		EndPos  token.Pos // end of the declaration
	}

	// TypeDecl is `type Name = Type`.
	TypeDecl struct {
		TypePos token.Pos
		Name    *Ident
		Type    Type
	}

	// VarDecl is `let|var|const name [: Type] = value`.
	VarDecl struct {
		Keyword token.Pos
		Kind    VarKind
		Name    *Ident
		Type    Type // may be nil
		Value   Expr
	}

	// AssignStmt is `name := value`. The parser also accepts `name = value`
	// and the compound forms `name += value` (-=, *=, /=, %=); for a
	// compound form Value is already the full BinaryExpr `name + value`, so
	// consumers that ignore Tok still compute the right value.
	AssignStmt struct {
		Name   *Ident
		Define token.Pos
		Value  Expr
		// Tok is the operator as written: DEFINE (:=, also when zero),
		// ASSIGN (=), or ADD, SUB, MUL, QUO, REM for +=, -=, *=, /=, %=.
		Tok token.Kind
	}

	// FuncDecl is `fn name(params) [-> Type]:` with an indented body.
	FuncDecl struct {
		Fn     token.Pos
		Name   *Ident
		Params []*Param
		Result Type // may be nil
		Body   *Block
	}

	// ConnectorDecl is `connector Name = kind(param: value, ...)`.
	ConnectorDecl struct {
		Connector token.Pos
		Name      *Ident
		Kind      *Ident
		Params    []*Arg // all named
		Rparen    token.Pos
	}

	// ContextDecl is `context name [(cores: [0, 1])]`.
	ContextDecl struct {
		Context token.Pos
		Name    *Ident
		Params  []*Arg    // named parameters, e.g. cores
		Rparen  token.Pos // NoPos when there are no parentheses
	}

	// ConfigDecl is the deprecated `config name { k: v }` or `config:` block.
	// Name is nil for the indented form.
	ConfigDecl struct {
		Config token.Pos
		Name   *Ident
		Items  []*Arg
		EndPos token.Pos
	}

	// ImportStmt is `import "path" [as alias]`.
	ImportStmt struct {
		Import token.Pos
		Path   *BasicLit
		Alias  *Ident // may be nil
	}

	// PatternDecl is `pattern Name = expr [within d] [partition by key]`.
	PatternDecl struct {
		PatternPos  token.Pos
		Name        *Ident
		Expr        PatExpr
		Within      Expr   // may be nil
		PartitionBy *Ident // may be nil
	}

	// IfStmt is if/elif/else with indented bodies.
	IfStmt struct {
		If    token.Pos
		Cond  Expr
		Then  *Block
		Elifs []*ElifClause
		Else  *Block // may be nil
	}

	// ForStmt is `for v in e:` with a body. At top level a loop over an
	// integer range of literals with declarations in its body is a
	// compile-time declaration loop; the parser expands those and records
	// nothing of the loop itself in File.Stmts except the expanded statements.
	ForStmt struct {
		For  token.Pos
		Var  *Ident
		Iter Expr
		Body *Block
	}

	// WhileStmt is `while c:` with a body.
	WhileStmt struct {
		While token.Pos
		Cond  Expr
		Body  *Block
	}

	// ReturnStmt is `return [e]`.
	ReturnStmt struct {
		Return token.Pos
		Result Expr // may be nil
	}

	// BranchStmt is `break` or `continue`.
	BranchStmt struct {
		TokPos token.Pos
		Tok    string // "break" or "continue"
	}

	// EmitStmt is `emit Type(name: value, ...)` inside a function body.
	EmitStmt struct {
		Emit   token.Pos
		Type   *Ident
		Args   []*Arg
		Rparen token.Pos
	}

	// ExprStmt is an expression used as a statement.
	ExprStmt struct {
		X Expr
	}
)

// FieldDecl is one `name: Type` line of an event declaration. Optional
// fields have an *OptionalType.
type FieldDecl struct {
	Name *Ident
	Type Type
}

// Pos implements Node.
func (f *FieldDecl) Pos() token.Pos { return f.Name.Pos() }

// End implements Node.
func (f *FieldDecl) End() token.Pos { return f.Type.End() }

// Param is a function parameter `name: Type` (the type may be nil).
type Param struct {
	Name *Ident
	Type Type
}

// Pos implements Node.
func (p *Param) Pos() token.Pos { return p.Name.Pos() }

// End implements Node.
func (p *Param) End() token.Pos {
	if p.Type != nil {
		return p.Type.End()
	}
	return p.Name.End()
}

// Block is an indented statement body.
type Block struct {
	Colon  token.Pos // the ':' that opens the block
	Stmts  []Stmt
	EndPos token.Pos // end of the last statement
}

// Pos implements Node.
func (b *Block) Pos() token.Pos { return b.Colon }

// End implements Node.
func (b *Block) End() token.Pos { return b.EndPos }

// ElifClause is one `elif cond:` branch.
type ElifClause struct {
	Elif token.Pos
	Cond Expr
	Body *Block
}

// Pos implements Node.
func (c *ElifClause) Pos() token.Pos { return c.Elif }

// End implements Node.
func (c *ElifClause) End() token.Pos { return c.Body.End() }

func (s *BadStmt) Pos() token.Pos       { return s.From }
func (s *StreamDecl) Pos() token.Pos    { return s.Stream }
func (s *EventDecl) Pos() token.Pos     { return s.Event }
func (s *TypeDecl) Pos() token.Pos      { return s.TypePos }
func (s *VarDecl) Pos() token.Pos       { return s.Keyword }
func (s *AssignStmt) Pos() token.Pos    { return s.Name.Pos() }
func (s *FuncDecl) Pos() token.Pos      { return s.Fn }
func (s *ConnectorDecl) Pos() token.Pos { return s.Connector }
func (s *ContextDecl) Pos() token.Pos   { return s.Context }
func (s *ConfigDecl) Pos() token.Pos    { return s.Config }
func (s *ImportStmt) Pos() token.Pos    { return s.Import }
func (s *PatternDecl) Pos() token.Pos   { return s.PatternPos }
func (s *IfStmt) Pos() token.Pos        { return s.If }
func (s *ForStmt) Pos() token.Pos       { return s.For }
func (s *WhileStmt) Pos() token.Pos     { return s.While }
func (s *ReturnStmt) Pos() token.Pos    { return s.Return }
func (s *BranchStmt) Pos() token.Pos    { return s.TokPos }
func (s *EmitStmt) Pos() token.Pos      { return s.Emit }
func (s *ExprStmt) Pos() token.Pos      { return s.X.Pos() }

func (s *BadStmt) End() token.Pos { return s.To }
func (s *StreamDecl) End() token.Pos {
	if n := len(s.Ops); n > 0 {
		return s.Ops[n-1].End()
	}
	if s.Source != nil {
		return s.Source.End()
	}
	return s.Name.End()
}
func (s *EventDecl) End() token.Pos { return s.EndPos }
func (s *TypeDecl) End() token.Pos  { return s.Type.End() }
func (s *VarDecl) End() token.Pos   { return s.Value.End() }
func (s *AssignStmt) End() token.Pos {
	return s.Value.End()
}
func (s *FuncDecl) End() token.Pos      { return s.Body.End() }
func (s *ConnectorDecl) End() token.Pos { return s.Rparen + 1 }
func (s *ContextDecl) End() token.Pos {
	if s.Rparen.IsValid() {
		return s.Rparen + 1
	}
	return s.Name.End()
}
func (s *ConfigDecl) End() token.Pos { return s.EndPos }
func (s *ImportStmt) End() token.Pos {
	if s.Alias != nil {
		return s.Alias.End()
	}
	return s.Path.End()
}
func (s *PatternDecl) End() token.Pos {
	switch {
	case s.PartitionBy != nil:
		return s.PartitionBy.End()
	case s.Within != nil:
		return s.Within.End()
	}
	return s.Expr.End()
}
func (s *IfStmt) End() token.Pos {
	switch {
	case s.Else != nil:
		return s.Else.End()
	case len(s.Elifs) > 0:
		return s.Elifs[len(s.Elifs)-1].End()
	}
	return s.Then.End()
}
func (s *ForStmt) End() token.Pos   { return s.Body.End() }
func (s *WhileStmt) End() token.Pos { return s.Body.End() }
func (s *ReturnStmt) End() token.Pos {
	if s.Result != nil {
		return s.Result.End()
	}
	return s.Return + 6
}
func (s *BranchStmt) End() token.Pos { return s.TokPos + token.Pos(len(s.Tok)) }
func (s *EmitStmt) End() token.Pos   { return s.Rparen + 1 }
func (s *ExprStmt) End() token.Pos   { return s.X.End() }

func (*BadStmt) stmtNode()       {}
func (*StreamDecl) stmtNode()    {}
func (*EventDecl) stmtNode()     {}
func (*TypeDecl) stmtNode()      {}
func (*VarDecl) stmtNode()       {}
func (*AssignStmt) stmtNode()    {}
func (*FuncDecl) stmtNode()      {}
func (*ConnectorDecl) stmtNode() {}
func (*ContextDecl) stmtNode()   {}
func (*ConfigDecl) stmtNode()    {}
func (*ImportStmt) stmtNode()    {}
func (*PatternDecl) stmtNode()   {}
func (*IfStmt) stmtNode()        {}
func (*ForStmt) stmtNode()       {}
func (*WhileStmt) stmtNode()     {}
func (*ReturnStmt) stmtNode()    {}
func (*BranchStmt) stmtNode()    {}
func (*EmitStmt) stmtNode()      {}
func (*ExprStmt) stmtNode()      {}
