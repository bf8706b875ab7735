//go:build unix

package vplgen

import (
	"syscall"
	"time"
)

// CPUTime returns the CPU time (user + system) used by the process so far.
// Benchmarks report throughput per CPU second next to the wall-clock
// figure, because the latter is meaningless on a shared, loaded machine.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
