package serve

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

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
