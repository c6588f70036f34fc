package serve

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"dll/internal/site"
)

// watched is a Watcher on a portfolio folder, with what the test needs
// to tell what it reported.
type watched struct {
	*Watcher
	root    string
	markers int
}

func startWatch(t *testing.T, root string) *watched {
	t.Helper()
	w, err := Watch(root, 30*time.Millisecond, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return &watched{Watcher: w, root: root}
}

// patience bounds the wait for something that must come: reaching it is a
// failure, never a pass, so it can be long enough for a busy machine.
const patience = time.Minute

// nextBatch waits for the watcher's next batch.
func nextBatch(t *testing.T, w *watched) []string {
	t.Helper()
	select {
	case b := <-w.Batches():
		return b
	case err := <-w.Errors():
		t.Fatalf("watching failed: %v", err)
	case <-time.After(patience):
		t.Fatal("no change was reported")
	}
	return nil
}

// reported writes a marker file into the portfolio and returns every path
// the watcher reports until it reports the marker, sorted, once each, and
// without the marker. The system reports changes in the order they were
// made, and a batch holds everything reported before its last change: so
// a change made before the marker that is not here was not reported, and
// no waiting is needed to know it. A save may come in one batch or in
// several (two rebuilds are harmless); this is the same either way.
func (w *watched) reported(t *testing.T) []string {
	t.Helper()
	w.markers++
	marker := fmt.Sprintf("marker-%d.txt", w.markers)
	writeFile(t, filepath.Join(w.root, marker), "")
	var got []string
	for {
		b := nextBatch(t, w)
		for _, p := range b {
			if !strings.HasPrefix(p, "marker-") {
				got = append(got, p)
			}
		}
		if slices.Contains(b, marker) {
			slices.Sort(got)
			return slices.Compact(got)
		}
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

// TestWatchReportsSaves: every way an editor saves is reported as the
// file saved, and editors' swap, backup and test files never are. A
// temporary file the editor renames or removes straight away is left out
// when the whole save comes in one batch; when the save is split between
// batches, it may be named too, and that is all.
func TestWatchReportsSaves(t *testing.T) {
	root := t.TempDir()
	entry := filepath.Join(root, "experiences", "glider", "index.md")
	writeFile(t, entry, "one")
	w := startWatch(t, root)

	cases := []struct {
		name      string
		save      func()
		want      []string
		transient []string // may be reported too, when the save is split
	}{
		{"plain write", func() { writeFile(t, entry, "two") }, []string{"experiences/glider/index.md"}, nil},
		{"atomic save: a temporary file renamed over the entry", func() {
			tmp := filepath.Join(root, "experiences", "glider", "index.md.tmp.1234")
			writeFile(t, tmp, "three")
			if err := os.Rename(tmp, entry); err != nil {
				t.Fatal(err)
			}
		}, []string{"experiences/glider/index.md"}, []string{"experiences/glider/index.md.tmp.1234"}},
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
		}, []string{"experiences/glider/index.md"}, []string{"experiences/glider/4913"}},
		{"a burst of saves of two files", func() {
			for i := range 10 {
				writeFile(t, entry, string(rune('a'+i)))
				writeFile(t, filepath.Join(root, "dll.yaml"), string(rune('a'+i)))
			}
		}, []string{"dll.yaml", "experiences/glider/index.md"}, nil},
	}
	for _, c := range cases {
		c.save()
		got := w.reported(t)
		for _, p := range c.want {
			if !slices.Contains(got, p) {
				t.Errorf("%s: %s is not reported: got %v", c.name, p, got)
			}
		}
		for _, p := range got {
			if !slices.Contains(c.want, p) && !slices.Contains(c.transient, p) {
				t.Errorf("%s: %s is reported: got %v, want %v", c.name, p, got, c.want)
			}
		}
	}
}

func TestWatchNewFolderAndBuiltSite(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "dll.yaml"), "title: x")
	// A site dll built inside the portfolio: its changes are not edits.
	writeFile(t, filepath.Join(root, "public", site.Marker), "")
	w := startWatch(t, root)

	writeFile(t, filepath.Join(root, "public", "index.html"), "<p>built</p>")
	if got := w.reported(t); len(got) != 0 {
		t.Errorf("a change in the built site is reported: %v", got)
	}

	// A new entry folder, made with its file already in it (moved in).
	staged := filepath.Join(t.TempDir(), "kite")
	writeFile(t, filepath.Join(staged, "index.md"), "new")
	if err := os.Rename(staged, filepath.Join(root, "experiences")); err != nil {
		t.Fatal(err)
	}
	if got := w.reported(t); !slices.Contains(got, "experiences/index.md") {
		t.Errorf("the file of a folder moved in is not reported: %v", got)
	}
	// The new folder is watched from now on.
	writeFile(t, filepath.Join(root, "experiences", "index.md"), "edited")
	if got := w.reported(t); !slices.Equal(got, []string{"experiences/index.md"}) {
		t.Errorf("an edit in a new folder: got %v", got)
	}
	// Hidden folders are never watched.
	writeFile(t, filepath.Join(root, ".git", "HEAD"), "ref")
	if got := w.reported(t); len(got) != 0 {
		t.Errorf("a change in a hidden folder is reported: %v", got)
	}
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
	want := []string{"experiences/glider", "experiences/kite", "experiences/kite/data/flights.csv", "experiences/kite/index.md"}
	if got := w.reported(t); !slices.Equal(got, want) {
		t.Errorf("renaming a folder: got %v, want %v", got, want)
	}

	writeFile(t, filepath.Join(root, "experiences", "kite", "index.md"), "two")
	if got := w.reported(t); !slices.Equal(got, []string{"experiences/kite/index.md"}) {
		t.Errorf("an edit in a renamed folder: got %v", got)
	}
	writeFile(t, filepath.Join(root, "experiences", "kite", "data", "flights.csv"), "2")
	if got := w.reported(t); !slices.Equal(got, []string{"experiences/kite/data/flights.csv"}) {
		t.Errorf("an edit in a folder inside a renamed folder: got %v", got)
	}

	// Moved out of the portfolio: its changes are no longer edits.
	if err := os.Rename(filepath.Join(root, "experiences", "kite"), filepath.Join(outside, "kite")); err != nil {
		t.Fatal(err)
	}
	if got := w.reported(t); !slices.Equal(got, []string{"experiences/kite"}) {
		t.Errorf("moving a folder out: got %v", got)
	}
	writeFile(t, filepath.Join(outside, "kite", "index.md"), "three")
	if got := w.reported(t); len(got) != 0 {
		t.Errorf("an edit in a folder moved out is reported: %v", got)
	}

	// And back in: watched again.
	if err := os.Rename(filepath.Join(outside, "kite"), filepath.Join(root, "experiences", "glider")); err != nil {
		t.Fatal(err)
	}
	want = []string{"experiences/glider", "experiences/glider/data/flights.csv", "experiences/glider/index.md"}
	if got := w.reported(t); !slices.Equal(got, want) {
		t.Errorf("moving a folder back in: got %v, want %v", got, want)
	}
	writeFile(t, filepath.Join(root, "experiences", "glider", "data", "flights.csv"), "4")
	if got := w.reported(t); !slices.Equal(got, []string{"experiences/glider/data/flights.csv"}) {
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
	case <-time.After(patience):
		t.Fatal("the overflow was not reported")
	}
	if got := w.reported(t); !slices.Equal(got, []string{Everything}) {
		t.Errorf("after an overflow: got %v, want only Everything", got)
	}
	if got := w.reported(t); len(got) != 0 {
		t.Errorf("Everything is reported again: %v", got)
	}
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
		if got := w.reported(t); len(got) != 0 {
			t.Errorf("build %d swapped in a new public/: reported as %v", i+1, got)
		}
	}

	if err := os.RemoveAll(public); err != nil {
		t.Fatal(err)
	}
	if got := w.reported(t); len(got) != 0 {
		t.Errorf("removing the built site is reported: %v", got)
	}
	writeFile(t, filepath.Join(public, "notes.md"), "mine")
	if got := w.reported(t); !slices.Contains(got, "public/notes.md") {
		t.Errorf("a folder of the author's own in place of a built site: got %v", got)
	}
}
