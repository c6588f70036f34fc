package cli

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"dll/internal/portfolio"
	"dll/internal/site"
)

// pausingFS is a portfolio's files whose first opening of a file under
// experiences/ waits until release is closed: a build held half way, its
// work folder on disk.
type pausingFS struct {
	fs.FS
	once            sync.Once
	paused, release chan struct{}
}

func (f *pausingFS) Open(name string) (fs.File, error) {
	if strings.HasPrefix(name, portfolio.ExperiencesDir+"/") {
		f.once.Do(func() {
			close(f.paused)
			<-f.release
		})
	}
	return f.FS.Open(name)
}

// holdBuild starts building the portfolio in dir into out and returns once
// the build is half way; calling the function it returns lets it finish
// and waits for it.
func holdBuild(t *testing.T, dir, out string) func() {
	t.Helper()
	p, _ := portfolio.Load(os.DirFS(dir))
	held := &pausingFS{FS: p.FS, paused: make(chan struct{}), release: make(chan struct{})}
	p.FS = held
	done := make(chan error, 1)
	go func() {
		_, err := site.Build(context.Background(), p, out, site.Options{})
		done <- err
	}()
	select {
	case <-held.paused:
	case err := <-done:
		t.Fatalf("the build ended before it read an entry's file: %v", err)
	}
	return func() {
		close(held.release)
		if err := <-done; err != nil {
			t.Fatalf("the held build failed: %v", err)
		}
	}
}

// TestBuildFoldersAreNotWork: while dll build makes a site (into public/,
// which the repository ignores, and into site/, which it does not), and
// with a folder left by a build that was killed, git sees none of it and
// dll publish counts none of it as uncommitted work; once built, the site/
// folder (dll's, with its marker) is not counted either. A change of the
// author's still is.
func TestBuildFoldersAreNotWork(t *testing.T) {
	repo, dir, _ := publishRepo(t)
	finishPublic := holdBuild(t, dir, filepath.Join(dir, "public"))
	finishSite := holdBuild(t, dir, filepath.Join(dir, "site"))

	// What a killed build leaves: its work folder as it was half way.
	work, _ := filepath.Glob(filepath.Join(dir, ".public"+site.WorkPrefix+"*"))
	if len(work) != 1 {
		t.Fatalf("want one work folder beside public/, found %v", work)
	}
	for _, name := range []string{".gitignore", site.Marker, "site/" + site.Marker} {
		if _, err := os.Stat(filepath.Join(work[0], filepath.FromSlash(name))); err != nil {
			t.Errorf("the work folder has no %s from the start: %v", name, err)
		}
	}
	killed := filepath.Join(dir, ".public"+site.WorkPrefix+"killed")
	if out, err := exec.Command("cp", "-a", work[0], killed).CombinedOutput(); err != nil {
		t.Fatalf("copying the work folder: %v\n%s", err, out)
	}

	if st := gitT(t, repo, nil, "status", "--porcelain", "--untracked-files=all"); st != "" {
		t.Errorf("git sees the builds in progress:\n%s", st)
	}
	e := newTestEnv(t, dir)
	if code := e.run(t, "publish"); code != 0 {
		t.Errorf("publishing during a build: exit %d\n%s%s", code, e.out, e.err)
	}

	finishPublic()
	finishSite()
	if st := gitT(t, repo, nil, "status", "--porcelain", "--untracked-files=normal"); st != "?? \"my portfolio/site/\"\n" {
		t.Errorf("git status after the builds:\n%s\nwant only the built site/", st)
	}
	e = newTestEnv(t, dir)
	if code := e.run(t, "publish"); code != 0 {
		t.Errorf("publishing with a built site/ in the portfolio: exit %d\n%s%s", code, e.out, e.err)
	}

	writeFile(t, filepath.Join(dir, "experiences", "notes.md.txt"), "mine\n")
	e = newTestEnv(t, dir)
	want := "dll: 1 file of the portfolio has changes that are not committed yet: experiences/notes.md.txt; commit it first"
	if code := e.run(t, "publish"); code != 1 || !strings.HasPrefix(e.err.String(), want) {
		t.Errorf("publishing with a change of the author's: exit %d\n%s%s\nwant: %s", code, e.out, e.err, want)
	}
}
