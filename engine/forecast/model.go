// Package forecast predicts whether a partial match of a sequence pattern
// will complete, and when. It implements the model behind VPL's
// `.forecast(...)` (vpl.md §9, vpl-original.md §8.2):
//
//   - A prediction suffix tree (a variable-order Markov model, see pst)
//     learns online which event type follows which context of recent event
//     types of the stream (the input symbols of the pattern automaton).
//   - The pattern automaton is given as a deterministic transition table
//     over the same symbols (Automaton). The product of the automaton state
//     and the last m symbols is a Markov chain (a pattern Markov chain);
//     dynamic programming over it gives, for every state, context and
//     number h of future events, the probability of reaching an accepting
//     state within h events and the expected number of events it takes.
//     The tables are rebuilt from the tree every few hundred events.
//   - A prediction looks up the most advanced run's state: the first future
//     event is predicted from the full context (up to max_depth symbols);
//     the rest comes from the tables. The horizon in events is the horizon
//     in time divided by the learned mean inter-event time, optionally
//     scaled by a Hawkes-style burst intensity.
//   - Confidence is the stability of recent predictions; an optional split
//     conformal interval is calibrated on resolved past predictions.
//
// A Model is not safe for concurrent use. Observe and Predict do not
// allocate once the model has seen every context of its stream.
package forecast

import (
	"errors"
	"fmt"
	"math"
)

// Numerical constants of the model (implementation-defined by the spec).
const (
	// Smoothing is the additive smoothing of the root distribution.
	Smoothing = 0.01
	// StabilityWindow is the number of recent predictions whose spread
	// gives the confidence.
	StabilityWindow = 20
	// MaxBoost caps the Hawkes burst factor (and 1/MaxBoost bounds it
	// below).
	MaxBoost = 5.0
	// Coverage is the target coverage of the conformal interval.
	Coverage = 0.9
	// ConformalWindow is the number of recent nonconformity scores kept.
	ConformalWindow = 1000
	// MaxDepth is the largest accepted max_depth.
	MaxDepth = 16
	// MaxSymbols is the largest alphabet (event types of one pattern).
	MaxSymbols = 1024

	backoff      = 2.0     // weight of the parent distribution in a tree node
	maxNodes     = 1 << 16 // tree size cap
	maxContexts  = 64      // cap on k^m, the contexts of the DP chain
	tableBudget  = 1 << 17 // cap on table cells (states × contexts × horizon)
	minTableH    = 16      // the tables cover at least this many events
	refreshWork  = 4       // amortised table work per observed event
	minRefresh   = 256     // events between table rebuilds, at least
	maxRefresh   = 1 << 16 // and at most
	rateAlpha    = 1.0 / 1000
	hawkesWindow = 20 // kernel decay time, in mean inter-event times
	stableDiff   = 0.02
	minCalib     = 20 // scores needed before the interval is reported
	pendingSlots = 16 // predictions awaiting their outcome (conformal)
	scoreBins    = 200
)

// Mode is a parameter preset.
type Mode uint8

// The presets of vpl-original.md §8.2.
const (
	Balanced Mode = iota
	Fast
	Accurate
)

// ParseMode maps "fast", "balanced" and "accurate" to a Mode.
func ParseMode(s string) (Mode, bool) {
	switch s {
	case "fast":
		return Fast, true
	case "balanced":
		return Balanced, true
	case "accurate":
		return Accurate, true
	}
	return Balanced, false
}

// Params are the `.forecast(...)` parameters.
type Params struct {
	// Confidence is the minimum completion probability to emit (0–1).
	Confidence float64
	// Horizon is the forecast horizon in nanoseconds (> 0).
	Horizon int64
	// Warmup is the number of events observed before any forecast.
	Warmup int
	// MaxDepth is the longest context of the suffix tree.
	MaxDepth int
	// Hawkes enables burst-intensity modulation of the horizon.
	Hawkes bool
	// Conformal enables the conformal interval.
	Conformal bool
	// Adaptive lets the model become warm before Warmup events once its
	// completion tables are stable (between two rebuilds no cell moved by
	// more than 0.02), but not before Warmup/4 events.
	Adaptive bool
}

