package ast

import "github.com/varpulis/varpulis-go/vpl/token"

// ---------------------------------------------------------------------------
// Stream sources

type (
	// BadSource covers an unparsable stream source.
	BadSource struct {
		From, To token.Pos
	}

	// SimpleSource is `Name`, `Name as alias` or `all Name [as alias]`.
	// Name is an event type, a stream or a named pattern; the checker
	// resolves which.
	SimpleSource struct {
		All   token.Pos // position of `all`, NoPos when absent
		Name  *Ident
		Alias *Ident // may be nil
	}

	// FromSource is `Type.from(Connector, param: value, ...)`.
	FromSource struct {
		Type      *Ident
		Connector *Ident
		Params    []*Arg // named
		Rparen    token.Pos
	}

	// MergeSource is `merge(input, ...)`.
	MergeSource struct {
		Merge  token.Pos
		Inputs []*InlineStream
		Rparen token.Pos
	}

	// JoinSource is `join(input, ...)`.
	JoinSource struct {
		Join   token.Pos
		Inputs []*InlineStream
		Rparen token.Pos
	}

	// SequenceSource is `sequence(a: A, b: B where p, ...)`.
	SequenceSource struct {
		Sequence token.Pos
		Steps    []*SeqStep
		Rparen   token.Pos
	}

	// TimerSource is `timer(interval [, name: value])`.
	TimerSource struct {
		Timer  token.Pos
		Args   []*Arg
		Rparen token.Pos
	}
)

// InlineStream is one input of merge(...) or join(...): either a bare name
// (`Temps`) or an inline declaration `stream N = T .where(p)` / `.on(p)`.
type InlineStream struct {
	StreamPos token.Pos // NoPos for the bare form
	Name      *Ident    // nil for the bare form
	Source    *Ident
	Ops       []Op // inline operations (.where / .on)
}

// Pos implements Node.
func (s *InlineStream) Pos() token.Pos {
	if s.StreamPos.IsValid() {
		return s.StreamPos
	}
	return s.Source.Pos()
}

// End implements Node.
func (s *InlineStream) End() token.Pos {
	if n := len(s.Ops); n > 0 {
		return s.Ops[n-1].End()
	}
	return s.Source.End()
}

// SeqStep is one `alias: Type [+|*|?] [where p] [.within(d)]` step of a
// sequence(...) source.
type SeqStep struct {
	Alias    *Ident
	Type     *Ident
	Quant    token.Kind // ADD (+), MUL (*), QUESTION (?) or ILLEGAL (none)
	QuantPos token.Pos
	Where    Expr // may be nil
	Within   Expr // may be nil
	EndPos   token.Pos
}

// Pos implements Node.
func (s *SeqStep) Pos() token.Pos { return s.Alias.Pos() }

// End implements Node.
func (s *SeqStep) End() token.Pos { return s.EndPos }

func (s *BadSource) Pos() token.Pos { return s.From }
func (s *SimpleSource) Pos() token.Pos {
	if s.All.IsValid() {
		return s.All
	}
	return s.Name.Pos()
}
func (s *FromSource) Pos() token.Pos     { return s.Type.Pos() }
func (s *MergeSource) Pos() token.Pos    { return s.Merge }
func (s *JoinSource) Pos() token.Pos     { return s.Join }
func (s *SequenceSource) Pos() token.Pos { return s.Sequence }
func (s *TimerSource) Pos() token.Pos    { return s.Timer }

func (s *BadSource) End() token.Pos { return s.To }
func (s *SimpleSource) End() token.Pos {
	if s.Alias != nil {
		return s.Alias.End()
	}
	return s.Name.End()
}
func (s *FromSource) End() token.Pos     { return s.Rparen + 1 }
func (s *MergeSource) End() token.Pos    { return s.Rparen + 1 }
func (s *JoinSource) End() token.Pos     { return s.Rparen + 1 }
func (s *SequenceSource) End() token.Pos { return s.Rparen + 1 }
func (s *TimerSource) End() token.Pos    { return s.Rparen + 1 }

func (*BadSource) sourceNode()      {}
func (*SimpleSource) sourceNode()   {}
func (*FromSource) sourceNode()     {}
func (*MergeSource) sourceNode()    {}
func (*JoinSource) sourceNode()     {}
func (*SequenceSource) sourceNode() {}
func (*TimerSource) sourceNode()    {}

// ---------------------------------------------------------------------------
// Operations

type (
	// BadOp covers an unparsable operation.
	BadOp struct {
		From, To token.Pos
	}

	// FollowedBy is a sequence step `-> [not] [all] Type[+|*|?] [where p] [as alias]`.
	FollowedBy struct {
		Arrow    token.Pos
		Not      token.Pos // position of `not`, NoPos when absent (positioned negation)
		All      token.Pos // position of `all`, NoPos when absent (Kleene +)
		Type     *Ident
		Quant    token.Kind // ADD (+), MUL (*), QUESTION (?) or ILLEGAL (none)
		QuantPos token.Pos
		Where    Expr   // may be nil
		Alias    *Ident // may be nil
	}

	// OpCall is a dotted operation `.name(args)`, e.g. .where(p),
	// .window(5m, sliding: 1m), .emit(a: x). For `.emit as T (...)`, As is T.
	OpCall struct {
		Dot    token.Pos
		Name   *Ident
		As     *Ident // only for `.emit as T (...)`, otherwise nil
		Lparen token.Pos
		Args   []*Arg
		Rparen token.Pos
	}

	// NotOp is `.not(Type [where p])`.
	NotOp struct {
		Dot    token.Pos
		Type   *Ident
		Where  Expr // may be nil
		Rparen token.Pos
	}

	// ForkOp is `.fork(name: op op ..., name: ...)`.
	ForkOp struct {
		Dot      token.Pos
		Branches []*ForkBranch
		Rparen   token.Pos
	}

	// PatternOp is `.pattern(label: lambda)` or `.pattern(label: A -> B and C)`.
	// Exactly one of Lambda and Pat is set.
	PatternOp struct {
		Dot    token.Pos
		Label  *Ident
		Lambda Expr
		Pat    PatExpr
		Rparen token.Pos
	}
)

