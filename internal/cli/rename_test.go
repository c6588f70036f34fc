package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRename: dll rename moves a folder entry with git mv, changes every
// link to it (inline, in angle brackets, by folder, to its files, by
// reference, with a fragment) in the other entries and the philosophy
// statement, and its name in dll.yaml's featured list; the portfolio still
// validates, and the site's history of the entry goes back past the
// rename.
func TestRename(t *testing.T) {
	t.Parallel()
	repo, dir := examplePortfolioRepo(t)
	writeFile(t, filepath.Join(dir, "dll.yaml"), readFile(t, filepath.Join(dir, "dll.yaml"))+"site:\n  show_revisions: true\n")
	book := filepath.Join(dir, "experiences", "grade3-book-tasting.md")
	writeFile(t, book, readFile(t, book)+"\nSee [the gliders](glider-design-challenge/index.md#what-we-did), [its page](<glider-design-challenge/>) and [the rubric][r].\n\n[r]: glider-design-challenge/index.md \"The glider challenge\"\n")
	philosophy := filepath.Join(dir, "philosophy.md")
	writeFile(t, philosophy, readFile(t, philosophy)+"\nRead about [gliders](experiences/glider-design-challenge/index.md).\n")
	commitAt(t, repo, "2025-02-01T10:00:00Z", "Link the gliders")
	if code := newTestEnv(t, dir).run(t, "snapshot", "Before the rename"); code != 0 {
		t.Fatal("the snapshot failed")
	}

	e := newTestEnv(t, dir)
	if code := e.run(t, "rename", "glider-design-challenge", "Glider redesign"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	want := "Renamed experiences/glider-design-challenge to experiences/glider-redesign with git mv, so that its history goes with it.\n" +
		"The name is written as a web address writes it: glider-redesign.\n" +
		"Changed the links to it in experiences/grade3-book-tasting.md (3 links), philosophy.md (1 link), and its name in the featured list of dll.yaml.\n" +
		"Its page's address is now experiences/glider-redesign/ on the site; links to the old address from elsewhere (emails, other sites) no longer find it.\n" +
		"Commit the change when you are ready, such as with: git add -A && git commit -m \"Rename glider-design-challenge to glider-redesign\"\n"
	if e.out.String() != want || e.err.Len() > 0 {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr:\n%s", e.out, want, e.err)
	}
	if got := readFile(t, book); !strings.HasSuffix(got, "\nSee [the gliders](glider-redesign/index.md#what-we-did), [its page](<glider-redesign/>) and [the rubric][r].\n\n[r]: glider-redesign/index.md \"The glider challenge\"\n") {
		t.Errorf("the book tasting's links:\n%s", got[len(got)-300:])
	}
	if got := readFile(t, philosophy); !strings.HasSuffix(got, "[gliders](experiences/glider-redesign/index.md).\n") {
		t.Errorf("the philosophy's link:\n%s", got[len(got)-100:])
	}
	if got := readFile(t, filepath.Join(dir, "dll.yaml")); !strings.Contains(got, "featured: [glider-redesign, youth-coding-pathways, mill-creek-water-inquiry]\n") {
		t.Errorf("dll.yaml's featured list was not changed:\n%s", got)
	}
	status := gitT(t, repo, nil, "status", "--porcelain")
	if !strings.Contains(status, "R  \"my portfolio/experiences/glider-design-challenge/index.md\" -> \"my portfolio/experiences/glider-redesign/index.md\"") {
		t.Errorf("git does not record the move:\n%s", status)
	}
	if v := newTestEnv(t, dir); v.run(t, "validate", "--strict") != 0 {
		t.Errorf("the portfolio no longer validates:\n%s", v.out)
	}

	commitAt(t, repo, "2025-02-02T10:00:00Z", "Rename the gliders")
	b := newTestEnv(t, dir)
	if code := b.run(t, "build"); code != 0 {
		t.Fatalf("build: exit %d\n%s%s", code, b.out, b.err)
	}
	got := pageHistory(t, filepath.Join(dir, "public", "experiences", "glider-redesign", "index.html"))
	wantHistory := []string{"2025-02-02: Rename the gliders", "2025-01-20: Plan the glider redesign"}
	if !slices.Equal(got, wantHistory) {
		t.Errorf("the renamed entry's history:\n%q\nwant:\n%q", got, wantHistory)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "experiences", "glider-design-challenge")); err == nil {
		t.Error("the old page is still built")
	}
	// Since the snapshot, the entry was renamed, not added.
	changes := readFile(t, filepath.Join(dir, "public", "changes", "index.html"))
	if strings.Contains(changes, "New experiences") || !strings.Contains(changes, "<h3>Revised experiences</h3>\n<ul>\n<li><a href=\"../experiences/glider-redesign/index.html\">") {
		t.Errorf("the What changed page does not list the renamed entry as revised:\n%s", changes[strings.Index(changes, "<main"):strings.Index(changes, "</main>")])
	}
}

