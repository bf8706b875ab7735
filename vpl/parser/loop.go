package parser

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/scanner"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// loopHeader is a textually matched `for V in A..B:` line.
type loopHeader struct {
	varOff, varEnd int
	lo, hi         int64
	inclusive      bool
	colon          int // offset of ':'
	ok             bool
}

// lineEnd returns the offset of the '\n' ending the line containing off
// (or len(src)).
func lineEnd(src []byte, off int) int {
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i
	}
	return len(src)
}

// matchLoopHeader matches `for V in [-]A..[=][-]B:` (followed only by
// blanks or a comment) at src[off:end].
func matchLoopHeader(src []byte, off, end int) loopHeader {
	var h loopHeader
	i := off
	ws := func() int {
		n := 0
		for i < end && (src[i] == ' ' || src[i] == '\t' || src[i] == '\r') {
			i++
			n++
		}
		return n
	}
	word := func() (int, int) {
		s := i
		for i < end && (src[i] == '_' || src[i] >= 'a' && src[i] <= 'z' || src[i] >= 'A' && src[i] <= 'Z' || s != i && src[i] >= '0' && src[i] <= '9') {
			i++
		}
		return s, i
	}
	number := func() (int64, bool) {
		neg := false
		if i < end && src[i] == '-' {
			neg = true
			i++
			ws()
		}
		s := i
		for i < end && src[i] >= '0' && src[i] <= '9' {
			i++
		}
		if s == i {
			return 0, false
		}
		v, err := scanner.ParseInt(string(src[s:i]))
		if err != nil {
			return 0, false
		}
		if neg {
			v = -v
		}
		return v, true
	}
	if s, e := word(); string(src[s:e]) != "for" || ws() == 0 {
		return h
	}
	h.varOff, h.varEnd = word()
	if h.varOff == h.varEnd || ws() == 0 {
		return h
	}
	if s, e := word(); string(src[s:e]) != "in" || ws() == 0 {
		return h
	}
	var ok bool
	if h.lo, ok = number(); !ok {
		return h
	}
	ws()
	if i+1 >= end || src[i] != '.' || src[i+1] != '.' {
		return h
	}
	i += 2
	if i < end && src[i] == '=' {
		h.inclusive = true
		i++
	}
	ws()
	if h.hi, ok = number(); !ok {
		return h
	}
	ws()
	if i >= end || src[i] != ':' {
		return h
	}
	h.colon = i
	i++
	ws()
	if i < end && !(src[i] == '#' || src[i] == '/' && i+1 < end && (src[i+1] == '/' || src[i+1] == '*')) {
		return h
	}
	h.ok = true
	return h
}

// loopBody finds the body of a loop whose header line starts at lineOff
// with indentation indent: the following lines up to the next non-blank
// line indented no deeper than the header. It returns the body's start, the
// end of its last non-blank line (including the newline) and the first
// word of its first non-blank, non-comment line.
func loopBody(src []byte, headerEnd, indent int) (start, end int, first []byte) {
	start = headerEnd
	if start < len(src) {
		start++ // newline
	}
	end = start
	i := start
	for i < len(src) {
		le := lineEnd(src, i)
		j := i
		for j < le && (src[j] == ' ' || src[j] == '\t' || src[j] == '\r') {
			j++
		}
		if j < le { // not blank
			if j-i <= indent {
				break
			}
			if first == nil && src[j] != '#' && !(src[j] == '/' && j+1 < le && (src[j+1] == '/' || src[j+1] == '*')) {
				k := j
				for k < le && (src[k] == '_' || src[k] >= 'a' && src[k] <= 'z' || src[k] >= 'A' && src[k] <= 'Z') {
					k++
				}
				first = src[j:k]
			}
			end = le
			if end < len(src) {
				end++
			}
		}
		i = le + 1
	}
	return start, end, first
}

// isDeclWord reports whether w starts a declaration (or a nested loop).
func isDeclWord(w []byte) bool {
	k := scanner.Lookup(string(w))
	return k.IsDeclaration() || k == scanner.KwFor
}