// ForkBranch is one `name: op op ...` branch of .fork.
type ForkBranch struct {
	Name *Ident
	Ops  []Op
}

// Pos implements Node.
func (b *ForkBranch) Pos() token.Pos { return b.Name.Pos() }

// End implements Node.
func (b *ForkBranch) End() token.Pos {
	if n := len(b.Ops); n > 0 {
		return b.Ops[n-1].End()
	}
	return b.Name.End()
}

func (o *BadOp) Pos() token.Pos      { return o.From }
func (o *FollowedBy) Pos() token.Pos { return o.Arrow }
func (o *OpCall) Pos() token.Pos     { return o.Dot }
func (o *NotOp) Pos() token.Pos      { return o.Dot }
func (o *ForkOp) Pos() token.Pos     { return o.Dot }
func (o *PatternOp) Pos() token.Pos  { return o.Dot }

func (o *BadOp) End() token.Pos { return o.To }
func (o *FollowedBy) End() token.Pos {
	switch {
	case o.Alias != nil:
		return o.Alias.End()
	case o.Where != nil:
		return o.Where.End()
	case o.Quant != token.ILLEGAL:
		return o.QuantPos + 1
	}
	return o.Type.End()
}
func (o *OpCall) End() token.Pos    { return o.Rparen + 1 }
func (o *NotOp) End() token.Pos     { return o.Rparen + 1 }
func (o *ForkOp) End() token.Pos    { return o.Rparen + 1 }
func (o *PatternOp) End() token.Pos { return o.Rparen + 1 }

func (*BadOp) opNode()      {}
func (*FollowedBy) opNode() {}
func (*OpCall) opNode()     {}
func (*NotOp) opNode()      {}
func (*ForkOp) opNode()     {}
func (*PatternOp) opNode()  {}

// ---------------------------------------------------------------------------
// Pattern algebra

type (
	// BadPat covers an unparsable pattern expression.
	BadPat struct {
		From, To token.Pos
	}

	// PatRef is `Type[+|*|?] [where p] [as alias]`.
	PatRef struct {
		Type     *Ident
		Quant    token.Kind // ADD, MUL, QUESTION or ILLEGAL
		QuantPos token.Pos
		Where    Expr   // may be nil
		Alias    *Ident // may be nil
	}

	// PatSeq is `SEQ(item, item, ...)`.
	PatSeq struct {
		Seq    token.Pos
		Items  []PatExpr
		Rparen token.Pos
	}

	// PatNot is `NOT x` (or lowercase `not x` inside .pattern).
	PatNot struct {
		Not token.Pos
		X   PatExpr
	}

	// PatBinary is `x AND y`, `x OR y`, and inside .pattern also
	// `x and y`, `x or y`, `x xor y` and `A -> B` (Op ARROW).
	PatBinary struct {
		X     PatExpr
		OpPos token.Pos
		Op    token.Kind // AND, OR, XOR or ARROW
		Upper bool       // written in upper case (AND/OR)
		Y     PatExpr
	}

	// PatParen is a parenthesised pattern expression.
	PatParen struct {
		Lparen token.Pos
		X      PatExpr
		Rparen token.Pos
	}
)

func (p *BadPat) Pos() token.Pos    { return p.From }
func (p *PatRef) Pos() token.Pos    { return p.Type.Pos() }
func (p *PatSeq) Pos() token.Pos    { return p.Seq }
func (p *PatNot) Pos() token.Pos    { return p.Not }
func (p *PatBinary) Pos() token.Pos { return p.X.Pos() }
func (p *PatParen) Pos() token.Pos  { return p.Lparen }

func (p *BadPat) End() token.Pos { return p.To }
func (p *PatRef) End() token.Pos {
	switch {
	case p.Alias != nil:
		return p.Alias.End()
	case p.Where != nil:
		return p.Where.End()
	case p.Quant != token.ILLEGAL:
		return p.QuantPos + 1
	}
	return p.Type.End()
}
func (p *PatSeq) End() token.Pos    { return p.Rparen + 1 }
func (p *PatNot) End() token.Pos    { return p.X.End() }
func (p *PatBinary) End() token.Pos { return p.Y.End() }
func (p *PatParen) End() token.Pos  { return p.Rparen + 1 }

func (*BadPat) patNode()    {}
func (*PatRef) patNode()    {}
func (*PatSeq) patNode()    {}
func (*PatNot) patNode()    {}
func (*PatBinary) patNode() {}
func (*PatParen) patNode()  {}