// TestRenameOutsideGit: without git, the file moves as it is; a link
// written with a YAML escape in an entry's body: (which dll cannot change
// in place) is named for the author to change.
func TestRenameOutsideGit(t *testing.T) {
	t.Parallel()
	dir := copyExample(t)
	k2 := filepath.Join(dir, "experiences", "k2-wonder-wall.yaml")
	src := readFile(t, k2)
	book := filepath.Join(dir, "experiences", "grade3-book-tasting.md")
	writeFile(t, book, readFile(t, book)+"\nSee [the wall](k2-wonder-wall.yaml).\n")
	notes := filepath.Join(dir, "experiences", "notes.yaml")
	writeFile(t, notes, "title: Notes\nbody: \"See [the wall](k2\\u002dwonder-wall.yaml).\"\n")
	e := newTestEnv(t, dir)
	if code := e.run(t, "rename", "experiences/k2-wonder-wall.yaml", "wonder-wall"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	want := "Renamed experiences/k2-wonder-wall.yaml to experiences/wonder-wall.yaml.\n" +
		"Changed the links to it in experiences/grade3-book-tasting.md (1 link).\n" +
		"Change by hand the links to it that dll could not change, in experiences/notes.yaml: dll validate shows each.\n" +
		"Its page's address is now experiences/wonder-wall/ on the site; links to the old address from elsewhere (emails, other sites) no longer find it.\n"
	if e.out.String() != want || e.err.Len() > 0 {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr:\n%s", e.out, want, e.err)
	}
	if got := readFile(t, filepath.Join(dir, "experiences", "wonder-wall.yaml")); got != src {
		t.Error("the entry's text changed")
	}
	if _, err := os.Stat(k2); err == nil {
		t.Error("the old file is still there")
	}
	if !strings.HasSuffix(readFile(t, book), "\nSee [the wall](wonder-wall.yaml).\n") {
		t.Error("the link was not changed")
	}
}

// TestRenameRefusals: a name another entry has, or one dll validate would
// refuse, is refused, changing nothing; a name on the privacy list is
// never printed.
// TestRenameUnpublishedPrivateName: an entry not published yet cannot be
// renamed after someone on the privacy list either: its name would be a
// path in git's history from its next commit. Nothing moves, and the name
// is never printed.
func TestRenameUnpublishedPrivateName(t *testing.T) {
	t.Parallel()
	dir := copyExample(t)
	writeFile(t, filepath.Join(dir, "dll.yaml"), readFile(t, filepath.Join(dir, "dll.yaml"))+"  roster: private/roster.txt\n")
	writeFile(t, filepath.Join(dir, "private", "roster.txt"), "Mateo García\n")
	before := readTree(t, dir)
	e := newTestEnv(t, dir)
	code := e.run(t, "rename", "family-digital-citizenship-nights", "Nights with Mateo Garcia")
	want := "dll: the new name contains a name from your privacy list (private/roster.txt:1:1); it would name the entry's file or folder, which is its page's address and stays in git's history. Give initials or a pseudonym instead\n"
	if code != ExitUsage || e.err.String() != want || e.out.Len() > 0 {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s\nwant:\n%s", code, e.out, e.err, want)
	}
	after := readTree(t, dir)
	if len(after) != len(before) {
		t.Fatalf("files went from %d to %d", len(before), len(after))
	}
	for name, data := range before {
		if after[name] != data {
			t.Errorf("%s changed", name)
		}
	}
}

func TestRenameRefusals(t *testing.T) {
	t.Parallel()
	dir := copyExample(t)
	writeFile(t, filepath.Join(dir, "experiences", "Notes", "ideas.txt"), "later\n")
	before := readTree(t, dir)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"glider-design-challenge", "feed"}, "dll: dll validate would refuse this name: \"feed\" is a name the site uses for its own pages; rename this entry (for example feed-unit)\n"},
		{[]string{"glider-design-challenge", "CON"}, "dll: dll validate would refuse this name: \"con\" is a name Windows keeps for a device (CON), so the portfolio could not be checked out on Windows; rename the folder, for example to con-1\n"},
		{[]string{"glider-design-challenge", "Kaylee Brennan-Soto's gliders"}, "dll: dll validate would refuse this name: the name of this entry's folder is in the address of each of its pages and contains a name from your privacy list (dll.yaml:49:19); rename the folder\n"},
		{[]string{"glider-design-challenge", "Grade3 book tasting"}, "dll: the entry experiences/grade3-book-tasting.md is named grade3-book-tasting already, and two entries cannot share a web address; choose another name\n"},
		{[]string{"glider-design-challenge", "notes"}, "dll: experiences/Notes is there already; choose another name, or move it away first\n"},
		{[]string{"glider-design-challenge", "Glider design challenge"}, "dll: experiences/glider-design-challenge/index.md is named glider-design-challenge already\n"},
		{[]string{"glider-design-challenge", "!!!"}, "dll: the new name gives the entry no web address; use letters or numbers, like book-tasting-grade-4\n"},
		{[]string{"gliders", "new"}, "dll: there is no entry \"gliders\"\nThe entries are: city-onboarding-pathways, family-digital-citizenship-nights, glider-design-challenge, grade3-book-tasting, grade6-reading-access, grade7-lateral-reading-lab, intro-biology-retrieval, k2-wonder-wall, mill-creek-water-inquiry, neighborhood-oral-history, support-onboarding-cases, youth-coding-pathways\n"},
		{[]string{"glider-design-challenge"}, "dll: dll rename needs the entry and its new name, like: dll rename book-tasting book-tasting-grade-4\n"},
		{[]string{"glider-design-challenge", "glider", "redesign"}, "dll: put the new name in quotes, like: dll rename glider-design-challenge \"glider redesign\"\n"},
	} {
		e := newTestEnv(t, dir)
		code := e.run(t, append([]string{"rename"}, tc.args...)...)
		if code != ExitUsage || e.err.String() != tc.want || e.out.Len() > 0 {
			t.Errorf("dll rename %q: exit %d\nstdout:\n%s\nstderr:\n%s\nwant:\n%s", tc.args, code, e.out, e.err, tc.want)
		}
		if strings.Contains(strings.ToLower(e.err.String()), "kaylee") {
			t.Error("a name on the privacy list was printed")
		}
	}
	after := readTree(t, dir)
	if len(after) != len(before) {
		t.Fatalf("files went from %d to %d", len(before), len(after))
	}
	for name, data := range before {
		if after[name] != data {
			t.Errorf("%s changed", name)
		}
	}
}
