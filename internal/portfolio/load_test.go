package portfolio_test

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"dll/internal/diag"
	"dll/internal/portfolio"
	"dll/internal/validate"
)

const settings = "title: T\nleader:\n  name: A. Leader\n  role: teacher-librarian\n  organization: School\n"

// TestLoadHuge checks that megabytes in one value are refused with a message
// naming the file, and that a long value under the limit is reported as too
// long rather than slowing anything down.
func TestLoadHuge(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{
			name: "over 1 MB",
			src:  "---\ntitle: " + strings.Repeat("a", 1<<20) + "\n---\n",
			want: "experiences/x.md:1:1: the file is too large (1.0 MB; the limit is 1 MB); keep the story short and put large material in evidence files",
		},
		{
			name: "long summary",
			src:  "---\nsummary: " + strings.Repeat("word ", 100_000) + "\n---\n",
			want: "experiences/x.md:2:10: summary: the summary is 499999 characters; keep it to one or two sentences (under 600) and tell the rest in the story",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"dll.yaml":         {Data: []byte(settings)},
				"experiences/x.md": {Data: []byte(tt.src)},
			}
			p, diags := portfolio.Load(fsys)
			var b bytes.Buffer
			validate.Check(p, diags).Print(&b)
			if !strings.Contains(b.String(), tt.want+"\n") {
				t.Errorf("want a line\n%s\ngot:\n%s", tt.want, b.String())
			}
		})
	}
}

// TestPositions: a record answers the same before and after Sort indexes
// it; a path recorded twice stands where it was recorded last; a missing
// path is reported at the nearest enclosing one.
func TestPositions(t *testing.T) {
	at := func(line int) diag.Pos { return diag.Pos{File: "x.md", Line: line, Col: 1} }
	pos := portfolio.NewPositions("x.md")
	pos.Set("", at(1))
	pos.Set("partners", at(2))
	pos.Set("partners[0]", at(3))
	pos.Set("partners[0].name", at(4))
	pos.Set("title", at(5))
	pos.Set("title", at(6))
	tests := []struct {
		path string
		want int // line; 0 when the path itself was not recorded
		at   int // the line At reports
	}{
		{"", 1, 1},
		{"partners[0].name", 4, 4},
		{"partners[0].role", 0, 3},
		{"partners[1]", 0, 2},
		{"title", 6, 6},
		{"titl", 0, 1},
	}
	for _, sorted := range []bool{false, true} {
		if sorted {
			pos.Index()
		}
		for _, tt := range tests {
			got, ok := pos.Get(tt.path)
			if ok != (tt.want != 0) || ok && got != at(tt.want) {
				t.Errorf("sorted %v: Get(%q) = %v, %v; want line %d", sorted, tt.path, got, ok, tt.want)
			}
			if got := pos.At(tt.path); got != at(tt.at) {
				t.Errorf("sorted %v: At(%q) = %v, want line %d", sorted, tt.path, got, tt.at)
			}
		}
	}
}

func TestIsPlaceholder(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"TODO", true},
		{"  todo: describe the unit", true},
		{"ToDo later", true},
		{"tbd", true},
		{"TBD.", false},
		{"...", true},
		{"…", true},
		{"Lorem ipsum dolor sit amet", true},
		{"lorem ıpsum", true}, // the dotless ı is upper-cased to I
		{"Today we planned", false},
		{"TODO- say who took part", true},
		{"todo", true},
		{"Todo:", true},
		{"todo : the context", true},
		{"TODO el grupo", true}, // written as the marker
		{"Todos los estudiantes leían la misma novela.", false},
		{"Todas as turmas", false},
		{"Todo el grupo leyó en voz alta", false},
		{"todo o grupo", false},
		{"Todoist", false},
		{"TODOS", false},
		{"Todo̧ combining", false},
		{"A unit on fractions", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := portfolio.IsPlaceholder(tt.s); got != tt.want {
			t.Errorf("IsPlaceholder(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// TestTextAsTyped: where text is expected, what YAML would read as a
// number, a truth value, a date or nothing is kept exactly as typed,
// whichever path read the YAML (a comment after a list sends it to
// yaml.v3), and with no problem reported.
func TestTextAsTyped(t *testing.T) {
	front := "title: 1e3\nsummary: yes\nstatus: planned\nstart: 2025-01-13\ntype: inquiry\nmode: build\n" +
		"my_role: teacher-librarian\npartners:\n  - name: 012\n    role: classroom-teacher\n    subject: 0x10\n" +
		"setting:\n  organization_type: k12\n  delivery: blended\n  level: 3-5\n  subject: 2025-03-14\n" +
		"contributions:\n  planning: [Planned]\nexpertise: [technology]\n" +
		"tags: [on, Off, 1_000, .5, .inf, 0o17, -0, +12, 1:30, null text, TRUE]\n"
	for _, tail := range []string{"", "technologies: [a] # sent to yaml.v3\n"} {
		fsys := fstest.MapFS{
			"dll.yaml":         {Data: []byte(settings)},
			"experiences/x.md": {Data: []byte("---\n" + front + tail + "---\nStory.\n")},
		}
		p, diags := portfolio.Load(fsys)
		if len(diags) != 0 || len(p.Entries) != 1 {
			t.Fatalf("%d entries, problems: %v", len(p.Entries), diags)
		}
		e := p.Entries[0]
		got := []string{e.Title, e.Summary, e.Partners[0].Name, e.Partners[0].Subject, e.Setting.Subject}
		got = append(got, e.Tags...)
		want := []string{"1e3", "yes", "012", "0x10", "2025-03-14", "on", "Off", "1_000", ".5", ".inf", "0o17", "-0", "+12", "1:30", "null text", "TRUE"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("read %q\nwant %q", got, want)
		}
	}
}
