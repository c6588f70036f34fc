package main_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readmeBlock returns the first fenced block of the given language after
// the heading in README.md.
func readmeBlock(t *testing.T, heading, lang string) string {
	t.Helper()
	src, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	i := strings.Index(s, heading)
	if i < 0 {
		t.Fatalf("README.md has no %q", heading)
	}
	re := regexp.MustCompile("(?s)```" + lang + "\n(.*?)```")
	m := re.FindStringSubmatch(s[i:])
	if m == nil {
		t.Fatalf("README.md has no ```%s block after %q", lang, heading)
	}
	return m[1]
}

// copyExample copies examples/portfolio into a temporary folder.
func copyExample(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	src := "../../examples/portfolio"
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func edit(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReadmeEntryIsValid: the complete entry the README shows validates.
func TestReadmeEntryIsValid(t *testing.T) {
	dir := copyExample(t)
	entry := readmeBlock(t, "## One entry", "markdown")
	if err := os.WriteFile(filepath.Join(dir, "experiences", "book-tasting.md"), []byte(entry), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "experiences", "next-read-plans.pdf"), []byte(minimalPDF), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runDLL(t, dir, "validate", "--strict")
	want := "Checked 13 entries (1 draft and 1 private, not published): no problems found.\n"
	if code != 0 || stdout != want || stderr != "" {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

// TestReadmeErrorsAreReal: the sample problems in the README are what dll
// prints for four mistakes made in the example portfolio.
func TestReadmeErrorsAreReal(t *testing.T) {
	dir := copyExample(t)
	tasting := filepath.Join(dir, "experiences", "grade3-book-tasting.md")
	edit(t, tasting, "type: literacy", "type: litercy")
	edit(t, tasting, "    role: classroom-teacher\n    subject: \"Grade 3\"\n  - name: \"Mrs. K. Baptiste\"\n    role: classroom-teacher",
		"    role: specialist\n    subject: \"Grade 3\"\n  - name: \"Mrs. K. Baptiste\"\n    role: specialist")
	glider := filepath.Join(dir, "experiences", "glider-design-challenge", "index.md")
	edit(t, glider, `alt: "Drawing of the gym test lane`, `alt: "IMG_2041.jpg" # "Drawing of the gym test lane`)
	edit(t, glider, "## What we did\n", "## What we did\n\n<!-- check the names with Ms. Alvarez -->\n")

	stdout, _, code := runDLL(t, dir, "validate")
	want := readmeBlock(t, "Every problem is one line", "")
	if code != 1 || stdout != want {
		t.Errorf("exit %d; dll printed:\n%s\nREADME shows:\n%s", code, stdout, want)
	}
}

// minimalPDF is a one-page PDF that dll can read and clean.
const minimalPDF = `%PDF-1.4
1 0 obj
<</Type/Catalog/Pages 2 0 R>>
endobj
2 0 obj
<</Type/Pages/Kids[3 0 R]/Count 1>>
endobj
3 0 obj
<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>
endobj
xref
0 4
0000000000 65535 f 
0000000009 00000 n 
0000000054 00000 n 
0000000105 00000 n 
trailer
<</Size 4/Root 1 0 R>>
startxref
170
%%EOF
`

// TestReadmeEntryCheckIsReal: the README's check of one entry is what dll
// prints for it, in the example portfolio with a mistake in that entry and
// another elsewhere, which it counts.
func TestReadmeEntryCheckIsReal(t *testing.T) {
	dir := copyExample(t)
	edit(t, filepath.Join(dir, "experiences", "grade3-book-tasting.md"), "type: literacy", "type: litercy")
	edit(t, filepath.Join(dir, "experiences", "glider-design-challenge", "index.md"), `alt: "Drawing of the gym test lane`, `alt: "IMG_2041.jpg" # "Drawing of the gym test lane`)
	stdout, stderr, code := runDLL(t, dir, "validate", "experiences/grade3-book-tasting.md")
	want := readmeBlock(t, "**One entry at a time.**", "")
	if code != 1 || stdout != want || stderr != "" {
		t.Errorf("exit %d; dll printed:\n%s%s\nREADME shows:\n%s", code, stdout, stderr, want)
	}
}

// TestReadmeAddsALanguage: the words of a language the README shows, in a
// portfolio's templates/languages/, make a site in that language; dll
// validate passes, and lists each word still in English at that file.
func TestReadmeAddsALanguage(t *testing.T) {
	dir := copyExample(t)
	words := readmeBlock(t, "**To change a few words**", "yaml")
	name, _, _ := strings.Cut(strings.TrimPrefix(words, "# "), ":")
	if err := os.MkdirAll(filepath.Join(dir, "templates", "languages"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(words), 0o644); err != nil {
		t.Fatal(err)
	}
	edit(t, filepath.Join(dir, "dll.yaml"), "language: en", "language: de")
	stdout, stderr, code := runDLL(t, dir, "validate")
	if code != 0 {
		t.Fatalf("dll validate: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, name+`:1:1: messages.nav.summary: warning: missing in de, so the site writes it in English ("Summary"); add it to templates/languages/de.yaml`) {
		t.Errorf("no word is said to be missing:\n%s", stdout)
	}
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(l, name+":") && !strings.HasPrefix(l, name+":1:1: ") {
			t.Errorf("a problem in the README's words: %s", l)
		}
		if strings.Contains(l, " messages.nav.skip:") || strings.Contains(l, " messages.type.count:") || strings.Contains(l, " dates.") || strings.Contains(l, " lists.") {
			t.Errorf("a word the README gives is said to be missing: %s", l)
		}
	}
	out := filepath.Join(t.TempDir(), "site")
	if stdout, stderr, code := runDLL(t, dir, "build", "-o", out); code != 0 {
		t.Fatalf("dll build: exit %d\n%s%s", code, stdout, stderr)
	}
	page, err := os.ReadFile(filepath.Join(out, "experiences", "glider-design-challenge", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<html lang="de">`, ">Zum Inhalt springen</a>", ">Erfahrungen</a>", `<time datetime="2025-02-03">3. Februar 2025</time>`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the page has no %s", want)
		}
	}
}
