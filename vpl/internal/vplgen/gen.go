// Package vplgen generates large valid VPL programs for the front end's
// tests and benchmarks.
package vplgen

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Program generates a valid program of at least lines lines mixing
// events, filter chains, sequences, windows, functions, patterns, merges and
// comments.
func Program(lines int) []byte {
	var b strings.Builder
	// The input types the sequences and patterns below read, declared once
	// so that the program checks without warnings.
	header := `event Login:
    user_id: str
event PasswordChange:
    user_id: str
event Purchase:
    user_id: str
    amount: float
event Logout:
    user_id: str
event Spike:
    site: str

`
	b.WriteString(header)
	n := strings.Count(header, "\n")
	for i := 0; n < lines; i++ {
		var chunk string
		switch i % 8 {
		case 0:
			chunk = fmt.Sprintf(`# sensor family %[1]d
event Reading%[1]d:
    sensor_id: str
    zone: int
    temp_c: float
    ts: timestamp?
`, i)
		case 1:
			chunk = fmt.Sprintf(`stream Hot%[1]d = Reading%[2]d as r
    .where(temp_c > %[1]d.5 and zone in [1, 2, 3] and not (sensor_id == "s-%[1]d"))
    .emit(sensor: r.sensor_id, t: temp_c * 1.8 + 32.0, label: if temp_c > 50.0 then "hot" else "warm")
`, i, i-1)
		case 2:
			chunk = fmt.Sprintf(`stream Seq%[1]d = Login as a
    -> PasswordChange where user_id == a.user_id as b
    -> all Purchase where user_id == a.user_id and amount > %[1]d as c
    .within(30m)
    .not(Logout where user_id == a.user_id)
    .partition_by(user_id)
    .emit(user: a.user_id, total: sum(c.amount), n: count(c))
`, i)
		case 3:
			chunk = fmt.Sprintf(`stream Agg%[1]d = Reading%[2]d
    .partition_by(zone)
    .window(5m, sliding: 1m)
    .aggregate(avg_t: avg(temp_c), max_t: max(temp_c), n: count())
    .having(n > %[1]d)
    .emit(zone: zone, avg_t: avg_t, spread: max_t - avg_t)
`, i, i-3)
		case 4:
			chunk = fmt.Sprintf(`fn score%[1]d(amount: float, country: str, tags: [str]) -> float:
    var s = amount / 1000.0
    if country != "FR" and amount > 10.0:
        s := s * 2.0
    elif "vip" in tags:
        s := s / 2.0
    else:
        s := s + 0.5
    for t in tags:
        if starts_with(t, "risk"):
            s := s + 1.0
    return s ?? 0.0
`, i)
		case 5:
			chunk = fmt.Sprintf(`pattern Surge%[1]d = SEQ(Spike as first, Spike+ where site == first.site as more) within 5m partition by site
const LIMIT%[1]d = %[1]d
let names%[1]d = {"a": [1, 2, 3], "b": [%[1]d]}
`, i)
		case 6:
			chunk = fmt.Sprintf(`stream Merged%[1]d = merge(
    stream A%[1]d = Reading%[2]d .where(zone == 1),
    stream B%[1]d = Reading%[2]d .where(zone == 2)
)
.emit(zone: zone, t: temp_c, k: score%[3]d(temp_c, "DE", ["x"]))
`, i, i-6, i-2)
		case 7:
			chunk = fmt.Sprintf(`stream Burst%[1]d = Reading%[2]d
    .window(20)
    .where(len(filter([temp_c, temp_c * 2.0], t => t > 50.0)) > 0)
    .aggregate(n: count())
    .emit(n: n, at: @2026-01-02T03:04:05Z, gap: 250ms)  // trailing comment
`, i, i-7)
		}
		b.WriteString(chunk)
		b.WriteByte('\n')
		n += strings.Count(chunk, "\n") + 1
	}
	return []byte(b.String())
}

// ReportCPU reports the throughput of a benchmark in MB per CPU second
// (all threads of the process, the garbage collector's included), given
// the CPUTime at its start and the input size of one iteration. Next to
// the wall-clock MB/s it is a better figure on a shared, loaded machine.
func ReportCPU(b *testing.B, start time.Duration, size int) {
	if cpu := CPUTime() - start; cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
	}
}
