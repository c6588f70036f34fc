// Command scenarios writes every scenario portfolio of the tests as a
// folder of its own, for bench/golden.sh to build with two versions of dll
// and compare:
//
//	go run ./bench/scenarios -o DIR
//
// It writes DIR/validate-NAME for each internal/validate/testdata/scenarios
// archive (laid over testdata/base.txtar unless it has its own dll.yaml, as
// the tests do), DIR/cmd-NAME for each cmd/dll/testdata archive, and
// DIR/example, a copy of examples/portfolio. A file named "a -> b" in an
// archive is a symbolic link to b; one named "a (base64)" is a, in base64.
package main

import (
	"bytes"
	"encoding/base64"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/tools/txtar"
)

func main() {
	out := flag.String("o", "", "the folder to write (must not exist)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "scenarios: give the folder to write with -o")
		os.Exit(2)
	}
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "scenarios:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s exists; give a new folder", out)
	}
	base, err := txtar.ParseFile("internal/validate/testdata/base.txtar")
	if err != nil {
		return err
	}
	sets := []struct{ glob, prefix string }{
		{"internal/validate/testdata/scenarios/*.txtar", "validate-"},
		{"cmd/dll/testdata/*.txtar", "cmd-"},
	}
	for _, set := range sets {
		files, _ := filepath.Glob(set.glob)
		for _, file := range files {
			a, err := txtar.ParseFile(file)
			if err != nil {
				return err
			}
			dir := filepath.Join(out, set.prefix+strings.TrimSuffix(filepath.Base(file), ".txtar"))
			if set.prefix == "validate-" && !has(a, "dll.yaml") {
				if err := write(dir, base); err != nil {
					return err
				}
			}
			if err := write(dir, a); err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
		}
	}
	return os.CopyFS(filepath.Join(out, "example"), os.DirFS("examples/portfolio"))
}

func has(a *txtar.Archive, name string) bool {
	for _, f := range a.Files {
		if f.Name == name {
			return true
		}
	}
	return false
}

// write writes the files of a into dir, leaving out what the tests
// expect (want, stdout, stderr).
func write(dir string, a *txtar.Archive) error {
	for _, f := range a.Files {
		switch f.Name {
		case "want", "stdout", "stderr":
			continue
		}
		name, data := f.Name, f.Data
		if n, target, ok := strings.Cut(name, " -> "); ok {
			full := filepath.Join(dir, filepath.FromSlash(n))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				return err
			}
			os.Remove(full)
			if err := os.Symlink(target, full); err != nil {
				return err
			}
			continue
		}
		if n, ok := strings.CutSuffix(name, " (base64)"); ok {
			d, err := base64.StdEncoding.DecodeString(string(bytes.Join(bytes.Fields(data), nil)))
			if err != nil {
				return fmt.Errorf("%s: %w", n, err)
			}
			name, data = n, d
		}
		if !fs.ValidPath(name) {
			continue
		}
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
