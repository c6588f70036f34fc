package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUnfinishedNeverBlocks: a new portfolio with one finished entry and
// three entries just scaffolded and left unfinished builds, and its
// preview works: the unfinished entries are left out of the site, listed
// with what is left in validate, status and the preview's pages, and the
// finished one is published.
func TestUnfinishedNeverBlocks(t *testing.T) {
	root := copyExample(t)
	// Keep one finished entry of the example, and its settings.
	entries := filepath.Join(root, "experiences")
	items, _ := os.ReadDir(entries)
	for _, it := range items {
		if it.Name() != "glider-design-challenge" {
			os.RemoveAll(filepath.Join(entries, it.Name()))
		}
	}
	for _, title := range []string{"Book tasting", "Maker week", "Podcast club"} {
		if r := dll(t, root, "new", "experience", title, "--type", "literacy", "--mode", "enhance"); r.code != 0 {
			t.Fatalf("new experience %s: exit %d\n%s%s", title, r.code, r.out, r.err)
		}
	}

	r := dll(t, root, "validate")
	wantSummary := "Checked 4 entries (3 planned, not published): 5 warnings, no errors. 36 things to finish before the unpublished entries can be published (marked \"before publishing\"); they do not stop dll build, and dll status lists them by entry.\n"
	if r.code != 0 || !strings.HasSuffix(r.out, wantSummary) {
		t.Errorf("validate: exit %d\n%s\nwant the summary:\n%s", r.code, r.out, wantSummary)
	}

	r = dll(t, root, "build")
	if r.code != 0 || strings.Contains(r.out, "before publishing:") ||
		!strings.Contains(r.out, "Left out: 3 planned entries, with 36 things to finish before they can be published; dll validate lists them.\n") {
		t.Fatalf("build: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if _, err := os.Stat(filepath.Join(root, "public", "experiences", "glider-design-challenge", "index.html")); err != nil {
		t.Errorf("the finished entry is not published: %v", err)
	}
	for _, slug := range []string{"book-tasting", "maker-week", "podcast-club"} {
		if _, err := os.Stat(filepath.Join(root, "public", "experiences", slug)); err == nil {
			t.Errorf("the unfinished entry %s is published", slug)
		}
	}

	// With --drafts the unfinished entries are in the build, for a look:
	// the summary must not say they are left out.
	r = dll(t, root, "build", "--drafts", "-o", filepath.Join(t.TempDir(), "look"))
	if r.code != 0 || strings.Contains(r.out, "Left out") ||
		!strings.Contains(r.out, "In this build for a look only: 3 planned entries, with 36 things to finish before they can be published; dll validate lists them.\n") ||
		!strings.Contains(r.out, "Built 4 experiences into ") {
		t.Errorf("build --drafts: exit %d\n%s%s", r.code, r.out, r.err)
	}

	r = dll(t, root, "status")
	if r.code != 0 || strings.Count(r.out, "12 to write: contributions (3), equity, partners, story (5), summary, what_changed\n") != 3 {
		t.Errorf("status: exit %d\n%s", r.code, r.out)
	}

	s := startServe(t, root, "--port", "0")
	if !s.said("36 things to finish in entries not published yet: each one's page in the preview lists them.") {
		t.Errorf("serve does not count what is left:\n%s", s.output())
	}
	code, body := get(t, s.url+"experiences/book-tasting/")
	if code != 200 || !strings.Contains(body, "<strong>Planned.</strong> This experience is not published: it appears only in your preview, never on the site <code>dll build</code> makes.") ||
		!strings.Contains(body, "<li>line 6, summary: still to write: replace &#34;TODO: one or two sentences: what learners read, viewed or...&#34; with your own words</li>") {
		t.Errorf("the preview of an unfinished entry: %d\n%s", code, body)
	}
	if code, _ := get(t, s.url+"experiences/glider-design-challenge/"); code != 200 {
		t.Errorf("the finished entry in the preview: %d", code)
	}
	// An edit to the finished entry updates the preview while the others
	// stay unfinished.
	events := openEvents(t, s.url)
	glider := filepath.Join(entries, "glider-design-challenge", "index.md")
	saveAtomically(t, glider, strings.Replace(readFile(t, glider), `title: "Glider Design Challenge`, `title: "Paper Glider Design Challenge`, 1))
	for {
		if name, _ := events.next(t); name == "reload" {
			break
		}
	}
	if _, body := get(t, s.url+"experiences/glider-design-challenge/"); !strings.Contains(body, "Paper Glider Design Challenge") {
		t.Error("the preview did not update the finished entry")
	}
	if err := s.stop(t); err != nil {
		t.Fatal(err)
	}
}

// The summary of a build names every entry whose things to finish it
// counts: a private entry with a problem, and an entry dll could not read
// that says it is a draft, are left out too, even from a build --drafts,
// which shows only the drafts and planned entries it can read.
func TestLeftOutNamesEveryWaitingEntry(t *testing.T) {
	root := copyExample(t)
	entries := filepath.Join(root, "experiences")
	// The example's one draft is gone: what is left out is the entries below.
	if err := os.Remove(filepath.Join(entries, "family-digital-citizenship-nights.md")); err != nil {
		t.Fatal(err)
	}
	edit := func(name, old, new string) {
		t.Helper()
		file := filepath.Join(entries, name)
		data, err := os.ReadFile(file)
		if err != nil || !strings.Contains(string(data), old) {
			t.Fatalf("%s: %v, or it has no %q", name, err, old)
		}
		if err := os.WriteFile(file, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("grade6-reading-access/index.md", "\nmode: ", "\nmode: sideways\nx_mode: ")
	r := dll(t, root, "build")
	if want := "Left out: 1 private entry, with 2 things to finish before it can be published; dll validate lists them.\n"; r.code != 0 || !strings.Contains(r.out, want) {
		t.Errorf("build: exit %d\n%s%s\nwant:\n%s", r.code, r.out, r.err, want)
	}

	edit("glider-design-challenge/index.md", "\ntitle: ", "\ndraft: true\ntitle: \"bad \"quote\" here\"\nx_title: ")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"build"}, "Left out: 1 private entry and 1 entry dll could not read, with 3 things to finish before they can be published; dll validate lists them.\n"},
		{[]string{"build", "--drafts", "-o", filepath.Join(t.TempDir(), "look")}, "Left out: 1 private entry and 1 entry dll could not read, with 3 things to finish before they can be published; dll validate lists them.\n"},
	} {
		if r := dll(t, root, c.args...); r.code != 0 || !strings.Contains(r.out, c.want) {
			t.Errorf("%v: exit %d\n%s%s\nwant:\n%s", c.args, r.code, r.out, r.err, c.want)
		}
	}
}
