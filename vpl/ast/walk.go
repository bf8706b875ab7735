package ast

// A Visitor's Visit method is invoked for each node encountered by Walk.
// If the result visitor w is not nil, Walk visits each of the children of
// node with w, followed by a call of w.Visit(nil).
type Visitor interface {
	Visit(node Node) (w Visitor)
}

// Walk traverses a syntax tree in depth-first order, children in source
// order: it starts by calling v.Visit(node); node must not be nil. If the
// visitor w returned by v.Visit(node) is not nil, Walk is invoked
// recursively with visitor w for each of the non-nil children of node,
// followed by a call of w.Visit(nil).
//
// Besides the Expr, Stmt, Type, Source, Op and PatExpr nodes, Walk visits the
// helper nodes *Arg, *MapEntry, *FieldDecl, *Param, *Block, *ElifClause,
// *InlineStream, *SeqStep and *ForkBranch. Comments are not visited (they
// are listed in File.Comments).
func Walk(v Visitor, node Node) {
	if v = v.Visit(node); v == nil {
		return
	}
	switch n := node.(type) {
	// Files and shared pieces
	case *File:
		walkStmts(v, n.Stmts)
	case *DeclLoop:
		walkIdent(v, n.Var)
		walkStmts(v, n.Stmts)
	case *Ident, *BasicLit, *BadExpr, *BadStmt, *BadType, *BadSource, *BadOp, *BadPat, *Comment:
		// leaves
	case *Arg:
		walkIdent(v, n.Name)
		walkExpr(v, n.Value)
	case *MapEntry:
		walkExpr(v, n.Key)
		walkExpr(v, n.Value)

	// Expressions
	case *ListLit:
		walkExprs(v, n.Elems)
	case *MapLit:
		for _, e := range n.Entries {
			if e != nil {
				Walk(v, e)
			}
		}
	case *ParenExpr:
		walkExpr(v, n.X)
	case *UnaryExpr:
		walkExpr(v, n.X)
	case *BinaryExpr:
		walkExpr(v, n.X)
		walkExpr(v, n.Y)
	case *SelectorExpr:
		walkExpr(v, n.X)
		walkIdent(v, n.Sel)
	case *IndexExpr:
		walkExpr(v, n.X)
		walkExpr(v, n.Index)
	case *SliceExpr:
		walkExpr(v, n.X)
		walkExpr(v, n.Lo)
		walkExpr(v, n.Hi)
	case *CallExpr:
		walkExpr(v, n.Fun)
		walkArgs(v, n.Args)
	case *IfExpr:
		walkExpr(v, n.Cond)
		walkExpr(v, n.Then)
		walkExpr(v, n.Else)
	case *LambdaExpr:
		for _, p := range n.Params {
			walkIdent(v, p)
		}
		walkExpr(v, n.Body)
		if n.Block != nil {
			Walk(v, n.Block)
		}
	case *BlockExpr:
		walkStmts(v, n.Stmts)
		walkExpr(v, n.Result)

	// Types
	case *NamedType:
		walkIdent(v, n.Name)
	case *ArrayType:
		walkType(v, n.Elem)
	case *MapType:
		walkType(v, n.Key)
		walkType(v, n.Value)
	case *TupleType:
		for _, t := range n.Elems {
			walkType(v, t)
		}
	case *StreamType:
		walkType(v, n.Elem)
	case *OptionalType:
		walkType(v, n.Elem)

	// Statements
	case *StreamDecl:
		walkIdent(v, n.Name)
		walkType(v, n.Type)
		if n.Source != nil {
			Walk(v, n.Source)
		}
		walkOps(v, n.Ops)
	case *EventDecl:
		walkIdent(v, n.Name)
		walkIdent(v, n.Extends)
		for _, f := range n.Fields {
			if f != nil {
				Walk(v, f)
			}
		}
	case *TypeDecl:
		walkIdent(v, n.Name)
		walkType(v, n.Type)
	case *VarDecl:
		walkIdent(v, n.Name)
		walkType(v, n.Type)
		walkExpr(v, n.Value)
	case *AssignStmt:
		walkIdent(v, n.Name)
		walkExpr(v, n.Value)
	case *FuncDecl:
		walkIdent(v, n.Name)
		for _, p := range n.Params {
			if p != nil {
				Walk(v, p)
			}
		}
		walkType(v, n.Result)
		if n.Body != nil {
			Walk(v, n.Body)
		}
	case *ConnectorDecl:
		walkIdent(v, n.Name)
		walkIdent(v, n.Kind)
		walkArgs(v, n.Params)
	case *ContextDecl:
		walkIdent(v, n.Name)
		walkArgs(v, n.Params)
	case *ConfigDecl:
		walkIdent(v, n.Name)
		walkArgs(v, n.Items)
	case *ImportStmt:
		if n.Path != nil {
			Walk(v, n.Path)
		}
		walkIdent(v, n.Alias)
	case *PatternDecl:
		walkIdent(v, n.Name)
		walkPat(v, n.Expr)
		walkExpr(v, n.Within)
		walkIdent(v, n.PartitionBy)
	case *IfStmt:
		walkExpr(v, n.Cond)
		if n.Then != nil {
			Walk(v, n.Then)
		}
		for _, c := range n.Elifs {
			if c != nil {
				Walk(v, c)
			}
		}
		if n.Else != nil {
			Walk(v, n.Else)
		}
	case *ForStmt:
		walkIdent(v, n.Var)
		walkExpr(v, n.Iter)
		if n.Body != nil {
			Walk(v, n.Body)
		}
	case *WhileStmt:
		walkExpr(v, n.Cond)
		if n.Body != nil {
			Walk(v, n.Body)
		}
	case *ReturnStmt:
		walkExpr(v, n.Result)
	case *BranchStmt:
		// leaf
	case *EmitStmt:
		walkIdent(v, n.Type)
		walkArgs(v, n.Args)
	case *ExprStmt:
		walkExpr(v, n.X)
	case *FieldDecl:
		walkIdent(v, n.Name)
		walkType(v, n.Type)
	case *Param:
		walkIdent(v, n.Name)
		walkType(v, n.Type)
	case *Block:
		walkStmts(v, n.Stmts)
	case *ElifClause:
		walkExpr(v, n.Cond)
		if n.Body != nil {
			Walk(v, n.Body)
		}

	// Sources
	case *SimpleSource:
		walkIdent(v, n.Name)
		walkIdent(v, n.Alias)
	case *FromSource:
		walkIdent(v, n.Type)
		walkIdent(v, n.Connector)
		walkArgs(v, n.Params)
	case *MergeSource:
		walkInline(v, n.Inputs)
	case *JoinSource:
		walkInline(v, n.Inputs)
	case *SequenceSource:
		for _, s := range n.Steps {
			if s != nil {
				Walk(v, s)
			}
		}
	case *TimerSource:
		walkArgs(v, n.Args)
	case *InlineStream:
		walkIdent(v, n.Name)
		walkIdent(v, n.Source)
		walkOps(v, n.Ops)
	case *SeqStep:
		walkIdent(v, n.Alias)
		walkIdent(v, n.Type)
		walkExpr(v, n.Where)
		walkExpr(v, n.Within)

	// Operations
	case *FollowedBy:
		walkIdent(v, n.Type)
		walkExpr(v, n.Where)
		walkIdent(v, n.Alias)
	case *OpCall:
		walkIdent(v, n.Name)
		walkIdent(v, n.As)
		walkArgs(v, n.Args)
	case *NotOp:
		walkIdent(v, n.Type)
		walkExpr(v, n.Where)
	case *ForkOp:
		for _, b := range n.Branches {
			if b != nil {
				Walk(v, b)
			}
		}
	case *ForkBranch:
		walkIdent(v, n.Name)
		walkOps(v, n.Ops)
	case *PatternOp:
		walkIdent(v, n.Label)
		walkExpr(v, n.Lambda)
		walkPat(v, n.Pat)

	// Pattern algebra
	case *PatRef:
		walkIdent(v, n.Type)
		walkExpr(v, n.Where)
		walkIdent(v, n.Alias)
	case *PatSeq:
		for _, x := range n.Items {
			walkPat(v, x)
		}
	case *PatNot:
		walkPat(v, n.X)
	case *PatBinary:
		walkPat(v, n.X)
		walkPat(v, n.Y)
	case *PatParen:
		walkPat(v, n.X)
	}
	v.Visit(nil)
}

