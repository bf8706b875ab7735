// Package format picks an event reader by format name or file extension.
// It lives apart from package ingest because the readers it constructs
// (ingest/evt, ingest/jsonl) themselves import ingest.
package format

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/varpulis/varpulis-go/ingest"
	"github.com/varpulis/varpulis-go/ingest/evt"
	"github.com/varpulis/varpulis-go/ingest/jsonl"
)

// Name is an input format.
type Name string

// The supported input formats.
const (
	EVT   Name = "evt"   // the .evt event-file format (package evt)
	JSONL Name = "jsonl" // JSON Lines (package jsonl)
)

// Parse converts a --format flag value: "evt", or "jsonl" (also "json",
// "ndjson"), case-insensitive.
func Parse(s string) (Name, error) {
	switch strings.ToLower(s) {
	case "evt":
		return EVT, nil
	case "jsonl", "json", "ndjson":
		return JSONL, nil
	}
	return "", fmt.Errorf("unknown input format %q (want evt or jsonl)", s)
}

// FromPath picks the format from a file name's extension: .evt → evt;
// .jsonl, .ndjson, .json → jsonl (case-insensitive). Other extensions are
// an error: the caller should ask for an explicit format.
func FromPath(path string) (Name, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".evt":
		return EVT, nil
	case ".jsonl", ".ndjson", ".json":
		return JSONL, nil
	default:
		return "", fmt.Errorf("%s: cannot tell the input format from the extension %q; give it explicitly (evt or jsonl)", path, ext)
	}
}

// NewReader returns a reader for the format over r; file names the input
// in errors. An empty format means FromPath(file).
func NewReader(r io.Reader, file string, f Name, opts ingest.Options) (ingest.Reader, error) {
	if f == "" {
		var err error
		if f, err = FromPath(file); err != nil {
			return nil, err
		}
	}
	switch f {
	case EVT:
		return evt.NewReader(r, file, opts), nil
	case JSONL:
		return jsonl.NewReader(r, file, opts), nil
	}
	return nil, fmt.Errorf("unknown input format %q (want evt or jsonl)", f)
}
