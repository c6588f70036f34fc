package history

import (
	"io/fs"
	"slices"
	"testing"
	"testing/fstest"
)

// TestSnapshotFS: a snapshot's files are as git holds them, but its
// private folder and its roster, which git never holds, come from the work
// tree; nothing else of the work tree shows through.
func TestSnapshotFS(t *testing.T) {
	snap := fstest.MapFS{
		"dll.yaml":             {Data: []byte("then")},
		"experiences/a.md":     {Data: []byte("a then")},
		"private/old-note.txt": {Data: []byte("kept in git by mistake")},
	}
	work := fstest.MapFS{
		"dll.yaml":           {Data: []byte("now")},
		"experiences/a.md":   {Data: []byte("a now")},
		"experiences/new.md": {Data: []byte("new")},
		"private/roster.txt": {Data: []byte("A Learner")},
		"names.txt":          {Data: []byte("Another Learner")},
	}
	fsys := snapshotFS{snap: snap, work: work, roster: "./names.txt"}
	for name, want := range map[string]string{
		"dll.yaml": "then", "experiences/a.md": "a then", "private/old-note.txt": "kept in git by mistake",
		"private/roster.txt": "A Learner", "names.txt": "Another Learner", "experiences/new.md": "",
	} {
		data, err := fs.ReadFile(fsys, name)
		if string(data) != want || (want == "") != (err != nil) {
			t.Errorf("%s: %q, %v; want %q", name, data, err, want)
		}
	}
	var files []string
	fs.WalkDir(fsys, "experiences", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if !slices.Equal(files, []string{"experiences/a.md"}) {
		t.Errorf("experiences/ holds %q", files)
	}
}