// The helpers below skip nil children, including typed nil pointers stored
// in interfaces, so that Walk never hands a nil node to a visitor.

func walkIdent(v Visitor, x *Ident) {
	if x != nil {
		Walk(v, x)
	}
}

func walkExpr(v Visitor, x Expr) {
	if x != nil && !isNilNode(x) {
		Walk(v, x)
	}
}

func walkExprs(v Visitor, list []Expr) {
	for _, x := range list {
		walkExpr(v, x)
	}
}

func walkType(v Visitor, t Type) {
	if t != nil && !isNilNode(t) {
		Walk(v, t)
	}
}

func walkPat(v Visitor, p PatExpr) {
	if p != nil && !isNilNode(p) {
		Walk(v, p)
	}
}

func walkStmts(v Visitor, list []Stmt) {
	for _, s := range list {
		if s != nil && !isNilNode(s) {
			Walk(v, s)
		}
	}
}

func walkOps(v Visitor, list []Op) {
	for _, o := range list {
		if o != nil && !isNilNode(o) {
			Walk(v, o)
		}
	}
}

func walkArgs(v Visitor, list []*Arg) {
	for _, a := range list {
		if a != nil {
			Walk(v, a)
		}
	}
}

func walkInline(v Visitor, list []*InlineStream) {
	for _, s := range list {
		if s != nil {
			Walk(v, s)
		}
	}
}

