package portfolio_test

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"dll/internal/diag"
	"dll/internal/portfolio"
	"dll/internal/validate"
)

// seedEntry is a clean entry; the seeds below are it with one thing broken,
// as in the scenarios of internal/validate/testdata.
const seedEntry = `---
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
expertise: [instructional-design, equity]
equity:
  barriers: [language]
  actions: [Added books in Spanish]
outcomes:
  learners: 24
  met_or_exceeded: 20
  assessment_basis: a shared rubric
  learner_change: Students explain their choices.
evidence:
  - title: Student work
    kind: student-work
    url: https://example.org/work
    phase: assessment
    consent: anonymized
---
## Big Think
### So what?
Choice matters.
### What next?
Repeat it in spring.
`

func seeds() []string {
	r := strings.NewReplacer
	return []string{
		seedEntry,
		"\ufeff" + seedEntry,
		strings.ReplaceAll(seedEntry, "\n", "\r\n"),
		"\n\n" + seedEntry,
		r("title: Fractions mini-lessons", "title: Lift: the Wright brothers").Replace(seedEntry),
		r("  delivery:", "\tdelivery:").Replace(seedEntry),
		r("start: 2025-01-13", "start: &d 2025-01-13", "end: 2025-01-24", "end: *d").Replace(seedEntry),
		r("end: 2025-01-24", "end: *nope").Replace(seedEntry),
		r("summary: A short", "summary: \"A short").Replace(seedEntry),
		r("expertise: [instructional-design, equity]", "expertise: [equity").Replace(seedEntry),
		r("    role: classroom-teacher", "    rol: classroom-teacher").Replace(seedEntry),
		r("partners:\n  - name: Ms. K.\n    role: classroom-teacher\n", "partners: Ms. K.\n").Replace(seedEntry),
		r("  learners: 24", "  learners: 024", "mode: enhance", "mode: yes").Replace(seedEntry),
		r("Choice matters.", "<!-- note --> ![](https://x.org/a.png) [a](javascript:x)").Replace(seedEntry),
		withFront("alignments:\n  iste-coaches:\n    \"4.3\": Co-planned with Ms. K.\n    4.4:\n  aasl:\n    - inquire: Asked.\n    - explore\n    - code: curate\n      note: [x]\n"),
		"---\ntitle: " + strings.Repeat("[", 300) + "\n---\n",
		"---\n" + laughs() + "---\nStory.\n",
		"---\n",
		"",
	}
}

// withFront is seedEntry with more lines at the end of its front matter.
func withFront(lines string) string {
	end := strings.Index(seedEntry[4:], "\n---\n") + 5
	return seedEntry[:end] + lines + seedEntry[end:]
}

// toYAML turns a Markdown entry into a whole-YAML entry with body: |.
func toYAML(md string) string {
	front, body, ok := strings.Cut(strings.TrimPrefix(md, "---\n"), "---\n")
	if !ok {
		return md
	}
	var b strings.Builder
	b.WriteString(front)
	b.WriteString("body: |\n")
	for _, l := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		b.WriteString("  " + l + "\n")
	}
	return b.String()
}

// FuzzLoadEntry feeds arbitrary bytes to the loader and the validator as a
// Markdown entry, a YAML entry and dll.yaml: nothing may panic, and every
// diagnostic must name a file, a line and a column, and say something.
func FuzzLoadEntry(f *testing.F) {
	for _, s := range seeds() {
		f.Add([]byte(s))
		f.Add([]byte(toYAML(s)))
	}
	f.Add([]byte(settings))
	f.Add([]byte("title: T\nprivacy:\n  roster: ../roster.txt\n  blocked_names: [Zed Quill]\nframeworks: [aasl, nope]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// An input that takes this long hangs a user's validate; crash so
		// that the fuzzer keeps it.
		watchdog := time.AfterFunc(10*time.Second, func() { panic("loading and checking took over 10s") })
		defer watchdog.Stop()
		for _, fsys := range []fstest.MapFS{
			{"dll.yaml": {Data: []byte(settings)}, "experiences/x.md": {Data: data}},
			{"dll.yaml": {Data: []byte(settings)}, "experiences/x.yaml": {Data: data}},
			{"dll.yaml": {Data: data}, "experiences/x.md": {Data: []byte(seedEntry)}},
		} {
			p, loadDiags := portfolio.Load(fsys)
			for _, d := range validate.Check(p, loadDiags) {
				checkDiag(t, d)
			}
		}
	})
}

func checkDiag(t *testing.T, d diag.Diagnostic) {
	t.Helper()
	if d.File == "" || d.Line < 1 || d.Col < 1 || strings.TrimSpace(d.Message) == "" {
		t.Errorf("bad diagnostic %q (file %q, line %d, col %d)", d.String(), d.File, d.Line, d.Col)
	}
	if d.Rule == "internal" {
		t.Errorf("a fault in dll: %s", d.String())
	}
}

// FuzzSplitFrontMatter checks that the splitter's parts are pieces of the
// input and that its line numbers stay within the input's lines.
func FuzzSplitFrontMatter(f *testing.F) {
	for _, s := range seeds() {
		f.Add([]byte(s))
	}
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("---\r\n...\r\nbody"))
	f.Fuzz(func(t *testing.T, src []byte) {
		var diags diag.List
		s, ok := portfolio.SplitFrontMatter("x.md", src, &diags)
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, d := range diags {
			checkDiag(t, d)
			if d.Line > lines {
				t.Errorf("diagnostic at line %d of %d: %s", d.Line, lines, d)
			}
		}
		if !ok {
			if len(diags) == 0 {
				t.Error("no front matter, but no diagnostic either")
			}
			return
		}
		if len(diags) != 0 {
			t.Errorf("ok with diagnostics: %v", diags)
		}
		if !within(src, s.Front) || !within(src, s.Body) {
			t.Fatalf("Front or Body is not a piece of the input")
		}
		if s.FrontLine < 1 || s.FrontLine > lines+1 || s.BodyLine < 1 || s.BodyLine > lines+1 || s.BodyLine <= s.FrontLine {
			t.Errorf("FrontLine %d, BodyLine %d for %d lines", s.FrontLine, s.BodyLine, lines)
		}
		// The lines before the front matter and in it add up to BodyLine.
		if got := s.FrontLine + bytes.Count(s.Front, []byte("\n")) + 1; got != s.BodyLine {
			t.Errorf("FrontLine %d + %d lines of front matter + closing line = %d, but BodyLine is %d", s.FrontLine, bytes.Count(s.Front, []byte("\n")), got, s.BodyLine)
		}
		if len(s.Body) > 0 && !bytes.HasSuffix(src, s.Body) {
			t.Errorf("Body is not the end of the input")
		}
	})
}

// within reports whether part lies inside whole's memory (or is empty).
func within(whole, part []byte) bool {
	if len(part) == 0 {
		return true
	}
	if len(whole) == 0 {
		return false
	}
	w0 := &whole[0]
	p0 := &part[0]
	for i := range whole {
		if &whole[i] == p0 {
			return i+len(part) <= len(whole) && (i > 0 || p0 == w0)
		}
	}
	return false
}
