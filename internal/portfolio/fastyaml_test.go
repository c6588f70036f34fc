package portfolio

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"dll/internal/diag"
	"dll/internal/sample"
)

// sameTree reports where two node trees differ in anything the loader
// reads: kind, tag, value, style, line and column, and the comment after a
// value.
func sameTree(a, b *yaml.Node, path string) string {
	if a == nil || b == nil {
		if a != b {
			return path + ": one tree is nil"
		}
		return ""
	}
	if a.Kind != b.Kind || a.Tag != b.Tag || a.Value != b.Value || a.Line != b.Line || a.Column != b.Column || a.Style != b.Style {
		return fmt.Sprintf("%s: fast %d %s %q style %d at %d:%d, yaml %d %s %q style %d at %d:%d", path,
			a.Kind, a.Tag, a.Value, a.Style, a.Line, a.Column, b.Kind, b.Tag, b.Value, b.Style, b.Line, b.Column)
	}
	// A comment after a value is text YAML left out: the fast path leaves
	// such a line to yaml.v3, so that the decoder sees the comment.
	if a.Kind == yaml.ScalarNode && a.LineComment != b.LineComment {
		return fmt.Sprintf("%s: fast comment %q, yaml %q after %q", path, a.LineComment, b.LineComment, b.Value)
	}
	if len(a.Content) != len(b.Content) {
		return fmt.Sprintf("%s: %d children, yaml has %d", path, len(a.Content), len(b.Content))
	}
	for i := range a.Content {
		if d := sameTree(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkFast asserts that when the fast path reads src, yaml.v3 builds the
// same tree. It reports whether the fast path read it.
func checkFast(t *testing.T, name string, src []byte) bool {
	t.Helper()
	fast, ok := fastParse(src)
	if !ok {
		return false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Errorf("%s: the fast path read what yaml rejects (%v):\n%s", name, err, src)
		return true
	}
	if len(doc.Content) == 0 {
		t.Errorf("%s: the fast path read an empty document", name)
		return true
	}
	if d := sameTree(fast, doc.Content[0], ""); d != "" {
		t.Errorf("%s: trees differ: %s\n%s", name, d, src)
	}
	return true
}

func frontOf(t *testing.T, src []byte) []byte {
	var d diag.List
	s, ok := SplitFrontMatter("x", src, &d)
	if !ok {
		return src
	}
	return s.Front
}

// TestFastParseMatchesYAML: on the example portfolio and generated entries,
// the fast path reads every entry and agrees with yaml.v3 node for node.
func TestFastParseMatchesYAML(t *testing.T) {
	files, _ := filepath.Glob("../../examples/portfolio/experiences/*")
	files = append(files, "../../examples/portfolio/dll.yaml")
	read := 0
	for _, f := range files {
		if info, _ := os.Stat(f); info != nil && info.IsDir() {
			f = filepath.Join(f, "index.md")
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f, ".md") {
			src = frontOf(t, src)
		}
		if checkFast(t, f, src) {
			read++
		}
	}
	if read < len(files)-2 {
		t.Errorf("the fast path read only %d of %d example files", read, len(files))
	}
	for i := range 30 {
		if !checkFast(t, fmt.Sprint("sample ", i), frontOf(t, []byte(sample.Entry(i)))) {
			t.Errorf("the fast path left generated entry %d to yaml", i)
		}
	}
}

// TestFastParseCases: the fast path reads the YAML people write, exactly as
// yaml.v3 does, and leaves to yaml.v3 what it does not know (anchors,
// folded blocks, escapes, tabs) and every syntax error.
func TestFastParseCases(t *testing.T) {
	cases := []struct {
		src  string
		fast bool // the fast path reads it
	}{
		{"a: 1\nb: two\nc: \"three\"\nd: 'it''s'\ne:\nf: ~\ng: true\nh: 2025-02-30\ni: 2025-03-04\nj: 012\nk: 4.10\nl: 6-8\n", true},
		{"list:\n- a\n- b\nnested:\n  x: 1\n  y: [a, \"b c\", 3]\n", true},
		{"items:\n  - name: Ms. K.\n    role: teacher\n  - name: J.\n    role: other\n", true},
		{"tags: [a, b] # a comment after a list\n", true},
		{"body: |\n  line one\n\n    indented\n  last\n\nnext: x\n", true},
		{"body: |-\n  no newline\nafter: 1\n", true},
		{"empty: []\nk: v\r\nw: x\r\n", true},
		{"k:\n  - a\n  -\n", true},
		// Alignment notes: codes as keys, plain, numeric or quoted, also in list items.
		{"al:\n  iste:\n    \"4.3\": Teachers plan.\n    4.4:\n    4.10: x\n    '4.5': y\n  aasl:\n    - inquire: Asked.\n    - \"explore\": z\n    - engage\n", true},
		{"12: twelve\n1e3: x\n", true},
		{"\"a:b\": x\n", false},
		{"'it''s': x\n", false},
		{"\"esc\\\"\": x\n", false},
		// Syntax errors: yaml.v3 reports them.
		{"a: b\n  c: d\n", false},
		{"title: a: b\n", false},
		{"x: [1\n", false},
		{"x: 'open\n", false},
		{"- a\nb: c\n", false},
		{"k: - a\n", false},
		{"a:\n\tb: 1\n", false},
		// Outside the subset.
		{"a: &x 1\nb: *x\n", false},
		{"a: >\n  folded\n", false},
		{"a: \"esc\\n\"\n", false},
	}
	for i, c := range cases {
		if got := checkFast(t, fmt.Sprint("case ", i), []byte(c.src)); got != c.fast {
			t.Errorf("case %d %q: the fast path read it: %v, want %v", i, c.src, got, c.fast)
		}
	}
}

// TestFastParseRefuses: the fast path reads nothing that YAML would leave
// out of a value or read as something else than typed: a comment after a
// key or a value (yaml.v3 keeps it, for the decoder to report), a type tag,
// a lone !, a character that looks like a space where YAML needs one.
// parseYAML refuses the tags and the odd spaces, whichever path read them.
func TestFastParseRefuses(t *testing.T) {
	for _, c := range []struct {
		src     string
		refused bool // parseYAML reports it and reads nothing
	}{
		{"title: Book tasting #2\n", false},
		{"title: Lesson # 3\n", false},
		{"title: \"Lesson\" #3\n", false},
		{"title: 'Lesson' # 3\n", false},
		{"title: #2 Book tasting\n", false},
		{"list:\n  - one #1\n", false},
		{"list:\n  - # nothing\n", false},
		{"a:\n  b: c # d\n", false},
		{"a: Our class read\n  #3 books\nb: c\n", false},
		{"title: !Important book tasting\n", true},
		{"title: ! book tasting\n", true},
		{"title: !!str book\n", true},
		{"tags: [!x a]\n", true},
		{"a: !x\n  b: 1\n", true},
		{"!x a: 1\n", true},
		{"a:\n\u00a0\u00a0b: 1\n", true},
		{"\u3000a: 1\n", true},
		{"a:\u00a0b\n", true},
		{"a:\n  -\u00a0b\n  - c\n", true},
		{"a:\n  - b\n \u2007 - c\n", true},
	} {
		if _, ok := fastParse([]byte(c.src)); ok {
			t.Errorf("the fast path read %q", c.src)
		}
		var d diag.List
		_, ok := parseYAML("x.yaml", []byte(c.src), 0, &d)
		if refused := !ok && len(d) > 0; refused != c.refused {
			t.Errorf("parseYAML %q: refused %v, want %v (%v)", c.src, refused, c.refused, d)
		}
	}
}

func FuzzFastParse(f *testing.F) {
	f.Add([]byte("a: 1\nb:\n  - x: [1, 'a']\n    y: |\n      t\n"))
	for i := range 3 {
		f.Add([]byte(sample.Entry(i)))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 4096 {
			return
		}
		checkFast(t, "fuzz", src)
	})
}
