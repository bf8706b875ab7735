// Package load turns VPL source files into checked programs: it parses a
// file, resolves its imports and runs the semantic checker. Every command
// that reads a program (run, check, the language server) loads it through
// this package, so they all accept and reject the same programs.
package load

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/checker"
	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// MaxImportDepth is the deepest nesting of imports.
const MaxImportDepth = 10

// Program is a loaded program.
type Program struct {
	// Fset holds every file of the program (imported files included).
	Fset *token.FileSet
	// File is the program: the statements of imported files, in import
	// order, followed by the statements of the main file. Import
	// statements are kept in place (they have no effect of their own).
	File *ast.File
	// Info holds what the checker resolved. It is never nil.
	Info *checker.Info
}

// Config tunes loading. The zero Config reads files from the operating
// system and uses default checker options.
type Config struct {
	// Check holds the checker options.
	Check checker.Options
	// ReadFile reads an imported file; nil means os.ReadFile.
	ReadFile func(path string) ([]byte, error)
}

// File loads the program in the file at path with the default Config.
func File(path string) (*Program, diag.List) { return (&Config{}).File(path) }

// Source loads the program src; name is used in diagnostics and imports
// are resolved relative to its directory.
func Source(name string, src []byte) (*Program, diag.List) {
	return (&Config{}).Source(name, src)
}

// File loads the program in the file at path. A file that cannot be read
// yields a diagnostic (code E095) positioned at the file.
func (cfg *Config) File(path string) (*Program, diag.List) {
	src, err := cfg.read(path)
	if err != nil {
		fset := token.NewFileSet()
		f := fset.AddFile(path, nil)
		var l diag.List
		l.Add(f.Pos(0), token.NoPos, diag.Error, checker.CodeImportRead, "cannot read program: "+describeReadError(err), "")
		file := &ast.File{Name: path, Start: f.Pos(0), EOF: f.Pos(0)}
		info, _ := checker.Check(fset, nil, cfg.Check)
		return &Program{Fset: fset, File: file, Info: info}, l
	}
	return cfg.Source(path, src)
}

// Source loads the program src named name.
func (cfg *Config) Source(name string, src []byte) (*Program, diag.List) {
	l := &loader{cfg: cfg, fset: token.NewFileSet(), done: map[string]bool{}}
	root, parseDiags := parser.ParseFile(l.fset, name, src, 0)
	l.parseDiags = append(l.parseDiags, parseDiags...)
	key := canonical(name)
	l.stack = append(l.stack, key)
	l.done[key] = true
	imported := l.imports(root, name, 1)
	file := root
	if len(imported) > 0 {
		merged := *root
		merged.Stmts = append(imported, root.Stmts...)
		file = &merged
	}
	info, checkDiags := checker.Check(l.fset, file, cfg.Check)
	diags := append(l.parseDiags, l.importDiags...)
	diags = append(diags, dropInBroken(file, l.parseDiags, checkDiags)...)
	diags.Sort()
	return &Program{Fset: l.fset, File: file, Info: info}, diags
}

// loader holds the state of one load.
type loader struct {
	cfg         *Config
	fset        *token.FileSet
	done        map[string]bool // canonical paths already loaded (or loading)
	stack       []string        // canonical paths of the files being loaded
	parseDiags  diag.List
	importDiags diag.List
}

func (cfg *Config) read(path string) ([]byte, error) {
	if cfg.ReadFile != nil {
		return cfg.ReadFile(path)
	}
	return os.ReadFile(path)
}

// canonical returns the key identifying a file path.
func canonical(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}

// imports loads the files imported by f (whose path is name) and returns
// their statements, each file's own imports first.
func (l *loader) imports(f *ast.File, name string, depth int) []ast.Stmt {
	var out []ast.Stmt
	for _, s := range f.Stmts {
		imp, ok := s.(*ast.ImportStmt)
		if !ok || imp == nil || imp.Path == nil {
			continue
		}
		rel := imp.Path.Str
		if rel == "" {
			l.importDiags.Add(imp.Path.Pos(), imp.Path.End(), diag.Error, checker.CodeImportRead, "empty import path", "")
			continue
		}
		path := rel
		if !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(name), rel)
		}
		key := canonical(path)
		if i := indexOf(l.stack, key); i >= 0 {
			chain := make([]string, 0, len(l.stack)-i+1)
			for _, p := range l.stack[i:] {
				chain = append(chain, filepath.Base(p))
			}
			chain = append(chain, filepath.Base(key))
			l.importDiags.Add(imp.Path.Pos(), imp.Path.End(), diag.Error, checker.CodeImportCycle,
				"import cycle: "+strings.Join(chain, " imports "), "")
			continue
		}
		if l.done[key] {
			continue // each file is loaded once
		}
		if depth > MaxImportDepth {
			l.importDiags.Add(imp.Path.Pos(), imp.Path.End(), diag.Error, checker.CodeImportDepth,
				fmt.Sprintf("imports are nested more than %d deep", MaxImportDepth), "")
			continue
		}
		src, err := l.cfg.read(path)
		if err != nil {
			l.importDiags.Add(imp.Path.Pos(), imp.Path.End(), diag.Error, checker.CodeImportRead,
				fmt.Sprintf("cannot import %q: %s", rel, describeReadError(err)), "paths are relative to the importing file")
			continue
		}
		l.done[key] = true
		sub, d := parser.ParseFile(l.fset, path, src, 0)
		l.parseDiags = append(l.parseDiags, d...)
		l.stack = append(l.stack, key)
		out = append(out, l.imports(sub, path, depth+1)...)
		l.stack = l.stack[:len(l.stack)-1]
		out = append(out, sub.Stmts...)
	}
	return out
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// describeReadError shortens a file error for a diagnostic.
func describeReadError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// dropInBroken removes the checker's diagnostics that fall inside a
// top-level statement holding a syntax error: the parser's recovery leaves
// incomplete nodes there, and semantic complaints about them are noise.
func dropInBroken(f *ast.File, parseDiags, checkDiags diag.List) diag.List {
	if !parseDiags.HasErrors() || f == nil {
		return checkDiags
	}
	// Sorted positions of the syntax errors and sorted, merged spans of the
	// broken statements: both lookups are binary searches, so a file with
	// hundreds of thousands of errors stays linear-logarithmic.
	var errPos []token.Pos
	for _, d := range parseDiags {
		if d.Severity == diag.Error {
			errPos = append(errPos, d.Pos)
		}
	}
	slices.Sort(errPos)
	type span struct{ from, to token.Pos }
	var broken []span
	for _, s := range f.Stmts {
		if s == nil {
			continue
		}
		from, to := s.Pos(), s.End()
		if i, _ := slices.BinarySearch(errPos, from); i < len(errPos) && errPos[i] <= to {
			broken = append(broken, span{from, to})
		}
	}
	slices.SortFunc(broken, func(x, y span) int { return cmp.Compare(x.from, y.from) })
	merged := broken[:0]
	for _, b := range broken {
		if n := len(merged); n > 0 && b.from <= merged[n-1].to {
			merged[n-1].to = max(merged[n-1].to, b.to)
			continue
		}
		merged = append(merged, b)
	}
	out := checkDiags[:0:0]
	for _, d := range checkDiags {
		// The last span starting at or before d.Pos is the only one that
		// can hold it.
		i := sort.Search(len(merged), func(i int) bool { return merged[i].from > d.Pos })
		if i > 0 && d.Pos <= merged[i-1].to {
			continue
		}
		out = append(out, d)
	}
	return out
}
