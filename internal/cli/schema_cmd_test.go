package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"dll/internal/portfolio"
	"dll/internal/schema"
)

func TestSchemaCommand(t *testing.T) {
	root := minimalPortfolio(t)
	e := newTestEnv(t, root)
	if code := e.run(t, "schema", "--kind", "portfolio"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	if got, want := e.out.String(), string(schema.Marshal(schema.Portfolio(portfolio.Builtin()))); got != want {
		t.Error("dll schema --kind portfolio is not the portfolio schema")
	}

	// Inside a portfolio, the entry schema has the values its model.yaml adds.
	writeFile(t, filepath.Join(root, "model.yaml"), "vocabularies:\n  types:\n    values:\n      - {id: service-learning, label: Service learning}\n")
	e = newTestEnv(t, root)
	if code := e.run(t, "schema"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	if !strings.Contains(e.out.String(), `"service-learning"`) || !strings.Contains(e.out.String(), `"$schema": "https://json-schema.org/draft/2020-12/schema"`) {
		t.Error("the entry schema lacks the portfolio's own type")
	}

	e = newTestEnv(t, root)
	if code := e.run(t, "schema", "--kind", "entries"); code != ExitUsage || !strings.Contains(e.err.String(), `--kind takes entry or portfolio, not "entries"`) {
		t.Errorf("exit %d: %s", code, e.err)
	}
	e = newTestEnv(t, root)
	if code := e.run(t, "schema", "entry"); code != ExitUsage || !strings.Contains(e.err.String(), "dll schema takes no arguments, only --kind entry or --kind portfolio; found: entry") {
		t.Errorf("exit %d: %s", code, e.err)
	}
}

func TestCompletion(t *testing.T) {
	root := minimalPortfolio(t)
	writeFile(t, filepath.Join(root, "experiences", "book-tasting", "index.md"), "---\ntitle: A\n---\n")
	writeFile(t, filepath.Join(root, "experiences", "maker-week.yaml"), "title: B\n")
	writeFile(t, filepath.Join(root, "experiences", "notes", "draft.md"), "no index.md: not an entry")
	// A folder named by hand: its entry is found by its slug, so that is offered.
	writeFile(t, filepath.Join(root, "experiences", "Wonder Wall", "index.md"), "---\ntitle: C\n---\n")
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"new", "experience", "--type", ""}, []string{"inquiry\tResearch from an umbrella question", "literacy\t"}},
		{[]string{"new", "experience", "--mode", ""}, []string{"enhance\t", "redesign\t", "build\t"}},
		{[]string{"init", "--role", ""}, []string{"teacher-librarian\tTeacher librarian", "trainer\t"}},
		{[]string{"new", "evidence", ""}, []string{"book-tasting\n", "maker-week\n", "wonder-wall\n"}},
		{[]string{"new", "evidence", "book-tasting", "--phase", ""}, []string{"planning\t", "impact\t"}},
		{[]string{"new", "evidence", "book-tasting", "--consent", ""}, []string{"anonymized\t"}},
		{[]string{"schema", "--kind", ""}, []string{"entry\n", "portfolio\n"}},
		{[]string{"pdf", "--framework", ""}, []string{"iste-coaches\tISTE Standards for Coaches", "aasl\tAASL Shared Foundations"}},
		{[]string{"pdf", "--entry", ""}, []string{"book-tasting\n", "maker-week\n", "wonder-wall\n"}},
		{[]string{"pdf", "--paper", ""}, []string{"letter\n", "a4\n"}},
	} {
		e := newTestEnv(t, root)
		if code := e.run(t, append([]string{"__complete"}, tc.args...)...); code != 0 {
			t.Errorf("%v: exit %d: %s", tc.args, code, e.err)
		}
		for _, w := range tc.want {
			if !strings.Contains(e.out.String(), w) {
				t.Errorf("completing %v: lacks %q:\n%s", tc.args, w, e.out)
			}
		}
		if strings.Contains(e.out.String(), "notes") {
			t.Errorf("completing %v offers a folder that is not an entry", tc.args)
		}
		if strings.Contains(e.out.String(), "Wonder Wall") {
			t.Errorf("completing %v offers a folder name that finds no entry", tc.args)
		}
	}
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		e := newTestEnv(t, root)
		if code := e.run(t, "completion", shell); code != 0 || e.out.Len() < 100 {
			t.Errorf("dll completion %s: exit %d, %d bytes", shell, code, e.out.Len())
		}
	}
}