// declLoop handles a top-level `for` at the current token. When it is a
// compile-time declaration loop it expands it, appends the statements to
// list, leaves the parser after the loop and returns true.
func (p *parser) declLoop(list *[]ast.Stmt) bool {
	off := p.t.Off
	headerEnd := lineEnd(p.src, off)
	bodyStart, bodyEnd, first := loopBody(p.src, headerEnd, p.t.Indent)
	if first == nil || !isDeclWord(first) {
		return false
	}
	h := matchLoopHeader(p.src, off, headerEnd)
	forPos := p.pos
	skip := func() {
		p.la = p.la[:0]
		p.sc.Seek(bodyEnd)
		p.next()
		p.syncing = false
	}
	if !h.ok {
		p.errorHint(forPos, p.posOf(headerEnd), "E120",
			"a top-level 'for' over declarations needs integer literal bounds",
			"write `for V in A..B:` or `for V in A..=B:` with integer literals A and B")
		skip()
		return true
	}
	name := string(p.src[h.varOff:h.varEnd])
	count := h.hi - h.lo
	if h.inclusive {
		count++
	}
	if h.hi > 0 && h.lo < 0 && count < 0 { // overflow
		count = MaxLoopIterations + 1
	}
	if count > MaxLoopIterations {
		p.errorAt(forPos, p.posOf(headerEnd), "E120",
			fmt.Sprintf("declaration loop has %d iterations; the limit is %d", count, MaxLoopIterations))
		skip()
		return true
	}
	if p.loopDepth >= MaxLoopNesting {
		p.errorAt(forPos, p.posOf(headerEnd), "E120",
			fmt.Sprintf("declaration loops nested more than %d deep", MaxLoopNesting))
		skip()
		return true
	}
	loop := &ast.DeclLoop{
		For:       forPos,
		Var:       &ast.Ident{NamePos: p.posOf(h.varOff), Name: name},
		Lo:        h.lo,
		Hi:        h.hi,
		Inclusive: h.inclusive,
		Colon:     p.posOf(h.colon),
		BodyStart: p.posOf(bodyStart),
		BodyEnd:   p.posOf(bodyEnd),
	}
	if !p.virtual {
		p.loops = append(p.loops, loop)
		p.collectComments(off, bodyEnd)
	}
	if p.mode&NoLoopExpansion == 0 && count > 0 {
		p.expand(loop, name, p.src[bodyStart:bodyEnd], bodyStart, count)
		*list = append(*list, loop.Stmts...)
	}
	skip()
	return true
}

// expand parses count copies of body with {name} replaced by each value.
func (p *parser) expand(loop *ast.DeclLoop, name string, body []byte, bodyStart int, count int64) {
	needle := []byte("{" + name + "}")
	pad := p.file.Position(p.posOf(bodyStart)).Line - 1
	seen := map[string]bool{} // diagnostics of the first iteration, by line, code and message
	for i := int64(0); i < count; i++ {
		v := loop.Lo + i
		val := []byte(strconv.FormatInt(v, 10))
		text := bytes.ReplaceAll(body, needle, val)
		fname := fmt.Sprintf("%s (for %s=%d)", p.file.Name(), name, v)
		n := pad
		if p.expanded+n+len(text) > MaxExpandedSize {
			// Without padding the line numbers are relative to the body;
			// the name says where the body starts.
			n = 0
			fname = fmt.Sprintf("%s:%d (for %s=%d)", p.file.Name(), pad+1, name, v)
		}
		if p.expanded+n+len(text) > MaxExpandedSize {
			if !p.budgetHit {
				p.budgetHit = true
				p.diags.Add(loop.For, token.NoPos, diag.Error, "E120",
					fmt.Sprintf("declaration loops expand to more than %d MiB of source", MaxExpandedSize>>20), "")
				p.errSeen++
			}
			return
		}
		p.expanded += n + len(text)
		content := make([]byte, n+len(text))
		for j := 0; j < n; j++ {
			content[j] = '\n'
		}
		copy(content[n:], text)
		f := p.fset.AddFile(fname, content)
		sub := newParser(p.shared, f, content)
		sub.virtual = true
		sub.loopDepth = p.loopDepth + 1
		before := len(p.diags)
		sub.next()
		stmts := sub.parseStmts()
		loop.Stmts = append(loop.Stmts, stmts...)
		// Report an error of the body once, not once per iteration.
		kept := p.diags[:before]
		for _, d := range p.diags[before:] {
			key := fmt.Sprintf("%d\x00%s\x00%s", f.Position(d.Pos).Line, d.Code, d.Message)
			if i > 0 && seen[key] {
				continue
			}
			if i == 0 {
				seen[key] = true
			}
			kept = append(kept, d)
		}
		p.diags = kept
	}
}

// collectComments records the comments in src[from:to] (a declaration
// loop, whose text the parser does not scan itself).
func (p *parser) collectComments(from, to int) {
	if p.mode&SkipComments != 0 {
		return
	}
	start := p.posOf(from)
	for len(p.comments) > 0 && p.comments[len(p.comments)-1].Start >= start {
		p.comments = p.comments[:len(p.comments)-1]
	}
	sc := p.sc
	sc.SetErrorHandler(nil)
	sc.Seek(from)
	var t scanner.Token
	for {
		sc.Next(&t)
		if t.Kind == token.EOF || t.Off >= to {
			return
		}
		if t.Kind == token.COMMENT {
			p.addComment(&t)
		}
	}
}
