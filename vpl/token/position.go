package token

import (
	"bytes"
	"fmt"
	"sort"
)

// Pos is a compact source position: the file's base plus a byte offset.
// The zero value NoPos means "no position".
type Pos int

// NoPos is the zero Pos.
const NoPos Pos = 0

// IsValid reports whether p is a real position.
func (p Pos) IsValid() bool { return p != NoPos }

// Position is a resolved source position.
type Position struct {
	Filename string
	Offset   int // byte offset, starting at 0
	Line     int // line number, starting at 1
	Column   int // column number in bytes, starting at 1
}

// IsValid reports whether the position is valid.
func (p Position) IsValid() bool { return p.Line > 0 }

// String formats the position as file:line:col (or line:col without a file name).
func (p Position) String() string {
	s := p.Filename
	if p.IsValid() {
		if s != "" {
			s += ":"
		}
		s += fmt.Sprintf("%d:%d", p.Line, p.Column)
	}
	if s == "" {
		s = "-"
	}
	return s
}

// File is one source file registered in a FileSet. It keeps the source text
// so that diagnostics can quote the offending line.
type File struct {
	name  string
	base  int
	src   []byte
	lines []int // offsets of line starts
}

// Name returns the file name.
func (f *File) Name() string { return f.name }

// Base returns the file's base position.
func (f *File) Base() int { return f.base }

// Size returns the file size in bytes.
func (f *File) Size() int { return len(f.src) }

// Source returns the source text of the file.
func (f *File) Source() []byte { return f.src }

// Pos returns the Pos for a byte offset in f (clamped to the file).
func (f *File) Pos(offset int) Pos {
	if offset < 0 {
		offset = 0
	}
	if offset > len(f.src) {
		offset = len(f.src)
	}
	return Pos(f.base + offset)
}

// Offset returns the byte offset of p in f.
func (f *File) Offset(p Pos) int {
	o := int(p) - f.base
	if o < 0 {
		o = 0
	}
	if o > len(f.src) {
		o = len(f.src)
	}
	return o
}

// LineCount returns the number of lines in the file.
func (f *File) LineCount() int { return len(f.lines) }

// LineStart returns the offset of the start of the given 1-based line.
func (f *File) LineStart(line int) int {
	if line < 1 || line > len(f.lines) {
		return -1
	}
	return f.lines[line-1]
}

// LineText returns the text of the given 1-based line without its newline.
func (f *File) LineText(line int) []byte {
	if line < 1 || line > len(f.lines) {
		return nil
	}
	start := f.lines[line-1]
	end := len(f.src)
	if line < len(f.lines) {
		end = f.lines[line] - 1
	}
	if end > start && f.src[end-1] == '\r' {
		end--
	}
	if end < start {
		end = start
	}
	return f.src[start:end]
}

// Position resolves p to file:line:column.
func (f *File) Position(p Pos) Position {
	off := f.Offset(p)
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return Position{Filename: f.name, Offset: off, Line: i + 1, Column: off - f.lines[i] + 1}
}

// FileSet holds a set of source files; positions of different files never overlap.
type FileSet struct {
	base  int
	files []*File
}

// NewFileSet returns an empty FileSet.
func NewFileSet() *FileSet { return &FileSet{base: 1} }

// AddFile registers src under name and returns the new File.
func (s *FileSet) AddFile(name string, src []byte) *File {
	lines := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		lines = append(lines, i)
	}
	f := &File{name: name, base: s.base, src: src, lines: lines}
	s.base += len(src) + 1
	s.files = append(s.files, f)
	return f
}

// File returns the file holding p, or nil.
func (s *FileSet) File(p Pos) *File {
	if s == nil {
		return nil
	}
	for i := len(s.files) - 1; i >= 0; i-- {
		f := s.files[i]
		if int(p) >= f.base && int(p) <= f.base+len(f.src) {
			return f
		}
	}
	return nil
}

// Position resolves p; an unknown p gives an invalid Position.
func (s *FileSet) Position(p Pos) Position {
	if f := s.File(p); f != nil {
		return f.Position(p)
	}
	return Position{}
}
