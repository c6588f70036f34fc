//go:build unix

package portfolio_test

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"dll/internal/portfolio"
)

// A link at the top of the portfolio (the leader's photo) to a file inside
// it is followed, and one to a file that is not there is said to be one:
// neither is "a file outside the portfolio's folder", which only a link
// that leaves the folder is. A named pipe or a socket named as a file is
// said to be what it is, not a folder.
func TestResolveLinksAtTopAndSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	unit := filepath.Join(dir, "experiences", "unit")
	for _, d := range []string{"photos", "experiences/unit/docs"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "photos", "me.jpg"), []byte("jpeg"), 0o644); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "far.jpg")
	if err := os.WriteFile(outside, []byte("jpeg"), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		"leader.jpg":                "photos/me.jpg",
		"gone.jpg":                  "photos/gone.jpg",
		"up.jpg":                    "../far.jpg",
		"abs.jpg":                   outside,
		"again.jpg":                 "leader.jpg",
		"photos/x.jpg":              "../leader.jpg",
		"loop.jpg":                  "round.jpg",
		"round.jpg":                 "loop.jpg",
		"unit-loop":                 "experiences/unit/loop.txt",
		"experiences/unit/a.txt":    "b.txt",
		"experiences/unit/b.txt":    "docs/../a.txt",
		"experiences/unit/loop.txt": "../../unit-loop",
	} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(unit, "pipe.txt"), 0o644); err != nil {
		t.Skipf("named pipes: %v", err)
	}
	cases := []resolveCase{
		{".", "leader.jpg", ""},
		{".", "again.jpg", ""},
		{".", "photos/x.jpg", ""},
		{".", "gone.jpg", `"gone.jpg" is a link to "photos/gone.jpg", which is not there; put the file itself in the portfolio's folder`},
		{".", "up.jpg", `"up.jpg" is a link to a file outside the portfolio's folder; copy the file itself into the folder`},
		{".", "abs.jpg", `"abs.jpg" is a link to a file outside the portfolio's folder; copy the file itself into the folder`},
		{".", "loop.jpg", `"loop.jpg" goes through too many links, which lead round in a circle or on and on; put the file itself in the portfolio's folder, in place of the link`},
		{"experiences/unit", "loop.txt", `"loop.txt" is a link to a file outside experiences/unit/; copy the file itself into the folder`},
		{"experiences/unit", "a.txt", `"a.txt" goes through too many links, which lead round in a circle or on and on; put the file itself in experiences/unit/, in place of the link`},
		{"experiences/unit", "docs", `"docs" is a folder, not a file`},
		{"experiences/unit", "pipe.txt", `"pipe.txt" is not an ordinary file (it is a named pipe, a device or a socket), so it cannot be published; put the file itself in experiences/unit/`},
	}
	checkResolve(t, &portfolio.Portfolio{FS: portfolio.DirFS(dir)}, cases)
}
