package checker

import (
	"github.com/varpulis/varpulis-go/vpl/ast"
)

// SourceKind tells what a stream reads.
type SourceKind uint8

// Source kinds.
const (
	SourceBad       SourceKind = iota // unparsable source
	SourceEvent                       // an event type arriving from input
	SourceStream                      // the output of another stream
	SourcePattern                     // a named pattern declaration
	SourceMerge                       // merge(...)
	SourceJoin                        // join(...)
	SourceSequence                    // sequence(...)
	SourceTimer                       // timer(...)
	SourceConnector                   // T.from(connector, ...)
)

var sourceKindNames = [...]string{
	SourceBad: "bad", SourceEvent: "event", SourceStream: "stream", SourcePattern: "pattern",
	SourceMerge: "merge", SourceJoin: "join", SourceSequence: "sequence", SourceTimer: "timer",
	SourceConnector: "connector",
}

// String returns a lower-case name of the kind.
func (k SourceKind) String() string {
	if int(k) < len(sourceKindNames) {
		return sourceKindNames[k]
	}
	return "unknown"
}

// Info holds the facts the checker resolved about a program: what every
// name refers to and how streams depend on each other. The engine compiler
// and the language server read it; it is never modified after Check.
//
// Maps are keyed by declared name. When a name is declared twice (an error),
// the first declaration is kept.
type Info struct {
	Events     map[string]*ast.EventDecl
	Types      map[string]*ast.TypeDecl
	Functions  map[string]*ast.FuncDecl
	Connectors map[string]*Connector
	Contexts   map[string]*ast.ContextDecl
	Patterns   map[string]*Pattern
	Globals    map[string]*Global
	Streams    map[string]*Stream

	// StreamOrder lists the streams in declaration order.
	StreamOrder []string
	// Order lists the streams so that every stream comes after the
	// streams it reads (declaration order among independent streams).
	// Streams in a cycle (an error) come last, in declaration order.
	Order []string
	// InputTypes lists, sorted, the event types the program reads that are
	// not streams: the types that must arrive from input.
	InputTypes []string
}

// Global is a top-level let, var or const, or a variable created by a
// top-level assignment to an undeclared name (Kind ast.Var, Decl nil).
type Global struct {
	Name string
	Kind ast.VarKind
	Decl *ast.VarDecl
}

// Connector is a connector declaration.
type Connector struct {
	Name string
	Kind string // mqtt, kafka, http, ...
	Decl *ast.ConnectorDecl
}

// Pattern is a named pattern declaration.
type Pattern struct {
	Name string
	Decl *ast.PatternDecl
	// Aliases are the aliases bound by the pattern's items.
	Aliases map[string]*Alias
	// Types lists the event types and streams the pattern's items refer
	// to, in source order, without duplicates.
	Types []string
}

// Alias is a name bound to the event(s) of a step or source.
type Alias struct {
	Name string
	// Type is the event type or stream name of the step.
	Type string
	// Step is the index of the step that binds the alias (0 for the
	// source); for named patterns the index of the item in source order.
	Step int
	// Kleene reports whether the step accumulates a list of events
	// (all T, T+, T*).
	Kleene bool
	Ident  *ast.Ident
}

// Stream is a resolved stream declaration.
type Stream struct {
	Name string
	Decl *ast.StreamDecl
	// Kind is the kind of the source. For a simple source naming a stream
	// it is SourceStream, a named pattern SourcePattern, else SourceEvent.
	Kind SourceKind
	// Source is the name of the event type, stream or pattern for simple
	// sources and the event type for connector sources.
	Source string
	// Connector is the connector of a T.from(connector) source.
	Connector string
	// Pattern reports whether the stream is a pattern stream: its source
	// is a sequence(...) or a named pattern, or it has `->` steps, `.not`
	// or a Kleene `all T` source.
	Pattern bool
	// Late reports a late stream (`S.late()`): it receives the events of
	// its source that arrive after the allowed lateness.
	Late bool
	// Aliases maps every alias bound in the stream to its step.
	Aliases map[string]*Alias
	// Inputs lists the names the stream reads (event types and streams:
	// the source, merge/join inputs, step and .not types, pattern items),
	// in source order, without duplicates.
	Inputs []string
	// Deps lists the streams among Inputs.
	Deps []string
	// Context is the argument of .context(...), or "".
	Context string
}
