//go:build unix

package site

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// TestPageFileAsOSFile: a page is written whole, with the permissions
// os.OpenFile gives a new file, and its errors read as an os.File's,
// after "writing the site: ".
func TestPageFileAsOSFile(t *testing.T) {
	dir := t.TempDir()
	w := &dirWriter{root: dir, made: map[string]bool{dir: true}}
	page := strings.Repeat("<p>A page.</p>\n", 10_000)
	f, err := w.create("a/index.html")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := f.Write([]byte(page)); n != len(page) || err != nil {
		t.Fatalf("Write: %d, %v; want %d, nil", n, err, len(page))
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(dir, "a", "index.html")
	if data, err := os.ReadFile(full); string(data) != page || err != nil {
		t.Errorf("the page holds %d bytes, %v; want the %d written", len(data), err, len(page))
	}
	o, err := os.OpenFile(filepath.Join(dir, "os.html"), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	o.Close()
	mine, _ := os.Stat(full)
	theirs, _ := os.Stat(filepath.Join(dir, "os.html"))
	if mine.Mode() != theirs.Mode() {
		t.Errorf("a page is made %v; os.OpenFile makes %v", mine.Mode(), theirs.Mode())
	}

	// Each error as os.File words it: the file there already (a page
	// made twice), a write and a close after the close.
	_, err = w.create("a/index.html")
	check(t, err, "writing the site: open "+full+": file exists")
	if n, err := f.Write([]byte("more")); n != 0 {
		t.Errorf("a write after the close wrote %d bytes", n)
	} else {
		check(t, err, "writing the site: write "+full+": file already closed")
	}
	check(t, f.Close(), "writing the site: close "+full+": file already closed")
	if !errors.Is(f.Close(), os.ErrClosed) {
		t.Error("a second close is not os.ErrClosed")
	}
}

// TestWriteFailsAtFileSizeLimit: a write that the system refuses part of
// the way through (here a file beyond the size limit of the process, as a
// full disk would refuse it) fails the build with the system's words
// after "writing the site: ", and leaves the site as it was. The limit
// is set in a process of its own, the test run again.
func TestWriteFailsAtFileSizeLimit(t *testing.T) {
	const limit = 4096
	if os.Getenv("DLL_TEST_FILE_SIZE_LIMIT") == "" {
		cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestWriteFailsAtFileSizeLimit$", "-test.v")
		cmd.Env = append(os.Environ(), "DLL_TEST_FILE_SIZE_LIMIT=1")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestWriteFailsAtFileSizeLimit") {
			t.Fatalf("%v\n%s", err, out)
		}
		return
	}
	// Prepared before the limit: the example's site, to fail over.
	out, p, before := snapshot(t)
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Skipf("cannot read the file size limit: %v", err)
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: limit, Max: old.Max}); err != nil {
		t.Skipf("cannot set a file size limit: %v", err)
	}

	dir := t.TempDir()
	w := &dirWriter{root: dir, made: map[string]bool{dir: true}}
	f, err := w.create("index.html")
	if err != nil {
		t.Fatal(err)
	}
	n, err := f.Write(make([]byte, 3*limit))
	if n != limit {
		t.Errorf("wrote %d bytes before the limit; want %d", n, limit)
	}
	check(t, err, "writing the site: write "+filepath.Join(dir, "index.html")+": file too large")
	if err := f.Close(); err != nil {
		t.Errorf("Close after a failed write: %v", err)
	}

	_, err = Build(context.Background(), p, out, Options{})
	want := regexp.MustCompile(`^writing the site: write ` + regexp.QuoteMeta(filepath.Dir(out)+string(filepath.Separator)+"."+filepath.Base(out)+WorkPrefix) + `[0-9]+/site/\S+: file too large$`)
	if err == nil || !want.MatchString(err.Error()) {
		t.Errorf("building past the limit: got %v, want an error matching %s", err, want)
	}
	sameTree(t, before, tree(t, out))
	noLeftovers(t, out)
}

func check(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil || err.Error() != want {
		t.Errorf("got error %v; want %s", err, want)
	}
}
