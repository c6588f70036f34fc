package cli

import (
	"testing"

	"dll/internal/diag"
)

// TestTodoSentence: the sentence on what is left to finish agrees in
// number with the things and the entries they are in; the files of an
// entry's folder are one entry.
func TestTodoSentence(t *testing.T) {
	todo := func(file string) diag.Diagnostic {
		return diag.Diagnostic{Pos: diag.Pos{File: file, Line: 1, Col: 1}, Severity: diag.Todo}
	}
	for _, tc := range []struct {
		diags diag.List
		want  string
	}{
		{nil, ""},
		{diag.List{todo("experiences/a.md")}, ` 1 thing to finish before the unpublished entry can be published (marked "before publishing"); it does not stop dll build, and dll status lists it by entry.`},
		{diag.List{todo("experiences/a/index.md"), todo("experiences/a/talk.vtt")}, ` 2 things to finish before the unpublished entry can be published (marked "before publishing"); they do not stop dll build, and dll status lists them by entry.`},
		{diag.List{todo("experiences/a/index.md"), todo("experiences/b.md")}, ` 2 things to finish before the unpublished entries can be published (marked "before publishing"); they do not stop dll build, and dll status lists them by entry.`},
	} {
		if got := todoSentence(tc.diags); got != tc.want {
			t.Errorf("got  %q\nwant %q", got, tc.want)
		}
	}
}
