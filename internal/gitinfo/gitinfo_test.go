package gitinfo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseLog(t *testing.T) {
	h1, h2, h3 := strings.Repeat("a", 40), strings.Repeat("b", 40), strings.Repeat("c", 64)
	h4, h5 := strings.Repeat("d", 40), strings.Repeat("e", 40)
	out := "\x1e" + h1 + "\x002026-03-01T10:00:00+01:00\x00Merge branch 'side'\x00" +
		"\x1e" + h2 + "\x002026-02-01T09:00:00-05:00\x00Add the rubric\x00\nM\x00experiences/a b/index.md\x00A\x00experiences/a b/rubric.pdf\x00" +
		// Renamed: the older commits of the old names count for the new.
		"\x1e" + h4 + "\x002026-01-15T08:00:00Z\x00Rename the entry\x00\nR100\x00experiences/a/index.md\x00experiences/a b/index.md\x00R087\x00experiences/a.md\x00experiences/b.md\x00" +
		"\x1e" + h3 + "\x002026-01-01T08:00:00Z\x00\x00\nA\x00experiences/new\nline.md\x00A\x00\nstarts with a newline.md\x00M\x00experiences/a/index.md\x00" +
		"\x1e" + h5 + "\x002025-12-01T08:00:00Z\x00Start\x00\nA\x00experiences/a/index.md\x00A\x00experiences/a.md\x00"
	files, err := parseLog([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for f, cs := range files {
		var s []string
		for _, c := range cs {
			s = append(s, fmt.Sprintf("%s %d %s %q", c.Hash[:1], c.Order, c.Date.Format(time.RFC3339), c.Subject))
		}
		got[f] = strings.Join(s, "; ")
	}
	want := map[string]string{
		"experiences/a b/index.md":   `b 1 2026-02-01T09:00:00-05:00 "Add the rubric"; d 2 2026-01-15T08:00:00Z "Rename the entry"; c 3 2026-01-01T08:00:00Z ""; e 4 2025-12-01T08:00:00Z "Start"`,
		"experiences/a b/rubric.pdf": `b 1 2026-02-01T09:00:00-05:00 "Add the rubric"`,
		"experiences/b.md":           `d 2 2026-01-15T08:00:00Z "Rename the entry"; e 4 2025-12-01T08:00:00Z "Start"`,
		"experiences/new\nline.md":   `c 3 2026-01-01T08:00:00Z ""`,
		"\nstarts with a newline.md": `c 3 2026-01-01T08:00:00Z ""`,
	}
	if len(got) != len(want) {
		t.Errorf("got %d files, want %d: %q", len(got), len(want), got)
	}
	for f, w := range want {
		if got[f] != w {
			t.Errorf("%q: got %s, want %s", f, got[f], w)
		}
	}
	for _, bad := range []string{"experiences/a.md\x00", "\x1e" + h1 + "\x00not a date\x00x\x00", "\x1e" + h1 + "\x00", "\x1e" + h1 + "\x002026-01-01T08:00:00Z\x00x\x00\nR100\x00old.md\x00"} {
		if _, err := parseLog([]byte(bad)); err == nil {
			t.Errorf("parseLog(%q) found no error", bad)
		}
	}
}

func TestExitErrorMessage(t *testing.T) {
	tests := []struct {
		err  ExitError
		want string
	}{
		{ExitError{Args: []string{"-c", "x=y", "log"}, Code: 128, Stderr: "fatal: your current branch 'main' does not have any commits yet\n"},
			"git log: your current branch 'main' does not have any commits yet"},
		{ExitError{Args: []string{"push", "origin"}, Code: 1, Stderr: "To ../remote.git\n ! [rejected] x -> x (stale info)\nerror: failed to push some refs to '../remote.git'\n"},
			"git push: failed to push some refs to '../remote.git'"},
		{ExitError{Args: []string{"tag"}, Code: 1, Stderr: "something odd\nhappened\n"}, "git tag: happened"},
		{ExitError{Args: []string{"var"}, Code: 2}, "git var: exit status 2"},
	}
	for _, tc := range tests {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}

// TestOpenErrors checks how Open tells the states apart, with a runner
// that fails as the real one would.
func TestOpenErrors(t *testing.T) {
	other := errors.New("disk on fire")
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"no git", &exec.Error{Name: "git", Err: exec.ErrNotFound}, ErrNoGit},
		{"no repository", &ExitError{Code: 128, Stderr: "fatal: not a git repository (or any of the parent directories): .git\n"}, ErrNotRepo},
		{"other", other, other},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			run := func(context.Context, Cmd) ([]byte, error) { return nil, tc.err }
			info, err := Read(context.Background(), run, "/portfolio")
			if !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
			if info == nil || info.Head != nil || info.Files != nil || info.Snapshots != nil {
				t.Errorf("got info %+v, want an empty one", info)
			}
		})
	}
	// Inside the .git folder there is no work tree.
	run := func(context.Context, Cmd) ([]byte, error) { return []byte("false\nfalse\n/r/.git\n"), nil }
	if _, err := Open(context.Background(), run, "/r/.git"); !errors.Is(err, ErrNotRepo) {
		t.Errorf("inside .git: got %v, want ErrNotRepo", err)
	}
}

