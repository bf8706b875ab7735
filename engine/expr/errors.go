package expr

import (
	"strconv"
	"strings"

	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// Diagnostic codes reported by the compiler.
const (
	CodeDuplicateFunc  = "E003" // two fn declarations with one name
	CodeImmutable      = "E040" // := to a let or const
	CodeUnknownFunc    = "E050" // call of an unknown function
	CodeArity          = "E051" // wrong number of arguments
	CodeLambda         = "E052" // lambda where no function value is accepted
	CodeBranch         = "E053" // break/continue outside a loop, return outside a function
	CodeInvalid        = "E054" // an expression or statement that cannot be compiled
	CodeDuplicateParam = "E055" // a parameter name used twice
)

// Error is a compile error with its source range.
type Error struct {
	Pos, End token.Pos
	Code     string
	Msg      string
	Hint     string // optional, e.g. "did you mean `avg`?"
}

// Error implements error.
func (e *Error) Error() string {
	if e.Hint != "" {
		return e.Code + ": " + e.Msg + " (" + e.Hint + ")"
	}
	return e.Code + ": " + e.Msg
}

// Diagnostic converts e for rendering with package diag.
func (e *Error) Diagnostic() *diag.Diagnostic {
	return &diag.Diagnostic{Pos: e.Pos, End: e.End, Severity: diag.Error, Code: e.Code, Message: e.Msg, Hint: e.Hint}
}

// ErrorList is a list of compile errors; it is returned as an error only
// when it is not empty.
type ErrorList []*Error

// Error implements error: the first message, and how many more there are.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	b.WriteString(l[0].Error())
	b.WriteString(" (and ")
	b.WriteString(strconv.Itoa(len(l) - 1))
	b.WriteString(" more errors)")
	return b.String()
}

// Diagnostics converts the list for rendering with package diag.
func (l ErrorList) Diagnostics() diag.List {
	out := make(diag.List, len(l))
	for i, e := range l {
		out[i] = e.Diagnostic()
	}
	return out
}

// err returns l as an error, or nil when it is empty.
func (l ErrorList) err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// suggest returns the candidate closest to name by edit distance when it is
// close enough to be a likely typo, or "".
func suggest(name string, candidates []string) string {
	limit := min(len(name)/3+1, 3)
	best, bestD := "", limit+1
	for _, c := range candidates {
		if d := editDistance(name, c); d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if bestD > limit {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b (bytes).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
