package engine

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/vpl/ast"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// parallelStreams are the stream declarations of the programs the
// sequential == parallel property runs; %s is the stream's placement.
var parallelStreams = []string{
	`stream Hot = R %s .where(v > 50) .emit(k: k, v: v)`,
	`stream Win = R %s .partition_by(k) .window(1s) .aggregate(n: count(), s: sum(v)) .emit(k: k, n: n, s: s)`,
	`stream HotCount = Hot %s .window(3) .aggregate(n: count(), hi: max(v)) .emit(n: n, hi: hi)`,
	`stream Slide = R %s .window(2s, sliding: 500ms) .aggregate(n: count(), lo: min(v)) .emit(n: n, lo: lo)`,
	`stream Sess = A %s .partition_by(k) .window(session: 700ms) .aggregate(n: count()) .emit(k: k, n: n)`,
	`stream Pair = A as a -> B where k == a.k as b .within(2s) %s .emit(k: a.k, d: b.v - a.v)`,
	`stream PairBig = Pair %s .where(d > 0) .emit(k: k, d: d)`,
	`stream Both = merge(Hot, PairBig) %s .emit(k: k)`,
	`stream J = join(Hot, B) .on(Hot.k == B.k) .window(1s) %s .emit(k: Hot.k, hv: Hot.v, bv: B.v)`,
	`stream Firsts = B %s .distinct(k) .emit(k: k, v: v)`,
}

// parallelProgram places each stream of parallelStreams in the context
// placement[i] names ("" for none).
func parallelProgram(placement []string) string {
	var b strings.Builder
	b.WriteString("context c1\ncontext c2\ncontext c3\n")
	for i, s := range parallelStreams {
		ctx := ""
		if placement[i] != "" {
			ctx = ".context(" + placement[i] + ")"
		}
		fmt.Fprintf(&b, s+"\n", ctx)
	}
	return b.String()
}

// tb is what the helpers need of *testing.T and *rapid.T.
type tb interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

func parseProgram(t tb, src string) (*ast.File, *token.FileSet) {
	t.Helper()
	fset := token.NewFileSet()
	f, diags := parser.ParseFile(fset, "test.vpl", []byte(src), 0)
	if diags.HasErrors() {
		t.Fatalf("parse: %v\n%s", diags.Err(fset), src)
	}
	return f, fset
}

