package load

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/varpulis/varpulis-go/vpl/checker"
	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/parser"
)

// ErrorsDoc returns the text of docs/errors.md: every diagnostic code of
// the scanner and parser (parser.Codes) and of the checker and loader
// (checker.Codes), with its description and an example. The file is
// generated from the tables so that it never drifts from the code; see
// TestErrorsDocUpToDate. Examples are fenced as ```vpl-error: they are
// invalid on purpose, so the documentation test that checks every ```vpl
// block leaves them alone.
func ErrorsDoc() []byte {
	var b bytes.Buffer
	b.WriteString(`# Diagnostic codes

<!-- Generated from vpl/parser/codes.go and vpl/checker/codes.go by
     go test ./vpl/load -run TestErrorsDocUpToDate -update
     Do not edit by hand. -->

Every problem that ` + "`varpulis check`" + ` or ` + "`varpulis run`" + ` reports about a program has a
stable code. Errors stop the program from loading; warnings do not.

` + "```text" + `
path:line:col: error[CODE]: message
    <the source line>
    ^^^^
    hint: a suggestion, when a likely fix exists
` + "```" + `

Codes that existed in the original Varpulis validator keep their numbers.

| range | what |
|---|---|
| E001–E099 | semantic errors: names, streams, operations, patterns, functions, imports |
| E100–E199 | syntax errors reported by the scanner and the parser |
| W001–W099 | warnings |

`)
	var semErr, warn []checker.CodeInfo
	for _, c := range checker.Codes {
		if c.Severity == diag.Warning {
			warn = append(warn, c)
		} else {
			semErr = append(semErr, c)
		}
	}
	section := func(title string, n int) {
		fmt.Fprintf(&b, "## %s\n\n", title)
		if n == 0 {
			b.WriteString("None.\n\n")
		}
	}
	entry := func(code, sev, title, example string) {
		fmt.Fprintf(&b, "### %s\n\n%s — %s.\n\n", code, sev, strings.TrimSuffix(title, "."))
		if example == "" {
			return
		}
		b.WriteString("Example:\n\n```vpl-error\n")
		b.WriteString(example)
		if !strings.HasSuffix(example, "\n") {
			b.WriteByte('\n')
		}
		b.WriteString("```\n\n")
	}
	section("Semantic errors", len(semErr))
	for _, c := range semErr {
		entry(c.Code, "Error", c.Title, c.Example)
	}
	section("Syntax errors", len(parser.Codes))
	for _, c := range parser.Codes {
		entry(c.Code, "Error", c.Title, c.Example)
	}
	section("Warnings", len(warn))
	for _, c := range warn {
		entry(c.Code, "Warning", c.Title, c.Example)
	}
	out := bytes.TrimRight(b.Bytes(), "\n")
	return append(out, '\n')
}
