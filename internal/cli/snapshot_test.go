package cli

import (
	"crypto/sha1"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dll/internal/gitinfo"
)

// commitAt commits everything in the repository of dir, written and
// committed at date (RFC 3339).
func commitAt(t *testing.T, dir, date, msg string) {
	t.Helper()
	gitT(t, dir, nil, "add", "-A")
	gitT(t, dir, []string{"GIT_AUTHOR_DATE=" + date, "GIT_COMMITTER_DATE=" + date}, "commit", "-q", "--allow-empty", "-m", msg)
}

// examplePortfolioRepo is a new repository holding the example portfolio
// in its folder "my portfolio", with the build output ignored, all in one
// commit. It returns the repository and the portfolio folder. Each is a
// copy of one made once for the test process, which takes several git
// commands.
func examplePortfolioRepo(t *testing.T) (repo, dir string) {
	t.Helper()
	needGit(t)
	exampleRepo.once.Do(func() { exampleRepo.dir, exampleRepo.err = makeExampleRepo() })
	if exampleRepo.err != nil {
		t.Fatal(exampleRepo.err)
	}
	repo = t.TempDir()
	if err := os.CopyFS(repo, os.DirFS(exampleRepo.dir)); err != nil {
		t.Fatal(err)
	}
	return repo, filepath.Join(repo, "my portfolio")
}

var exampleRepo struct {
	once sync.Once
	dir  string
	err  error
}

