package checker

import (
	"sort"
	"strings"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/joinkey"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// streamCtx is the checker's working state for one stream declaration.
type streamCtx struct {
	info *Stream
	decl *ast.StreamDecl
	// aliases is info.Aliases.
	aliases map[string]*Alias
	// steps maps each `->` step to its index in the pattern.
	steps map[*ast.FollowedBy]int
	// typeNames are the names usable as qualifiers `T.f`: source and step
	// types, join inputs.
	typeNames []string
	// joinInputs are the names of the inputs of a join source.
	joinInputs []string
	// typeBuf and inputBuf back typeNames and info.Inputs while they are
	// short, which is the common case.
	typeBuf  [1]string
	inputBuf [1]string
}

// setAlias binds a.Name in the stream, creating its alias table on first
// use (most streams bind no alias).
func (sc *streamCtx) setAlias(a *Alias) {
	if sc.aliases == nil {
		sc.aliases = map[string]*Alias{}
		sc.info.Aliases = sc.aliases
	}
	sc.aliases[a.Name] = a
}

// addTypeName records a name usable as a qualifier `T.f`. A stream has
// few such names: a slice with a linear search beats a map.
func (sc *streamCtx) addTypeName(name string) {
	if !sc.hasTypeName(name) {
		sc.typeNames = append(sc.typeNames, name)
	}
}

// hasTypeName reports whether name was recorded by addTypeName.
func (sc *streamCtx) hasTypeName(name string) bool {
	for _, n := range sc.typeNames {
		if n == name {
			return true
		}
	}
	return false
}

// resolveStreams resolves the source, aliases and inputs of every stream.
func (c *checker) resolveStreams() {
	for _, sc := range c.streams {
		c.resolveStream(sc.info, true)
	}
	for _, sc := range c.streams {
		for _, in := range sc.info.Inputs {
			if _, ok := c.info.Streams[in]; ok {
				sc.info.Deps = append(sc.info.Deps, in)
			}
		}
	}
}

// resolveStream fills st from its declaration and returns the stream's
// context. register is false for a duplicate declaration, which gets a
// private context.
func (c *checker) resolveStream(st *Stream, register bool) *streamCtx {
	d := st.Decl
	sc := c.byDecl[d]
	if sc == nil || !register {
		sc = &streamCtx{info: st, decl: d}
	}
	sc.aliases = st.Aliases
	sc.steps = nil
	sc.typeNames = sc.typeBuf[:0]
	addInput := func(name string) {
		if name == "" || name == "_" {
			return
		}
		sc.addTypeName(name)
		for _, x := range st.Inputs {
			if x == name {
				return
			}
		}
		if st.Inputs == nil {
			st.Inputs = sc.inputBuf[:0:len(sc.inputBuf)]
		}
		st.Inputs = append(st.Inputs, name)
	}
	bind := func(id *ast.Ident, typ string, step int, kleene bool) {
		if !validIdent(id) {
			return
		}
		if prev, ok := sc.aliases[id.Name]; ok {
			c.errorf(id, codeDupAlias, "", "alias `%s` is already bound at %s", id.Name, c.at(prev.Ident))
			return
		}
		a := c.newAlias()
		*a = Alias{Name: id.Name, Type: typ, Step: step, Kleene: kleene, Ident: id}
		sc.setAlias(a)
	}
	steps := 0
	switch s := d.Source.(type) {
	case *ast.SimpleSource:
		if s == nil || s.Name == nil {
			break
		}
		st.Source = s.Name.Name
		switch {
		case c.info.Streams[s.Name.Name] != nil:
			st.Kind = SourceStream
		case c.info.Patterns[s.Name.Name] != nil:
			st.Kind = SourcePattern
		default:
			st.Kind = SourceEvent
		}
		if st.Kind == SourcePattern {
			st.Pattern = true
			p := c.info.Patterns[s.Name.Name]
			c.resolvePattern(p)
			for _, a := range p.Aliases {
				sc.setAlias(a)
			}
			for _, t := range p.Types {
				addInput(t)
			}
			break
		}
		addInput(s.Name.Name)
		if s.All.IsValid() {
			st.Pattern = true
		}
		bind(s.Alias, s.Name.Name, 0, s.All.IsValid())
		steps = 1
	case *ast.FromSource:
		if s == nil {
			break
		}
		st.Kind = SourceConnector
		if s.Type != nil {
			st.Source = s.Type.Name
			addInput(s.Type.Name)
		}
		if s.Connector != nil {
			st.Connector = s.Connector.Name
		}
	case *ast.MergeSource:
		st.Kind = SourceMerge
		if s != nil {
			for _, in := range s.Inputs {
				if in != nil && in.Source != nil {
					addInput(in.Source.Name)
				}
			}
		}
	case *ast.JoinSource:
		st.Kind = SourceJoin
		if s != nil {
			for _, in := range s.Inputs {
				if in == nil || in.Source == nil {
					continue
				}
				addInput(in.Source.Name)
				name := in.Source.Name
				if validIdent(in.Name) {
					name = in.Name.Name
					sc.addTypeName(name)
				}
				sc.joinInputs = append(sc.joinInputs, name)
			}
		}
	case *ast.SequenceSource:
		st.Kind = SourceSequence
		st.Pattern = true
		if s != nil {
			for i, step := range s.Steps {
				if step == nil || step.Type == nil {
					continue
				}
				addInput(step.Type.Name)
				bind(step.Alias, step.Type.Name, i, step.Quant == token.ADD || step.Quant == token.MUL)
			}
			steps = len(s.Steps)
		}
	case *ast.TimerSource:
		st.Kind = SourceTimer
	default:
		st.Kind = SourceBad
	}
	canPattern := st.Kind == SourceEvent || st.Kind == SourceStream || st.Kind == SourceSequence
	for i, op := range d.Ops {
		switch o := op.(type) {
		case *ast.FollowedBy:
			if o == nil {
				continue
			}
			if o.Type != nil {
				addInput(o.Type.Name)
			}
			if !canPattern {
				continue
			}
			st.Pattern = true
			if sc.steps == nil {
				sc.steps = map[*ast.FollowedBy]int{}
			}
			sc.steps[o] = steps
			if !o.Not.IsValid() {
				kleene := o.All.IsValid() || o.Quant == token.ADD || o.Quant == token.MUL
				typ := ""
				if o.Type != nil {
					typ = o.Type.Name
				}
				bind(o.Alias, typ, steps, kleene)
			}
			steps++
		case *ast.NotOp:
			if o == nil {
				continue
			}
			if o.Type != nil {
				addInput(o.Type.Name)
			}
			if canPattern || st.Kind == SourcePattern {
				st.Pattern = true
			}
		case *ast.OpCall:
			if o != nil && o.Name != nil && o.Name.Name == "late" && i == 0 {
				st.Late = true
			}
		}
	}
	return sc
}

// checkStream checks a stream declaration.
func (c *checker) checkStream(sc *streamCtx) {
	c.checkSource(sc)
	c.checkOps(sc)
}

// ---------------------------------------------------------------------------
// Sources

func (c *checker) checkSource(sc *streamCtx) {
	d := sc.decl
	en := c.streamEnv(sc)
	switch s := d.Source.(type) {
	case *ast.SimpleSource:
		if s == nil || s.Name == nil {
			return
		}
		if sc.info.Kind == SourcePattern {
			if s.All.IsValid() || s.Alias != nil {
				c.errorf(s, codeOpArgs, "the pattern's items carry their own aliases",
					"a named pattern source takes no `all` and no alias")
			}
			return
		}
		c.typeRef(s.Name, "source")
	case *ast.FromSource:
		if s == nil {
			return
		}
		c.typeRef(s.Type, "source")
		conn := c.connectorRef(s.Connector, "`.from`")
		kind := ""
		if conn != nil {
			kind = conn.Kind
			if caps, ok := connectorKinds[conn.Kind]; ok && !caps.source {
				c.errorf(s.Connector, codeConnUse, "", "connector `%s` is of kind %s, which cannot be an event source", conn.Name, conn.Kind)
			}
		}
		c.dupArgs(s.Params, codeDupArg)
		c.connectorParams(kind, s.Params)
	case *ast.MergeSource:
		if s == nil {
			return
		}
		if len(s.Inputs) == 0 {
			c.errorf(s, codeOpArgs, "", "merge(...) needs at least one input")
		}
		c.inlineStreams(sc, s.Inputs, "where", en)
	case *ast.JoinSource:
		if s == nil {
			return
		}
		if len(s.Inputs) < 2 {
			c.errorf(s, codeOpArgs, "", "join(...) needs at least two inputs")
		}
		c.inlineStreams(sc, s.Inputs, "on", en)
		if !c.hasJoinOn(sc) {
			c.warnf(&ast.Ident{NamePos: s.Join, Name: "join"}, warnJoinNoOn, "add `.on(A.key == B.key)`",
				"join without `.on(...)`: inputs are joined on the field `symbol`")
		}
	case *ast.SequenceSource:
		if s == nil {
			return
		}
		if len(s.Steps) == 0 {
			c.errorf(s, codeOpArgs, "", "sequence(...) needs at least one step")
		}
		for i, step := range s.Steps {
			if step == nil {
				continue
			}
			c.typeRef(step.Type, "step")
			if step.Where != nil {
				sen := *en
				sen.step = i
				if step.Type != nil {
					sen.candidates = []string{step.Type.Name}
				}
				c.predicate(step.Where, "step condition", &sen)
			}
			if step.Within != nil {
				c.durationArg(step.Within, "`.within` of a sequence step")
			}
		}
	case *ast.TimerSource:
		if s == nil {
			return
		}
		c.timerSource(s)
	}
}

func (c *checker) timerSource(s *ast.TimerSource) {
	c.dupArgs(s.Args, codeDupArg)
	npos := 0
	for _, a := range s.Args {
		if a == nil {
			continue
		}
		if a.Name == nil {
			npos++
			if npos == 1 {
				c.positiveDurationArg(a.Value, "the timer interval")
			} else {
				c.errorf(a, codeOpArgs, "write `timer(5s, initial_delay: 1s)`", "timer(...) takes one interval")
			}
			continue
		}
		if a.Name.Name != "initial_delay" {
			c.errorf(a.Name, codeUnknownParam, didYouMean(a.Name.Name, []string{"initial_delay"}),
				"unknown timer parameter `%s` (the only parameter is `initial_delay`)", a.Name.Name)
			continue
		}
		c.durationArg(a.Value, "`initial_delay`")
	}
	if npos == 0 {
		c.errorf(s, codeOpArgs, "write `timer(5s)`", "timer(...) needs an interval")
	}
}

// hasJoinOn reports whether a join stream has a join condition.
func (c *checker) hasJoinOn(sc *streamCtx) bool {
	isOn := func(op ast.Op) bool {
		o, ok := op.(*ast.OpCall)
		return ok && o != nil && o.Name != nil && o.Name.Name == "on"
	}
	if s, ok := sc.decl.Source.(*ast.JoinSource); ok && s != nil {
		for _, in := range s.Inputs {
			if in == nil {
				continue
			}
			for _, op := range in.Ops {
				if isOn(op) {
					return true
				}
			}
		}
	}
	for _, op := range sc.decl.Ops {
		if isOn(op) {
			return true
		}
	}
	return false
}

// inlineStreams checks the inputs of merge(...) (allowed op: where) or
// join(...) (allowed op: on).
func (c *checker) inlineStreams(sc *streamCtx, inputs []*ast.InlineStream, allowed string, en *env) {
	names := map[string]ast.Node{}
	what := "merge"
	if allowed == "on" {
		what = "join"
	}
	for _, in := range inputs {
		if in == nil {
			continue
		}
		c.typeRef(in.Source, "input")
		var id *ast.Ident
		switch {
		case validIdent(in.Name):
			id = in.Name
		case validIdent(in.Source):
			id = in.Source
		}
		if id != nil {
			if prev, ok := names[id.Name]; ok {
				hint := ""
				if allowed == "on" {
					hint = "name the second input: `stream " + id.Name + "2 = " + id.Name + "`"
				}
				c.errorf(id, codeDupField, hint, "%s input `%s` is already listed at %s", what, id.Name, c.at(prev))
			} else {
				names[id.Name] = id
			}
		}
		for _, op := range in.Ops {
			o, ok := op.(*ast.OpCall)
			if !ok || o == nil || o.Name == nil {
				if _, bad := op.(*ast.BadOp); op != nil && !bad {
					c.errorf(op, codeOpArgs, "", "only `.%s(...)` is allowed on a %s input", allowed, what)
				}
				continue
			}
			if o.Name.Name != allowed {
				c.errorf(o.Name, codeOpArgs, "", "only `.%s(...)` is allowed on a %s input, found `.%s`", allowed, what, o.Name.Name)
				continue
			}
			cond := c.singleArg(o, "a condition")
			if cond == nil {
				continue
			}
			if allowed == "on" {
				c.joinCond(sc, cond, en)
			} else {
				c.predicate(cond, "`.where`", en)
			}
		}
	}
}

// joinCond checks a join condition: a conjunction that contains at least
// one equality between fields of two different join inputs.
func (c *checker) joinCond(sc *streamCtx, cond ast.Expr, en *env) {
	c.expr(cond, en)
	inputs := sc.joinInputs
	found, reported := false, false
	var visit func(e ast.Expr)
	visit = func(e ast.Expr) {
		x, ok := unparen(e).(*ast.BinaryExpr)
		if !ok || x == nil {
			return
		}
		switch x.Op {
		case token.AND:
			visit(x.X)
			visit(x.Y)
		case token.EQL:
			a, aok := qualifier(x.X)
			b, bok := qualifier(x.Y)
			if !aok || !bok {
				return
			}
			ok := true
			for _, q := range []*ast.Ident{a, b} {
				if !contains(inputs, q.Name) {
					ok, reported = false, true
					c.errorf(q, codeJoinOn, didYouMean(q.Name, inputs),
						"`%s` is not an input of this join (inputs: %s)", q.Name, joinSorted(inputs))
				}
			}
			if ok && a.Name != b.Name {
				found = true
			}
		}
	}
	visit(cond)
	if !found && !reported && len(inputs) >= 2 {
		c.errorf(cond, codeJoinOn, "write `.on("+inputs[0]+".key == "+inputs[1]+".key)`",
			"join condition needs an equality between fields of two inputs")
	}
}

// joinClasses checks that the equalities of a join's conditions (its
// inputs' `.on`/`.where` and the stream's `.on`, split at `and`) group
// into keys that name exactly one expression of every input, as the
// engine builds them (package joinkey): the join matches events whose key
// values are equal, so a key must be computable from each input (E029).
func (c *checker) joinClasses(sc *streamCtx) {
	js, ok := sc.decl.Source.(*ast.JoinSource)
	if !ok || js == nil || len(sc.joinInputs) < 2 {
		return
	}
	var conds []ast.Expr
	for _, in := range js.Inputs {
		if in == nil {
			continue
		}
		for _, op := range in.Ops {
			if oc, ok := op.(*ast.OpCall); ok && oc != nil && len(oc.Args) == 1 && oc.Args[0] != nil {
				conds = append(conds, oc.Args[0].Value)
			}
		}
	}
	for _, op := range sc.decl.Ops {
		if oc, ok := op.(*ast.OpCall); ok && oc != nil && oc.Name != nil && oc.Name.Name == "on" && len(oc.Args) == 1 && oc.Args[0] != nil {
			conds = append(conds, oc.Args[0].Value)
		}
	}
	for _, p := range joinkey.Split(sc.joinInputs, conds).Bad {
		what := "has no expression of input `" + sc.joinInputs[p.Input] + "`"
		if p.Several {
			what = "has several expressions of input `" + sc.joinInputs[p.Input] + "`"
		}
		c.errorf(p.At, codeJoinOn, "equate one key of every input: `.on(A.k == B.k and B.k == C.k)`",
			"join condition must equate one key expression of every join input: this key %s", what)
	}
}

// qualifier returns X of a member access X.f where X is an identifier.
func qualifier(e ast.Expr) (*ast.Ident, bool) {
	s, ok := unparen(e).(*ast.SelectorExpr)
	if !ok || s == nil {
		return nil, false
	}
	id, ok := s.X.(*ast.Ident)
	return id, ok && validIdent(id)
}

func joinSorted(list []string) string {
	l := append([]string(nil), list...)
	sort.Strings(l)
	out := l[:0]
	for i, s := range l {
		if i == 0 || s != l[i-1] {
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}

// typeRef checks a name used as an event type or stream (W030): it is
// fine when it names a stream, a declared event, a pattern, a type the
// program emits or a known input type; otherwise it is an undeclared input
// type, reported when events are declared or when it is close to a
// declared name.
func (c *checker) typeRef(id *ast.Ident, what string) {
	if !validIdent(id) {
		return
	}
	name := id.Name
	if _, ok := c.info.Streams[name]; ok {
		return
	}
	c.inputs[name] = true
	if c.isTypeName(name) || c.inputTypes[name] || c.emitTypes[name] {
		return
	}
	if s := c.typeSuggestion(name); s != "" {
		c.warnf(id, warnUnknownSource, "did you mean `"+s+"`?",
			"%s `%s` is not a declared event type, stream or pattern", what, name)
		return
	}
	if len(c.info.Events) > 0 {
		c.warnf(id, warnUnknownSource, "declare it with `event "+name+":` if it is an input event type",
			"%s `%s` is not a declared event type, stream or pattern", what, name)
	}
}

// typeSuggestion returns the declared event, stream or pattern name that
// name is likely a typo of, or "". Names that contain one another are not
// typos: `stream Readings = Reading` reads an input type named like the
// stream. Results are cached: the declared names do not change during a
// check.
func (c *checker) typeSuggestion(name string) string {
	if s, ok := c.typeHints[name]; ok {
		return s
	}
	// suggest breaks ties by name, so the map order does not matter; the
	// length filter is suggest's own, applied early to keep the candidate
	// list short in programs with thousands of declarations.
	limit := min(len(name)/3+1, 3)
	var cands []string
	add := func(cand string) {
		if d := len(cand) - len(name); d > limit || -d > limit {
			return
		}
		if !strings.Contains(cand, name) && !strings.Contains(name, cand) {
			cands = append(cands, cand)
		}
	}
	for cand := range c.info.Events {
		add(cand)
	}
	for cand := range c.info.Streams {
		add(cand)
	}
	for cand := range c.info.Patterns {
		add(cand)
	}
	s := suggest(name, cands)
	c.typeHints[name] = s
	return s
}

// finishInputs computes Info.InputTypes.
func (c *checker) finishInputs() {
	for n := range c.inputs {
		if _, ok := c.info.Streams[n]; ok {
			continue
		}
		if _, ok := c.info.Patterns[n]; ok {
			continue
		}
		c.info.InputTypes = append(c.info.InputTypes, n)
	}
	sort.Strings(c.info.InputTypes)
}

// connectorRef resolves a connector name (E030).
func (c *checker) connectorRef(id *ast.Ident, where string) *Connector {
	if !validIdent(id) {
		return nil
	}
	if conn, ok := c.info.Connectors[id.Name]; ok {
		return conn
	}
	hint := didYouMean(id.Name, keysOf(c.info.Connectors))
	if hint == "" {
		hint = "declare it with `connector " + id.Name + " = kind(...)`"
	}
	c.errorf(id, codeUnknownConn, hint, "unknown connector `%s` in %s", id.Name, where)
	return nil
}

// streamEnv returns the expression environment of a stream's operations.
func (c *checker) streamEnv(sc *streamCtx) *env {
	return &env{st: sc, step: -1}
}
