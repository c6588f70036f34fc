package cli

import (
	"path/filepath"
	"testing"
)

// TestValidateEntryPaths: each way of naming an entry, or part of the
// portfolio, checks what the author meant, and says so in the summary.
func TestValidateEntryPaths(t *testing.T) {
	dir := copyExample(t)
	for _, tc := range []struct {
		cwd  string
		args []string
		want string
	}{
		{"", []string{"experiences/glider-design-challenge/test-flight.webm"},
			"Checked experiences/glider-design-challenge/index.md: no problems found. The rest of the portfolio has no problems.\n"},
		{"", []string{"experiences/glider-design-challenge/"},
			"Checked experiences/glider-design-challenge/index.md: no problems found. The rest of the portfolio has no problems.\n"},
		{"", []string{"experiences/family-digital-citizenship-nights.md"},
			"Checked experiences/family-digital-citizenship-nights.md (a draft, not published): no problems found. The rest of the portfolio has no problems.\n"},
		{"experiences", []string{"grade3-book-tasting.md", "k2-wonder-wall.yaml", "../dll.yaml"},
			"Checked grade3-book-tasting.md, k2-wonder-wall.yaml and ../dll.yaml: no problems found. The rest of the portfolio has no problems.\n"},
		{"", []string{"experiences"},
			"Checked 12 entries: no problems found. The rest of the portfolio has no problems.\n"},
		{"", []string{filepath.Join(dir, "experiences", "k2-wonder-wall.yaml")},
			"Checked experiences/k2-wonder-wall.yaml: no problems found. The rest of the portfolio has no problems.\n"},
	} {
		e := newTestEnv(t, filepath.Join(dir, tc.cwd))
		code := e.run(t, append([]string{"validate", "--strict"}, tc.args...)...)
		if code != 0 || e.out.String() != filepath.FromSlash(tc.want) || e.err.Len() > 0 {
			t.Errorf("dll validate %v in %s: exit %d\nstdout:\n%s\nstderr:\n%s\nwant:\n%s", tc.args, tc.cwd, code, e.out, e.err, tc.want)
		}
	}
	writeFile(t, filepath.Join(dir, "experiences", "ideas", "notes.txt"), "later\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"experiences/ideas/notes.txt"}, "dll: experiences/ideas/notes.txt is not an entry, nor a file of one; give an entry's file or folder, such as experiences/book-tasting.md, or leave the paths out to check the whole portfolio\n"},
		{[]string{"experiences/nothing-here.md"}, "dll: there is no file or folder experiences/nothing-here.md\n"},
		{[]string{".", "experiences/grade3-book-tasting.md"}, "dll: . is a portfolio folder; give either one portfolio folder, or entries inside one portfolio, not both\n"},
		{[]string{"templates-not/x"}, "dll: there is no file or folder templates-not/x\n"},
		{[]string{"experiences/glider-desing-challenge/"}, "dll: there is no file or folder experiences/glider-desing-challenge/; did you mean experiences/glider-design-challenge?\n"},
		{[]string{"experiences/grade3-book-tastng.md"}, "dll: there is no file or folder experiences/grade3-book-tastng.md; did you mean experiences/grade3-book-tasting.md?\n"},
		{[]string{"experiences", "--coverage"}, "dll: --coverage is about the whole portfolio; leave out the entries to see it\n"},
	} {
		e := newTestEnv(t, dir)
		code := e.run(t, append([]string{"validate"}, tc.args...)...)
		if code != ExitUsage || e.err.String() != tc.want {
			t.Errorf("dll validate %v: exit %d\nstderr:\n%s\nwant:\n%s", tc.args, code, e.err, tc.want)
		}
	}
}