func makeExampleRepo() (string, error) {
	repo := filepath.Join(testTmp, "example-repo")
	if err := os.CopyFS(filepath.Join(repo, "my portfolio"), os.DirFS(filepath.Join("..", "..", "examples", "portfolio"))); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(repo, ".gitignore"), []byte("public/\n"), 0o644); err != nil {
		return "", err
	}
	const date = "2025-01-20T10:00:00+01:00"
	for _, args := range [][]string{
		{"init", "-q"},
		{"symbolic-ref", "HEAD", "refs/heads/main"},
		{"add", "-A"},
		{"commit", "-q", "-m", "Plan the glider redesign"},
	} {
		if out, err := gitTry(repo, []string{"GIT_AUTHOR_DATE=" + date, "GIT_COMMITTER_DATE=" + date}, args...); err != nil {
			return "", fmt.Errorf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return repo, nil
}

// pageHistory returns the revisions an entry page shows, as "date: message".
func pageHistory(t *testing.T, page string) []string {
	t.Helper()
	src := readFile(t, page)
	start := strings.Index(src, `<h2 id="history">`)
	if start < 0 {
		return nil
	}
	end := strings.Index(src[start:], "</section>")
	var out []string
	for _, m := range regexp.MustCompile(`<li><time datetime="([0-9-]+)">[^<]*</time>: (.*)</li>`).FindAllStringSubmatch(src[start:start+end], -1) {
		out = append(out, m[1]+": "+html.UnescapeString(m[2]))
	}
	return out
}

// gitHistory is what git log says of paths, as "date: subject".
func gitHistory(t *testing.T, dir string, paths ...string) []string {
	t.Helper()
	out := gitT(t, dir, nil, append([]string{"log", "--format=%ad: %s", "--date=format:%Y-%m-%d", "--"}, paths...)...)
	return strings.Split(strings.TrimSuffix(out, "\n"), "\n")
}

// TestBuildHistory builds a portfolio kept in a folder of a repository and
// checks that each entry page shows what git log says of the entry's files.
func TestBuildHistory(t *testing.T) {
	t.Parallel()
	repo, dir := examplePortfolioRepo(t)
	// Commit messages are the author's own: pages show them only when
	// dll.yaml asks.
	writeFile(t, filepath.Join(dir, "dll.yaml"), readFile(t, filepath.Join(dir, "dll.yaml"))+"site:\n  show_revisions: true\n")
	glider := filepath.Join(dir, "experiences", "glider-design-challenge")
	writeFile(t, filepath.Join(glider, "flight-results.png"), readFile(t, filepath.Join(glider, "flight-results.png"))+"\n")
	commitAt(t, repo, "2025-03-14T16:45:00-08:00", "Record the third test cycle <with> flight data")
	writeFile(t, filepath.Join(glider, "partner-statement.txt"), readFile(t, filepath.Join(glider, "partner-statement.txt"))+"More.\n")
	commitAt(t, repo, "2025-03-20T09:00:00Z", "Add notes from BRENNAN SOTO, Kaylee’s class") // the blocked name, surname first
	// A single-file entry owns the files it names as evidence.
	book := filepath.Join(dir, "experiences", "grade3-book-tasting.md")
	writeFile(t, book, strings.Replace(readFile(t, book), "url: https://example.org/cedar-park-library/book-tasting-plan", `file: "tasting menu.pdf"`, 1))
	writeFile(t, filepath.Join(dir, "experiences", "tasting menu.pdf"), readFile(t, filepath.Join(glider, "design-rubric.pdf")))
	commitAt(t, repo, "2025-04-01T08:00:00+02:00", "Show the tasting menu")
	writeFile(t, filepath.Join(dir, "experiences", "tasting menu.pdf"), readFile(t, filepath.Join(glider, "design-rubric.pdf"))+"\n")
	commitAt(t, repo, "2025-04-02T08:00:00+02:00", "Update the tasting menu")
	writeFile(t, filepath.Join(dir, "philosophy.md"), readFile(t, filepath.Join(dir, "philosophy.md"))+"\nMore.\n")
	commitAt(t, repo, "2025-04-03T08:00:00+02:00", "Revise the philosophy")

	e := newTestEnv(t, dir)
	if code := e.run(t, "build"); code != 0 || e.err.Len() > 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	site := filepath.Join(dir, "public")
	tests := []struct {
		page  string
		paths []string
	}{
		{"experiences/glider-design-challenge/index.html", []string{"experiences/glider-design-challenge"}},
		{"experiences/grade3-book-tasting/index.html", []string{"experiences/grade3-book-tasting.md", "experiences/tasting menu.pdf"}},
		{"experiences/k2-wonder-wall/index.html", []string{"experiences/k2-wonder-wall.yaml"}},
	}
	for _, tc := range tests {
		want := gitHistory(t, dir, tc.paths...)
		for i, w := range want {
			if strings.Contains(strings.ToLower(w), "kaylee") {
				want[i] = w[:len("2025-03-20: ")] + "(message withheld: it names someone on your privacy list)"
			}
		}
		if got := pageHistory(t, filepath.Join(site, tc.page)); !slices.Equal(got, want) {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.page, got, want)
		}
	}
	if got := pageHistory(t, filepath.Join(site, "experiences/glider-design-challenge/index.html")); len(got) != 3 {
		t.Errorf("glider: got %d revisions, want 3", len(got))
	}
	page := readFile(t, filepath.Join(site, "experiences/grade3-book-tasting/index.html"))
	if want := `First written <time datetime="2025-01-20">20 January 2025</time>, last revised <time datetime="2025-04-02">2 April 2025</time>: 3 revisions.`; !strings.Contains(page, want) {
		t.Errorf("the book tasting page does not say %s", want)
	}
	for name, data := range readTree(t, site) {
		if strings.Contains(strings.ToLower(data), "kaylee") {
			t.Errorf("%s names someone on the privacy list", name)
		}
	}
	head := strings.Fields(gitT(t, repo, nil, "log", "-1", "--format=%h %cd", "--date=format:%-d %B %Y"))
	version := fmt.Sprintf("Version %s (%s).", head[0], strings.Join(head[1:], " "))
	if home := readFile(t, filepath.Join(site, "index.html")); !strings.Contains(home, version) {
		t.Errorf("the home page does not say %s", version)
	}

	// Without the switch: when each page was last updated, and no message.
	writeFile(t, filepath.Join(dir, "dll.yaml"), strings.Replace(readFile(t, filepath.Join(dir, "dll.yaml")), "show_revisions: true", "show_revisions: false", 1))
	commitAt(t, repo, "2025-04-04T08:00:00+02:00", "Keep my commit messages to myself")
	if code := newTestEnv(t, dir).run(t, "build"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for name, data := range readTree(t, site) {
		for _, private := range []string{"Record the third test cycle", "Update the tasting menu", "Version "} {
			if strings.Contains(data, private) {
				t.Errorf("%s shows %q without show_revisions", name, private)
			}
		}
	}
	if page := readFile(t, filepath.Join(site, "experiences/grade3-book-tasting/index.html")); !strings.Contains(page, `Last updated <time datetime="2025-04-02">2 April 2025</time>`) {
		t.Error("the book tasting page does not say when it was last updated")
	}
	if home := readFile(t, filepath.Join(site, "index.html")); !strings.Contains(home, `Last updated <time datetime="2025-04-04">4 April 2025</time>.`) {
		t.Error("the home page does not say when the portfolio was last updated")
	}
}

// TestBuildWithoutHistory covers the folders git cannot tell the history
// of: the site is built, with one warning and no history.
func TestBuildWithoutHistory(t *testing.T) {
	t.Parallel()
	const none = "pages show no history, and dates come from your entries"
	tests := []struct {
		name    string
		setup   func(t *testing.T) string
		git     gitinfo.Runner // when not the tests' own
		warning string
		version bool
	}{
		{"not a repository", func(t *testing.T) string {
			needGit(t)
			return copyExample(t)
		}, nil, "the portfolio is not in a git repository, so " + none + "; run 'git init' in the portfolio folder and commit your work to keep its history", false},
		{"git not installed", func(t *testing.T) string {
			_, dir := examplePortfolioRepo(t)
			return dir
		}, noGit, "git is not installed, so " + none + "; install git (https://git-scm.com) to keep the history of your portfolio", false},
		{"no commits yet", func(t *testing.T) string {
			needGit(t)
			dir := copyExample(t)
			gitT(t, dir, nil, "init", "-q")
			gitT(t, dir, nil, "add", "-A")
			return dir
		}, nil, "the repository has no commits yet, so " + none + "; commit your work ('git add -A', then 'git commit -m \"Start my portfolio\"') to start its history", false},
		{"shallow clone", func(t *testing.T) string {
			repo, dir := examplePortfolioRepo(t)
			writeFile(t, filepath.Join(dir, "philosophy.md"), readFile(t, filepath.Join(dir, "philosophy.md"))+"\nMore.\n")
			commitAt(t, repo, "2025-04-03T08:00:00+02:00", "Revise the philosophy")
			clone := filepath.Join(t.TempDir(), "clone")
			gitT(t, repo, nil, "clone", "-q", "--depth", "1", "file://"+filepath.ToSlash(repo), clone)
			return filepath.Join(clone, "my portfolio")
		}, nil, "this repository is a shallow clone, which lacks the older commits, so " + none + " rather than dates git cannot know; run 'git fetch --unshallow' to get the whole history", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := tc.setup(t)
			e := newTestEnv(t, dir)
			if tc.git != nil {
				e.Git = tc.git
			}
			code := e.run(t, "build")
			wantOut := "Built 10 experiences into public/: 84 pages and 36 files (861 KB).\nOpen public/index.html in a browser to see it.\n"
			if code != 0 || e.out.String() != wantOut || e.err.String() != "dll: warning: "+tc.warning+"\n" {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s\nwant exit 0, stdout:\n%s\nstderr:\ndll: warning: %s", code, e.out, e.err, wantOut, tc.warning)
			}
			site := readTree(t, filepath.Join(dir, "public"))
			for name, data := range site {
				if strings.Contains(data, "How this experience evolved") {
					t.Errorf("%s shows a history", name)
				}
			}
			if got := strings.Contains(site["index.html"], "Last updated <time"); got != tc.version {
				t.Errorf("the home page says when it was last updated: %v, want %v", got, tc.version)
			}
		})
	}
}