// isNilNode reports whether n holds a typed nil pointer of a node type the
// parser may leave unset (an optional *Ident or *BlockExpr, for instance).
func isNilNode(n Node) bool {
	switch x := n.(type) {
	case *Ident:
		return x == nil
	case *BasicLit:
		return x == nil
	case *BlockExpr:
		return x == nil
	case *LambdaExpr:
		return x == nil
	case *NamedType:
		return x == nil
	case *OptionalType:
		return x == nil
	}
	return false
}

type inspector func(Node) bool

func (f inspector) Visit(node Node) Visitor {
	if f(node) {
		return f
	}
	return nil
}

// Inspect traverses a syntax tree in depth-first order: it starts by calling
// f(node); node must not be nil. If f returns true, Inspect invokes f
// recursively for each of the non-nil children of node, followed by a call
// of f(nil).
func Inspect(node Node, f func(Node) bool) {
	Walk(inspector(f), node)
}

// Names calls f for every identifier that e reads as a name: a variable,
// alias or field of the current event. Field names after a dot, the names
// of called functions and the labels of named arguments are not names in
// this sense and are skipped, as are map keys written as names
// (`{k: v}`). qualifier is set when the identifier is the
// X of a member access X.f (an alias read for one of its fields).
func Names(e Expr, f func(id *Ident, qualifier bool)) {
	skip := map[*Ident]bool{}
	Inspect(e, func(n Node) bool {
		switch x := n.(type) {
		case *SelectorExpr:
			if x == nil {
				return false
			}
			skip[x.Sel] = true
			if id, ok := x.X.(*Ident); ok && id != nil {
				skip[id] = true
				f(id, true)
			}
		case *CallExpr:
			if x == nil {
				return false
			}
			if id, ok := x.Fun.(*Ident); ok {
				skip[id] = true
			}
			for _, a := range x.Args {
				if a != nil && a.Name != nil {
					skip[a.Name] = true
				}
			}
		case *MapLit:
			if x == nil {
				return false
			}
			for _, en := range x.Entries {
				if en != nil {
					if id, ok := en.Key.(*Ident); ok {
						skip[id] = true
					}
				}
			}
		case *Ident:
			if x != nil && !skip[x] {
				f(x, false)
			}
		}
		return true
	})
}
