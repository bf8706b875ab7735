package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/varpulis/varpulis-go/ingest"
	"github.com/varpulis/varpulis-go/ingest/evt"
	"github.com/varpulis/varpulis-go/ingest/jsonl"
)

// openReader returns the event reader for format over r; name labels
// errors. JSON Lines events without a timestamp get the ingestion time
// (vpl.md §4).
func openReader(format string, r io.Reader, name string) (ingest.Reader, error) {
	opts := ingest.Options{DefaultTime: func() int64 { return time.Now().UnixNano() }}
	switch format {
	case "evt":
		return evt.NewReader(r, name, opts), nil
	case "jsonl":
		return jsonl.NewReader(r, name, opts), nil
	}
	return nil, fmt.Errorf("unknown input format %q", format)
}
