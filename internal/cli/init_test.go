package cli

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"dll/internal/diag"
	"dll/internal/lang"
	"dll/internal/portfolio"
	"dll/internal/validate"
)

func TestInitWithFlags(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("git"); err != nil {
		missingTool(t, "git is not installed; TestInitWithoutGit covers this case")
	}
	wd := t.TempDir()
	e := newTestEnv(t, wd)
	code := e.run(t, "init", "my portfolio", "--name", "R. Alvarez", "--role", "teacher-librarian", "--organization", "Lincoln Elementary: Library")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	root := filepath.Join(wd, "my portfolio")
	for _, f := range []string{"dll.yaml", "philosophy.md", ".gitignore", ".dll/entry.schema.json", ".dll/portfolio.schema.json", "experiences"} {
		if _, err := os.Stat(filepath.Join(root, f)); err != nil {
			t.Errorf("dll init did not make %s", f)
		}
	}
	gi := readFile(t, filepath.Join(root, ".gitignore"))
	for _, want := range []string{"/public/", "/private/"} {
		if !strings.Contains(gi, want) {
			t.Errorf(".gitignore lacks %s", want)
		}
	}
	// What init writes is a valid portfolio, with no errors.
	p, loadDiags := portfolio.Load(os.DirFS(root))
	for _, d := range validate.Check(p, loadDiags) {
		if d.Severity == diag.Error {
			t.Errorf("the new portfolio has an error: %s", d)
		}
	}
	if p.Settings.Leader.Organization != "Lincoln Elementary: Library" || p.Settings.Title != "Digital learning portfolio: R. Alvarez" {
		t.Errorf("settings read back as %+v", p.Settings)
	}
	if !strings.HasPrefix(readFile(t, filepath.Join(root, "dll.yaml")), "# yaml-language-server: $schema=.dll/portfolio.schema.json\n") {
		t.Error("dll.yaml does not name its schema on its first line")
	}
	out := gitT(t, root, nil, "log", "--format=%s", "--name-only")
	for _, want := range []string{"Start my portfolio with dll init", "dll.yaml", "philosophy.md", ".gitignore", ".dll/entry.schema.json"} {
		if !strings.Contains(out, want) {
			t.Errorf("the first commit lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(e.out.String(), "Started a git repository with a first commit.") {
		t.Errorf("output:\n%s", e.out)
	}
	if !strings.Contains(e.out.String(), "Next: cd 'my portfolio' && dll new experience") {
		t.Errorf("output does not say what to do next:\n%s", e.out)
	}
}

func TestInitWithoutGit(t *testing.T) {
	wd := t.TempDir()
	e := newTestEnv(t, wd)
	cmd := NewCmdInit(e.Env, func(o *InitOptions) error {
		o.Env.Git = noGit
		return initRun(o)
	})
	cmd.SetArgs([]string{"p", "--name", "A. Leader", "--role", "trainer", "--organization", "Acme"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.out.String(), "git is not installed, so no history was started") {
		t.Errorf("no note about git:\n%s", e.out)
	}
	if _, err := os.Stat(filepath.Join(wd, "p", ".git")); err == nil {
		t.Error("a repository was made without git")
	}
	if _, err := os.Stat(filepath.Join(wd, "p", "dll.yaml")); err != nil {
		t.Error("no dll.yaml")
	}
}

func TestInitInsideRepositoryDoesNotCommit(t *testing.T) {
	t.Parallel()
	needGit(t)
	wd := t.TempDir()
	gitT(t, wd, nil, "init", "-q")
	e := newTestEnv(t, wd)
	if code := e.run(t, "init", "sub", "--name", "A. Leader", "--role", "trainer", "--organization", "Acme"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	if _, err := os.Stat(filepath.Join(wd, "sub", ".git")); err == nil {
		t.Error("dll init made a repository inside another one")
	}
	if !strings.Contains(e.out.String(), "inside the git repository") {
		t.Errorf("output:\n%s", e.out)
	}
}

func TestInitNeverOverwrites(t *testing.T) {
	wd := t.TempDir()
	writeFile(t, filepath.Join(wd, "philosophy.md"), "# Mine\n\nMy own words.\n")
	writeFile(t, filepath.Join(wd, ".gitignore"), "secret/\n")
	e := newTestEnv(t, wd)
	cmd := NewCmdInit(e.Env, func(o *InitOptions) error {
		o.Env.Git = noGit
		return initRun(o)
	})
	cmd.SetArgs([]string{"--name", "A. Leader", "--role", "trainer", "--organization", "Acme"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, filepath.Join(wd, "philosophy.md")); got != "# Mine\n\nMy own words.\n" {
		t.Errorf("philosophy.md was changed:\n%s", got)
	}
	if got := readFile(t, filepath.Join(wd, ".gitignore")); got != "secret/\n" {
		t.Errorf(".gitignore was changed:\n%s", got)
	}
	for _, want := range []string{"Kept your existing philosophy.md", "Kept your existing .gitignore",
		// The kept .gitignore would let a roster of learner names into git: said, with the fix.
		"Your .gitignore does not keep public/ and private/ out of git. Add these lines to it, so that the published site and private files such as a roster of learner names are never committed:\n  /public/\n  /private/\n"} {
		if !strings.Contains(e.out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, e.out)
		}
	}

	// A second init refuses, and changes nothing.
	before := readFile(t, filepath.Join(wd, "dll.yaml"))
	e2 := newTestEnv(t, wd)
	if code := e2.run(t, "init", "--name", "B", "--role", "trainer", "--organization", "B"); code != ExitUsage {
		t.Fatalf("exit %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(e2.err.String(), "is a portfolio already") {
		t.Errorf("stderr: %s", e2.err)
	}
	if readFile(t, filepath.Join(wd, "dll.yaml")) != before {
		t.Error("dll.yaml was changed")
	}
}

// Without a terminal, init never waits for input: stdin here never
// delivers anything, and run fails the test if the command waits.
// dll init inside a portfolio (a teacher who ran cd experiences first)
// would put a dll.yaml and a philosophy.md among its entries: refused.
func TestInitInsidePortfolioRefused(t *testing.T) {
	root := minimalPortfolio(t)
	for _, tc := range []struct{ wd, arg string }{
		{filepath.Join(root, "experiences"), ""},
		{root, "experiences/new"},
	} {
		if err := os.MkdirAll(tc.wd, 0o755); err != nil {
			t.Fatal(err)
		}
		e := newTestEnv(t, tc.wd)
		args := []string{"init", "--name", "A", "--role", "trainer", "--organization", "B"}
		if tc.arg != "" {
			args = append(args, tc.arg)
		}
		if code := e.run(t, args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
		if want := "is inside the portfolio in " + root + " (it has dll.yaml), so nothing was changed"; !strings.Contains(e.err.String(), want) {
			t.Errorf("%v: message lacks %q:\n%s", args, want, e.err)
		}
	}
	items, _ := os.ReadDir(filepath.Join(root, "experiences"))
	if len(items) != 0 {
		t.Errorf("a refused init wrote into the portfolio: %v", items)
	}
}

// A kept .gitignore that already keeps both folders out gets no note.
func TestInitKeptGitignoreThatIgnores(t *testing.T) {
	wd := t.TempDir()
	writeFile(t, filepath.Join(wd, ".gitignore"), "node_modules\npublic/\n/private\n")
	e := newTestEnv(t, wd)
	cmd := NewCmdInit(e.Env, func(o *InitOptions) error {
		o.Env.Git = noGit
		return initRun(o)
	})
	cmd.SetArgs([]string{"--name", "A. Leader", "--role", "trainer", "--organization", "Acme"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(e.out.String(), "Your .gitignore does not keep") {
		t.Errorf("a note about a .gitignore that is fine:\n%s", e.out)
	}
}

// Without a name and email for git, init says so in plain words with the
// commands to run, instead of passing on git's own message; the files are
// ready to commit.
func TestInitWithoutGitIdentity(t *testing.T) {
	t.Parallel()
	needGit(t)
	wd := t.TempDir()
	e := newTestEnv(t, wd)
	e.Git = noIdentityGit()
	if code := e.run(t, "init", "p", "--name", "A. Leader", "--role", "trainer", "--organization", "Acme"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	out := e.out.String()
	want := "Started a git repository, but git does not know your name and email yet, so there is no first commit. Tell git once, for all your work:\n  git config --global user.name \"Your Name\"\n  git config --global user.email you@example.org\nthen: cd p && git commit -m \"Start my portfolio\"\n"
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	for _, raw := range []string{"***", "fatal:", "Omit --global"} {
		if strings.Contains(out, raw) {
			t.Errorf("output passes on git's own message (%q):\n%s", raw, out)
		}
	}
	staged, err := gitTry(filepath.Join(wd, "p"), nil, "diff", "--cached", "--name-only")
	if err != nil || !strings.Contains(staged, "dll.yaml") {
		t.Errorf("the files are not ready to commit: %v\n%s", err, staged)
	}
}

// When the input ends at a question with a default (the title), init takes
// the default, as Enter would: stdin may be /dev/null, which looks like a
// terminal. When it ends before a needed answer, init stops, writes
// nothing, and names the flag.
func TestInitInputEnds(t *testing.T) {
	wd := t.TempDir()
	e := newTestEnv(t, wd)
	e.Interactive = true
	e.In = strings.NewReader("")
	cmd := NewCmdInit(e.Env, func(o *InitOptions) error {
		o.Env.Git = noGit
		return initRun(o)
	})
	cmd.SetArgs([]string{"p", "--name", "A. Leader", "--role", "trainer", "--organization", "Acme"})
	if err := cmd.Execute(); err != nil {
		t.Fatalf("%v\n%s", err, e.out)
	}
	if got := readFile(t, filepath.Join(wd, "p", "dll.yaml")); !strings.Contains(got, `title: "Digital learning portfolio: A. Leader"`) {
		t.Errorf("dll.yaml:\n%s", got)
	}

	e = newTestEnv(t, wd)
	e.Interactive = true
	e.In = strings.NewReader("A. Leader\n")
	if code := e.run(t, "init", "q"); code != ExitUsage {
		t.Fatalf("exit %d, want %d: %s", code, ExitUsage, e.err)
	}
	for _, want := range []string{"dll init stopped: the input ended before --role was given, so nothing was written.", "  --role: teacher-librarian, instructional-coach", "for example: dll init my-portfolio --name"} {
		if !strings.Contains(e.err.String(), want) {
			t.Errorf("message lacks %q:\n%s", want, e.err)
		}
	}
	if _, err := os.Stat(filepath.Join(wd, "q")); !errors.Is(err, os.ErrNotExist) {
		t.Error("a stopped init made the folder")
	}
}

func TestInitWithoutTerminalNeedsFlags(t *testing.T) {
	wd := t.TempDir()
	e := newTestEnv(t, wd)
	if code := e.run(t, "init", "p", "--name", "A. Leader"); code != ExitUsage {
		t.Fatalf("exit %d, want %d", code, ExitUsage)
	}
	msg := e.err.String()
	for _, want := range []string{"needs --role and --organization", "--role: teacher-librarian, instructional-coach", "For example: dll init"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
	if _, err := os.Stat(filepath.Join(wd, "p")); !errors.Is(err, os.ErrNotExist) {
		t.Error("a refused init made the folder")
	}
}

// Names are one line of UTF-8 text, as the site shows them; other bytes
// would make dll.yaml unreadable.
func TestInitCleansNames(t *testing.T) {
	wd := t.TempDir()
	e := newTestEnv(t, wd)
	if code := e.run(t, "init", "p", "--name", "Ren\xe9", "--role", "trainer", "--organization", "Acme"); code != ExitUsage {
		t.Fatalf("exit %d, want %d", code, ExitUsage)
	}
	if want := "--name has characters that are not UTF-8 text (Ren?)"; !strings.Contains(e.err.String(), want) {
		t.Errorf("message lacks %q:\n%s", want, e.err)
	}
	e = newTestEnv(t, wd)
	cmd := NewCmdInit(e.Env, func(o *InitOptions) error {
		o.Env.Git = noGit
		return initRun(o)
	})
	cmd.SetArgs([]string{"p", "--name", "A.\nLeader", "--role", "trainer", "--organization", "Acme\tSchool\r\n"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	p, _ := portfolio.Load(os.DirFS(filepath.Join(wd, "p")))
	if got := p.Settings.Leader; got.Name != "A. Leader" || got.Organization != "Acme School" {
		t.Errorf("leader = %+v", got)
	}
}

func TestInitRefusesUnknownRole(t *testing.T) {
	e := newTestEnv(t, t.TempDir())
	if code := e.run(t, "init", "--name", "A", "--role", "teacher-libarian", "--organization", "B"); code != ExitUsage {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(e.err.String(), `did you mean teacher-librarian?`) || !strings.Contains(e.err.String(), "Choose one of: teacher-librarian, instructional-coach") {
		t.Errorf("stderr:\n%s", e.err)
	}
}

func TestInitInteractive(t *testing.T) {
	wd := t.TempDir()
	e := newTestEnv(t, wd)
	e.Interactive = true
	e.In = strings.NewReader("R. Alvarez\nlibrarian\n2\nLincoln Elementary\n\n")
	cmd := NewCmdInit(e.Env, func(o *InitOptions) error {
		o.Env.Git = noGit
		return initRun(o)
	})
	cmd.SetArgs([]string{"p"})
	if err := cmd.Execute(); err != nil {
		t.Fatalf("%v\n%s", err, e.out)
	}
	out := e.out.String()
	for _, want := range []string{"Your name, as the site shows it: ", "Your role:\n   1. teacher-librarian", `"librarian" is not a leader role; did you mean`, "[Digital learning portfolio: R. Alvarez]: "} {
		if !strings.Contains(out, want) {
			t.Errorf("the conversation lacks %q:\n%s", want, out)
		}
	}
	p, _ := portfolio.Load(os.DirFS(filepath.Join(wd, "p")))
	if got := p.Settings.Leader; got.Name != "R. Alvarez" || got.Role != "instructional-coach" || got.Organization != "Lincoln Elementary" {
		t.Errorf("leader = %+v", got)
	}
}

// TestInitLanguage: dll init --language writes the portfolio's files in
// that language (dll's own messages stay English), and the portfolio it
// makes is valid; dll new experience then writes entries in it. A language
// dll has no words in gets English files and a note; a tag that is no
// language is refused.
func TestInitLanguage(t *testing.T) {
	for _, c := range []struct {
		lang, title, heading, comment, entryHeading string
	}{
		{"es", "Portafolio de aprendizaje digital: R. Alvarez", "## Lo que creo sobre el aprendizaje", "# La configuración de su portafolio.", "## Gran reflexión"},
		{"fr-CA", "Portfolio d’apprentissage numérique\u00a0: R. Alvarez", "## Ce que je crois de l’apprentissage", "# Les réglages de votre portfolio.", "## Grande réflexion"},
		{"pt", "Portfólio de aprendizagem digital: R. Alvarez", "## O que acredito sobre a aprendizagem", "# As configurações do seu portfólio.", "## Grande reflexão"},
		{"ar", "ملف إنجاز التعلّم الرقمي: R. Alvarez", "## ما أؤمن به عن التعلّم", "# إعدادات ملف إنجازك.", "## التأمل الكبير"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			t.Parallel()
			wd := t.TempDir()
			e := newTestEnv(t, wd)
			e.Git = noGit
			if code := e.run(t, "init", "p", "--name", "R. Alvarez", "--role", "teacher-librarian", "--organization", "Lincoln", "--language", c.lang); code != 0 {
				t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
			}
			root := filepath.Join(wd, "p")
			settings := readFile(t, filepath.Join(root, "dll.yaml"))
			if !strings.Contains(settings, "\nlanguage: "+c.lang+"\n") || !strings.Contains(settings, "\n"+c.comment) {
				t.Errorf("dll.yaml:\n%s", settings)
			}
			if ph := readFile(t, filepath.Join(root, "philosophy.md")); !strings.Contains(ph, "\n"+c.heading+"\n") {
				t.Errorf("philosophy.md:\n%s", ph)
			}
			if gi := readFile(t, filepath.Join(root, ".gitignore")); strings.Contains(gi, "# The published site") || !strings.Contains(gi, "\n/private/\n") {
				t.Errorf(".gitignore:\n%s", gi)
			}
			if !strings.Contains(e.out.String(), "Started a portfolio in p:") {
				t.Errorf("dll's own messages are English:\n%s", e.out)
			}
			p, loadDiags := portfolio.Load(os.DirFS(root))
			for _, d := range validate.Check(p, loadDiags) {
				if d.Severity == diag.Error || d.Rule == "language" {
					t.Errorf("the new portfolio has a problem: %s", d)
				}
			}
			if p.Settings.Title != c.title {
				t.Errorf("title %q, want %q", p.Settings.Title, c.title)
			}
			rel := scaffold(t, root, "--type", "literacy", "--mode", "build")
			if src := readFile(t, filepath.Join(root, rel)); !strings.Contains(src, "\n"+c.entryHeading+"\n") || !strings.Contains(src, "\ntitle: \""+lang.ForLanguage(c.lang).T("scaffold.experience")+"\"\n") {
				t.Errorf("the new entry is not in %s:\n%s", c.lang, src)
			}
		})
	}

	wd := t.TempDir()
	e := newTestEnv(t, wd)
	e.Git = noGit
	if code := e.run(t, "init", "p", "--name", "R. Alvarez", "--role", "teacher-librarian", "--organization", "Lincoln", "--language", "mi"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	if !strings.Contains(e.out.String(), "Note: dll has no words in mi yet, so these files are in English") {
		t.Errorf("no note of the language:\n%s", e.out)
	}
	if s := readFile(t, filepath.Join(wd, "p", "dll.yaml")); !strings.Contains(s, "\nlanguage: mi\n") || !strings.Contains(s, "# The settings of your portfolio.") {
		t.Errorf("dll.yaml:\n%s", s)
	}

	e = newTestEnv(t, t.TempDir())
	if code := e.run(t, "init", "p", "--name", "A", "--role", "trainer", "--organization", "B", "--language", "Spanish!"); code != ExitUsage {
		t.Fatalf("exit %d", code)
	}
	if got := e.err.String(); !strings.Contains(got, `--language: "Spanish!" is not a language tag; give one such as en, es, fr, pt, ar or es-MX`) {
		t.Errorf("stderr:\n%s", got)
	}
}