// runRunner pushes the inputs (nil events advance the watermark to the
// time in wm) through r and returns the outputs as JSON lines.
func runRunner(t tb, r Runner, in []*event.Event, wm []int64, out *[]string) {
	t.Helper()
	for i, e := range in {
		var err error
		if e == nil {
			err = r.AdvanceWatermark(wm[i])
		} else {
			err = r.Push(e.Clone())
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestParallelEqualsSequential runs random placements of the streams above
// over random event streams with an Engine and with Parallel: outputs,
// their order and the output counts must be identical.
func TestParallelEqualsSequential(t *testing.T) {
	contexts := []string{"", "c1", "c2", "c3"}
	rapid.Check(t, func(rt *rapid.T) {
		placement := make([]string, len(parallelStreams))
		for i := range placement {
			placement[i] = rapid.SampledFrom(contexts).Draw(rt, fmt.Sprintf("ctx%d", i))
		}
		src := parallelProgram(placement)
		f, fset := parseProgram(rt, src)

		n := rapid.IntRange(0, 600).Draw(rt, "n")
		in := make([]*event.Event, n)
		wm := make([]int64, n)
		var ms int64
		for i := range in {
			ms += int64(rapid.IntRange(0, 400).Draw(rt, "step"))
			if rapid.IntRange(0, 40).Draw(rt, "wm") == 0 {
				wm[i] = (ms + 1500) * 1_000_000
				continue
			}
			typ := rapid.SampledFrom([]string{"R", "R", "A", "B"}).Draw(rt, "type")
			in[i] = ev(typ, ms, "k", fmt.Sprintf("k%d", rapid.IntRange(0, 3).Draw(rt, "k")), "v", rapid.IntRange(0, 100).Draw(rt, "v"))
		}

		var seqOut, parOut []string
		collect := func(out *[]string) func(string, *event.Event) {
			return func(stream string, ev *event.Event) {
				*out = append(*out, string(event.AppendOutputJSON(nil, stream, ev)))
			}
		}
		seq, err := New(f, fset, Options{Output: collect(&seqOut)})
		if err != nil {
			rt.Fatalf("compile: %v", err)
		}
		par, err := NewParallel(f, fset, Options{Output: collect(&parOut)})
		if err != nil {
			rt.Fatalf("compile parallel: %v", err)
		}
		if want := len(contextGroups(f)); par.Workers() != want {
			rt.Fatalf("workers = %d, want %d", par.Workers(), want)
		}
		runRunner(rt, seq, in, wm, &seqOut)
		runRunner(rt, par, in, wm, &parOut)
		if strings.Join(seqOut, "\n") != strings.Join(parOut, "\n") {
			rt.Fatalf("program:\n%s\nsequential (%d):\n%s\nparallel (%d):\n%s", src,
				len(seqOut), strings.Join(seqOut, "\n"), len(parOut), strings.Join(parOut, "\n"))
		}
		ss, ps := seq.Stats(), par.Stats()
		if fmt.Sprint(ss.Outputs) != fmt.Sprint(ps.Outputs) || ss.EventsIn != ps.EventsIn || ss.Late != ps.Late {
			rt.Fatalf("stats differ: sequential %+v, parallel %+v", ss, ps)
		}
	})
}

// TestParallelGroupsOutputsByContext pins the output order of one input's
// cascade when its streams sit in different contexts: streams outside any
// context first, then contexts in declaration order.
func TestParallelGroupsOutputsByContext(t *testing.T) {
	src := `
context late_ctx
context early_ctx
stream A1 = R .context(late_ctx) .emit(s: "late")
stream A2 = R .context(early_ctx) .emit(s: "early")
stream A3 = R .emit(s: "none")
`
	want := []string{
		`{"stream":"A3","time":"1970-01-01T00:00:00Z","fields":{"s":"none"}}`,
		`{"stream":"A1","time":"1970-01-01T00:00:00Z","fields":{"s":"late"}}`,
		`{"stream":"A2","time":"1970-01-01T00:00:00Z","fields":{"s":"early"}}`,
	}
	f, fset := parseProgram(t, src)
	for _, parallel := range []bool{false, true} {
		var out []string
		r, err := NewRunner(f, fset, Options{Output: func(stream string, ev *event.Event) {
			out = append(out, string(event.AppendOutputJSON(nil, stream, ev)))
		}}, parallel)
		if err != nil {
			t.Fatal(err)
		}
		if _, isPar := r.(*Parallel); isPar != parallel {
			t.Fatalf("parallel=%v: got %T", parallel, r)
		}
		runRunner(t, r, []*event.Event{ev("R", 0)}, []int64{0}, &out)
		check(t, out, want...)
	}
}

// TestParallelSharedVariablesRunInOneWorker: a program with a mutable
// global cannot be split.
func TestParallelSharedVariablesRunInOneWorker(t *testing.T) {
	f, fset := parseProgram(t, `
context c1
var n = 0
stream A = R .context(c1) .emit(x: 1)
stream B = R .emit(x: 2)
`)
	p, err := NewParallel(f, fset, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.Workers() != 1 {
		t.Fatalf("workers = %d, want 1", p.Workers())
	}
}

// TestOwnedRunsOnlyWhatItNeeds: an engine restricted to one stream runs
// the streams it reads silently and ignores the rest.
func TestOwnedRunsOnlyWhatItNeeds(t *testing.T) {
	f, fset := parseProgram(t, `
stream Up = R .where(v > 1) .emit(v: v)
stream Down = Up .emit(w: v * 10)
stream Other = R .emit(o: v)
`)
	var out []string
	e, err := New(f, fset, Options{
		Owned: func(s string) bool { return s == "Down" },
		Output: func(stream string, ev *event.Event) {
			out = append(out, string(event.AppendOutputJSON(nil, stream, ev)))
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = e.Push(ev("R", 0, "v", 5))
	_ = e.Push(ev("R", 1, "v", 0))
	_ = e.Close()
	check(t, out, `{"stream":"Down","time":"1970-01-01T00:00:00Z","fields":{"w":50}}`)
	st := e.Stats()
	if len(st.Outputs) != 1 || st.Outputs[0].Stream != "Down" {
		t.Fatalf("outputs %+v", st.Outputs)
	}
}
