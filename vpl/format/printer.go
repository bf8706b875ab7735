package format

import (
	"bytes"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/scanner"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// Layout constants of the canonical style.
const (
	indentWidth = 4   // spaces per indentation level
	maxWidth    = 100 // columns before an argument list is broken
)

// Blank-line modes of a pending newline.
const (
	blankNone   = iota // never a blank line
	blankSource        // a blank line if the source had one before the next line
	blankForce         // always a blank line
)

// comment is a source comment with the layout facts the printer needs.
type comment struct {
	pos     token.Pos
	text    string // normalised text (see normalizeComment)
	line    bool   // a line comment (# or //): a newline must follow it
	ownLine bool   // only white space precedes it on its source line
	multi   bool   // the text spans several lines
	inline  bool   // a one-line block comment followed by a token on its line: printed before that token
	col     int    // byte column of its first character in its source line
}

// state is the part of the printer that a layout trial saves and restores.
type state struct {
	outLen int  // length of out
	ci     int  // index of the next comment to print
	col    int  // current output column (in runes)
	last   byte // last byte written (0 at the start)

	nl        bool // a newline is pending
	blank     int  // blank-line mode of the pending newline
	stmtLevel bool // the pending newline separates statements (blank lines between comments are kept)
	space     bool // a space is pending
	needNL    bool // a line comment was written: the next text must start a new line
	contNL    bool // the pending newline is a continuation (indented one more level)
	afterCmt  bool // the last thing written was a block comment
	cmtLine   bool // the current output line holds only a comment
	indent    int  // indentation of layout newlines

	flat   bool // trial mode: any newline or overlong line fails the trial
	failed bool // the trial failed
}

// printer renders a syntax tree in the canonical layout.
type printer struct {
	fset     *token.FileSet
	file     *token.File // the main source file, nil for a tree without positions
	src      []byte
	out      []byte
	comments []comment
	tokens   []token.Pos // start of every token of the main file, ascending
	noBreak  int         // > 0: groups are never broken (statement headers)
	state
}

func newPrinter(fset *token.FileSet, f *ast.File) *printer {
	p := &printer{fset: fset}
	if fset != nil && f.Start.IsValid() {
		p.file = fset.File(f.Start)
	}
	if p.file != nil {
		p.src = p.file.Source()
		p.collectTokens()
	}
	p.collectComments(f)
	return p
}

// collectTokens records the start of every token of the main file, used to
// find where the text after a construct resumes.
func (p *printer) collectTokens() {
	var s scanner.Scanner
	s.Init(p.file, p.src, nil, 0)
	var t scanner.Token
	for {
		s.Next(&t)
		if t.Kind == token.EOF {
			return
		}
		p.tokens = append(p.tokens, s.Pos(t.Off))
	}
}

// nextToken returns the start of the first token at or after pos, or a
// position past the end of the file.
func (p *printer) nextToken(pos token.Pos) token.Pos {
	i := sort.Search(len(p.tokens), func(i int) bool { return p.tokens[i] >= pos })
	if i < len(p.tokens) {
		return p.tokens[i]
	}
	return endOfFile
}

// endOfFile is larger than every position.
const endOfFile = token.Pos(int(^uint(0) >> 1))

// inMain reports whether pos lies in the main source file.
func (p *printer) inMain(pos token.Pos) bool {
	if p.file == nil || !pos.IsValid() {
		return false
	}
	return int(pos) >= p.file.Base() && int(pos) <= p.file.Base()+p.file.Size()
}

// collectComments keeps the comments of the main file that lie outside the
// declaration loops (those are copied verbatim with their loop).
func (p *printer) collectComments(f *ast.File) {
	for _, c := range f.Comments {
		if c == nil || !p.inMain(c.Start) || inLoop(f, c.Start) {
			continue
		}
		off := p.file.Offset(c.Start)
		pos := p.file.Position(c.Start)
		ls := off - (pos.Column - 1)
		text := normalizeComment(c.Text)
		cm := comment{
			pos:     c.Start,
			text:    text,
			line:    !strings.HasPrefix(text, "/*"),
			ownLine: firstNonBlank(p.src, ls) >= off,
			multi:   strings.Contains(text, "\n"),
			col:     off - ls,
		}
		if !cm.line && !cm.multi {
			end := off + len(c.Text)
			if next := p.nextToken(c.End()); p.inMain(next) && next != endOfFile {
				cm.inline = bytes.IndexByte(p.src[end:p.file.Offset(next)], '\n') < 0
			}
		}
		p.comments = append(p.comments, cm)
	}
	sort.SliceStable(p.comments, func(i, j int) bool { return p.comments[i].pos < p.comments[j].pos })
}

// firstNonBlank returns the offset of the first character after off that
// is not a space, tab or carriage return.
func firstNonBlank(src []byte, off int) int {
	for off < len(src) && (src[off] == ' ' || src[off] == '\t' || src[off] == '\r') {
		off++
	}
	return off
}

func inLoop(f *ast.File, pos token.Pos) bool {
	for _, l := range f.DeclLoops {
		if l != nil && pos >= l.For && pos < l.BodyEnd {
			return true
		}
	}
	return false
}

// normalizeComment returns the text a comment is printed with: line
// endings become \n and trailing white space is removed from every line.
// Tests compare comments by this form.
func normalizeComment(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if !strings.Contains(text, "\n") {
		return strings.TrimRight(text, " \t\r")
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.Join(lines, "\n")
}

// sourceCol returns the byte column of pos in its source line.
func (p *printer) sourceCol(pos token.Pos) int {
	if !p.inMain(pos) {
		return 0
	}
	return p.file.Position(pos).Column - 1
}

// blankBefore reports whether the source line before the line holding pos
// is blank.
func (p *printer) blankBefore(pos token.Pos) bool {
	if !p.inMain(pos) {
		return false
	}
	line := p.file.Position(pos).Line
	if line <= 1 {
		return false
	}
	return len(bytes.Trim(p.file.LineText(line-1), " \t\r")) == 0
}

// ---------------------------------------------------------------------------
// Output primitives

// save returns the current state for a later restore.
func (p *printer) save() state {
	s := p.state
	s.outLen = len(p.out)
	return s
}

// restore rolls the output back to a saved state.
func (p *printer) restore(s state) {
	p.out = p.out[:s.outLen]
	p.state = s
}

// newline requests a layout newline before the next text. mode is one of
// blankNone, blankSource, blankForce; stmt marks a statement boundary.
func (p *printer) newline(mode int, stmt bool) {
	if p.nl {
		if mode > p.blank {
			p.blank = mode
		}
		p.stmtLevel = p.stmtLevel || stmt
		p.contNL = false
		return
	}
	p.nl, p.blank, p.stmtLevel, p.space, p.contNL = true, mode, stmt, false, false
}

// sp requests a space before the next text.
func (p *printer) sp() { p.space = true }

// text writes s, a token starting at source position pos (NoPos for
// punctuation without a recorded position). Comments before pos are
// printed first.
func (p *printer) text(pos token.Pos, s string) {
	if p.failed {
		return // a trial that already failed: the output is discarded
	}
	if p.inMain(pos) {
		p.flushBefore(pos)
	}
	p.emitPending(pos, s)
	p.write(s)
	p.cmtLine = false
}

// emitPending writes the pending newline or space before s.
func (p *printer) emitPending(pos token.Pos, s string) {
	if p.needNL && !p.nl {
		// A line comment ended the line in the middle of a construct:
		// continue on the next line, one level deeper.
		p.nl, p.blank, p.stmtLevel, p.contNL = true, blankNone, false, true
	}
	p.needNL = false
	if p.nl {
		n := 1
		if p.blank == blankForce || p.blank == blankSource && p.blankBefore(pos) {
			n = 2
		}
		ind := p.indent
		if p.contNL {
			ind += indentWidth
		}
		p.writeNewlines(n, ind)
		p.nl, p.space, p.afterCmt, p.contNL = false, false, false, false
		return
	}
	if p.afterCmt {
		p.afterCmt = false
		if !closing(s) {
			p.space = true
		}
	}
	if p.space {
		p.space = false
		if p.last != 0 && p.last != '\n' {
			p.write(" ")
		}
	}
}

func closing(s string) bool {
	return s == ")" || s == "]" || s == "}" || s == ","
}

func (p *printer) writeNewlines(n, ind int) {
	if p.flat {
		p.failed = true
	}
	if len(p.out) == 0 {
		// Nothing before: no leading newline at the start of the output.
		n = 0
	}
	for i := 0; i < n; i++ {
		p.out = append(p.out, '\n')
	}
	for i := 0; i < ind; i++ {
		p.out = append(p.out, ' ')
	}
	p.col = ind
	if ind > 0 {
		p.last = ' '
	} else if n > 0 {
		p.last = '\n'
	}
}

// write appends s to the output and tracks the column.
func (p *printer) write(s string) {
	if s == "" {
		return
	}
	p.out = append(p.out, s...)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		if p.flat {
			p.failed = true
		}
		p.col = utf8.RuneCountInString(s[i+1:])
	} else {
		p.col += utf8.RuneCountInString(s)
	}
	p.last = s[len(s)-1]
	if p.flat && p.col > maxWidth {
		p.failed = true
	}
}

// flushBefore prints every pending comment that starts before pos.
func (p *printer) flushBefore(pos token.Pos) {
	for p.ci < len(p.comments) && p.comments[p.ci].pos < pos {
		p.writeComment(p.comments[p.ci])
		p.ci++
		if p.failed {
			return
		}
	}
}

// flushTail prints the comments that belong to the end of a construct
// whose text ends at end: trailing comments, and own-line comments
// indented at least minCol, up to the next token. They are printed at the
// current indentation.
func (p *printer) flushTail(end token.Pos, minCol int) {
	if !p.inMain(end) {
		return
	}
	limit := p.nextToken(end)
	for p.ci < len(p.comments) {
		c := p.comments[p.ci]
		if c.pos >= limit || c.ownLine && c.col < minCol {
			return
		}
		p.writeComment(c)
		p.ci++
		if p.failed {
			return
		}
	}
}

// writeComment prints one comment in its position class.
func (p *printer) writeComment(c comment) {
	inlineHere := c.inline && !p.nl && !p.needNL && p.last != 0 && p.last != '\n'
	if p.flat && (c.line || c.multi || c.ownLine && !inlineHere) {
		p.failed = true
		return
	}
	if inlineHere {
		// A block comment that leads the next token in the middle of a
		// line. (At the start of a line it goes on a line of its own: a
		// comment before the first token would change the indentation
		// the parser sees.)
		switch p.last {
		case ' ', '(', '[', '{':
		default:
			p.space = true
		}
		p.emitPending(c.pos, c.text)
		p.write(c.text)
		p.afterCmt = true
		return
	}
	if !c.ownLine && !c.inline && !p.cmtLine && !p.needNL {
		// Trailing: stays after the text before it, before any pending
		// newline.
		switch p.last {
		case 0, '\n', ' ', '(', '[', '{':
		default:
			p.write(" ")
		}
		p.write(c.text)
		p.space = false
		if c.line {
			p.needNL = true
			p.afterCmt = false
		} else {
			p.afterCmt = true
		}
		return
	}
	// Own line: start a new line if nothing requested one.
	if !p.nl {
		if p.last != 0 {
			p.nl, p.blank, p.stmtLevel, p.contNL = true, blankNone, false, true
		}
	}
	p.needNL = false
	stmt, cont := p.stmtLevel, p.contNL
	p.emitPending(c.pos, c.text)
	p.write(c.text)
	mode := blankNone
	if stmt {
		mode = blankSource
	}
	p.nl, p.blank, p.stmtLevel, p.space, p.contNL, p.afterCmt = true, mode, stmt, false, cont, false
	p.cmtLine = true
}

// flushAll prints the remaining comments (end of file).
func (p *printer) flushAll() {
	for p.ci < len(p.comments) {
		p.writeComment(p.comments[p.ci])
		p.ci++
	}
}

// group prints a construct that has a flat and a broken layout: the flat
// one when it fits on the line and holds no line break, else the broken
// one. In flat trials and statement headers only the flat layout is used.
// The caller prints the opening bracket before calling group; fn prints
// the contents and the closing bracket.
func (p *printer) group(fn func(broken bool)) {
	if p.flat || p.noBreak > 0 {
		fn(false)
		return
	}
	saved := p.save()
	p.flat = true
	fn(false)
	ok := !p.failed
	p.flat, p.failed = false, false
	if ok {
		return
	}
	p.restore(saved)
	fn(true)
}