// TestReadHistory reads a portfolio that is a folder of a repository, with
// file names that need -z, and compares with what git log says file by
// file.
func TestReadHistory(t *testing.T) {
	t.Parallel()
	needGit(t)
	repo := newRepo(t)
	port := filepath.Join(repo, "my portfolio")
	write(t, filepath.Join(repo, "notes.txt"), "not part of the portfolio\n")
	write(t, filepath.Join(port, "experiences", "glider", "index.md"), "v1\n")
	commitAt(t, repo, "2025-01-20T10:00:00+01:00", "Plan the glider redesign")
	write(t, filepath.Join(port, "experiences", "glider", "flight results.png"), "png\n")
	write(t, filepath.Join(port, "experiences", "new\nline.md"), "odd\n")
	write(t, filepath.Join(repo, "notes.txt"), "changed outside\n")
	commitAt(t, repo, "2025-03-14T16:45:00-08:00", "Record the third test cycle <with> flight data")
	commitAt(t, repo, "2025-03-20T09:00:00Z", "An empty commit touches nothing")
	write(t, filepath.Join(repo, "notes.txt"), "only outside\n")
	commitAt(t, repo, "2025-03-21T09:00:00Z", "Outside only")
	write(t, filepath.Join(port, "experiences", "glider", "index.md"), "v2\n")
	commitAt(t, repo, "2025-04-02T08:00:00+02:00", "Add Ms. Alvarez's statement")

	info, err := Read(context.Background(), execRunner, port)
	if err != nil {
		t.Fatal(err)
	}
	wantFiles := []string{"experiences/glider/flight results.png", "experiences/glider/index.md", "experiences/new\nline.md"}
	var gotFiles []string
	for f := range info.Files {
		gotFiles = append(gotFiles, f)
	}
	slices.Sort(gotFiles)
	if !slices.Equal(gotFiles, wantFiles) {
		t.Errorf("files: got %q, want %q", gotFiles, wantFiles)
	}
	for _, f := range wantFiles {
		// What git log says of this file alone, in its own process.
		want := git(t, port, nil, "log", "--format=%H %aI %s", "--", f)
		var got strings.Builder
		for _, c := range info.Files[f] {
			fmt.Fprintf(&got, "%s %s %s\n", c.Hash, c.Date.Format(time.RFC3339), c.Subject)
		}
		if got.String() != want {
			t.Errorf("%q:\ngot\n%swant\n%s", f, got.String(), want)
		}
	}
	head := strings.Fields(git(t, repo, nil, "log", "-1", "--format=%H %h %cI"))
	if info.Head == nil || info.Head.Hash != head[0] || info.Head.Short != head[1] || info.Head.Date.Format(time.RFC3339) != head[2] {
		t.Errorf("head: got %+v, want %q", info.Head, head)
	}
	if info.Snapshots != nil {
		t.Errorf("snapshots: got %+v, want none", info.Snapshots)
	}
}

