package site

import (
	"cmp"
	"context"
	"errors"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"dll/internal/diag"
	"dll/internal/portfolio"
	"dll/internal/privacy"
)

const rosterSettings = settings + `privacy:
  roster: private/roster.txt
`

// plainWords is an independent reading of a published file for the test:
// tags and references stripped by expressions, accents removed, lower case,
// every run of other characters one space.
func plainWords(b []byte) string {
	s := regexp.MustCompile(`<[^>]*?(alt|title|content|href|src|aria-label)="([^"]*)"[^>]*>`).ReplaceAllString(string(b), " $2 ")
	s = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(s, "")
	s = strings.NewReplacer("&nbsp;", " ", "&#45;", "-", "&#39;", "'", "&amp;", "&").Replace(s)
	s = norm.NFD.String(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Mn, r):
			return -1
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return unicode.ToLower(r)
		}
		return ' '
	}, s)
	return " " + strings.Join(strings.Fields(s), " ") + " "
}

// TestGuardStopsNamesFromAnywhere builds portfolios that dll validate
// would refuse, or whose names reach the site from outside the entries,
// and checks that each build fails, naming the page and where the name is
// listed but never the name, and leaves the old site as it was.
func TestGuardStopsNamesFromAnywhere(t *testing.T) {
	entry := strings.Replace(photoEntry, "![Our sampling spot](spot.jpg)", "%s", 1)
	cases := []struct {
		name  string
		files map[string]string
		opts  Options
		page  string
	}{
		{"story", map[string]string{"experiences/trip/index.md": strings.Replace(entry, "%s", "We met Mateo\nGarci\u0301a there.", 1)},
			Options{}, "experiences/trip/index.html"},
		{"surname first", map[string]string{"experiences/trip/index.md": strings.Replace(entry, "%s", "Gradebook: GARCIA, Mateo.", 1)},
			Options{}, "experiences/trip/index.html"},
		{"history", map[string]string{"experiences/trip/index.md": strings.Replace(entry, "%s", "A story.", 1), "dll.yaml": rosterSettings + "site:\n  show_revisions: true\n"},
			Options{History: map[string]*History{"experiences/trip/index.md": {Revisions: []Revision{{Message: "Quote from Mateo Garcia"}}}}}, "experiences/trip/index.html"},
		{"text file", map[string]string{"experiences/trip/index.md": strings.Replace(strings.Replace(entry, "%s", "A story.", 1), "file: creek.jpg", "file: notes.txt", 1),
			"experiences/trip/notes.txt": "Notes on\nmateo&nbsp;garcía"}, Options{}, "experiences/trip/notes.txt"},
		{"file name", map[string]string{"experiences/trip/index.md": strings.Replace(strings.Replace(entry, "%s", "A story.", 1), "file: creek.jpg", "file: Mateo_Garcia.jpg", 1),
			"experiences/trip/Mateo_Garcia.jpg": string(gpsJPEG(t))}, Options{}, "experiences/trip/index.html"},
		{"folder", map[string]string{"experiences/mateo-garcia/index.md": strings.Replace(entry, "%s", "A story.", 1),
			"experiences/mateo-garcia/creek.jpg": string(gpsJPEG(t))}, Options{}, "experiences/…/index.html"},
		{"template", map[string]string{"experiences/trip/index.md": strings.Replace(entry, "%s", "A story.", 1),
			"templates/404.html": `{{define "main"}}<p>Ask Ma<em>teo</em> Garc&iacute;a</p>{{end}}`}, Options{}, "404.html"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{"dll.yaml": rosterSettings, "private/roster.txt": "Mateo García\n",
				"experiences/trip/creek.jpg": string(gpsJPEG(t))}
			for k, v := range c.files {
				files[k] = v
			}
			dir := writePortfolio(t, files)
			p, _ := portfolio.Load(os.DirFS(dir))
			out := filepath.Join(t.TempDir(), "public")
			old := writePortfolio(t, map[string]string{Marker: "old", "index.html": "old site"})
			if err := os.Rename(old, out); err != nil {
				t.Fatal(err)
			}
			_, err := Build(context.Background(), p, out, c.opts)
			var pe *PrivateNameError
			if !errors.As(err, &pe) {
				t.Fatalf("the build gave %v; want a private name refused", err)
			}
			if pe.File != c.page || pe.Listed.String() != "private/roster.txt:1:1" {
				t.Errorf("refused %s (%s); want %s (private/roster.txt:1:1)", pe.File, pe.Listed, c.page)
			}
			if msg := strings.ToLower(err.Error()); strings.Contains(msg, "mateo") || strings.Contains(msg, "garc") {
				t.Errorf("the error repeats the name: %s", err)
			}
			if got := tree(t, out); len(got) != 2 || string(got["index.html"]) != "old site" {
				t.Errorf("the old site was changed: %d files", len(got))
			}
		})
	}
}

