package expr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/vpl/ast"
)

// The conformance cases on builtins, functions and .process (014-047) are
// run through a miniature pipeline that knows .where, .process, .select
// and .emit on plain sources: enough to check this package's part of them
// end to end. The engine runs the whole corpus.

const casesDir = "../../../shared/conformance/cases"

type output struct {
	stream string
	fields []event.Field
}

type stage struct {
	kind  string // where, process, select, emit
	eval  Eval
	names []string
	evals []Eval
}

type miniStream struct {
	name    string
	source  string
	stages  []stage
	hasEmit bool
	process bool
}

func buildMini(t *testing.T, f *ast.File, p *Program) []*miniStream {
	t.Helper()
	var out []*miniStream
	for _, st := range f.Stmts {
		sd, ok := st.(*ast.StreamDecl)
		if !ok {
			continue
		}
		src, ok := sd.Source.(*ast.SimpleSource)
		if !ok {
			t.Skipf("source %T not supported by the mini pipeline", sd.Source)
		}
		ms := &miniStream{name: sd.Name.Name, source: src.Name.Name}
		s := NewScope(p)
		if src.Alias != nil {
			s.DeclareEventAlias(src.Alias.Name)
		}
		for _, op := range sd.Ops {
			oc, ok := op.(*ast.OpCall)
			if !ok {
				t.Skipf("operation %T not supported by the mini pipeline", op)
			}
			stg := stage{kind: oc.Name.Name}
			switch stg.kind {
			case "where", "process":
				ev, err := Compile(oc.Args[0].Value, s)
				if err != nil {
					t.Fatalf("%s: %v", stg.kind, err)
				}
				stg.eval = ev
				ms.process = ms.process || stg.kind == "process"
			case "select", "emit":
				for _, a := range oc.Args {
					name := ""
					if a.Name != nil {
						name = a.Name.Name
					} else {
						name = a.Value.(*ast.Ident).Name
					}
					ev, err := Compile(a.Value, s)
					if err != nil {
						t.Fatalf("%s: %v", stg.kind, err)
					}
					stg.names = append(stg.names, name)
					stg.evals = append(stg.evals, ev)
				}
				ms.hasEmit = ms.hasEmit || stg.kind == "emit"
			default:
				t.Skipf(".%s not supported by the mini pipeline", stg.kind)
			}
			ms.stages = append(ms.stages, stg)
		}
		out = append(out, ms)
	}
	return out
}

func (ms *miniStream) run(in *event.Event, outs *[]output) {
	batch := []*event.Event{in}
	for _, stg := range ms.stages {
		var next []*event.Event
		for _, e := range batch {
			c := &Ctx{Event: e}
			switch stg.kind {
			case "where":
				if value.Truthy(stg.eval(c)) {
					next = append(next, e)
				}
			case "process":
				c.Emit = func(x *event.Event) { next = append(next, x) }
				stg.eval(c)
			case "select", "emit":
				n := &event.Event{Type: ms.name, Time: e.Time}
				for i, name := range stg.names {
					n.Set(name, stg.evals[i](c))
				}
				next = append(next, n)
				if stg.kind == "emit" {
					*outs = append(*outs, output{ms.name, n.Fields})
				}
			}
		}
		batch = next
	}
	if ms.process && !ms.hasEmit {
		for _, e := range batch {
			*outs = append(*outs, output{ms.name, e.Fields})
		}
	}
}

// parseEvt reads the brace lines of an .evt file: `Type { k: v, ... }`.
func parseEvt(t *testing.T, src string) []*event.Event {
	var out []*event.Event
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "//") {
			continue
		}
		i := strings.IndexByte(line, '{')
		j := strings.LastIndexByte(line, '}')
		if i < 0 || j < i {
			t.Skipf("evt line %q not supported", line)
		}
		e := &event.Event{Type: strings.TrimSpace(line[:i])}
		body := strings.TrimSpace(line[i+1 : j])
		if body != "" {
			for _, kv := range strings.Split(body, ",") {
				k, v, _ := strings.Cut(kv, ":")
				e.Set(strings.TrimSpace(k), evtValue(strings.TrimSpace(v)))
			}
		}
		out = append(out, e)
	}
	return out
}

func evtValue(s string) value.Value {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return value.Int(n)
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return value.Float(f)
	}
	switch s {
	case "true":
		return value.Bool(true)
	case "false":
		return value.Bool(false)
	case "null":
		return value.Value{}
	}
	return value.String(strings.Trim(s, `"'`))
}

