package portfolio_test

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"dll/internal/portfolio"
)

// caseless is a disk that ignores case, as macOS's and Windows's do: a
// name opens the file whose name differs from it only in capitals.
type caseless struct{ fstest.MapFS }

func (c caseless) real(name string) string {
	if name == "." {
		return name
	}
	dir := c.real(path.Dir(name))
	items, err := c.MapFS.ReadDir(dir)
	if err != nil {
		return name
	}
	for _, it := range items {
		if strings.EqualFold(it.Name(), path.Base(name)) {
			return path.Join(dir, it.Name())
		}
	}
	return path.Join(dir, path.Base(name))
}

func (c caseless) Open(name string) (fs.File, error)     { return c.MapFS.Open(c.real(name)) }
func (c caseless) Stat(name string) (fs.FileInfo, error) { return c.MapFS.Stat(c.real(name)) }
func (c caseless) ReadDir(name string) ([]fs.DirEntry, error) {
	return c.MapFS.ReadDir(c.real(name))
}

// TestCaselessDisk: on a disk that ignores case, a photo or evidence file
// named with other capitals than on disk, in its name or in a folder on
// the way, is refused: a web server tells capitals apart, and the leader's
// photo at "Private/me.jpg" would be the one in private/.
func TestCaselessDisk(t *testing.T) {
	jpg := &fstest.MapFile{Data: []byte("\xff\xd8")}
	fsys := caseless{fstest.MapFS{
		"dll.yaml":                          {Data: []byte("title: T\n")},
		"private/me.jpg":                    jpg,
		"experiences/unit/photos/class.jpg": jpg,
	}}
	p := &portfolio.Portfolio{FS: fsys}
	if _, _, err := p.Resolve(".", "private/me.jpg"); err != nil {
		t.Fatalf("the test disk does not open a file by its own name: %v", err)
	}
	checkResolve(t, p, []resolveCase{
		{".", "Private/me.jpg", `the folder "Private" is called "private" on disk; write the name exactly (web servers tell capitals apart)`},
		{".", "PRIVATE/ME.JPG", `the file is called "me.jpg" on disk; write the name exactly (web servers tell capitals apart)`},
		{"experiences/unit", "Photos/class.jpg", `the folder "Photos" is called "photos" on disk; write the name exactly (web servers tell capitals apart)`},
		{"experiences/unit", "photos/class.jpg", ""},
	})
}

// countingFS counts how often each folder is listed.
type countingFS struct {
	fs.FS
	mu     sync.Mutex
	listed map[string]int
}

func (c *countingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	c.mu.Lock()
	c.listed[name]++
	c.mu.Unlock()
	return fs.ReadDir(c.FS, name)
}

// TestResolveInALargeFolder: entries written as single files name their
// files in experiences/ itself. Its names are read once for all of them,
// not once for each file, and a name written with other capitals or in
// another Unicode form is refused as it is in a small folder.
func TestResolveInALargeFolder(t *testing.T) {
	txt := &fstest.MapFile{Data: []byte("notes\n")}
	files := fstest.MapFS{
		"experiences/Slides.txt":        txt,
		"experiences/cafe\u0301.txt":    txt, // é as e and an accent, as macOS may save it
		"experiences/unit/Photos/a.txt": txt,
	}
	for i := range 300 {
		files[fmt.Sprintf("experiences/entry-%03d.md", i)] = txt
		files[fmt.Sprintf("experiences/entry-%03d.txt", i)] = txt
	}
	cases := []resolveCase{
		{"experiences", "entry-007.txt", ""},
		{"experiences", "Slides.txt", ""},
		{"experiences", "slides.txt", `"slides.txt" is not there, but "Slides.txt" is; write the name exactly as it is on disk (web servers tell capitals apart)`},
		{"experiences", "caf\u00e9.txt", `"caf` + "\u00e9" + `.txt" is not there, but "cafe` + "\u0301" + `.txt" is; write the name exactly as it is on disk (web servers tell capitals apart)`},
		{"experiences", "Entry-007.TXT", `"Entry-007.TXT" is not there, but "entry-007.txt" is; write the name exactly as it is on disk (web servers tell capitals apart)`},
		{"experiences", "entry-999.txt", `"entry-999.txt" is not in experiences/; check the name, or add the file`},
		{"experiences/unit", "Photos/a.txt", ""},
	}
	fsys := &countingFS{FS: files, listed: map[string]int{}}
	p := &portfolio.Portfolio{FS: fsys}
	for range 2 {
		checkResolve(t, p, cases)
	}
	for i := range 300 {
		if _, _, err := p.Resolve("experiences", fmt.Sprintf("entry-%03d.txt", i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := fsys.listed["experiences"]; n != 1 {
		t.Errorf("experiences/ was listed %d times for 314 files named in it, want once", n)
	}
	if n := fsys.listed["experiences/unit/Photos"]; n != 2 {
		t.Errorf("a small folder was listed %d times for the two times a file was named in it, want 2: its names are not kept", n)
	}
}

// A file named through a folder written with other capitals is pointed to
// as it is on disk, and a link to a file that is not there is said to be
// one, on a real disk that tells capitals apart.
func TestResolveMissingFolderAndDanglingLink(t *testing.T) {
	dir := t.TempDir()
	unit := filepath.Join(dir, "experiences", "unit")
	for _, d := range []string{"Photos/Day 1", "real"} {
		if err := os.MkdirAll(filepath.Join(unit, filepath.FromSlash(d)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"Photos/Day 1/a.txt", "real/b.txt"} {
		if err := os.WriteFile(filepath.Join(unit, filepath.FromSlash(f)), []byte("notes\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{"rubric.pdf": "nowhere.pdf", "docs": "real"} {
		if err := os.Symlink(target, filepath.Join(unit, link)); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
	}
	if _, err := os.Stat(filepath.Join(unit, "photos")); err == nil {
		t.Skip("this disk ignores capitals")
	}
	cases := []resolveCase{
		{"experiences/unit", "Photos/Day 1/a.txt", ""},
		{"experiences/unit", "photos/day 1/a.txt", `"photos/day 1/a.txt" is not there, but "Photos/Day 1/a.txt" is; write the name exactly as it is on disk (web servers tell capitals apart)`},
		{"experiences/unit", "photos/Day 1/A.txt", `"photos/Day 1/A.txt" is not there, but "Photos/Day 1/a.txt" is; write the name exactly as it is on disk (web servers tell capitals apart)`},
		{"experiences/unit", "photos/Day 1/c.txt", `"photos/Day 1/c.txt" is not in experiences/unit/; check the name, or add the file`},
		{"experiences/unit", "rubric.pdf", `"rubric.pdf" is a link to "nowhere.pdf", which is not there; put the file itself in experiences/unit/`},
		{"experiences/unit", "docs/b.txt", ""},
		{"experiences/unit", "docs/c.txt", `"docs/c.txt" is not in experiences/unit/; check the name, or add the file`},
	}
	checkResolve(t, &portfolio.Portfolio{FS: os.DirFS(dir)}, cases)
}

// resolveCase is a file named from a folder, and the problem Resolve
// finds with it ("" for none).
type resolveCase struct{ base, ref, want string }

func checkResolve(t *testing.T, p *portfolio.Portfolio, cases []resolveCase) {
	t.Helper()
	for _, c := range cases {
		_, _, err := p.Resolve(c.base, c.ref)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("Resolve(%q, %q) = %q, want %q", c.base, c.ref, got, c.want)
		}
	}
}
