package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestRunContextsParallelEqualsSequential runs a program whose streams sit
// in three contexts through the command line, once with one goroutine per
// context and once with --sequential: the outputs must be identical.
func TestRunContextsParallelEqualsSequential(t *testing.T) {
	var evt strings.Builder
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&evt, "@%dms Reading { sensor: \"s%d\", temp: %d.5 }\n", i*7, i%13, (i*37)%90)
	}
	dir := writeFiles(t, map[string]string{
		"p.vpl": `
context ingest
context analytics
context alerts

stream Hot = Reading .context(ingest) .where(temp > 40.0) .emit(sensor: sensor, temp: temp)
stream PerSensor = Hot .context(analytics) .partition_by(sensor) .window(1s) .aggregate(n: count(), hi: max(temp)) .emit(sensor: sensor, n: n, hi: hi)
stream Rising = Hot as a -> Hot where sensor == a.sensor and temp > a.temp as b .within(500ms) .context(alerts) .emit(sensor: a.sensor, from: a.temp, to: b.temp)
stream All = Reading .window(10) .aggregate(avg: avg(temp)) .emit(avg: avg)
`,
		"in.evt": evt.String(),
	})
	run := func(extra ...string) string {
		var stdout, stderr bytes.Buffer
		args := append([]string{"run", filepath.Join(dir, "p.vpl"), "--events", filepath.Join(dir, "in.evt"), "-q"}, extra...)
		if code := Run(context.Background(), args, nil, &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		return stdout.String()
	}
	par, seq := run(), run("--sequential")
	if strings.Count(par, "\n") < 100 {
		t.Fatalf("too few outputs to compare: %d", strings.Count(par, "\n"))
	}
	for _, stream := range []string{`"Hot"`, `"PerSensor"`, `"Rising"`, `"All"`} {
		if !strings.Contains(par, stream) {
			t.Errorf("no output of %s", stream)
		}
	}
	if par != seq {
		t.Fatalf("parallel and sequential outputs differ:\nparallel %d lines, sequential %d lines", strings.Count(par, "\n"), strings.Count(seq, "\n"))
	}
}

// interruptingReader returns data, then cancels the run on the next read
// and blocks until released, like a terminal where the user presses ^C.
type interruptingReader struct {
	data    []byte
	cancel  context.CancelFunc
	release chan struct{}
	once    sync.Once
}

func (r *interruptingReader) Read(p []byte) (int, error) {
	if len(r.data) > 0 {
		n := copy(p, r.data)
		r.data = r.data[n:]
		return n, nil
	}
	r.once.Do(r.cancel)
	<-r.release
	return 0, io.EOF
}

// TestRunInterruptedStdin: an interrupt while reading standard input ends
// the input cleanly: every event read is processed, open windows fire as
// at end of input, outputs are flushed and the exit status is 0.
func TestRunInterruptedStdin(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"p.vpl": "stream W = Reading .window(1m) .aggregate(n: count(), s: sum(v)) .emit(n: n, s: s)\n",
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := &interruptingReader{
		data:    []byte("@0s Reading { v: 1 }\n@1s Reading { v: 2 }\n@2s Reading { v: 3 }\n"),
		cancel:  cancel,
		release: make(chan struct{}),
	}
	defer close(in.release)
	var stdout, stderr bytes.Buffer
	code := Run(ctx, []string{"run", filepath.Join(dir, "p.vpl")}, in, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want := `{"stream":"W","time":"1970-01-01T00:01:00Z","fields":{"n":3,"s":6}}` + "\n"
	if stdout.String() != want {
		t.Fatalf("stdout %q, want %q", stdout.String(), want)
	}
	if !strings.Contains(stderr.String(), "events in: 3") {
		t.Fatalf("summary: %s", stderr.String())
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitingReader returns data, then blocks until cond holds (or a generous
// guard expires) and ends the input.
type waitingReader struct {
	data []byte
	cond func() bool
	met  bool
}

func (r *waitingReader) Read(p []byte) (int, error) {
	if len(r.data) > 0 {
		n := copy(p, r.data)
		r.data = r.data[n:]
		return n, nil
	}
	for guard := time.Now().Add(20 * time.Second); time.Now().Before(guard); time.Sleep(10 * time.Millisecond) {
		if r.cond() {
			r.met = true
			break
		}
	}
	return 0, io.EOF
}

// TestRunLiveOutputs: while standard input stays open, outputs are written
// without waiting for more input, and in processing time a window fires
// when the wall clock passes its end although no event arrives.
func TestRunLiveOutputs(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"p.vpl": "stream Hot = Reading .where(v > 1) .emit(v: v)\n" +
			"stream W = Reading .window(200ms) .aggregate(n: count()) .emit(n: n)\n",
	})
	tests := []struct {
		name  string
		args  []string
		until string // output that must appear while the input is open
	}{
		{"event time flushes", nil, `"stream":"Hot"`},
		{"processing time fires windows", []string{"--time", "processing"}, `"stream":"W"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout syncBuffer
			in := &waitingReader{
				data: []byte("Reading { v: 2 }\nReading { v: 3 }\n"),
				cond: func() bool { return strings.Contains(stdout.String(), tc.until) },
			}
			var stderr bytes.Buffer
			args := append([]string{"run", filepath.Join(dir, "p.vpl"), "-q"}, tc.args...)
			if code := Run(context.Background(), args, in, &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			if !in.met {
				t.Fatalf("%s did not appear while the input was open; output at the end:\n%s", tc.until, stdout.String())
			}
		})
	}
}
