package cli

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/varpulis/varpulis-go/vpl/diag"
	"github.com/varpulis/varpulis-go/vpl/format"
	"github.com/varpulis/varpulis-go/vpl/token"
)

// fmtOptions are the flags of the fmt command.
type fmtOptions struct {
	write bool // -w: rewrite files in place
	list  bool // -l: list files whose formatting differs
}

// newFmtCommand returns `varpulis fmt [-w] [-l] [FILE|DIR...]`.
//
// Exit status: 0 on success, 1 when a file has syntax errors (it is then
// left untouched), 2 on a usage error or a file that cannot be read or
// written.
func newFmtCommand() *cobra.Command {
	o := &fmtOptions{}
	cmd := &cobra.Command{
		Use:   "fmt [-w] [-l] [FILE|DIR...]",
		Short: "Format VPL programs in the canonical style",
		Long: `Fmt rewrites VPL programs in the canonical layout (docs/language/style.md).
By default the formatted text of each file is written to standard output.
A directory stands for every .vpl file below it. Without arguments, or with
the argument -, fmt reads standard input and writes standard output.

With -l, fmt prints the name of every file whose formatting differs and
no formatted text. With -w, it rewrites those files in place (through a
temporary file and a rename, keeping the file mode). A file with syntax
errors is never rewritten: its diagnostics go to standard error.

Exit status: 0 on success, 1 when a file has syntax errors, 2 on usage or
I/O errors.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFmt(cmd, o, args)
		},
	}
	cmd.Flags().BoolVarP(&o.write, "write", "w", false, "write the result to the file instead of standard output")
	cmd.Flags().BoolVarP(&o.list, "list", "l", false, "list files whose formatting differs from fmt's")
	return cmd
}

func runFmt(cmd *cobra.Command, o *fmtOptions, args []string) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if len(args) == 0 {
		args = []string{"-"}
	}
	ioErr, failed := false, false
	for _, arg := range args {
		if arg == "-" {
			if o.write {
				return exitf(ExitUsage, "fmt: cannot use -w with standard input")
			}
			src, err := io.ReadAll(cmd.InOrStdin())
			if err != nil {
				fmt.Fprintf(stderr, "varpulis: reading standard input: %v\n", err)
				ioErr = true
				continue
			}
			switch fmtOne(stdout, stderr, o, "<stdin>", src, nil) {
			case fmtIOError:
				ioErr = true
			case fmtSyntaxError:
				failed = true
			}
			continue
		}
		files, err := vplFiles(arg)
		if err != nil {
			fmt.Fprintf(stderr, "varpulis: %v\n", err)
			ioErr = true
			continue
		}
		for _, path := range files {
			info, err := os.Stat(path)
			if err != nil {
				fmt.Fprintf(stderr, "varpulis: cannot read %s: %v\n", path, unwrapPathError(err))
				ioErr = true
				continue
			}
			src, err := os.ReadFile(path)
			if err != nil {
				fmt.Fprintf(stderr, "varpulis: cannot read %s: %v\n", path, unwrapPathError(err))
				ioErr = true
				continue
			}
			switch fmtOne(stdout, stderr, o, path, src, info) {
			case fmtIOError:
				ioErr = true
			case fmtSyntaxError:
				failed = true
			}
		}
	}
	return batchExit(ioErr, failed)
}

// fmtResult is the outcome of formatting one file.
type fmtResult int

const (
	fmtOK fmtResult = iota
	fmtSyntaxError
	fmtIOError
)

// fmtOne formats one source. info is nil for standard input.
func fmtOne(stdout, stderr io.Writer, o *fmtOptions, path string, src []byte, info os.FileInfo) fmtResult {
	fset := token.NewFileSet()
	out, diags := format.SourceFileSet(fset, path, src)
	if diags.HasErrors() {
		diags = diags.Dedupe(fset)
		if err := diag.Render(stderr, fset, diags); err != nil {
			return fmtIOError
		}
		return fmtSyntaxError
	}
	changed := !bytes.Equal(src, out)
	if o.list && changed {
		if _, err := fmt.Fprintln(stdout, path); err != nil {
			return fmtIOError
		}
	}
	if o.write && changed && info != nil {
		if err := writeFileAtomic(path, out, info.Mode().Perm()); err != nil {
			fmt.Fprintf(stderr, "varpulis: %v\n", err)
			return fmtIOError
		}
	}
	if !o.list && !o.write {
		if _, err := stdout.Write(out); err != nil {
			return fmtIOError
		}
	}
	return fmtOK
}

// vplFiles expands arg: a file stands for itself, a directory for every
// .vpl file below it (sorted; hidden directories are skipped).
func vplFiles(arg string) ([]string, error) {
	info, err := os.Stat(arg)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", arg, unwrapPathError(err))
	}
	if !info.IsDir() {
		return []string{arg}, nil
	}
	var files []string
	err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != arg && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(d.Name(), ".vpl") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("walking %s: %w", arg, err)
	}
	sort.Strings(files)
	return files, nil
}

// writeFileAtomic replaces path with data: it writes a temporary file in
// the same directory, gives it mode perm, syncs it and renames it over
// path, so that a reader never sees a partial file.
func writeFileAtomic(path string, data []byte, perm os.FileMode) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".fmt-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Chmod(perm); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("replacing %s: %w", path, err)
	}
	return nil
}
