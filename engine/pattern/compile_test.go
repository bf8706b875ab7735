package pattern

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/expr"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/ingest"
	"github.com/varpulis/varpulis-go/ingest/evt"
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// miniRun compiles every pattern stream of a program and runs the events
// through the matchers, applying the .where and .emit operations that follow
// the pattern (a stand-in for the runtime, enough for the pattern cases).
// It returns the outputs per stream (emitted field maps, in order).
func miniRun(t *testing.T, src string, events []*event.Event) map[string][]map[string]any {
	t.Helper()
	fset := token.NewFileSet()
	file, diags := parser.ParseFile(fset, "program.vpl", []byte(src), 0)
	if len(diags) > 0 {
		t.Fatalf("parse: %v", diags)
	}
	prog, err := expr.NewProgram(file.Stmts)
	if err != nil {
		t.Fatalf("program: %v", err)
	}
	streams := map[string]*ast.StreamDecl{}
	patterns := map[string]*ast.PatternDecl{}
	for _, st := range file.Stmts {
		switch d := st.(type) {
		case *ast.StreamDecl:
			streams[d.Name.Name] = d
		case *ast.PatternDecl:
			patterns[d.Name.Name] = d
		}
	}
	resolve := func(name string) (StepSource, error) {
		d, ok := streams[name]
		if !ok {
			return StepSource{Type: name}, nil
		}
		ss, ok := d.Source.(*ast.SimpleSource)
		if !ok {
			return StepSource{}, errors.New("unsupported derived stream " + name)
		}
		out := StepSource{Type: ss.Name.Name}
		for _, op := range d.Ops {
			if o, ok := op.(*ast.OpCall); ok && o.Name.Name == "where" {
				out.Where = o.Args[0].Value
				break
			}
		}
		return out, nil
	}
	type ps struct {
		name  string
		m     *Matcher
		scope *expr.Scope
		where []expr.Eval
		emit  []string
		emitE []expr.Eval
	}
	var pss []*ps
	for _, st := range file.Stmts {
		d, ok := st.(*ast.StreamDecl)
		if !ok {
			continue
		}
		var named *ast.PatternDecl
		if ss, ok := d.Source.(*ast.SimpleSource); ok {
			named = patterns[ss.Name.Name]
		}
		isPat := named != nil
		if _, ok := d.Source.(*ast.SequenceSource); ok {
			isPat = true
		}
		for _, op := range d.Ops {
			isPat = isPat || IsPatternOp(op)
		}
		if !isPat {
			continue
		}
		scope := expr.NewScope(prog)
		spec, err := Compile(d, named, scope, resolve)
		if err != nil {
			t.Fatalf("compile %s: %v", d.Name.Name, err)
		}
		m, err := NewMatcher(spec, Options{Globals: prog.Globals()})
		if err != nil {
			t.Fatalf("matcher %s: %v", d.Name.Name, err)
		}
		p := &ps{name: d.Name.Name, m: m, scope: scope}
		for _, op := range spec.RestOps {
			o, ok := op.(*ast.OpCall)
			if !ok {
				continue
			}
			switch o.Name.Name {
			case "where":
				ev, err := expr.Compile(o.Args[0].Value, scope)
				if err != nil {
					t.Fatal(err)
				}
				p.where = append(p.where, ev)
			case "emit":
				for _, a := range o.Args {
					ev, err := expr.Compile(a.Value, scope)
					if err != nil {
						t.Fatal(err)
					}
					p.emit = append(p.emit, a.Name.Name)
					p.emitE = append(p.emitE, ev)
				}
			}
		}
		pss = append(pss, p)
	}
	out := map[string][]map[string]any{}
	for _, p := range pss {
		fb := NewFieldBuilder(p.m.Spec())
		emit := func(mt *Match) {
			ev := &event.Event{Type: p.name, Time: mt.Time, Fields: DefaultFields(mt, p.m.Spec())}
			if got := fb.Fields(mt); !slices.EqualFunc(got, ev.Fields, func(a, b event.Field) bool {
				return a.Name == b.Name && value.Equal(a.Value, b.Value)
			}) {
				t.Fatalf("%s: FieldBuilder %v, DefaultFields %v", p.name, got, ev.Fields)
			}
			c := &expr.Ctx{Event: ev, Bindings: mt.Bindings, Globals: prog.Globals()}
			for _, w := range p.where {
				if !value.Truthy(w(c)) {
					return
				}
			}
			row := map[string]any{}
			for i, n := range p.emit {
				row[n] = p.emitE[i](c).ToAny()
			}
			out[p.name] = append(out[p.name], row)
		}
		for _, e := range events {
			p.m.Advance(e.Time, emit)
			p.m.Process(e, emit)
		}
		p.m.Advance(math.MaxInt64, emit)
	}
	return out
}

