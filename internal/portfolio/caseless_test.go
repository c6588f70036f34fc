package portfolio_test

import (
	"io/fs"
	"path"
	"strings"
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
	if _, _, err := portfolio.Resolve(fsys, ".", "private/me.jpg"); err != nil {
		t.Fatalf("the test disk does not open a file by its own name: %v", err)
	}
	for _, c := range []struct{ base, ref, want string }{
		{".", "Private/me.jpg", `the folder "Private" is called "private" on disk; write the name exactly (web servers tell capitals apart)`},
		{".", "PRIVATE/ME.JPG", `the file is called "me.jpg" on disk; write the name exactly (web servers tell capitals apart)`},
		{"experiences/unit", "Photos/class.jpg", `the folder "Photos" is called "photos" on disk; write the name exactly (web servers tell capitals apart)`},
		{"experiences/unit", "photos/class.jpg", ""},
	} {
		_, _, err := portfolio.Resolve(fsys, c.base, c.ref)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("Resolve(%q, %q) = %q, want %q", c.base, c.ref, got, c.want)
		}
	}
}
