package engine_test

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/varpulis/varpulis-go/engine"
	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/engine/value"
	"github.com/varpulis/varpulis-go/internal/testdirs"
	"github.com/varpulis/varpulis-go/vpl/load"
)

// FuzzEngine loads fuzzed programs the way `varpulis run` does (parse,
// imports, check) and, when they are valid, compiles them and pushes a
// stream of events derived from the program's own names: every program
// that passes the checker must compile to an error or run to the end of its
// input without panicking, hanging or leaking a goroutine's panic. Sinks
// discard (a fuzzed program must not write files).
//
// A checked program that does not compile is a disagreement between the
// checker and the engine: it fails for the seed corpus always, and for
// every fuzzed program when VARPULIS_FUZZ_STRICT is set (a slow search
// meant for local runs, not for the short CI burst).
func FuzzEngine(f *testing.F) {
	seeds := map[string]bool{}
	for _, p := range engineSeeds(f) {
		f.Add(p)
		seeds[string(p)] = true
	}
	strict := os.Getenv("VARPULIS_FUZZ_STRICT") != ""
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 4<<10 {
			return // keep one input cheap; the front-end fuzzers cover size
		}
		dir := t.TempDir()
		prog, diags := load.Source(filepath.Join(dir, "fuzz.vpl"), src)
		if diags.HasErrors() {
			return
		}
		eng, err := engine.New(prog.File, prog.Fset, engine.Options{
			Output: func(string, *event.Event) {},
			Print:  io.Discard,
			// A small budget keeps every input fast (the fuzzing engine
			// stops workers that do not answer within a second).
			MaxSteps: 20_000,
			Sink: func(kind, name string, _ map[string]value.Value) (engine.Sink, error) {
				return discardSink{}, nil
			},
		})
		if err != nil {
			if strict || seeds[string(src)] {
				t.Fatalf("the checker accepts a program the engine does not compile: %v\n%s", err, src)
			}
			return
		}
		for _, ev := range fuzzEvents(src) {
			if err := eng.Push(ev); err != nil {
				t.Fatalf("push: %v", err)
			}
		}
		if err := eng.Close(); err != nil {
			t.Logf("close: %v", err) // sinks and checkpoints may fail; not a crash
		}
	})
}

type discardSink struct{}

func (discardSink) Write(string, *event.Event) error { return nil }
func (discardSink) Close() error                     { return nil }

var (
	typeName  = regexp.MustCompile(`\b[A-Z][A-Za-z0-9_]*\b`)
	fieldName = regexp.MustCompile(`\b[a-z_][a-z0-9_]*\b`)
)

// fuzzEvents builds 24 events whose types are the program's
// capitalised names and whose fields are its lower-case names, with ints,
// floats, strings, booleans, nulls and a list, at times that mostly grow
// and sometimes step back.
func fuzzEvents(src []byte) []*event.Event {
	types := uniq(typeName.FindAllString(string(src), -1), 6)
	fields := uniq(fieldName.FindAllString(string(src), -1), 6)
	if len(types) == 0 {
		types = []string{"A"}
	}
	var out []*event.Event
	t := int64(0)
	for i := 0; i < 24; i++ {
		switch {
		case i%7 == 6:
			t -= 700_000_000 // out of order
		default:
			t += int64(1+i%4) * 400_000_000
		}
		ev := &event.Event{Type: types[i%len(types)], Time: t}
		for j, name := range fields {
			var v value.Value
			switch (i + j) % 7 {
			case 0:
				v = value.Int(int64(i % 5))
			case 1:
				v = value.Float(float64(i) * 1.5)
			case 2:
				v = value.String(string(rune('a' + i%3)))
			case 3:
				v = value.Bool(i%2 == 0)
			case 4:
				continue // missing field
			case 5:
				v = value.Null()
			default:
				v = value.Array([]value.Value{value.Int(int64(i)), value.String("x")})
			}
			ev.Set(name, v)
		}
		out = append(out, ev)
	}
	return out
}

func uniq(xs []string, n int) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] && len(out) < n {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// engineSeeds returns the conformance programs and the examples (found by
// walking up from the package directory), or a few built-in programs when
// the shared corpus is absent.
func engineSeeds(tb testing.TB) [][]byte {
	seeds := [][]byte{
		[]byte("stream S = A .where(x > 1) .emit(x: x)"),
		[]byte("stream S = A as a -> B where k == a.k as b .within(5s) .emit(k: a.k)"),
		[]byte("stream S = A .partition_by(k) .window(2s) .aggregate(n: count(), s: sum(x)) .emit(n: n)"),
		// A recursion without a base case (fuzz finding: it ran for
		// seconds per event before the step budget).
		[]byte("fn fib(n:t)->t:\n  \t if n<1:\n     returnn\n    return fib(n - 1) + fib(n - 8)\n\nstream Fib = Input\n    .emit(result: fib(10))"),
	}
	var globs []string
	if cases, ok := testdirs.FindUp("shared/conformance/cases"); ok {
		globs = append(globs, filepath.Join(cases, "*", "program.vpl"))
	}
	if ex, ok := testdirs.FindUp("examples"); ok {
		globs = append(globs, filepath.Join(ex, "*", "*.vpl"))
	}
	for _, g := range globs {
		paths, _ := filepath.Glob(g)
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil {
				seeds = append(seeds, b)
			}
		}
	}
	// The language guide's examples.
	if docs, ok := testdirs.FindUp("docs/language"); ok {
		paths, _ := filepath.Glob(filepath.Join(docs, "*.md"))
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				continue
			}
			for _, m := range vplBlock.FindAllSubmatch(b, -1) {
				seeds = append(seeds, m[1])
			}
		}
	}
	return seeds
}

var vplBlock = regexp.MustCompile("(?s)```vpl\n(.*?)```")