// Preset returns the parameters of a mode with confidence 0.5 and a
// horizon of 5 minutes.
func Preset(m Mode) Params {
	p := Params{Confidence: 0.5, Horizon: int64(5 * 60 * 1e9)}
	switch m {
	case Fast:
		p.Warmup, p.MaxDepth = 50, 3
	case Accurate:
		p.Warmup, p.MaxDepth, p.Hawkes, p.Conformal, p.Adaptive = 200, 5, true, true, true
	default:
		p.Warmup, p.MaxDepth, p.Hawkes, p.Conformal, p.Adaptive = 100, 3, true, true, true
	}
	return p
}

// Dead is the Automaton.Next entry for "the run dies".
const Dead = -1

// Automaton is a deterministic view of one pattern alternative over the
// symbols 0..k-1: state j means "j positive steps satisfied".
type Automaton struct {
	// Next[j*k+s] is the state after symbol s in state j, or Dead.
	Next []int32
	// Accept[j] reports that a run in state j completes (or, with AtEnd,
	// is complete if it is still in state j when its window ends).
	Accept []bool
	// AtEnd marks an absence pattern: the match happens when the window
	// ends with the run in an accepting state, so accepting states are not
	// absorbing.
	AtEnd bool
}

// States returns the number of states.
func (a *Automaton) States() int { return len(a.Accept) }

// Config configures a Model.
type Config struct {
	Symbols  int
	Automata []Automaton
	Params
}

// ErrConfig is wrapped by every configuration error.
var ErrConfig = errors.New("invalid forecast configuration")

// Forecast is one prediction.
type Forecast struct {
	// Probability that the run completes within the horizon.
	Probability float64
	// Confidence is the stability of recent predictions, 0–1.
	Confidence float64
	// Time is the expected time to completion in nanoseconds (given that
	// the run completes within the horizon).
	Time int64
	// Depth is the length of the context the first-step prediction used.
	Depth int
	// Lower and Upper bound the conformal interval (0 and 1 when conformal
	// is off or not calibrated yet).
	Lower, Upper float64
	// Steps is the horizon in events the prediction used.
	Steps int
}

// table is the completion table of one automaton.
type table struct {
	// q[(h*S+j)*C+c]: P(accept within h events | state j, context c);
	// e[...]: E[events until acceptance · 1{accepted within h}].
	q, e []float32
	prev []float32 // scratch: the previous last layer (stability)
}

// Model is an online forecaster for one pattern stream.
type Model struct {
	k    int
	p    Params
	auto []Automaton
	tree *pst
	hist history

	// DP chain: contexts of the last m symbols, C = k^m of them, coded in
	// base k with the most recent symbol as the lowest digit.
	m, nctx int
	ctx     int // current context code
	// symStride is 1, or 0 when m = 0 (the context code ignores symbols).
	symStride int
	trans     []float64
	tabs      []table
	th        int // horizons covered: h = 0..th
	refresh   int // events between rebuilds
	nextReb   uint64
	rebuilt   int // rebuilds so far
	stable    bool

	events uint64
	warm   bool
	scr    []float64 // scratch distribution (k)
	ctxBuf []int32   // scratch context (m)

	// inter-event time
	lastT   int64
	meanDt  float64
	haveT   bool
	excite  float64 // Hawkes: decayed event count
	meanLam float64
	lamN    int
	boost   float64

	// confidence: ring of recent probabilities
	recent     [StabilityWindow]float64
	recentN    int
	recentPos  int
	recentSum  float64
	recentSum2 float64

	// conformal
	skip     int   // predictions until the next one is kept
	pendingN int   // used pending slots
	firstDL  int64 // earliest deadline of a used slot
	pending  [pendingSlots]pendingForecast
	scores   [ConformalWindow]uint8
	scoreN   int
	scoreAt  int
	bins     [scoreBins + 1]uint16
	quant    float64
}

type pendingForecast struct {
	p        float64
	deadline int64
	key      any // identity of the forecast run (nil: any match counts)
	used     bool
}