func TestSnapshot(t *testing.T) {
	t.Parallel()
	repo, dir := examplePortfolioRepo(t)
	k2 := filepath.Join(dir, "experiences", "k2-wonder-wall.yaml")
	k2src := readFile(t, k2)
	os.Remove(k2)
	commitAt(t, repo, "2025-02-01T10:00:00Z", "Take the wonder wall out for now")
	head := strings.TrimSpace(gitT(t, repo, nil, "log", "-1", "--format=%h"))

	e := newTestEnv(t, dir)
	if code := e.run(t, "snapshot", "2026 appraisal"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	want := fmt.Sprintf("Made the snapshot \"2026 appraisal\" of your last commit, %s (1 February 2025), as the git tag dll-snapshot/2026-appraisal.\n"+
		"The site's What changed page now lists what you add or revise from here on; run 'dll build' to see it.\n", head)
	if e.out.String() != want || e.err.Len() > 0 {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr:\n%s", e.out, want, e.err)
	}
	tag := gitT(t, repo, nil, "for-each-ref", "--format=%(objecttype) %(*objectname:short) %(taggerdate:iso-strict) %(contents)", "refs/tags/dll-snapshot/")
	if want := fmt.Sprintf("tag %s %s 2026 appraisal\n\n", head, testNow.Format(time.RFC3339)); strings.Replace(tag, "+00:00", "Z", 1) != want {
		t.Errorf("tag: got %q, want %q", tag, want)
	}

	// What changed since: one entry back, one entry's evidence revised.
	writeFile(t, k2, k2src)
	glider := filepath.Join(dir, "experiences", "glider-design-challenge", "partner-statement.txt")
	writeFile(t, glider, readFile(t, glider)+"More.\n")
	commitAt(t, repo, "2026-04-01T10:00:00Z", "Bring back the wonder wall, and more from Ms. Alvarez")
	e = newTestEnv(t, dir)
	if code := e.run(t, "build"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	changes := readFile(t, filepath.Join(dir, "public", "changes", "index.html"))
	for _, want := range []string{
		// Snapshot names are the author's own: the page shows their dates.
		`<h2 id="since-1">Since <time datetime="2026-03-14">14 March 2026</time></h2>`,
		"<h3>New experiences</h3>\n<ul>\n<li><a href=\"../experiences/k2-wonder-wall/index.html\">",
		"<h3>Revised experiences</h3>\n<ul>\n<li><a href=\"../experiences/glider-design-challenge/index.html\">",
	} {
		if !strings.Contains(changes, want) {
			t.Errorf("the changes page does not say %s", want)
		}
	}
	if strings.Contains(changes, "2026 appraisal") {
		t.Error("the changes page shows the snapshot's name, which dll.yaml does not ask for")
	}
	main := changes[strings.Index(changes, "<main"):strings.Index(changes, "</main>")]
	if n := strings.Count(main, "<li>"); n != 2 {
		t.Errorf("the changes page lists %d experiences, want 2", n)
	}

	// A change not committed yet is not in a snapshot, and dll says so.
	writeFile(t, glider, readFile(t, glider)+"Even more.\n")
	e = newTestEnv(t, dir)
	if code := e.run(t, "snapshot", "Job application"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	if want := "Note: changes not committed yet are not in it: experiences/glider-design-challenge/partner-statement.txt.\n"; !strings.Contains(e.out.String(), want) {
		t.Errorf("stdout:\n%s\nwant a line:\n%s", e.out, want)
	}
}

// TestSnapshotRefusals checks that each refusal says what to do and makes
// no tag.
func TestSnapshotRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(t *testing.T) string
		git   gitinfo.Runner // when not the tests' own
		args  []string
		code  int
		want  string
	}{
		{"name taken", func(t *testing.T) string {
			_, dir := examplePortfolioRepo(t)
			if code := newTestEnv(t, dir).run(t, "snapshot", "2026 appraisal"); code != 0 {
				t.Fatal("the first snapshot failed")
			}
			return dir
		}, nil, []string{"2026 Appraisal!"}, 1,
			"dll: there is already a snapshot called \"2026 appraisal\", made 14 March 2026 (the git tag dll-snapshot/2026-appraisal); choose another name, or remove the old snapshot first with: dll snapshot --remove dll-snapshot/2026-appraisal\n"},
		{"private name", func(t *testing.T) string {
			_, dir := examplePortfolioRepo(t)
			return dir
		}, nil, []string{"Kaylee Brennan-Soto leaves"}, 2,
			"dll: the snapshot's name names someone on your privacy list, and it would be published on the site; choose another name\n"},
		{"not a repository", func(t *testing.T) string {
			needGit(t)
			return copyExample(t)
		}, nil, []string{"2026 appraisal"}, 1,
			"dll: the portfolio is not in a git repository, and snapshots are kept in git; run 'git init' in the portfolio folder, then 'git add -A' and 'git commit -m \"Start my portfolio\"', then make the snapshot\n"},
		{"no commits yet", func(t *testing.T) string {
			needGit(t)
			dir := copyExample(t)
			gitT(t, dir, nil, "init", "-q")
			return dir
		}, nil, []string{"2026 appraisal"}, 1,
			"dll: there is nothing to snapshot yet: the repository has no commits; commit your work ('git add -A', then 'git commit -m \"Start my portfolio\"'), then make the snapshot\n"},
		{"git not installed", func(t *testing.T) string {
			_, dir := examplePortfolioRepo(t)
			return dir
		}, noGit, []string{"2026 appraisal"}, 1,
			"dll: git is not installed, and snapshots are kept in git; install git (https://git-scm.com), commit your portfolio, then make the snapshot\n"},
		{"no identity", func(t *testing.T) string {
			_, dir := examplePortfolioRepo(t)
			return dir
		}, noIdentityGit(), []string{"2026 appraisal"}, 1,
			"dll: git does not know who you are, and a snapshot records who made it; set your name and email with\n  git config --global user.name \"Your Name\"\n  git config --global user.email \"you@example.org\"\nthen make the snapshot\n"},
		{"empty name", func(t *testing.T) string { return minimalPortfolio(t) }, nil, []string{" "}, 2,
			"dll: give the snapshot a name, in quotes, like: dll snapshot \"2026 appraisal\"\n"},
		{"name not quoted", func(t *testing.T) string { return minimalPortfolio(t) }, nil, []string{"2026", "appraisal"}, 2,
			"dll: put the snapshot's name in quotes, like: dll snapshot \"2026 appraisal\"\n"},
		{"two lines", func(t *testing.T) string { return minimalPortfolio(t) }, nil, []string{"2026\nappraisal"}, 2,
			"dll: the snapshot's name must be one line of text, like \"2026 appraisal\"\n"},
		{"remove what", func(t *testing.T) string { return minimalPortfolio(t) }, nil, []string{"remove"}, 2,
			"dll: say which snapshot to remove, like: dll snapshot remove \"2026 appraisal\"; 'dll snapshot list' lists them\n"},
		{"list and a name", func(t *testing.T) string { return minimalPortfolio(t) }, nil, []string{"list", "appraisal"}, 2,
			"dll: dll snapshot list takes nothing more; to make a snapshot, put its name in quotes, like: dll snapshot \"list appraisal\"\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := tc.setup(t)
			before := tagsOf(dir)
			e := newTestEnv(t, dir)
			if tc.git != nil {
				e.Git = tc.git
			}
			code := e.run(t, append([]string{"snapshot"}, tc.args...)...)
			if code != tc.code || e.err.String() != tc.want || e.out.Len() > 0 {
				t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s\nwant exit %d and stderr:\n%s", code, e.out, e.err, tc.code, tc.want)
			}
			if after := tagsOf(dir); after != before {
				t.Errorf("tags were:\n%s\nand now are:\n%s", before, after)
			}
		})
	}
}

