package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"
)

// A disk that refuses the site is told of in plain words, without the
// name of dll's own work folder; other errors, and errors about files
// elsewhere (an image cache, say), are left as they are.
func TestDiskProblemInPlainWords(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	work := filepath.Join(filepath.Dir(out), ".site.dll-build-123", "site", "index.html")
	cache := filepath.Join(t.TempDir(), "cache", "a.png")
	wrap := func(path string, errno error) error {
		return fmt.Errorf("writing the site: %w", &fs.PathError{Op: "write", Path: path, Err: errno})
	}
	cases := []struct {
		err  error
		want string
	}{
		{wrap(work, syscall.ENOSPC), "the disk that holds public is full; free some space on it, or build into a folder on another disk with -o, and build again"},
		{wrap(work, syscall.EDQUOT), "the disk that holds public is full; free some space on it, or build into a folder on another disk with -o, and build again"},
		{wrap(work, syscall.EROFS), "the disk that holds public cannot be written to (it is read-only); build into a folder on another disk with -o"},
		{wrap(work, syscall.EACCES), "dll may not write into the folder that holds public (permission denied); build into a folder of yours with -o, or ask for the right to write there"},
		{wrap(cache, syscall.ENOSPC), "writing the site: write " + cache + ": no space left on device"},
		{wrap(work, syscall.EIO), "writing the site: write " + work + ": input/output error"},
		{errors.New("template: card: oops"), "template: card: oops"},
	}
	for _, c := range cases {
		if got := diskProblem(c.err, out, "public").Error(); got != c.want {
			t.Errorf("diskProblem(%v)\n got %s\nwant %s", c.err, got, c.want)
		}
	}
}
