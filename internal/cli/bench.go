package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/varpulis/varpulis-go/engine"
	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/internal/benchgen"
	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/parser"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// benchWorkload is one runnable benchmark workload.
type benchWorkload struct {
	id      string
	stream  string // the stream whose outputs are counted
	program string
	// gen generates n events and returns the expected output count.
	gen func(seed uint64, n int, emit benchgen.Emit) int
	// unshared evaluates trend streams without sharing (W5 comparison).
	unshared bool
}

// w5 is workload W5 with n trend streams; stream "" counts the outputs of
// every stream.
func w5(n int, unshared bool) benchWorkload {
	id := fmt.Sprintf("W5-%d", n)
	if unshared {
		id += "u"
	}
	return benchWorkload{id: id, program: benchgen.W5Program(n), unshared: unshared,
		gen: func(s uint64, ev int, e benchgen.Emit) int { return n * benchgen.W5(s, ev, e) }}
}

// w5t is W5 with n streams that differ in their Start condition
// (`Start where px > i`) and so share only the Kleene step: "W5T" counts
// trends with totals, "W5G" with the graph (an increasing-price condition
// between Ticks); a "u" suffix evaluates without sharing.
func w5t(n int, graph, unshared bool) benchWorkload {
	id := fmt.Sprintf("W5T-%d", n)
	if graph {
		id = fmt.Sprintf("W5G-%d", n)
	}
	if unshared {
		id += "u"
	}
	return benchWorkload{id: id, program: benchgen.W5TProgram(n, graph), unshared: unshared,
		gen: func(s uint64, ev int, e benchgen.Emit) int { return benchgen.W5TTotal(benchgen.W5T(s, ev, e), n) }}
}

func benchWorkloads() []benchWorkload {
	return []benchWorkload{
		{"W1", "Hot", benchgen.W1Program, benchgen.W1, false},
		{"W2", "Vwap", benchgen.W2Program, benchgen.W2, false},
		{"W3-2", "Suspicious", benchgen.W3Program2, func(s uint64, n int, e benchgen.Emit) int { a, _ := benchgen.W3(s, n, e); return a }, false},
		{"W3-3", "Session", benchgen.W3Program3, func(s uint64, n int, e benchgen.Emit) int { _, b := benchgen.W3(s, n, e); return b }, false},
		{"W4-10s", "Run", benchgen.W4Program("10s"), func(s uint64, n int, e benchgen.Emit) int { return benchgen.W4(s, n, 10e9, e) }, false},
		{"W4-100s", "Run", benchgen.W4Program("100s"), func(s uint64, n int, e benchgen.Emit) int { return benchgen.W4(s, n, 100e9, e) }, false},
		w5(1, false), w5(10, false), w5(50, false), w5(50, true),
		{"W6", "Matched", benchgen.W6Program, benchgen.W6, false},
		{"W7", "Unpaid", benchgen.W7Program, benchgen.W7, false},
	}
}

// extraWorkloads are run by name only (not by "all"): the sharing
// comparisons of streams that share only their Kleene step, whose unshared
// variants take minutes for 1M events.
func extraWorkloads() []benchWorkload {
	return []benchWorkload{
		w5t(10, false, false), w5t(10, false, true), w5t(50, false, false), w5t(50, false, true),
		w5t(10, true, false), w5t(10, true, true), w5t(50, true, false), w5t(50, true, true),
	}
}

func findWorkload(id string) (benchWorkload, error) {
	var ids []string
	for _, w := range append(benchWorkloads(), extraWorkloads()...) {
		if strings.EqualFold(w.id, id) {
			return w, nil
		}
		ids = append(ids, w.id)
	}
	return benchWorkload{}, exitf(ExitUsage, "unknown workload %q (known: %s)", id, strings.Join(ids, ", "))
}

func newBenchCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Generate benchmark workloads and run them in-process",
	}
	var n int
	var seed uint64
	run := &cobra.Command{
		Use:   "run WORKLOAD...",
		Short: "Run workloads in-process (events built in memory, pushed through the engine API)",
		Long: "Runs each named workload (W1, W2, W3-2, W3-3, W4-10s, W4-100s, W5-1, W5-10, W5-50, W5-50u\n" +
			"(W5-50 unshared), W6, W7, or all; by name only: W5T-10, W5T-50, W5G-10, W5G-50 and their\n" +
			"unshared variants with a u suffix, streams sharing only their Kleene step) and reports\n" +
			"input events/s, ns/event, allocations/event, peak RSS and the output count, which must\n" +
			"equal the count the generator predicts; a mismatch exits with status 1.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var ws []benchWorkload
			for _, a := range args {
				if strings.EqualFold(a, "all") {
					ws = append(ws, benchWorkloads()...)
					continue
				}
				w, err := findWorkload(a)
				if err != nil {
					return err
				}
				ws = append(ws, w)
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "%-8s %10s %12s %10s %12s %10s %10s %s\n", "workload", "events", "events/s", "ns/event", "allocs/event", "peakRSS", "outputs", "check")
			failed := false
			for _, w := range ws {
				ok, err := benchInProcess(out, w, seed, n)
				if err != nil {
					return err
				}
				failed = failed || !ok
			}
			if failed {
				return exitf(ExitFail, "output count differs from the generator's prediction")
			}
			return nil
		},
	}
	run.Flags().IntVarP(&n, "events", "n", 1_000_000, "number of input events")
	run.Flags().Uint64Var(&seed, "seed", 1, "generator seed")

	var format, outPath string
	var gn int
	var gseed uint64
	gen := &cobra.Command{
		Use:   "gen WORKLOAD",
		Short: "Write a workload's events as JSON Lines or .evt (deterministic for a seed)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			w, err := findWorkload(args[0])
			if err != nil {
				return err
			}
			var dst io.Writer = cmd.OutOrStdout()
			if outPath != "" && outPath != "-" {
				f, err := os.Create(outPath)
				if err != nil {
					return exitf(ExitUsage, "%w", err)
				}
				defer f.Close()
				dst = f
			}
			var bw *benchgen.Writer
			switch format {
			case "jsonl":
				bw = benchgen.NewJSONLWriter(dst)
			case "evt":
				bw = benchgen.NewEvtWriter(dst)
			default:
				return exitf(ExitUsage, "unknown format %q (jsonl or evt)", format)
			}
			expected := w.gen(gseed, gn, bw.Write)
			if err := bw.Flush(); err != nil {
				return exitf(ExitUsage, "writing events: %w", err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "%s: %d events, expected outputs of stream %s: %d\nprogram:\n%s", w.id, gn, w.stream, expected, w.program)
			return nil
		},
	}
	gen.Flags().StringVar(&format, "format", "jsonl", "output format: jsonl or evt")
	gen.Flags().StringVarP(&outPath, "out", "o", "-", "output file (- for stdout)")
	gen.Flags().IntVarP(&gn, "events", "n", 1_000_000, "number of events")
	gen.Flags().Uint64Var(&gseed, "seed", 1, "generator seed")

	program := &cobra.Command{
		Use:   "program WORKLOAD",
		Short: "Print a workload's VPL program",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			w, err := findWorkload(args[0])
			if err != nil {
				return err
			}
			_, err = io.WriteString(cmd.OutOrStdout(), w.program)
			return err
		},
	}
	cmd.AddCommand(run, gen, program)
	return cmd
}

// benchInProcess runs one workload and prints its line. It reports whether
// the output count matched the prediction.
func benchInProcess(out io.Writer, w benchWorkload, seed uint64, n int) (bool, error) {
	events, expected := genContiguous(w, seed, n)
	fset := token.NewFileSet()
	file, diags := parser.ParseFile(fset, w.id+".vpl", []byte(w.program), 0)
	if diags.HasErrors() {
		var sb strings.Builder
		_ = diag.Render(&sb, fset, diags)
		return false, exitf(ExitFail, "workload %s program:\n%s", w.id, sb.String())
	}
	outputs := 0
	eng, err := engine.New(file, fset, engine.Options{UnsharedTrends: w.unshared, Output: func(stream string, _ *event.Event) {
		if stream == w.stream || w.stream == "" {
			outputs++
		}
	}})
	if err != nil {
		return false, exitf(ExitFail, "workload %s: %w", w.id, err)
	}
	eng.SetTransientOutput(true) // Output above keeps no event
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	for i := range events {
		if err := eng.Push(&events[i]); err != nil {
			return false, exitf(ExitFail, "workload %s: %w", w.id, err)
		}
	}
	if err := eng.Close(); err != nil {
		return false, exitf(ExitFail, "workload %s: %w", w.id, err)
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	allocs := float64(after.Mallocs-before.Mallocs) / float64(n)
	check := "ok"
	if outputs != expected {
		check = fmt.Sprintf("MISMATCH (expected %d)", expected)
	}
	fmt.Fprintf(out, "%-8s %10d %12.0f %10.1f %12.2f %9.1fM %10d %s\n", w.id, n,
		float64(n)/elapsed.Seconds(), float64(elapsed.Nanoseconds())/float64(n), allocs,
		float64(peakRSS())/(1<<20), outputs, check)
	return outputs == expected, nil
}

// genContiguous generates the n events of w and lays them out in one array
// of events and one array of fields, in input order, as a batch decoder
// would: pushing them walks memory sequentially instead of chasing one heap
// object per event and per field list. It returns the events and the
// generator's predicted output count.
func genContiguous(w benchWorkload, seed uint64, n int) ([]event.Event, int) {
	events := make([]event.Event, 0, n)
	var fields []event.Field
	expected := w.gen(seed, n, func(ev *event.Event) {
		if len(fields)+len(ev.Fields) > cap(fields) {
			fields = make([]event.Field, 0, max(1<<16, len(ev.Fields)))
		}
		at := len(fields)
		fields = append(fields, ev.Fields...)
		events = append(events, event.Event{Type: ev.Type, Time: ev.Time, Fields: fields[at:len(fields):len(fields)]})
	})
	return events, expected
}

// peakRSS returns the process's peak resident set size in bytes (Linux), or 0.
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