// tagsOf lists the tags of the repository holding dir, if any.
func tagsOf(dir string) string {
	out, _ := gitTry(dir, nil, "for-each-ref", "refs/tags")
	return out
}

// blobHash is the hash git gives a file holding data.
func blobHash(data string) string {
	return fmt.Sprintf("%x", sha1.Sum([]byte(fmt.Sprintf("blob %d\x00%s", len(data), data))))
}

// TestSnapshotListAndRemove: dll snapshot lists the snapshots with what
// changed since each, and --remove takes one away by its name, in any
// capitals, or by its tag, leaving the commit; names on the privacy list
// are never printed.
func TestSnapshotListAndRemove(t *testing.T) {
	t.Parallel()
	repo, dir := examplePortfolioRepo(t)
	run := func(args ...string) (int, string, string) {
		e := newTestEnv(t, dir)
		code := e.run(t, args...)
		return code, e.out.String(), e.err.String()
	}
	if code, out, _ := run("snapshot"); code != 0 || out != "There are no snapshots yet. Name the portfolio as it is now with: dll snapshot \"2026 appraisal\"\n" {
		t.Errorf("exit %d, stdout:\n%s", code, out)
	}
	first := strings.TrimSpace(gitT(t, repo, nil, "rev-parse", "--short=7", "HEAD"))
	run("snapshot", "2026 appraisal")
	tasting := filepath.Join(dir, "experiences", "grade3-book-tasting.md")
	writeFile(t, tasting, readFile(t, tasting)+"\nMore.\n")
	writeFile(t, filepath.Join(dir, "experiences", "new-entry.md"), readFile(t, tasting))
	commitAt(t, repo, "2026-03-20T10:00:00Z", "Revise the book tasting, start another")
	second := strings.TrimSpace(gitT(t, repo, nil, "rev-parse", "--short=7", "HEAD"))
	run("snapshot", "Job application")
	// Made by hand, with a name on the privacy list, and a lightweight tag.
	gitT(t, repo, []string{"GIT_COMMITTER_DATE=2026-03-10T10:00:00Z"}, "tag", "-a", "-m", "Kaylee Brennan-Soto leaves", "dll-snapshot/leaving", first)
	gitT(t, repo, nil, "tag", "dll-snapshot/before-spring", first)

	code, out, errOut := run("snapshot")
	want := "4 snapshots, newest first:\n" +
		"  snapshot                                                made             commit   since then\n" +
		"  \"2026 appraisal\"                                        14 March 2026    " + first + "  1 new experience, 1 revised\n" +
		"  \"Job application\"                                       14 March 2026    " + second + "  no change\n" +
		"  (name withheld: it names someone on your privacy list)  10 March 2026    " + first + "  1 new experience, 1 revised\n" +
		"  \"before-spring\"                                         20 January 2025  " + first + "  1 new experience, 1 revised\n" +
		"The site's What changed page lists what was added and revised since each; dll snapshot --remove \"name\" takes one away.\n"
	if code != 0 || out != want || errOut != "" {
		t.Errorf("exit %d\nstdout:\n%s\nwant:\n%s\nstderr:\n%s", code, out, want, errOut)
	}
	if strings.Contains(out, "Kaylee") || strings.Contains(strings.ToLower(out), "leaving") {
		t.Error("the list shows a name on the privacy list")
	}
	// As people type it: dll snapshot list, never a snapshot called "list".
	if code, listed, errOut := run("snapshot", "list"); code != 0 || listed != out || errOut != "" {
		t.Errorf("dll snapshot list: exit %d\nstdout:\n%s\nwant:\n%s\nstderr:\n%s", code, listed, out, errOut)
	}

	// dll snapshot remove, with the name not even quoted.
	code, out, errOut = run("snapshot", "remove", "job", "APPLICATION")
	want = "Removed the snapshot \"Job application\" (the git tag dll-snapshot/job-application of commit " + second + ", made 14 March 2026). The commit and your files are as they were; the site's What changed page no longer lists it once you build again.\n"
	if code != 0 || out != want || errOut != "" {
		t.Errorf("exit %d\nstdout:\n%s\nwant:\n%s\nstderr:\n%s", code, out, want, errOut)
	}
	if tags := gitT(t, repo, nil, "tag", "--list"); strings.Contains(tags, "job-application") {
		t.Errorf("the tag is still there:\n%s", tags)
	}
	if head := strings.TrimSpace(gitT(t, repo, nil, "rev-parse", "--short=7", "HEAD")); head != second {
		t.Errorf("HEAD moved from %s to %s", second, head)
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"snapshot", "--remove", "2026 apraisal"}, "dll: there is no snapshot \"2026 apraisal\"; did you mean \"2026 appraisal\"? 'dll snapshot' lists them\n"},
		{[]string{"snapshot", "--remove", "Kaylee Brennan-Soto"}, "dll: there is no snapshot with that name; 'dll snapshot' lists them\n"},
	} {
		if code, out, errOut := run(tc.args...); code != ExitUsage || errOut != tc.want || out != "" {
			t.Errorf("dll %v: exit %d\nstderr:\n%s\nwant:\n%s", tc.args, code, errOut, tc.want)
		}
	}

	// Completion offers the names, never one on the privacy list.
	code, out, _ = run("__complete", "snapshot", "--remove", "")
	if want := "2026 appraisal\tdll-snapshot/2026-appraisal\nbefore-spring\tdll-snapshot/before-spring\n:4\n"; code != 0 || out != want {
		t.Errorf("completion:\n%q\nwant:\n%q", out, want)
	}

	// By its tag, the one made by hand with a private name: never quoted.
	gitT(t, repo, nil, "remote", "add", "origin", "https://example.org/portfolio.git")
	code, out, _ = run("snapshot", "--remove", "dll-snapshot/leaving")
	want = "Removed the snapshot you named (the git tag dll-snapshot/leaving of commit " + first + ", made 10 March 2026). The commit and your files are as they were; the site's What changed page no longer lists it once you build again.\n" +
		"If you pushed your snapshots to origin, it is still there: remove it there too with 'git push origin --delete dll-snapshot/leaving'.\n"
	if code != 0 || out != want {
		t.Errorf("exit %d\nstdout:\n%s\nwant:\n%s", code, out, want)
	}
}
