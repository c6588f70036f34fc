package site_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"dll/internal/diag"
	"dll/internal/portfolio"
	"dll/internal/site"
	"dll/internal/validate"
)

const paritySettings = `title: Parity portfolio
leader:
  name: A. Leader
  role: teacher-librarian
  organization: Example School
`

// parityEntry is a valid published entry with one file of evidence, named
// by FILE, and the tags TAGS.
const parityEntry = `---
title: Fractions mini-lessons
summary: A short summary of the experience.
status: completed
start: 2025-01-13
end: 2025-01-24
type: directed-instruction
mode: enhance
what_changed: Students now keep notes and choose their next steps against their own goals.
my_role: teacher-librarian
partners:
  - name: Ms. K.
    role: classroom-teacher
setting:
  organization_type: k12
  delivery: face-to-face
  level: 3-5
contributions:
  planning: [Co-planned the lessons]
  teaching: [Co-taught the sessions]
  assessment: [Scored the work with the teacher]
expertise: [instructional-design]
outcomes:
  learners: 24
  met_or_exceeded: 20
  assessment_basis: a shared rubric
  learner_change: Students explain their choices.
evidence:
  - title: Student work
    kind: student-work
    file: FILE
    phase: assessment
    consent: anonymized
tags: TAGS
---
## Big Think
### So what?
Choice matters.
### What next?
Repeat it in spring.
`

// parityCase is a portfolio: a folder entry (its folder name, evidence
// file and tags), and any other files.
type parityCase struct {
	name     string
	folder   string            // the entry's folder under experiences/
	evidence string            // the evidence file, made in the folder
	tags     []string          // the entry's tags
	files    map[string]string // other files of the portfolio
	deny     string            // a file (portfolio path) that cannot be opened
	// want is true when validate must report an error (for names that
	// Windows cannot hold, which Linux builds without complaint).
	want bool
}

// deniedFS fails to open one file, as a file without read permission does
// for anyone but its owner.
type deniedFS struct {
	fs.FS
	name string
}

func (f deniedFS) Open(name string) (fs.File, error) {
	if name == f.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.FS.Open(name)
}

func (f deniedFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.FS, name) }
func (f deniedFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(f.FS, name) }