// TestReadStates covers the folders that have no history to read.
func TestReadStates(t *testing.T) {
	t.Parallel()
	needGit(t)
	tests := []struct {
		name  string
		setup func(t *testing.T) string
		want  error
		head  bool
	}{
		{"not a repository", func(t *testing.T) string { return t.TempDir() }, ErrNotRepo, false},
		{"no commits yet", func(t *testing.T) string {
			dir := newRepo(t)
			write(t, filepath.Join(dir, "dll.yaml"), "title: x\n")
			git(t, dir, nil, "add", "-A")
			return dir
		}, ErrNoCommits, false},
		{"shallow clone", func(t *testing.T) string {
			dir := newRepo(t)
			write(t, filepath.Join(dir, "a.md"), "1\n")
			commitAt(t, dir, "2025-01-01T00:00:00Z", "one")
			write(t, filepath.Join(dir, "a.md"), "2\n")
			commitAt(t, dir, "2025-02-01T00:00:00Z", "two")
			clone := filepath.Join(t.TempDir(), "clone")
			git(t, dir, nil, "clone", "-q", "--depth", "1", "file://"+filepath.ToSlash(dir), clone)
			return clone
		}, ErrShallow, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := tc.setup(t)
			info, err := Read(context.Background(), execRunner, dir)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if info.Files != nil {
				t.Errorf("got a history for %d files, want none", len(info.Files))
			}
			if (info.Head != nil) != tc.head {
				t.Errorf("got head %+v, want one: %v", info.Head, tc.head)
			}
		})
	}
}

// TestExecWithoutGit: where git is not installed, the real runner says so
// in a way Read tells apart. It changes PATH, so it cannot run in parallel
// with the others.
func TestExecWithoutGit(t *testing.T) {
	needGit(t)
	dir := newRepo(t)
	t.Setenv("PATH", t.TempDir())
	info, err := Read(context.Background(), execRunner, dir)
	if !errors.Is(err, ErrNoGit) {
		t.Fatalf("got %v, want %v", err, ErrNoGit)
	}
	if info.Head != nil || info.Files != nil || info.Snapshots != nil {
		t.Errorf("got info %+v, want an empty one", info)
	}
}