// New builds a Model.
func New(cfg Config) (*Model, error) {
	k := cfg.Symbols
	if k < 1 || k > MaxSymbols {
		return nil, fmt.Errorf("%w: %d symbols (want 1..%d)", ErrConfig, k, MaxSymbols)
	}
	p := cfg.Params
	switch {
	case p.MaxDepth < 1 || p.MaxDepth > MaxDepth:
		return nil, fmt.Errorf("%w: max_depth %d (want 1..%d)", ErrConfig, p.MaxDepth, MaxDepth)
	case p.Warmup < 1:
		return nil, fmt.Errorf("%w: warmup %d (want ≥ 1)", ErrConfig, p.Warmup)
	case p.Horizon <= 0:
		return nil, fmt.Errorf("%w: horizon must be positive", ErrConfig)
	case !(p.Confidence >= 0 && p.Confidence <= 1):
		return nil, fmt.Errorf("%w: confidence %v (want 0..1)", ErrConfig, p.Confidence)
	case len(cfg.Automata) == 0:
		return nil, fmt.Errorf("%w: no automaton", ErrConfig)
	}
	for i, a := range cfg.Automata {
		n := a.States()
		if n == 0 || len(a.Next) != n*k {
			return nil, fmt.Errorf("%w: automaton %d: %d states, %d transitions for %d symbols", ErrConfig, i, n, len(a.Next), k)
		}
		for _, j := range a.Next {
			if j != Dead && (j < 0 || int(j) >= n) {
				return nil, fmt.Errorf("%w: automaton %d: transition to state %d", ErrConfig, i, j)
			}
		}
	}
	md := &Model{k: k, p: p, auto: cfg.Automata, tree: newPST(k, p.MaxDepth), hist: newHistory(p.MaxDepth), boost: 1}
	// m: the longest context with k^m ≤ maxContexts, at most max_depth.
	md.m, md.nctx = 0, 1
	for md.m < p.MaxDepth && md.nctx*k <= maxContexts {
		md.m++
		md.nctx *= k
	}
	if md.m > 0 {
		md.symStride = 1
	}
	md.trans = make([]float64, md.nctx*k)
	md.tabs = make([]table, len(cfg.Automata))
	md.scr = make([]float64, k)
	md.ctxBuf = make([]int32, md.m)
	md.nextReb = uint64(md.warmRefresh())
	return md, nil
}

// warmRefresh is the rebuild interval while the model is warming up.
func (md *Model) warmRefresh() int {
	if md.p.Adaptive {
		return max(8, md.p.Warmup/8)
	}
	return md.p.Warmup
}

// Warm reports whether the model forecasts.
func (md *Model) Warm() bool { return md.warm }

// Events returns the number of observed events.
func (md *Model) Events() uint64 { return md.events }

// ContextStates returns the number of contexts of the DP chain (k^m).
func (md *Model) ContextStates() int { return md.nctx }

// Observe learns one event: symbol s at event time t (ns). It first
// resolves pending predictions of the conformal calibration.
func (md *Model) Observe(s int, t int64) {
	if s < 0 || s >= md.k {
		return
	}
	if md.p.Conformal {
		md.resolve(t)
	}
	md.observeTime(t)
	md.tree.learn(&md.hist, s)
	md.hist.push(s)
	md.ctx = (md.ctx*md.k + s) % md.nctx
	md.events++
	if md.events >= md.nextReb {
		md.rebuild()
	}
}

// Matched records that the pattern emitted a match of the run identified
// by key (nil: unknown), which settles the pending predictions about that
// run (and those made without a key) as completed.
func (md *Model) Matched(key any) {
	if md.pendingN == 0 {
		return
	}
	for i := range md.pending {
		s := &md.pending[i]
		if s.used && (s.key == nil || s.key == key) {
			md.addScore(1 - s.p)
			s.used = false
			md.pendingN--
		}
	}
}