// TestNoNameInAnyPublishedFile builds a clean portfolio with a roster, and
// reads every published file, by an independent reading, for the names.
func TestNoNameInAnyPublishedFile(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, example, dir)
	roster := "Mateo García\nLopez, Ana\nKaylee Brennan-Soto\n"
	if err := os.MkdirAll(filepath.Join(dir, "private"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "private/roster.txt"), []byte(roster), 0o644)
	yaml, _ := os.ReadFile(filepath.Join(dir, "dll.yaml"))
	if !strings.Contains(string(yaml), "privacy:") {
		t.Fatal("the example has no privacy settings to extend")
	}
	yaml = []byte(strings.Replace(string(yaml), "privacy:\n", "privacy:\n  roster: private/roster.txt\n", 1))
	os.WriteFile(filepath.Join(dir, "dll.yaml"), yaml, 0o644)
	p := loadChecked(t, dir)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), p, out, Options{}); err != nil {
		t.Fatal(err)
	}
	for name, data := range tree(t, out) {
		words := plainWords(data) + plainWords([]byte(name))
		for _, n := range []string{" mateo garcia ", " ana lopez ", " lopez ana ", " kaylee brennan soto "} {
			if strings.Contains(words, n) {
				t.Errorf("%s publishes %q", name, n)
			}
		}
	}
}

// TestHiddenAndPrivateFilesNeverPublished builds, without validating, a
// portfolio whose story, evidence and leader photo name hidden files,
// files in private/, and another entry's evidence: none is published.
func TestHiddenAndPrivateFilesNeverPublished(t *testing.T) {
	photo := string(gpsJPEG(t))
	story := strings.Replace(photoEntry, "![Our sampling spot](spot.jpg)", "See [config](.git/config), [keys](.env) and ![a](.hidden.jpg).", 1)
	story = strings.Replace(story, "file: creek.jpg", "file: .hidden.jpg", 1)
	for _, leader := range []string{"private/me.jpg", "experiences/trip/.hidden.jpg", "experiences/other/pending.jpg", ".me.jpg", "private/../.me.jpg"} {
		t.Run(leader, func(t *testing.T) {
			dir := writePortfolio(t, map[string]string{
				"dll.yaml":                      settings + "  photo: " + leader + "\n  photo_alt: The leader smiling\n",
				"experiences/trip/index.md":     story,
				"experiences/trip/.hidden.jpg":  photo,
				"experiences/trip/.env":         "SECRET=1",
				"experiences/trip/.git/config":  "[core]",
				"experiences/other/pending.jpg": photo,
				"private/me.jpg":                photo,
				".me.jpg":                       photo,
			})
			p, _ := portfolio.Load(os.DirFS(dir))
			out := filepath.Join(t.TempDir(), "public")
			if _, err := Build(context.Background(), p, out, Options{}); err != nil {
				t.Fatal(err)
			}
			for name, data := range tree(t, out) {
				if strings.HasPrefix(path.Base(name), ".") && name != Marker || strings.HasPrefix(name, "assets/") && strings.HasSuffix(name, ".jpg") {
					t.Errorf("%s was published", name)
				}
				if strings.Contains(string(data), "SECRET") || strings.Contains(string(data), "[core]") {
					t.Errorf("%s holds a hidden file's text", name)
				}
			}
		})
	}
}