// matchJSON compares an output value with an expected JSON value: numbers
// by value and by type (a JSON number with '.' or an exponent is a float),
// arrays element-wise.
func matchJSON(got value.Value, want any) error {
	switch w := want.(type) {
	case nil:
		if !got.IsNull() {
			return fmt.Errorf("got %v, want null", got)
		}
	case bool:
		if got.Kind() != value.KindBool || got.AsBool() != w {
			return fmt.Errorf("got %v, want %v", got, w)
		}
	case string:
		if got.Kind() != value.KindString || got.AsString() != w {
			return fmt.Errorf("got %v, want %q", got, w)
		}
	case json.Number:
		isFloat := strings.ContainsAny(string(w), ".eE")
		f, _ := w.Float64()
		switch {
		case isFloat && got.Kind() != value.KindFloat, !isFloat && got.Kind() != value.KindInt:
			return fmt.Errorf("got %v (%v), want %s", got, got.Kind(), w)
		case math.Abs(got.AsFloat()-f) > 1e-9*math.Max(1, math.Abs(f)):
			return fmt.Errorf("got %v, want %s", got, w)
		}
	case []any:
		xs := got.AsArray()
		if got.Kind() != value.KindArray || len(xs) != len(w) {
			return fmt.Errorf("got %v, want %v", got, w)
		}
		for i := range w {
			if err := matchJSON(xs[i], w[i]); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
		}
	default:
		return fmt.Errorf("unsupported expectation %T", want)
	}
	return nil
}

func matchFields(got []event.Field, want map[string]any, exact bool) error {
	if exact && len(got) != len(want) {
		return fmt.Errorf("got %d fields, want %d", len(got), len(want))
	}
	for k, w := range want {
		found := false
		for _, f := range got {
			if f.Name == k {
				found = true
				if err := matchJSON(f.Value, w); err != nil {
					return fmt.Errorf("field %s: %w", k, err)
				}
			}
		}
		if !found {
			return fmt.Errorf("missing field %s", k)
		}
	}
	return nil
}

func decode(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	return d.Decode(v)
}

func TestConformanceFunctions(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(casesDir, "0[1-4][0-9]-*"))
	if len(dirs) == 0 {
		t.Skip("conformance corpus not found")
	}
	ran := 0
	for _, dir := range dirs {
		num, _ := strconv.Atoi(filepath.Base(dir)[:3])
		if num < 14 || num > 47 || num == 28 { // 028 is a sequence pattern
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(dir, "program.vpl"))
			if err != nil {
				t.Fatal(err)
			}
			f := parseProgram(t, string(src))
			p, err := NewProgram(f.Stmts)
			if err != nil {
				t.Fatalf("NewProgram: %v", err)
			}
			p.InitGlobals(nil)
			streams := buildMini(t, f, p)
			evts, _ := os.ReadFile(filepath.Join(dir, "events.evt"))
			var outs []output
			for _, e := range parseEvt(t, string(evts)) {
				for _, ms := range streams {
					if ms.source == e.Type {
						ms.run(e, &outs)
					}
				}
			}
			ran++
			if data, err := os.ReadFile(filepath.Join(dir, "expected.jsonl")); err == nil {
				lines := strings.Split(strings.TrimSpace(string(data)), "\n")
				if len(lines) != len(outs) {
					t.Fatalf("%d outputs, want %d", len(outs), len(lines))
				}
				for i, line := range lines {
					var want struct {
						Stream string
						Fields map[string]any
					}
					if err := decode([]byte(line), &want); err != nil {
						t.Fatal(err)
					}
					if outs[i].stream != want.Stream {
						t.Errorf("output %d: stream %s, want %s", i, outs[i].stream, want.Stream)
					}
					if err := matchFields(outs[i].fields, want.Fields, true); err != nil {
						t.Errorf("output %d: %v", i, err)
					}
				}
				return
			}
			data, err := os.ReadFile(filepath.Join(dir, "expected.json"))
			if err != nil {
				t.Fatal(err)
			}
			var want struct {
				Stream   string
				Count    int
				Contains []map[string]any
			}
			if err := decode(data, &want); err != nil {
				t.Fatal(err)
			}
			var mine []output
			for _, o := range outs {
				if o.stream == want.Stream {
					mine = append(mine, o)
				}
			}
			if len(mine) != want.Count {
				t.Fatalf("%d outputs on %s, want %d", len(mine), want.Stream, want.Count)
			}
			for _, c := range want.Contains {
				ok := false
				for _, o := range mine {
					if matchFields(o.fields, c, false) == nil {
						ok = true
						break
					}
				}
				if !ok {
					t.Errorf("no output matches %v", c)
				}
			}
		})
	}
	if ran < 30 {
		t.Errorf("ran %d cases, want 33", ran)
	}
}