func readEvents(t *testing.T, path string) []*event.Event {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := evt.NewReader(f, path, ingest.Options{})
	var out []*event.Event
	for {
		ev, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, ev)
	}
}

func sameJSON(want, got any) bool {
	switch w := want.(type) {
	case float64:
		var g float64
		switch x := got.(type) {
		case float64:
			g = x
		case int64:
			g = float64(x)
		case int:
			g = float64(x)
		default:
			return false
		}
		return math.Abs(w-g) <= 1e-9*math.Max(1, math.Abs(w))
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range w {
			if !sameJSON(v, g[k]) {
				return false
			}
		}
		return true
	}
	return want == got
}

// TestConformancePatternCases runs the pattern cases of the shared
// conformance corpus (sequence, kleene, negation, within, partition) with
// the matcher and the mini runner above.
func TestConformancePatternCases(t *testing.T) {
	root := filepath.Join("..", "..", "..", "shared", "conformance", "cases")
	dirs, err := filepath.Glob(filepath.Join(root, "*"))
	if err != nil || len(dirs) == 0 {
		t.Skip("conformance corpus not found beside the repository")
	}
	want := []string{"028", "077", "078", "079", "080", "081", "082", "083", "084", "085", "086", "087", "088",
		"089", "090", "091", "092", "093", "094", "095", "096", "097", "098", "099", "100", "101", "102",
		"103", "104", "105", "106", "107", "108"}
	for _, id := range want {
		m, _ := filepath.Glob(filepath.Join(root, id+"-*"))
		if len(m) != 1 {
			t.Fatalf("case %s not found", id)
		}
		dir := m[0]
		t.Run(filepath.Base(dir), func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(dir, "program.vpl"))
			if err != nil {
				t.Fatal(err)
			}
			out := miniRun(t, string(src), readEvents(t, filepath.Join(dir, "events.evt")))
			if b, err := os.ReadFile(filepath.Join(dir, "expected.json")); err == nil {
				var exp struct {
					Stream   string           `json:"stream"`
					Count    int              `json:"count"`
					Contains []map[string]any `json:"contains"`
				}
				if err := json.Unmarshal(b, &exp); err != nil {
					t.Fatal(err)
				}
				got := out[exp.Stream]
				if len(got) != exp.Count {
					t.Fatalf("stream %s: %d outputs %v, want %d", exp.Stream, len(got), got, exp.Count)
				}
				for _, c := range exp.Contains {
					found := false
					for _, g := range got {
						found = found || sameJSON(c, any(g))
					}
					if !found {
						t.Errorf("no output matches %v in %v", c, got)
					}
				}
				return
			}
			b, err := os.ReadFile(filepath.Join(dir, "expected.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			var exps []map[string]any
			for _, line := range strings.Split(string(bytes.TrimSpace(b)), "\n") {
				var e struct {
					Stream string         `json:"stream"`
					Fields map[string]any `json:"fields"`
				}
				if err := json.Unmarshal([]byte(line), &e); err != nil {
					t.Fatal(err)
				}
				exps = append(exps, map[string]any{"stream": e.Stream, "fields": e.Fields})
			}
			stream := exps[0]["stream"].(string)
			got := out[stream]
			if len(got) != len(exps) {
				t.Fatalf("%d outputs %v, want %d", len(got), got, len(exps))
			}
			for i, e := range exps {
				f := e["fields"].(map[string]any)
				if len(f) != len(got[i]) || !sameJSON(any(f), any(got[i])) {
					t.Errorf("output %d: %v, want %v", i, got[i], f)
				}
			}
		})
	}
}