// memFileWriter keeps what a guarded file writes on, for the guard's tests.
type memFileWriter struct {
	files map[string]*strings.Builder
}

func (w *memFileWriter) create(name string) (io.WriteCloser, error) {
	sb := &strings.Builder{}
	w.files[name] = sb
	return nopCloser{sb}, nil
}

// A JSON document too large to hold, such as the portfolio.json of many
// thousand entries, is read for names as it is written rather than held
// whole: a name anywhere in it still fails the file, a document that is
// not JSON is refused, and a clean one reaches the file unchanged. A page
// is still held until it is read whole.
func TestGuardReadsLargeJSONAsItComes(t *testing.T) {
	names := privacy.New([]portfolio.RosterName{{Name: "Ana Lopez", Pos: diag.Pos{File: "private/roster.txt", Line: 3, Col: 1}}})
	item := `{"title": "Reading circles", "summary": "` + strings.Repeat("Learners chose their books. ", 40) + `"}`
	doc := func(n int, extra string) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = item
		}
		return `{"entries": [` + strings.Join(parts, ", ") + extra + `]}`
	}
	large := 3 * holdAtMost / len(item)
	cases := []struct {
		name, text, want string
	}{
		{"clean", doc(large, ""), ""},
		{"a name at the end", doc(large, `, {"title": "With Ana Lopez"}`), "portfolio.json would publish a name from your privacy list (private/roster.txt:3:1)"},
		{"a name at the start", `{"x": "ana  lopez", "entries": ` + doc(large, "") + `}`, "portfolio.json would publish a name from your privacy list (private/roster.txt:3:1)"},
		{"not JSON", doc(large, `, {"title": Ana}`), "portfolio.json could not be read for names from your privacy list"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mem := &memFileWriter{files: map[string]*strings.Builder{}}
			f, err := guard{w: mem, names: names}.create("portfolio.json")
			if err != nil {
				t.Fatal(err)
			}
			var werr error
			for i := 0; i < len(c.text) && werr == nil; i += 4096 {
				_, werr = f.Write([]byte(c.text[i:min(i+4096, len(c.text))]))
				if i == 2*holdAtMost && mem.files["portfolio.json"].Len() == 0 {
					t.Fatal("the guard holds a large JSON document whole")
				}
			}
			cerr := f.Close()
			err = cmp.Or(werr, cerr)
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("a clean document fails: %v", err)
			case c.want == "" && mem.files["portfolio.json"].String() != c.text:
				t.Fatal("the document reached the file changed")
			case c.want != "" && (err == nil || !strings.HasPrefix(err.Error(), c.want)):
				t.Fatalf("got %v, want an error starting %q", err, c.want)
			case c.want != "" && strings.Contains(err.Error(), "Ana"):
				t.Fatalf("the error names the name: %v", err)
			}
		})
	}

	// A page is held whole until it is closed, and a name in it fails it.
	mem := &memFileWriter{files: map[string]*strings.Builder{}}
	f, _ := guard{w: mem, names: names}.create("experiences/x/index.html")
	page := "<p>" + strings.Repeat("Learners chose their books. ", 3*holdAtMost/28) + "Ana Lopez</p>"
	f.Write([]byte(page))
	if mem.files["experiences/x/index.html"].Len() != 0 {
		t.Fatal("a page reached its file before it was read whole")
	}
	var pe *PrivateNameError
	if err := f.Close(); !errors.As(err, &pe) || mem.files["experiences/x/index.html"].Len() != 0 {
		t.Fatalf("a page that names someone: %v, and %d bytes written", err, mem.files["experiences/x/index.html"].Len())
	}
}
