package diag_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"dll/internal/diag"
)

// Every problem dll reports is one line: file:line:col: field: message.
// Warnings carry "warning: " before the message.
func ExampleList_Print() {
	var l diag.List
	l.Warnf(diag.Pos{File: "experiences/lift/index.md", Line: 40, Col: 3}, "contributions", "one-phase", "you contributed only to planning")
	l.Errorf(diag.Pos{File: "experiences/lift/index.md", Line: 7, Col: 7}, "type", "vocabulary", "%q is not an experience type; did you mean %q?", "desgin-thinking", "design-thinking")
	l.Errorf(diag.Pos{File: "dll.yaml", Line: 4, Col: 9}, "leader.role", "vocabulary", "missing; choose one of: teacher-librarian, trainer")
	l.Sort()
	l.Print(os.Stdout)
	// Output:
	// dll.yaml:4:9: leader.role: missing; choose one of: teacher-librarian, trainer
	// experiences/lift/index.md:7:7: type: "desgin-thinking" is not an experience type; did you mean "design-thinking"?
	// experiences/lift/index.md:40:3: contributions: warning: you contributed only to planning
}

func TestSortOrdersNumericallyAndDropsDuplicates(t *testing.T) {
	var l diag.List
	at := func(line, col int) diag.Pos { return diag.Pos{File: "a.md", Line: line, Col: col} }
	l.Errorf(at(10, 1), "b", "r", "ten")
	l.Errorf(at(9, 5), "a", "r", "nine")
	l.Errorf(at(9, 5), "a", "r", "nine")
	l.Warnf(at(9, 1), "a", "r", "nine, first column")
	l.Errorf(diag.Pos{File: "B.md", Line: 1, Col: 1}, "", "r", "other file")
	l.Sort()
	var got []string
	for _, d := range l {
		got = append(got, d.String())
	}
	want := []string{
		"B.md:1:1: other file",
		"a.md:9:1: a: warning: nine, first column",
		"a.md:9:5: a: nine",
		"a.md:10:1: b: ten",
	}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: got %q, want %q", i, got[i], want[i])
		}
	}
	if e, w := l.Count(); e != 3 || w != 1 {
		t.Errorf("Count() = %d, %d", e, w)
	}
}

func TestPrintJSON(t *testing.T) {
	var l diag.List
	l.Errorf(diag.Pos{File: "dll.yaml", Line: 2, Col: 3}, "leader.name", "required", "missing; it is <required>")
	var b bytes.Buffer
	if err := l.PrintJSON(&b); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"file": "dll.yaml", "line": 2.0, "column": 3.0, "field": "leader.name", "severity": "error", "rule": "required", "message": "missing; it is <required>"}
	if len(got) != 1 || len(got[0]) != len(want) {
		t.Fatalf("got %v", got)
	}
	for k, v := range want {
		if got[0][k] != v {
			t.Errorf("%s = %v, want %v", k, got[0][k], v)
		}
	}
	if !bytes.Contains(b.Bytes(), []byte("<required>")) {
		t.Errorf("JSON escapes HTML characters, which editors then show escaped: %s", b.Bytes())
	}
	var empty diag.List
	b.Reset()
	empty.PrintJSON(&b)
	if got := b.String(); got != "[]\n" {
		t.Errorf("an empty list prints %q, want []", got)
	}
}

func TestPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 entries", 1: "1 entry", 2: "2 entries"} {
		if got := diag.Plural(n, "entry"); got != want {
			t.Errorf("Plural(%d) = %q, want %q", n, got, want)
		}
	}
	if got := diag.Plural(3, "error"); got != "3 errors" {
		t.Errorf("got %q", got)
	}
}