func (md *Model) observeTime(t int64) {
	if !md.haveT {
		md.lastT, md.haveT = t, true
		return
	}
	dt := float64(t - md.lastT)
	if dt < 0 {
		dt = 0 // out of order: counts as simultaneous
	} else {
		md.lastT = t
	}
	a := rateAlpha
	if md.events < 1/rateAlpha {
		a = 1 / float64(md.events)
	}
	md.meanDt += a * (dt - md.meanDt)
	if !md.p.Hawkes || md.meanDt <= 0 {
		return
	}
	// Self-exciting intensity with an exponential kernel of decay time
	// tau: λ(t) = Σ exp(-(t - tᵢ)/tau) / tau over past events. Its ratio
	// to its own long-run mean at events is the burst factor: 1 for a
	// steady stream, above 1 during a burst.
	tau := hawkesWindow * md.meanDt
	md.excite = md.excite*decay(dt/tau) + 1
	lam := md.excite / tau
	md.lamN++
	if md.lamN <= 2*hawkesWindow {
		// The kernel sum is still filling up: no modulation yet.
		return
	}
	md.meanLam += max(1/float64(md.lamN-2*hawkesWindow), rateAlpha) * (lam - md.meanLam)
	md.boost = min(max(lam/md.meanLam, 1/MaxBoost), MaxBoost)
}

// decay returns exp(-x) for x ≥ 0; small arguments (the usual case: one
// event is 1/20 of the kernel's decay time) use a rational approximation
// (relative error below 3e-4 for x < 0.5).
func decay(x float64) float64 {
	if x < 0.5 {
		return 1 / (1 + x*(1+x*(0.5+x*(1.0/6+x*(1.0/24)))))
	}
	return math.Exp(-x)
}

// Boost returns the current burst factor (1 without Hawkes modulation).
func (md *Model) Boost() float64 { return md.boost }

// MeanInterval returns the learned mean time between events (ns).
func (md *Model) MeanInterval() float64 { return md.meanDt }

// rebuild recomputes the DP chain's transitions and the completion tables,
// and updates warmth.
func (md *Model) rebuild() {
	k, C := md.k, md.nctx
	for c := 0; c < C; c++ {
		x := c
		for d := 0; d < md.m; d++ {
			md.ctxBuf[d] = int32(x % k)
			x /= k
		}
		md.tree.dist(md.trans[c*k:c*k+k], md.ctxBuf, Smoothing)
	}
	// Horizon coverage: the horizon in events (at the strongest burst),
	// within the table budget.
	cells := 0
	for i := range md.auto {
		cells += md.auto[i].States() * C
	}
	hcap := max(minTableH, tableBudget/cells)
	need := hcap
	if md.meanDt > 0 {
		f := float64(md.p.Horizon) / md.meanDt
		if md.p.Hawkes {
			f *= MaxBoost
		}
		if f < float64(hcap) {
			need = max(int(math.Ceil(f))+1, 1)
		}
	}
	th := min(need, hcap)
	diff := 0.0
	for i := range md.auto {
		diff = max(diff, md.fill(i, th))
	}
	md.th = th
	md.rebuilt++
	if md.rebuilt > 1 && diff < stableDiff {
		md.stable = true
	}
	if !md.warm {
		w := uint64(md.p.Warmup)
		need := uint64(max(md.p.MaxDepth, md.m))
		if md.events >= max(w, need) || (md.p.Adaptive && md.stable && md.events >= max(w/4, need)) {
			md.warm = true
		}
	}
	// Amortise: about refreshWork cell updates per observed event.
	work := 0
	for i := range md.auto {
		work += md.auto[i].States() * C * k * (th + 1)
	}
	// A young model rebuilds more often (every quarter of its age), so
	// its tables never lag far behind what it has learned.
	md.refresh = min(max(work/refreshWork, minRefresh), maxRefresh, max(int(md.events/4), 16))
	step := md.refresh
	if !md.warm {
		// Rebuild at least when the warm-up count is reached.
		step = md.warmRefresh()
		target := uint64(max(md.p.Warmup, md.p.MaxDepth, md.m))
		if md.events < target && target-md.events < uint64(step) {
			step = int(target - md.events)
		}
	}
	md.nextReb = md.events + uint64(max(step, 1))
}

