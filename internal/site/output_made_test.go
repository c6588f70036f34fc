package site

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// A site of more folders than dirWriter remembers is written whole, the
// folders it forgot included, and what it remembers stays bounded.
func TestWriterForgetsFoldersItMade(t *testing.T) {
	root := t.TempDir()
	w := &dirWriter{root: root, made: map[string]bool{root: true}}
	n := madeKept + 500
	write := func(name string) {
		f, err := w.create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(f, name); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		write(fmt.Sprintf("experiences/e%05d/index.html", i))
		if i%1000 == 0 {
			// A folder made long before is written into again.
			write(fmt.Sprintf("experiences/e%05d/evidence-%d.txt", i/2, i))
		}
	}
	if len(w.made) > madeKept+2 {
		t.Errorf("the writer remembers %d folders, want at most %d", len(w.made), madeKept+2)
	}
	for i := range n {
		name := fmt.Sprintf("experiences/e%05d/index.html", i)
		if data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(name))); err != nil || string(data) != name {
			t.Fatalf("%s: %q, %v", name, data, err)
		}
	}
}