func TestSnapshots(t *testing.T) {
	t.Parallel()
	needGit(t)
	repo := newRepo(t)
	port := filepath.Join(repo, "portfolio")
	write(t, filepath.Join(port, "experiences", "a.md"), "a\n")
	write(t, filepath.Join(port, "experiences", "b", "index.md"), "b\n")
	write(t, filepath.Join(port, "experiences", "gone.md"), "gone\n")
	commitAt(t, repo, "2025-01-01T00:00:00Z", "start")
	r, err := Open(context.Background(), execRunner, port)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Tag(context.Background(), SnapshotPrefix+"job-application", "Job application", time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(port, "experiences", "b", "photo 1.jpg"), "jpg\n")
	commitAt(t, repo, "2025-07-01T00:00:00Z", "add a photo")
	if err := r.Tag(context.Background(), SnapshotPrefix+"2026-appraisal", "2026 appraisal", time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	git(t, repo, nil, "tag", "not-a-snapshot")
	git(t, repo, nil, "tag", SnapshotPrefix+"light") // lightweight: named after the tag, dated by its commit
	write(t, filepath.Join(port, "experiences", "a.md"), "a2\n")
	write(t, filepath.Join(port, "experiences", "c.md"), "c\n")
	write(t, filepath.Join(repo, "outside.txt"), "x\n")
	os.Remove(filepath.Join(port, "experiences", "gone.md"))
	commitAt(t, repo, "2026-08-01T00:00:00Z", "more")

	snaps, err := r.Snapshots(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range snaps {
		got = append(got, fmt.Sprintf("%s %q %s added %q changed %q", s.Tag, s.Name, s.Date.UTC().Format(time.DateOnly), s.Added, s.Changed))
	}
	want := []string{
		`dll-snapshot/2026-appraisal "2026 appraisal" 2026-06-30 added ["experiences/c.md"] changed ["experiences/a.md" "experiences/gone.md"]`,
		`dll-snapshot/light "light" 2025-07-01 added ["experiences/c.md"] changed ["experiences/a.md" "experiences/gone.md"]`,
		`dll-snapshot/job-application "Job application" 2025-06-01 added ["experiences/b/photo 1.jpg" "experiences/c.md"] changed ["experiences/a.md" "experiences/gone.md"]`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if s, err := r.SnapshotTag(context.Background(), SnapshotPrefix+"job-application"); err != nil || s == nil || s.Name != "Job application" {
		t.Errorf("SnapshotTag: got %+v, %v", s, err)
	}
	if s, err := r.SnapshotTag(context.Background(), SnapshotPrefix+"nothing"); err != nil || s != nil {
		t.Errorf("SnapshotTag of a new name: got %+v, %v", s, err)
	}
}

// TestPublishPlumbing writes a site into a tree through a temporary index
// and reads back which commits dll made, leaving the user's index alone.
func TestPublishPlumbing(t *testing.T) {
	t.Parallel()
	needGit(t)
	ctx := context.Background()
	repo := newRepo(t)
	write(t, filepath.Join(repo, "dll.yaml"), "title: x\n")
	commitAt(t, repo, "2025-01-01T00:00:00Z", "start")
	write(t, filepath.Join(repo, "staged.md"), "staged\n")
	git(t, repo, nil, "add", "staged.md")
	statusBefore := git(t, repo, nil, "status", "--porcelain")
	indexBefore, _ := os.ReadFile(filepath.Join(repo, ".git", "index"))

	r, err := Open(ctx, execRunner, repo)
	if err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	write(t, filepath.Join(site, "index.html"), "<p>home</p>\n")
	write(t, filepath.Join(site, "experiences", "a b", "photo.jpg"), "jpg\r\n")
	write(t, filepath.Join(site, "debug.log"), "ignored by many a global gitignore\n")
	write(t, filepath.Join(repo, ".git", "info", "exclude"), "*.log\n")
	tree, err := r.WriteTree(ctx, site, filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	want := "debug.log\nexperiences/a b/photo.jpg\nindex.html\n"
	if got := git(t, repo, nil, "ls-tree", "-r", "--name-only", tree); got != want {
		t.Errorf("tree:\n%swant\n%s", got, want)
	}
	if got := git(t, repo, nil, "cat-file", "blob", tree+":experiences/a b/photo.jpg"); got != "jpg\r\n" {
		t.Errorf("a file changed on the way in: %q", got)
	}
	if got := git(t, repo, nil, "status", "--porcelain"); got != statusBefore {
		t.Errorf("status changed:\n%s\nwas\n%s", got, statusBefore)
	}
	if indexAfter, _ := os.ReadFile(filepath.Join(repo, ".git", "index")); string(indexAfter) != string(indexBefore) {
		t.Error("the user's index changed")
	}

	commit, err := r.CommitTree(ctx, tree, "Publish\n\n"+PublishMarker+"\n", time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.SetBranch(ctx, "gh-pages", commit, ""); err != nil {
		t.Fatal(err)
	}
	tip, err := r.ReadTip(ctx, commit)
	if err != nil || !tip.ByDLL || tip.Tree != tree {
		t.Errorf("dll's commit: got %+v, %v", tip, err)
	}
	// GitHub adds a CNAME file on top: still dll's.
	work := filepath.Join(t.TempDir(), "pages")
	git(t, repo, nil, "worktree", "add", "-q", work, "gh-pages")
	write(t, filepath.Join(work, "CNAME"), "portfolio.example.org\n")
	commitAt(t, work, "2026-03-15T00:00:00Z", "Create CNAME")
	cname := strings.TrimSpace(git(t, repo, nil, "rev-parse", "gh-pages"))
	if tip, err := r.ReadTip(ctx, cname); err != nil || !tip.ByDLL {
		t.Errorf("with GitHub's CNAME commit: got %+v, %v", tip, err)
	}
	f, err := r.FileAt(ctx, cname, "CNAME")
	if err != nil || f == nil || f.Mode != "100644" {
		t.Errorf("FileAt CNAME: got %+v, %v", f, err)
	}
	// Anything else is someone else's.
	write(t, filepath.Join(work, "index.html"), "mine\n")
	commitAt(t, work, "2026-03-16T00:00:00Z", "Edit by hand")
	other := strings.TrimSpace(git(t, repo, nil, "rev-parse", "gh-pages"))
	if tip, err := r.ReadTip(ctx, other); err != nil || tip.ByDLL {
		t.Errorf("with a commit by hand: got %+v, %v", tip, err)
	}
	// A marker in a commit with a parent is not dll's either.
	if tip, err := r.ReadTip(ctx, strings.TrimSpace(git(t, repo, nil, "rev-parse", "main"))); err != nil || tip.ByDLL {
		t.Errorf("the user's branch: got %+v, %v", tip, err)
	}
}

// TestExportSnapshot: a snapshot, named by its name in any capitals or by
// its tag, is exported as the portfolio folder stood then (a file changed
// since as it was, one added since absent, a name with spaces kept, a
// symbolic link left out), and the work tree, the index and HEAD are as
// they were.
func TestExportSnapshot(t *testing.T) {
	t.Parallel()
	needGit(t)
	ctx := context.Background()
	repo := newRepo(t)
	port := filepath.Join(repo, "my portfolio")
	write(t, filepath.Join(port, "dll.yaml"), "title: then\n")
	write(t, filepath.Join(port, "experiences", "a b", "index.md"), "a then\n")
	write(t, filepath.Join(repo, "outside.txt"), "not the portfolio\n")
	if err := os.Symlink("../outside.txt", filepath.Join(port, "link.txt")); err != nil {
		t.Fatal(err)
	}
	commitAt(t, repo, "2025-01-01T10:00:00Z", "start")
	r, err := Open(ctx, execRunner, port)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Tag(ctx, SnapshotPrefix+"2026-appraisal", "2026 appraisal", time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(port, "experiences", "a b", "index.md"), "a now\n")
	write(t, filepath.Join(port, "experiences", "new.md"), "new\n")
	commitAt(t, repo, "2026-08-01T00:00:00Z", "more")
	write(t, filepath.Join(port, "dll.yaml"), "title: not committed\n")
	git(t, repo, nil, "add", "--", "my portfolio/dll.yaml") // staged, not committed
	status := git(t, repo, nil, "status", "--porcelain")
	head := git(t, repo, nil, "rev-parse", "HEAD")

	for _, name := range []string{"2026 APPRAISAL", SnapshotPrefix + "2026-appraisal"} {
		s, all, err := r.SnapshotNamed(ctx, name, "")
		if err != nil || s == nil || s.Name != "2026 appraisal" || len(all) != 1 {
			t.Fatalf("SnapshotNamed(%q) = %+v, %d, %v", name, s, len(all), err)
		}
		date, err := r.CommitDate(ctx, s.Commit)
		if err != nil || !date.Equal(time.Date(2025, 1, 1, 10, 0, 0, 0, time.UTC)) {
			t.Errorf("CommitDate = %v, %v; want the tagged commit's", date, err)
		}
		dir := t.TempDir()
		if err := r.Export(ctx, s.Commit, dir); err != nil {
			t.Fatal(err)
		}
		var files []string
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(dir, p)
				data, _ := os.ReadFile(p)
				files = append(files, filepath.ToSlash(rel)+": "+strings.TrimSpace(string(data)))
			}
			return err
		})
		if want := []string{"dll.yaml: title: then", "experiences/a b/index.md: a then"}; !slices.Equal(files, want) {
			t.Errorf("exported %q, want %q", files, want)
		}
	}
	if s, _, err := r.SnapshotNamed(ctx, "job application", SnapshotPrefix+"job-application"); s != nil || err != nil {
		t.Errorf("an unknown snapshot: %+v, %v", s, err)
	}
	if got := git(t, repo, nil, "status", "--porcelain"); got != status {
		t.Errorf("the work tree or index changed:\n%s\nwas\n%s", got, status)
	}
	if got := git(t, repo, nil, "rev-parse", "HEAD"); got != head {
		t.Errorf("HEAD moved")
	}
	if data, _ := os.ReadFile(filepath.Join(port, "dll.yaml")); string(data) != "title: not committed\n" {
		t.Errorf("the work tree's dll.yaml is %q", data)
	}
}
