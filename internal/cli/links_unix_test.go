//go:build unix

package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// symlink makes the link name, in dir, to target; it skips the test where
// links cannot be made.
func symlink(t *testing.T, dir, name, target string) {
	t.Helper()
	link := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symbolic links: %v", err)
	}
}

// A philosophy statement that is a link to a file that is not there is
// said to be one, with what to do, rather than missing; the folder of the
// computer an absolute link leads to is not shown.
func TestPhilosophyLinkToNothing(t *testing.T) {
	for _, c := range []struct{ target, want string }{
		{"drafts/philosophy.md", `philosophy.md:1:1: warning: this is a link to "drafts/philosophy.md", which is not there; put the file itself here, in place of the link`},
		{"/home/someone/philosophy.md", `philosophy.md:1:1: warning: this is a link to a file that is not there; put the file itself here, in place of the link`},
	} {
		dir := minimalPortfolio(t)
		symlink(t, dir, "philosophy.md", c.target)
		e := newTestEnv(t, dir)
		e.run(t, "validate")
		want := "dll.yaml:1:1: portfolio: warning: no entries are published yet; run dll new experience to start one\n" + c.want +
			"\nChecked the portfolio, which has no entries yet (dll new experience starts one): 2 warnings, no errors.\n"
		if got := e.out.String(); got != want {
			t.Errorf("a link to %s: dll validate printed\n%s\nwant\n%s", c.target, got, want)
		}
	}
}