// fill rebuilds the table of automaton i for horizons 0..th and returns the
// largest change of a cell at the previous table's longest horizon.
func (md *Model) fill(i, th int) float64 {
	a := &md.auto[i]
	k, C, S := md.k, md.nctx, a.States()
	tb := &md.tabs[i]
	old := md.th
	var prev []float32
	if !md.warm && md.p.Adaptive && old > 0 && old <= th && len(tb.q) >= (old+1)*S*C {
		// Keep the old last layer to measure stability.
		if cap(tb.prev) < S*C {
			tb.prev = make([]float32, S*C)
		}
		prev = tb.prev[:S*C]
		copy(prev, tb.q[old*S*C:(old+1)*S*C])
	}
	n := (th + 1) * S * C
	if cap(tb.q) < n {
		tb.q = make([]float32, n)
		tb.e = make([]float32, n)
	}
	tb.q, tb.e = tb.q[:n], tb.e[:n]
	for j := 0; j < S; j++ {
		v := float32(0)
		if a.Accept[j] {
			v = 1
		}
		for c := 0; c < C; c++ {
			tb.q[j*C+c], tb.e[j*C+c] = v, 0
		}
	}
	for h := 1; h <= th; h++ {
		cur, prv := h*S*C, (h-1)*S*C
		for j := 0; j < S; j++ {
			row := cur + j*C
			if a.Accept[j] && !a.AtEnd {
				for c := 0; c < C; c++ {
					tb.q[row+c], tb.e[row+c] = 1, 0
				}
				continue
			}
			nx := a.Next[j*k : j*k+k]
			for c := 0; c < C; c++ {
				tr := md.trans[c*k : c*k+k]
				base := prv + (c*k)%C
				var q, e float64
				for s, j2 := range nx {
					if j2 == Dead {
						continue
					}
					at := base + int(j2)*C + s*md.symStride
					pq := float64(tb.q[at])
					q += tr[s] * pq
					e += tr[s] * (float64(tb.e[at]) + pq)
				}
				tb.q[row+c], tb.e[row+c] = float32(q), float32(e)
			}
		}
	}
	if prev == nil {
		return 1
	}
	d := 0.0
	last := old * S * C
	for x := range prev {
		d = max(d, math.Abs(float64(tb.q[last+x]-prev[x])))
	}
	return d
}

// Predict forecasts the completion of a run of automaton alt in state j
// whose window has remaining nanoseconds left (math.MaxInt64: none), at
// event time now. ok is false while the model is not warm or when the
// arguments are out of range. Predict updates the confidence window and,
// with conformal on, may keep the prediction to calibrate the interval
// until its outcome is known: Matched(key) before the deadline, or an
// Observe past it. key identifies the run (comparable; nil: any match
// settles the prediction).
func (md *Model) Predict(alt, j int, remaining, now int64, key any) (f Forecast, ok bool) {
	if !md.warm || alt < 0 || alt >= len(md.auto) || j < 0 || j >= md.auto[alt].States() {
		return f, false
	}
	a := &md.auto[alt]
	win := min(md.p.Horizon, max(remaining, 0))
	if a.AtEnd && remaining > md.p.Horizon {
		// An absence match happens at the window's end, past the horizon.
		win = -1
	}
	dt := md.meanDt / md.boost
	h := md.th
	if win < 0 {
		h = -1
	} else if dt > 0 {
		if x := float64(win)/dt + 0.5; x < float64(h) {
			h = int(x)
		}
	}
	f.Steps = max(h, 0)
	f.Depth = md.tree.dist(md.scr, md.hist.syms[:md.hist.n], Smoothing)
	switch {
	case h < 0:
		f.Probability = 0
	case a.Accept[j] && !a.AtEnd:
		f.Probability = 1
	case h == 0:
		if a.Accept[j] {
			f.Probability = 1
		}
	default:
		tb := &md.tabs[alt]
		k, C, S := md.k, md.nctx, a.States()
		base := (h-1)*S*C + (md.ctx*k)%C
		var q, e float64
		nx := a.Next[j*k : j*k+k]
		ps := md.scr[:len(nx)]
		for s, j2 := range nx {
			if j2 == Dead {
				continue
			}
			at := base + int(j2)*C + s*md.symStride
			pq := float64(tb.q[at])
			q += ps[s] * pq
			e += ps[s] * (float64(tb.e[at]) + pq)
		}
		f.Probability = min(max(q, 0), 1)
		if q > 0 {
			f.Time = int64(min(e/q*dt, math.MaxInt64/2))
		}
	}
	if a.AtEnd && h >= 0 {
		f.Time = win
	}
	md.noteStability(f.Probability)
	f.Confidence = md.confidence()
	f.Lower, f.Upper = 0, 1
	if md.p.Conformal {
		if md.scoreN >= minCalib {
			f.Lower = max(f.Probability-md.quant, 0)
			f.Upper = min(f.Probability+md.quant, 1)
		}
		// Keep every stride-th prediction, the stride spreading the pending
		// slots over a horizon, so that the calibration set is a
		// systematic sample of all predictions.
		md.skip--
		if win >= 0 && md.skip <= 0 {
			md.skip = f.Steps/pendingSlots + 1
			dl := now + win
			if dl < now {
				dl = math.MaxInt64 // saturate
			}
			md.track(f.Probability, dl, key)
		}
	}
	return f, true
}

