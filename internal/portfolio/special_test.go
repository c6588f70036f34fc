//go:build unix

package portfolio_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"dll/internal/portfolio"
)

// TestNamedPipes: a named pipe where an entry, dll.yaml's neighbours or the
// roster should be is reported, not opened: opening one waits for a writer
// that never comes, and dll would hang.
func TestNamedPipes(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "experiences", "folder"), 0o755)
	os.WriteFile(filepath.Join(dir, "dll.yaml"), []byte("title: T\nprivacy:\n  roster: roster.txt\n"), 0o644)
	for _, name := range []string{"experiences/pipe.md", "experiences/folder/index.md", "philosophy.md", "model.yaml", "roster.txt"} {
		if err := syscall.Mkfifo(filepath.Join(dir, filepath.FromSlash(name)), 0o644); err != nil {
			t.Skipf("cannot make a named pipe: %v", err)
		}
	}
	_, diags := portfolio.Load(os.DirFS(dir))
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	want := []string{
		"model.yaml:1:1: is not an ordinary file (it is a named pipe, a device or a socket), so dll does not read it; put a text file here",
		"dll.yaml:1:1: leader: missing; it is required",
		"philosophy.md:1:1: is not an ordinary file (it is a named pipe, a device or a socket), so dll does not read it; put a text file here",
		"dll.yaml:3:11: privacy.roster: the roster file \"roster.txt\" cannot be read; check the name, or remove privacy.roster",
		"experiences/folder/index.md:1:1: is not an ordinary file (it is a named pipe, a device or a socket), so dll does not read it; put a text file here",
		"experiences/pipe.md:1:1: is not an ordinary file (it is a named pipe, a device or a socket), so dll does not read it; put a text file here",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
