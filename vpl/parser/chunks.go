package parser

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/scanner"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// Large files are parsed in parallel: the source is cut at lines that
// certainly start a top-level declaration, the pieces are parsed
// concurrently against the same token.File (so positions are those of a
// whole-file parse) and the statement and comment lists are concatenated.
//
// The result must be exactly that of the sequential parse. A cut is only
// made before a line that begins in column 0 with a declaration keyword
// followed by a blank, outside any bracket and block comment: whatever
// precedes it, the sequential parser starts a new top-level statement
// there. Everything that could make the pieces depend on each other falls
// back to the sequential parse: any diagnostic in any piece (error
// recovery and the error cap look across statements), declaration loops
// (they register virtual files in order), a first statement that is
// indented, and unbalanced closing brackets.

// parallelMin is the smallest source parsed in pieces.
const parallelMin = 64 << 10

// maxPieces bounds the number of pieces (and goroutines) of one parse.
const maxPieces = 8

// parsePieces parses src, the text of file, in up to n pieces. It returns
// ok == false when the source cannot be cut safely or a piece reported a
// diagnostic; the caller then parses sequentially.
func parsePieces(fset *token.FileSet, file *token.File, src []byte, mode Mode, n int) (stmts []ast.Stmt, comments []*ast.Comment, ok bool) {
	cuts := cutPoints(src, n)
	if len(cuts) < 2 {
		return nil, nil, false
	}
	type piece struct {
		stmts    []ast.Stmt
		comments []*ast.Comment
	}
	pieces := make([]piece, len(cuts))
	var failed atomic.Bool
	var wg sync.WaitGroup
	for i, start := range cuts {
		end := len(src)
		if i+1 < len(cuts) {
			end = cuts[i+1]
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sh := &shared{fset: fset, mode: mode}
			sh.names.presize(end - start)
			p := newParser(sh, file, src[:end])
			if start > 0 {
				p.sc.Seek(start)
			}
			p.abort = &failed
			p.next()
			if start > 0 && p.t.Indent != 0 {
				failed.Store(true)
				return
			}
			list := p.parseStmts()
			if len(sh.diags) > 0 || len(sh.loops) > 0 || p.sawLoop {
				failed.Store(true)
				return
			}
			pieces[i] = piece{list, p.comments}
		}()
	}
	wg.Wait()
	if failed.Load() {
		return nil, nil, false
	}
	ns, nc := 0, 0
	for _, pc := range pieces {
		ns += len(pc.stmts)
		nc += len(pc.comments)
	}
	stmts = make([]ast.Stmt, 0, ns)
	if nc > 0 {
		comments = make([]*ast.Comment, 0, nc)
	}
	for _, pc := range pieces {
		stmts = append(stmts, pc.stmts...)
		comments = append(comments, pc.comments...)
	}
	return stmts, comments, true
}

// pieceCount returns how many pieces a source of size bytes is parsed in
// (1: sequentially).
func pieceCount(size int) int {
	if size < parallelMin {
		return 1
	}
	n := min(runtime.GOMAXPROCS(0), maxPieces, size/(parallelMin/2))
	return max(n, 1)
}

// cutPoints returns the start offsets of up to n pieces of roughly equal
// size (the first is 0), or nil when src has no safe cut or holds a
// construct that rules the parallel parse out.
func cutPoints(src []byte, n int) []int {
	if n < 2 {
		return nil
	}
	cuts := []int{0}
	next := len(src) / n // the next piece should start at or after next
	depth := 0
	inBlock := false
	for off := 0; off < len(src); {
		// off is the start of a line.
		if !inBlock && depth == 0 && off > 0 {
			switch kw := lineKeyword(src[off:]); {
			case kw == scanner.KwFor:
				return nil // a declaration loop: registers virtual files in order
			case kw.IsDeclaration() && off >= next && len(cuts) < n:
				cuts = append(cuts, off)
				next = off + (len(src)-off)/(n-len(cuts)+1)
			}
		}
		if len(cuts) == n {
			// The pieces are chosen; a loop or stray bracket further on
			// makes the last piece fail, and the parse falls back.
			break
		}
		// Scan the line for brackets, strings and comments.
		i := off
	line:
		for i < len(src) {
			if !inBlock {
				for i < len(src) && !cutSpecial[src[i]] {
					i++
				}
				if i == len(src) {
					break
				}
			}
			c := src[i]
			if inBlock {
				if c == '*' && i+1 < len(src) && src[i+1] == '/' {
					inBlock = false
					i += 2
					continue
				}
				if c == '\n' {
					break line
				}
				i++
				continue
			}
			switch c {
			case '\n':
				break line
			case '#':
				i = skipToEOL(src, i)
				break line
			case '/':
				if i+1 < len(src) && src[i+1] == '/' {
					i = skipToEOL(src, i)
					break line
				}
				if i+1 < len(src) && src[i+1] == '*' {
					inBlock = true
					i += 2
					continue
				}
			case '"', '\'':
				i = skipString(src, i)
				continue
			case '(', '[', '{':
				depth++
			case ')', ']', '}':
				depth--
				if depth < 0 {
					return nil // the parse has errors anyway
				}
			}
			i++
		}
		off = i + 1
	}
	return cuts
}

// cutSpecial marks the bytes cutPoints must look at outside block
// comments.
var cutSpecial = func() (t [256]bool) {
	for _, c := range []byte("\n#/\"'()[]{}") {
		t[c] = true
	}
	return t
}()

// lineKeyword returns the keyword a line starts with in column 0 when a
// blank follows it, KwNone otherwise.
func lineKeyword(line []byte) scanner.Keyword {
	end := 0
	for end < len(line) && end < 10 && (line[end] >= 'a' && line[end] <= 'z') {
		end++
	}
	if end == 0 || end >= len(line) || (line[end] != ' ' && line[end] != '\t') {
		return scanner.KwNone
	}
	switch string(line[:end]) {
	case "for":
		return scanner.KwFor
	case "stream", "event", "type", "let", "var", "const", "fn", "connector",
		"context", "config", "import", "pattern":
		// Lookup allocates nothing for a constant-size switch match.
		return scanner.Lookup(string(line[:end]))
	}
	return scanner.KwNone
}

// skipToEOL returns the offset of the line break ending the line holding
// offset i (len(src) at the end of the source).
func skipToEOL(src []byte, i int) int {
	for i < len(src) && src[i] != '\n' {
		i++
	}
	return i
}

// skipString returns the offset after the string literal opened at i; a
// string ends at its closing quote or, unterminated, before the line
// break.
func skipString(src []byte, i int) int {
	q := src[i]
	for i++; i < len(src); i++ {
		switch src[i] {
		case q:
			return i + 1
		case '\\':
			if i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case '\n':
			return i
		}
	}
	return i
}
