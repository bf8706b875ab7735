package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/varpulis/varpulis-go/engine"
	"github.com/varpulis/varpulis-go/engine/event"
	"github.com/varpulis/varpulis-go/ingest"
	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/load"
)

// runOptions are the flags of run (and simulate).
type runOptions struct {
	program    string
	events     string
	format     string
	out        string
	quiet      bool
	onError    string
	deadLetter string
	sequential bool
	progress   string
	timeMode   string
}

// newRunCommand returns `varpulis run PROGRAM [--events FILE|-] ...`.
func newRunCommand() *cobra.Command {
	o := &runOptions{}
	cmd := &cobra.Command{
		Use:   "run PROGRAM.vpl",
		Short: "Run a VPL program over an event file and print its outputs as JSON lines",
		Long: `Run compiles PROGRAM and feeds it the events of --events (an .evt or JSON
Lines file, or - for standard input). Every output event is written as one
JSON line {"stream","time","fields"} to standard output (or --out); a
summary goes to standard error unless --quiet.

Exit status: 0 on success, 1 when the program has errors or an input line is
malformed (with --on-error=stop), 2 on usage or I/O errors.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.program = args[0]
			return runProgram(cmd, o)
		},
	}
	addRunFlags(cmd, o)
	cmd.Flags().StringVarP(&o.events, "events", "e", "-", "event file (.evt or .jsonl), - for standard input")
	return cmd
}

// newSimulateCommand returns `varpulis simulate -p PROGRAM -e EVENTS`, an
// alias of run with the original tool's flags.
func newSimulateCommand() *cobra.Command {
	o := &runOptions{}
	cmd := &cobra.Command{
		Use:   "simulate -p PROGRAM -e EVENTS",
		Short: "Run a program over an event file (alias of run)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.program == "" {
				return exitf(ExitUsage, "simulate: --program is required")
			}
			return runProgram(cmd, o)
		},
	}
	addRunFlags(cmd, o)
	cmd.Flags().StringVarP(&o.program, "program", "p", "", "VPL program file")
	cmd.Flags().StringVarP(&o.events, "events", "e", "-", "event file (.evt or .jsonl), - for standard input")
	return cmd
}

func addRunFlags(cmd *cobra.Command, o *runOptions) {
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "", "input format: evt or jsonl (default: from the file extension, evt for standard input)")
	f.StringVarP(&o.out, "out", "o", "", "write outputs to this file instead of standard output")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "do not print the summary")
	f.StringVar(&o.onError, "on-error", "stop", "malformed input line: stop (exit 1) or skip (count it and go on)")
	f.StringVar(&o.deadLetter, "dead-letter", "", "with --on-error=skip, append skipped lines to this file")
	f.BoolVar(&o.sequential, "sequential", false, "run all contexts in one goroutine (the output is the same as a parallel run)")
	f.StringVar(&o.progress, "progress", "auto", "live progress line on standard error: auto (when it is a terminal), always or never")
	f.StringVar(&o.timeMode, "time", "event", "time model: event (times from the input) or processing (the wall clock: events are stamped on arrival and windows fire as time passes)")
}

// loadProgram loads (parses, resolves imports, checks) and compiles a
// program file. Errors are rendered to stderr and returned as an ExitFail
// error; warnings are rendered when showWarnings is set.
// With parallel set, a program whose streams sit in several contexts runs
// one goroutine per context (engine.Parallel).
func loadProgram(path string, opts engine.Options, stderr io.Writer, showWarnings, parallel bool) (engine.Runner, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, exitf(ExitUsage, "cannot read %s: %v", path, unwrapPathError(err))
	}
	prog, diags := load.Source(path, src)
	diags = diags.Dedupe(prog.Fset)
	if diags.HasErrors() || (showWarnings && len(diags) > 0) {
		_ = diag.Render(stderr, prog.Fset, diags)
	}
	if diags.HasErrors() {
		return nil, silentExit(ExitFail)
	}
	eng, err := engine.NewRunner(prog.File, prog.Fset, opts, parallel)
	if err != nil {
		var le *diag.ListError
		if errors.As(err, &le) {
			_ = diag.Render(stderr, prog.Fset, le.List.Dedupe(prog.Fset))
			return nil, silentExit(ExitFail)
		}
		return nil, exitf(ExitFail, "%s: %v", path, err)
	}
	return eng, nil
}

func runProgram(cmd *cobra.Command, o *runOptions) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if o.onError != "stop" && o.onError != "skip" {
		return exitf(ExitUsage, "--on-error must be stop or skip, not %q", o.onError)
	}
	if o.deadLetter != "" && o.onError != "skip" {
		return exitf(ExitUsage, "--dead-letter needs --on-error=skip")
	}
	format := o.format
	if format == "" {
		format = formatFromName(o.events)
	}
	if format != "evt" && format != "jsonl" {
		return exitf(ExitUsage, "--format must be evt or jsonl, not %q", format)
	}
	if o.progress != "auto" && o.progress != "always" && o.progress != "never" {
		return exitf(ExitUsage, "--progress must be auto, always or never, not %q", o.progress)
	}
	if o.timeMode != "event" && o.timeMode != "processing" {
		return exitf(ExitUsage, "--time must be event or processing, not %q", o.timeMode)
	}

	// Output writer.
	var outW io.Writer = stdout
	var outFile *os.File
	if o.out != "" {
		f, err := os.Create(o.out)
		if err != nil {
			return exitf(ExitUsage, "%v", err)
		}
		outFile = f
		outW = f
	}
	bw := bufio.NewWriterSize(outW, 64<<10)
	var line []byte
	var enc event.OutputEncoder
	var writeErr error
	opts := engine.Options{
		Output: func(stream string, ev *event.Event) {
			line = enc.Append(line[:0], stream, ev)
			line = append(line, '\n')
			if _, err := bw.Write(line); err != nil && writeErr == nil {
				writeErr = err
			}
		},
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo})),
		Print:  stderr,
	}
	closeOut := func() error {
		err := bw.Flush()
		if outFile != nil {
			if cerr := outFile.Close(); err == nil {
				err = cerr
			}
		}
		return err
	}

	eng, err := loadProgram(o.program, opts, stderr, !o.quiet, !o.sequential)
	if err != nil {
		_ = closeOut()
		return err
	}
	// Live input (standard input, or processing time) ticks every 100 ms:
	// a tick flushes the outputs written so far, so that they are seen
	// without waiting for more input, and in processing time it moves the
	// watermark to the wall clock, firing what is due while no event
	// arrives.
	var ticks <-chan time.Time
	if o.events == "-" || o.timeMode == "processing" {
		ticker := time.NewTicker(tickInterval)
		defer ticker.Stop()
		ticks = ticker.C
	}
	if o.timeMode == "processing" {
		eng = processingRunner{engine.NewProcessingTime(eng, nil)}
	}

	// Input reader.
	var in io.Reader = cmd.InOrStdin()
	name := o.events
	// Reads from standard input may block: read in a goroutine so that
	// signals and ticks are seen.
	interactive := ticks != nil
	if o.events != "-" {
		f, err := os.Open(o.events)
		if err != nil {
			_ = closeOut()
			return exitf(ExitUsage, "%v", err)
		}
		defer f.Close()
		in = f
	}
	rd, err := openReader(format, in, name)
	if err != nil {
		_ = closeOut()
		return exitf(ExitUsage, "%v", err)
	}
	var dead *bufio.Writer
	if o.deadLetter != "" {
		f, err := os.OpenFile(o.deadLetter, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			_ = closeOut()
			return exitf(ExitUsage, "%v", err)
		}
		defer f.Close()
		dead = bufio.NewWriter(f)
		defer dead.Flush()
	}

	// SIGINT/SIGTERM end the input: everything read so far is processed,
	// open windows fire (as at end of input), outputs are flushed.
	ctx, stopSignals := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	next := rd.Next
	if interactive {
		next = readAsync(ctx, rd, ticks)
	}
	if e, ok := eng.(*engine.Engine); ok {
		// Options.Output above encodes each output at once.
		e.SetTransientOutput(true)
	}
	if e, ok := eng.(*engine.Engine); ok && !interactive && !e.RetainsInput() {
		// The program keeps no input event (a where/emit pipeline, say):
		// decode every line into the same event, so reading allocates
		// nothing per event.
		if ir, ok := rd.(ingest.IntoReader); ok {
			reused := new(event.Event)
			next = func() (*event.Event, error) {
				if err := ir.NextInto(reused); err != nil {
					return nil, err
				}
				return reused, nil
			}
		}
	}
	prog := newProgress(stderr, o.progress, o.quiet)
	start := time.Now()
	var rejected uint64
	var failure error
	var count uint64
	for {
		count++
		if count&(1<<14-1) == 0 {
			if ctx.Err() != nil {
				break
			}
			prog.update(count, start)
		}
		ev, err := next()
		if err == io.EOF || err == errInterrupted {
			break
		}
		if err == errTick {
			count--
			if err := tick(eng); err != nil {
				failure = exitf(ExitFail, "%v", err)
				break
			}
			if err := bw.Flush(); err != nil && writeErr == nil {
				writeErr = err
			}
			continue
		}
		if err != nil {
			var ie *ingest.Error
			if !errors.As(err, &ie) {
				stopRunner(eng)
				failure = exitf(ExitUsage, "reading %s: %v", name, err)
				break
			}
			if o.onError == "stop" {
				fmt.Fprintln(stderr, ie.Error())
				stopRunner(eng)
				failure = exitf(ExitFail, "stopped after %d events", eng.Stats().EventsIn)
				break
			}
			rejected++
			if dead != nil {
				if rl, ok := rd.(ingest.RawLiner); ok {
					_, _ = dead.Write(rl.Raw())
					_ = dead.WriteByte('\n')
				}
			}
			continue
		}
		if format == "jsonl" {
			eng.ApplyDeclaredTime(ev)
		}
		if err := eng.Push(ev); err != nil {
			stopRunner(eng)
			failure = exitf(ExitFail, "%v", err)
			break
		}
		if writeErr != nil {
			stopRunner(eng)
			break
		}
	}
	prog.clear()
	if failure == nil {
		if err := eng.Close(); err != nil {
			failure = exitf(ExitUsage, "%v", err)
		}
	}
	elapsed := time.Since(start)
	if err := closeOut(); err != nil && writeErr == nil {
		writeErr = err
	}
	if writeErr != nil && failure == nil {
		failure = exitf(ExitUsage, "writing outputs: %v", writeErr)
	}
	if !o.quiet {
		writeSummary(stderr, eng.Stats(), rejected, elapsed)
	}
	return failure
}

// writeSummary prints the end-of-run statistics.
func writeSummary(w io.Writer, st engine.Stats, rejected uint64, elapsed time.Duration) {
	var b strings.Builder
	fmt.Fprintf(&b, "events in: %d, outputs: %d", st.EventsIn, st.TotalOutputs())
	if len(st.Outputs) > 0 {
		b.WriteString(" (")
		for i, c := range st.Outputs {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s: %d", c.Stream, c.Count)
		}
		b.WriteString(")")
	}
	fmt.Fprintf(&b, ", late: %d, dropped: %d, rejected lines: %d", st.Late, st.Dropped, rejected)
	if st.Warnings > 0 {
		fmt.Fprintf(&b, ", runtime warnings: %d", st.Warnings)
	}
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(st.EventsIn) / s
	}
	fmt.Fprintf(&b, ", time: %s, %.0f events/s\n", elapsed.Round(time.Microsecond), rate)
	_, _ = io.WriteString(w, b.String())
}

// formatFromName picks the input format from a file name.
func formatFromName(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jsonl", ".ndjson", ".json":
		return "jsonl"
	}
	return "evt"
}