func yamlList(tags []string) string {
	q := make([]string, len(tags))
	for i, t := range tags {
		q[i] = strconv.Quote(t)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// TestValidateBeforeBuild: for portfolios with names and files that a build
// could trip on (names too long for a disk, with line breaks, characters
// or device names Windows refuses, files that cannot be read, folders
// named like the entry's page, model ids that name pages), either dll
// validate reports an error at a file and line, or dll build succeeds.
// Never does validate pass and the build then fail.
func TestValidateBeforeBuild(t *testing.T) {
	long := strings.Repeat("a", 256)
	hangul := strings.Repeat("강", 80) // 240 bytes, spelled in Latin as 320 letters
	cases := []parityCase{
		{name: "plain", folder: "unit", evidence: "report.pdf", tags: []string{"reading"}},
		{name: "tag of 256 letters", folder: "unit", evidence: "report.pdf", tags: []string{long}, want: true},
		{name: "tag in Korean", folder: "unit", evidence: "report.pdf", tags: []string{hangul}, want: true},
		{name: "tag con", folder: "unit", evidence: "report.pdf", tags: []string{"Con"}, want: true},
		{name: "tag lpt9", folder: "unit", evidence: "report.pdf", tags: []string{"LPT9."}, want: true},
		{name: "folder in Korean", folder: hangul, evidence: "report.pdf", want: true},
		{name: "folder con", folder: "con", evidence: "report.pdf", want: true},
		{name: "folder aux.unit", folder: "aux.unit", evidence: "report.pdf", want: true},
		{name: "folder ending in a dot", folder: "notes.", evidence: "report.pdf", want: true},
		{name: "folder ending in a space", folder: "unit ", evidence: "report.pdf", want: true},
		{name: "folder with a line break", folder: "unit\nx", evidence: "report.pdf", want: true},
		{name: "evidence with a line break", folder: "unit", evidence: "report\n.pdf", want: true},
		{name: "evidence with a tab", folder: "unit", evidence: "report\t.pdf", want: true},
		{name: "evidence with a control character", folder: "unit", evidence: "report\x01.pdf", want: true},
		{name: "evidence with a colon", folder: "unit", evidence: "Unit 1: report.pdf", want: true},
		{name: "evidence with a question mark", folder: "unit", evidence: "why?.pdf", want: true},
		{name: "evidence with quotes", folder: "unit", evidence: `"report".pdf`, want: true},
		{name: "evidence with a star", folder: "unit", evidence: "report*.pdf", want: true},
		{name: "evidence with <>|", folder: "unit", evidence: "a<b>c|d.pdf", want: true},
		{name: "evidence aux.jpg", folder: "unit", evidence: "aux.pdf", want: true},
		{name: "evidence CON.tar.gz", folder: "unit", evidence: "CON.tar.gz", want: true},
		{name: "evidence com1", folder: "unit", evidence: "com1.pdf", want: true},
		{name: "evidence ending in a dot", folder: "unit", evidence: "notes.", want: true},
		{name: "evidence ending in a space", folder: "unit", evidence: "notes.pdf ", want: true},
		{name: "evidence of 255 bytes", folder: "unit", evidence: strings.Repeat("r", 251) + ".pdf"},
		{name: "evidence deep in folders", folder: "unit", evidence: strings.Repeat("folder/", 40) + "report.pdf"},
		{name: "evidence in a folder named index.html", folder: "unit", evidence: "index.html/report.pdf", want: true},
		{name: "evidence in a folder named INDEX.HTML", folder: "unit", evidence: "INDEX.HTML/report.pdf", want: true},
		{name: "evidence that cannot be read", folder: "unit", evidence: "report.pdf", deny: "experiences/unit/report.pdf", want: true},
		{name: "another file in the entry named aux", folder: "unit", evidence: "report.pdf", files: map[string]string{"experiences/unit/aux.txt": "x"}, want: true},
		{name: "a template named with a colon", folder: "unit", evidence: "report.pdf", files: map[string]string{"templates/a:b.html": "x"}, want: true},
		{name: "leader photo with a line break", folder: "unit", evidence: "report.pdf",
			files: map[string]string{"dll.yaml": paritySettings + "  photo: \"me\\n.jpg\"\n  photo_alt: A portrait of the leader in the library.\n", "me\n.jpg": "not a photo"}, want: true},
		{name: "type id leaving the site", folder: "unit", evidence: "report.pdf",
			files: map[string]string{"model.yaml": "vocabularies:\n  types:\n    values:\n      - {id: ../../escape, label: Escape}\n"}, want: true},
		{name: "type id with a slash", folder: "unit", evidence: "report.pdf",
			files: map[string]string{"model.yaml": "vocabularies:\n  types:\n    values:\n      - {id: a/b, label: Slash}\n"}, want: true},
		{name: "type id of 300 letters", folder: "unit", evidence: "report.pdf",
			files: map[string]string{"model.yaml": "vocabularies:\n  types:\n    values:\n      - {id: " + strings.Repeat("t", 300) + ", label: Long}\n"}, want: true},
		{name: "framework id nul", folder: "unit", evidence: "report.pdf",
			files: map[string]string{"model.yaml": "frameworks:\n  - id: nul\n    name: Nul\n    codes: [{id: a, label: A}]\n", "dll.yaml": paritySettings + "frameworks: [nul]\n"}, want: true},
		{name: "framework id with a line break", folder: "unit", evidence: "report.pdf",
			files: map[string]string{"model.yaml": "frameworks:\n  - id: \"x\\ny\"\n    name: X\n    codes: [{id: a, label: A}]\n"}, want: true},
		{name: "a layout that does not parse", folder: "unit", evidence: "report.pdf", files: map[string]string{"templates/base.html": "<main>{{ .Nope </main>"}, want: true},
		{name: "a page with an unknown function", folder: "unit", evidence: "report.pdf", files: map[string]string{"templates/entry.html": "{{ define \"main\" }}\n{{ shout .Title }}{{ end }}"}, want: true},
		{name: "a template that cannot be read", folder: "unit", evidence: "report.pdf", files: map[string]string{"templates/list.html": "{{ define \"main\" }}{{ end }}"}, deny: "templates/list.html", want: true},
		{name: "evidence named like another but for capitals", folder: "unit", evidence: "report.pdf", files: map[string]string{"experiences/unit/Report.pdf": "%PDF"}, want: true},
		{name: "evidence named like another but for its accents' form", folder: "unit", evidence: "caf\u00e9.pdf", files: map[string]string{"experiences/unit/cafe\u0301.pdf": "%PDF"}, want: true},
		{name: "entry files named alike in experiences/", folder: "unit", evidence: "report.pdf", files: map[string]string{"experiences/Notes.pdf": "%PDF", "experiences/notes.pdf": "%PDF"}, want: true},
		{name: "a name that is not UTF-8", folder: "unit", evidence: "report.pdf", files: map[string]string{"experiences/unit/r\xff.pdf": "%PDF"}, want: true},
		{name: "a hidden file with a colon", folder: "unit", evidence: "report.pdf", files: map[string]string{"experiences/unit/.a:b": "x"}, want: true},
		{name: "a note at the top with a colon", folder: "unit", evidence: "report.pdf", files: map[string]string{"notes: to do.txt": "x"}},
	}
	pdf, err := os.ReadFile("../media/testdata/doc.pdf") // a real PDF, which validate reads
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			files := map[string]string{"dll.yaml": paritySettings}
			entry := strings.NewReplacer("FILE", strconv.Quote(c.evidence), "TAGS", yamlList(c.tags)).Replace(parityEntry)
			files["experiences/"+c.folder+"/index.md"] = entry
			files["experiences/"+c.folder+"/"+c.evidence] = string(pdf)
			for name, data := range c.files {
				files[name] = data
			}
			for name, data := range files {
				full := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
					t.Skipf("this disk cannot hold the case: %v", err)
				}
				if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
					t.Skipf("this disk cannot hold the case: %v", err)
				}
			}
			var fsys fs.FS = os.DirFS(dir)
			if c.deny != "" {
				fsys = deniedFS{FS: fsys, name: c.deny}
			}
			// As dll validate and dll build check a portfolio.
			p, loadDiags := portfolio.Load(fsys)
			loadDiags = append(loadDiags, site.CheckTemplates(p.FS)...)
			diags := validate.Check(p, loadDiags)
			errs, _ := diags.Count()
			if errs > 0 {
				t.Log(diagText(diags))
				for _, d := range diags {
					if d.Severity == diag.Error && (d.File == "" || d.Line < 1 || d.Col < 1) {
						t.Errorf("an error without a place: %s", d)
					}
				}
				if !c.want {
					t.Errorf("validate reports errors for a portfolio that builds:\n%s", diagText(diags))
				}
				return
			}
			if c.want {
				t.Errorf("validate passes:\n%s", diagText(diags))
			}
			out := filepath.Join(t.TempDir(), "public")
			if _, err := site.Build(context.Background(), p, out, site.Options{}); err != nil {
				t.Errorf("validate passed, then the build failed: %v\n%s", err, diagText(diags))
			}
		})
	}
}

func diagText(l diag.List) string {
	var b strings.Builder
	l.Print(&b)
	return b.String()
}