func (md *Model) noteStability(p float64) {
	if md.recentN == StabilityWindow {
		o := md.recent[md.recentPos]
		md.recentSum -= o
		md.recentSum2 -= o * o
	} else {
		md.recentN++
	}
	md.recent[md.recentPos] = p
	md.recentSum += p
	md.recentSum2 += p * p
	md.recentPos++
	if md.recentPos == StabilityWindow {
		// Recompute the sums once per lap so rounding cannot drift.
		md.recentPos = 0
		md.recentSum, md.recentSum2 = 0, 0
		for _, x := range md.recent[:md.recentN] {
			md.recentSum += x
			md.recentSum2 += x * x
		}
	}
}

// confidence is 1 − 2·(standard deviation of the recent predictions):
// 1 for a constant forecast, 0 for one alternating between 0 and 1.
func (md *Model) confidence() float64 {
	n := float64(md.recentN)
	mean := md.recentSum / n
	v := md.recentSum2/n - mean*mean
	if v < 1e-12 {
		return 1 // constant up to rounding
	}
	return min(max(1-2*math.Sqrt(v), 0), 1)
}

// track keeps a prediction in a free pending slot until its outcome is
// known: the run's match before the deadline (1) or none (0). When every
// slot is taken the prediction is not kept: the calibration set is a
// sample of the predictions.
func (md *Model) track(p float64, deadline int64, key any) {
	for i := range md.pending {
		s := &md.pending[i]
		if !s.used {
			*s = pendingForecast{p: p, deadline: deadline, key: key, used: true}
			if md.pendingN == 0 || deadline < md.firstDL {
				md.firstDL = deadline
			}
			md.pendingN++
			return
		}
	}
}

// resolve settles the pending predictions whose deadline passed before t
// (no match: outcome 0).
func (md *Model) resolve(t int64) {
	if md.pendingN == 0 || t <= md.firstDL {
		return
	}
	md.firstDL = math.MaxInt64
	for i := range md.pending {
		s := &md.pending[i]
		if !s.used {
			continue
		}
		if t > s.deadline {
			md.addScore(s.p)
			s.used = false
			md.pendingN--
			continue
		}
		md.firstDL = min(md.firstDL, s.deadline)
	}
}

// addScore adds a nonconformity score |y − p| and updates the interval
// half-width: the ⌈(n+1)·Coverage⌉-th smallest of the last n scores
// (split conformal prediction), at a resolution of 1/scoreBins.
func (md *Model) addScore(x float64) {
	b := uint8(min(max(int(math.Ceil(x*scoreBins)), 0), scoreBins))
	if md.scoreN == ConformalWindow {
		md.bins[md.scores[md.scoreAt]]--
	} else {
		md.scoreN++
	}
	md.scores[md.scoreAt] = b
	md.bins[b]++
	md.scoreAt = (md.scoreAt + 1) % ConformalWindow
	need := int(math.Ceil(float64(md.scoreN+1) * Coverage))
	if need > md.scoreN {
		md.quant = 1
		return
	}
	acc := 0
	for i, c := range md.bins {
		acc += int(c)
		if acc >= need {
			md.quant = float64(i) / scoreBins
			return
		}
	}
	md.quant = 1
}
