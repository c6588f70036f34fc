package serve

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"dll/internal/site"
)

func startWatch(t *testing.T, root string) *Watcher {
	t.Helper()
	w, err := Watch(root, 30*time.Millisecond, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// nextBatch waits for the watcher's next batch.
func nextBatch(t *testing.T, w *Watcher) []string {
	t.Helper()
	select {
	case b := <-w.Batches():
		return b
	case err := <-w.Errors():
		t.Fatalf("watching failed: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no change was reported")
	}
	return nil
}

// noBatch checks that nothing more is reported.
func noBatch(t *testing.T, w *Watcher) {
	t.Helper()
	select {
	case b := <-w.Batches():
		t.Fatalf("an extra batch was reported: %v", b)
	case <-time.After(300 * time.Millisecond):
	}
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWatchCoalescesSaves(t *testing.T) {
	root := t.TempDir()
	entry := filepath.Join(root, "experiences", "glider", "index.md")
	writeFile(t, entry, "one")
	w := startWatch(t, root)

	cases := []struct {
		name string
		save func()
		want []string
	}{
		{"plain write", func() { writeFile(t, entry, "two") }, []string{"experiences/glider/index.md"}},
		{"atomic save: a temporary file renamed over the entry", func() {
			tmp := filepath.Join(root, "experiences", "glider", "index.md.tmp.1234")
			writeFile(t, tmp, "three")
			if err := os.Rename(tmp, entry); err != nil {
				t.Fatal(err)
			}
		}, []string{"experiences/glider/index.md"}},
		{"vim: swap file, backup, the test file 4913, new file", func() {
			dir := filepath.Dir(entry)
			writeFile(t, filepath.Join(dir, ".index.md.swp"), "swap")
			writeFile(t, filepath.Join(dir, "4913"), "")
			os.Remove(filepath.Join(dir, "4913"))
			if err := os.Rename(entry, entry+"~"); err != nil {
				t.Fatal(err)
			}
			writeFile(t, entry, "four")
			os.Remove(entry + "~")
			os.Remove(filepath.Join(dir, ".index.md.swp"))
		}, []string{"experiences/glider/index.md"}},
		{"a burst of saves of two files", func() {
			for i := range 10 {
				writeFile(t, entry, string(rune('a'+i)))
				writeFile(t, filepath.Join(root, "dll.yaml"), string(rune('a'+i)))
				time.Sleep(2 * time.Millisecond)
			}
		}, []string{"dll.yaml", "experiences/glider/index.md"}},
	}
	for _, c := range cases {
		c.save()
		if got := nextBatch(t, w); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
		noBatch(t, w)
	}
}

func TestWatchNewFolderAndBuiltSite(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "dll.yaml"), "title: x")
	// A site dll built inside the portfolio: its changes are not edits.
	writeFile(t, filepath.Join(root, "public", site.Marker), "")
	w := startWatch(t, root)

	writeFile(t, filepath.Join(root, "public", "index.html"), "<p>built</p>")
	noBatch(t, w)

	// A new entry folder, made with its file already in it (moved in).
	staged := filepath.Join(t.TempDir(), "kite")
	writeFile(t, filepath.Join(staged, "index.md"), "new")
	if err := os.Rename(staged, filepath.Join(root, "experiences")); err != nil {
		t.Fatal(err)
	}
	got := nextBatch(t, w)
	if !slices.Contains(got, "experiences/index.md") {
		t.Errorf("the file of a folder moved in is not reported: %v", got)
	}
	// The new folder is watched from now on.
	writeFile(t, filepath.Join(root, "experiences", "index.md"), "edited")
	if got := nextBatch(t, w); !slices.Equal(got, []string{"experiences/index.md"}) {
		t.Errorf("an edit in a new folder: got %v", got)
	}
	// Hidden folders are never watched.
	writeFile(t, filepath.Join(root, ".git", "HEAD"), "ref")
	noBatch(t, w)
}

// A folder renamed inside the portfolio, or moved out and back in, stays
// watched under its new name, and so do the folders in it: the kernel
// keeps one watch per folder, whatever its name, so the old watches must
// be dropped before the new names are watched.
func TestWatchRenamedFolder(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	writeFile(t, filepath.Join(root, "experiences", "glider", "index.md"), "one")
	writeFile(t, filepath.Join(root, "experiences", "glider", "data", "flights.csv"), "1")
	w := startWatch(t, root)

	if err := os.Rename(filepath.Join(root, "experiences", "glider"), filepath.Join(root, "experiences", "kite")); err != nil {
		t.Fatal(err)
	}
	got := nextBatch(t, w)
	for _, want := range []string{"experiences/glider", "experiences/kite/index.md", "experiences/kite/data/flights.csv"} {
		if !slices.Contains(got, want) {
			t.Errorf("renaming a folder: %q is not reported in %v", want, got)
		}
	}
	noBatch(t, w)

	writeFile(t, filepath.Join(root, "experiences", "kite", "index.md"), "two")
	if got := nextBatch(t, w); !slices.Equal(got, []string{"experiences/kite/index.md"}) {
		t.Errorf("an edit in a renamed folder: got %v", got)
	}
	writeFile(t, filepath.Join(root, "experiences", "kite", "data", "flights.csv"), "2")
	if got := nextBatch(t, w); !slices.Equal(got, []string{"experiences/kite/data/flights.csv"}) {
		t.Errorf("an edit in a folder inside a renamed folder: got %v", got)
	}

	// Moved out of the portfolio: its changes are no longer edits.
	if err := os.Rename(filepath.Join(root, "experiences", "kite"), filepath.Join(outside, "kite")); err != nil {
		t.Fatal(err)
	}
	nextBatch(t, w)
	writeFile(t, filepath.Join(outside, "kite", "index.md"), "three")
	noBatch(t, w)

	// And back in: watched again.
	if err := os.Rename(filepath.Join(outside, "kite"), filepath.Join(root, "experiences", "glider")); err != nil {
		t.Fatal(err)
	}
	nextBatch(t, w)
	noBatch(t, w)
	writeFile(t, filepath.Join(root, "experiences", "glider", "data", "flights.csv"), "4")
	if got := nextBatch(t, w); !slices.Equal(got, []string{"experiences/glider/data/flights.csv"}) {
		t.Errorf("an edit in a folder moved back in: got %v", got)
	}
}

// When the system drops changes (its queue overflowed in a git checkout of
// thousands of files), the watcher says so, in plain words, and sends a
// batch that has everything built again, instead of going on with a stale
// preview.
func TestWatchLostTrack(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "experiences", "glider", "index.md"), "one")
	w := startWatch(t, root)
	w.w.Errors <- fsnotify.ErrEventOverflow
	select {
	case err := <-w.Errors():
		if !errors.Is(err, ErrLostTrack) || strings.Contains(err.Error(), "fsnotify") {
			t.Errorf("overflow reported as %q", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the overflow was not reported")
	}
	if got := nextBatch(t, w); !slices.Contains(got, Everything) {
		t.Errorf("after an overflow: batch %v, want one with Everything", got)
	}
	noBatch(t, w)
}

// dll build run beside dll serve swaps a new public/ in for the old one
// with two renames: not an edit, so no rebuild. A folder of the author's
// own made later under the same name is watched.
func TestWatchBuiltSiteSwapped(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "dll.yaml"), "title: x")
	public := filepath.Join(root, "public")
	writeFile(t, filepath.Join(public, site.Marker), "")
	w := startWatch(t, root)

	for i := range 2 {
		next := filepath.Join(root, ".public.new-1")
		writeFile(t, filepath.Join(next, site.Marker), "")
		writeFile(t, filepath.Join(next, "index.html"), "<p>built</p>")
		if err := os.Rename(public, filepath.Join(root, ".public.old-1")); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(next, public); err != nil {
			t.Fatal(err)
		}
		if err := os.RemoveAll(filepath.Join(root, ".public.old-1")); err != nil {
			t.Fatal(err)
		}
		select {
		case b := <-w.Batches():
			t.Fatalf("build %d swapped in a new public/: reported as %v", i+1, b)
		case <-time.After(300 * time.Millisecond):
		}
	}

	if err := os.RemoveAll(public); err != nil {
		t.Fatal(err)
	}
	noBatch(t, w)
	writeFile(t, filepath.Join(public, "notes.md"), "mine")
	if got := nextBatch(t, w); !slices.Contains(got, "public/notes.md") {
		t.Errorf("a folder of the author's own in place of a built site: got %v", got)
	}
}
