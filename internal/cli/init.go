package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"text/template"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"dll/internal/gitinfo"
	"dll/internal/portfolio"
	"dll/internal/schema"
	"dll/templates"
)

// InitOptions are the settings of dll init.
type InitOptions struct {
	Env          Env
	Dir          string
	Name         string
	Role         string
	Organization string
	Title        string
	// LookPath finds git; tests replace it to act as if git were missing.
	LookPath func(string) (string, error)

	wd string // the current folder, for the commands dll suggests
}

// NewCmdInit returns dll init. runF replaces the work in tests.
func NewCmdInit(env Env, runF func(*InitOptions) error) *cobra.Command {
	opts := &InitOptions{Env: env, LookPath: exec.LookPath}
	cmd := &cobra.Command{
		Use:   "init [folder]",
		Short: "Start a new portfolio",
		Long: `Start a new portfolio in a folder (this one when none is given; a new
folder is made when it does not exist yet). dll init writes:

  dll.yaml        your settings: the title and who you are
  philosophy.md   your philosophy statement, with headings to write under
  experiences/    the folder for your entries, one per learning experience
  .gitignore      keeps the published site (public/) and private files
                  (private/, where a roster of learner names belongs) out of git
  .dll/           the schemas that let editors check entries as you type

When git is installed, it also starts a git repository with a first commit,
so that every change to your portfolio is kept. On a terminal it asks for
what the flags did not give; otherwise give --name, --role and
--organization. It never overwrites a file: files that exist are kept.`,
		Example: `  dll init my-portfolio
  dll init my-portfolio --name "R. Alvarez" --role teacher-librarian --organization "Lincoln Elementary"`,
		Args: maxArgs(1, "the folder for the portfolio"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return initRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Name, "name", "", "your name, as the site shows it")
	cmd.Flags().StringVar(&opts.Role, "role", "", "your role: "+strings.Join(portfolio.Builtin().Vocab("roles").IDs(), ", "))
	cmd.Flags().StringVar(&opts.Organization, "organization", "", "your school, district, university or company")
	cmd.Flags().StringVar(&opts.Title, "title", "", "the title of the portfolio site")
	_ = cmd.RegisterFlagCompletionFunc("role", vocabCompletion(env, "roles"))
	return cmd
}

// initFile is one file dll init writes.
type initFile struct {
	name string // slash path in the portfolio
	what string
	data []byte
}

func initRun(opts *InitOptions) error {
	env := opts.Env
	wd, err := env.Getwd()
	if err != nil {
		return fmt.Errorf("cannot tell the current folder: %w", err)
	}
	dir := opts.Dir
	if dir == "" {
		dir = "."
	}
	root := dir
	if !filepath.IsAbs(root) {
		root = filepath.Join(wd, dir)
	}
	if info, err := os.Stat(root); err == nil && !info.IsDir() {
		return usageErrorf("%s is a file; give a folder for the portfolio", dir)
	}
	if _, err := os.Stat(filepath.Join(root, portfolio.SettingsFile)); err == nil {
		return usageErrorf("%s is a portfolio already (it has dll.yaml); nothing was changed. Run 'dll new experience' there to add an entry", displayDir(dir))
	}

	// A portfolio inside another would be read as part of it: in its
	// experiences/ folder, its dll.yaml and philosophy.md become entries.
	for d := filepath.Dir(filepath.Clean(root)); ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, portfolio.SettingsFile)); err == nil {
			return usageErrorf("%s is inside the portfolio in %s (it has dll.yaml), so nothing was changed. To add an entry to that portfolio, run 'dll new experience' there; to start another portfolio, choose a folder outside it", displayDir(dir), d)
		}
		if filepath.Dir(d) == d {
			break
		}
	}

	for _, f := range []struct {
		flag string
		val  *string
	}{{"name", &opts.Name}, {"organization", &opts.Organization}, {"title", &opts.Title}} {
		if !utf8.ValidString(*f.val) {
			return usageErrorf("--%s has characters that are not UTF-8 text (%s); set your terminal to UTF-8, or type it again", f.flag, strings.ToValidUTF8(*f.val, "?"))
		}
		*f.val = portfolio.CleanTitle(*f.val) // one line, as the site shows it
	}

	model := portfolio.Builtin()
	roles := model.Vocab("roles")
	if opts.Role != "" {
		if err := checkChoice("role", roles, opts.Role); err != nil {
			return err
		}
	}
	const initExample = `dll init my-portfolio --name "R. Alvarez" --role teacher-librarian --organization "Lincoln Elementary"`
	if env.Interactive {
		p := newPrompter(env)
		// ended turns the end of the input into a usage error that names
		// the flag to give instead.
		ended := func(err error, flag string, voc *portfolio.Vocab) error {
			if errors.Is(err, errNoAnswer) {
				return noAnswer("dll init", flag, voc, initExample)
			}
			return err
		}
		fmt.Fprintf(env.Out, "Starting a portfolio in %s.\n", displayDir(dir))
		if opts.Name == "" {
			if opts.Name, err = p.text("Your name, as the site shows it", "", false); err != nil {
				return ended(err, "--name", nil)
			}
		}
		if opts.Role == "" {
			if opts.Role, err = p.choose("Your role", roles, ""); err != nil {
				return ended(err, "--role", roles)
			}
		}
		if opts.Organization == "" {
			if opts.Organization, err = p.text("Your school, district, university or company", "", false); err != nil {
				return ended(err, "--organization", nil)
			}
		}
		if opts.Title == "" {
			if opts.Title, err = p.text("The title of your portfolio", defaultTitle(opts.Name), false); err != nil {
				return ended(err, "--title", nil)
			}
		}
	} else {
		var missing []string
		for _, f := range []struct{ flag, val string }{{"name", opts.Name}, {"role", opts.Role}, {"organization", opts.Organization}} {
			if strings.TrimSpace(f.val) == "" {
				missing = append(missing, f.flag)
			}
		}
		if len(missing) > 0 {
			return missingChoices("dll init", missing, map[string]*portfolio.Vocab{"role": roles}, initExample)
		}
	}
	if opts.Title == "" {
		opts.Title = defaultTitle(opts.Name)
	}

	settings, err := render("init/dll.yaml", nil, map[string]any{
		"SchemaComment": schemaComment(schema.Dir + "/" + schema.PortfolioFile),
		"Title":         yamlString(opts.Title),
		"Name":          yamlString(opts.Name),
		"Role":          opts.Role,
		"Roles":         strings.Join(roles.IDs(), ", "),
		"Organization":  yamlString(opts.Organization),
		"Frameworks":    strings.Join(model.Vocab("frameworks").IDs(), ", "),
	}, model)
	if err != nil {
		return err
	}
	files := []initFile{
		{portfolio.SettingsFile, "your settings", settings},
		{portfolio.PhilosophyFile, "your philosophy statement, with headings to write under", mustRead("init/philosophy.md")},
		{".gitignore", "keeps public/ and private/ out of git", mustRead("init/gitignore")},
		{schema.Dir + "/" + schema.EntryFile, "lets editors check entries as you type", schema.Marshal(schema.Entry(model))},
		{schema.Dir + "/" + schema.PortfolioFile, "lets editors check dll.yaml as you type", schema.Marshal(schema.Portfolio(model))},
	}

	if err := os.MkdirAll(root, 0o755); err != nil {
		return fmt.Errorf("cannot make the folder %s: %w", dir, err)
	}
	var created []string
	var kept []string
	for _, f := range files {
		full := filepath.Join(root, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return fmt.Errorf("cannot make the folder for %s: %w", f.name, err)
		}
		switch err := writeNew(full, f.data); {
		case errors.Is(err, fs.ErrExist):
			kept = append(kept, f.name)
		case err != nil:
			return fmt.Errorf("cannot write %s: %w", f.name, err)
		default:
			created = append(created, f.name)
		}
	}
	if err := os.Mkdir(filepath.Join(root, portfolio.ExperiencesDir), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("cannot make the experiences folder: %w", err)
	}

	fmt.Fprintf(env.Out, "Started a portfolio in %s:\n", displayDir(dir))
	for _, f := range files {
		if slices.Contains(created, f.name) && !strings.HasPrefix(f.name, schema.Dir+"/") {
			fmt.Fprintf(env.Out, "  %-14s %s\n", f.name, f.what)
		}
	}
	fmt.Fprintf(env.Out, "  %-14s %s\n", portfolio.ExperiencesDir+"/", "one entry per learning experience")
	if slices.Contains(created, schema.Dir+"/"+schema.EntryFile) {
		fmt.Fprintf(env.Out, "  %-14s %s\n", schema.Dir+"/", "schemas that let editors check your entries as you type")
	}
	for _, k := range kept {
		fmt.Fprintf(env.Out, "Kept your existing %s (dll never overwrites a file).\n", k)
	}
	if slices.Contains(kept, ".gitignore") {
		if src, err := os.ReadFile(filepath.Join(root, ".gitignore")); err == nil {
			if missing := notIgnored(string(src), "public", "private"); len(missing) > 0 {
				fmt.Fprintf(env.Out, "Your .gitignore does not keep %s out of git. Add these lines to it, so that the published site and private files such as a roster of learner names are never committed:\n", strings.Join(missing, " and "))
				for _, m := range missing {
					fmt.Fprintf(env.Out, "  /%s\n", m)
				}
			}
		}
	}
	opts.wd = wd
	gitInit(opts, root, created)
	cd := ""
	if rel, err := filepath.Rel(wd, root); err == nil && rel != "." {
		cd = fmt.Sprintf("cd %s && ", shellQuote(rel))
	}
	fmt.Fprintf(env.Out, "Next: %sdll new experience \"Book tasting\" --type literacy --mode enhance\n", cd)
	return nil
}

// notIgnored returns the folders (of names) that no line of a .gitignore
// keeps out of git, written as "public/".
func notIgnored(gitignore string, names ...string) []string {
	var missing []string
	for _, n := range names {
		found := false
		for _, l := range strings.Split(gitignore, "\n") {
			l = strings.TrimSpace(l)
			l = strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(l, "/"), "*"), "/")
			if l == n {
				found = true
				break
			}
		}
		if !found {
			missing = append(missing, n+"/")
		}
	}
	return missing
}

func defaultTitle(name string) string {
	if name == "" {
		return "Digital learning portfolio"
	}
	return "Digital learning portfolio: " + name
}

func displayDir(dir string) string {
	if dir == "." || dir == "" {
		return "this folder"
	}
	return dir
}

// gitInit starts a repository with a first commit of the created files,
// or says why it did not. A portfolio without git is still a portfolio, so
// nothing here fails the command.
func gitInit(opts *InitOptions, root string, created []string) {
	out := opts.Env.Out
	if _, err := opts.LookPath("git"); err != nil {
		fmt.Fprintln(out, "Note: git is not installed, so no history was started. Install git (https://git-scm.com) and run 'git init' in the portfolio to keep every version of your work.")
		return
	}
	// git returns what git said, on standard output and, when it failed,
	// on standard error.
	git := func(args ...string) (string, error) {
		out, err := opts.Env.Git(context.Background(), gitinfo.Cmd{Dir: root, Args: args})
		var x *gitinfo.ExitError
		if errors.As(err, &x) {
			out = append(out, x.Stderr...)
		}
		return strings.TrimSpace(string(out)), err
	}
	if top, err := git("rev-parse", "--show-toplevel"); err == nil {
		fmt.Fprintf(out, "This folder is inside the git repository %s; add and commit the new files there when you are ready.\n", top)
		return
	}
	if msg, err := git("init", "-q"); err != nil {
		fmt.Fprintf(out, "Note: git could not start a repository here (%s); the portfolio is ready without one.\n", msg)
		return
	}
	if len(created) == 0 {
		fmt.Fprintln(out, "Started a git repository.")
		return
	}
	if msg, err := git(append([]string{"add", "--"}, created...)...); err != nil {
		fmt.Fprintf(out, "Started a git repository, but git could not add the files (%s).\n", msg)
		return
	}
	commitLater := "then, in the portfolio: git commit -m \"Start my portfolio\""
	if rel, err := filepath.Rel(opts.wd, root); err == nil && rel != "." {
		commitLater = fmt.Sprintf("then: cd %s && git commit -m \"Start my portfolio\"", shellQuote(rel))
	}
	_, errAuthor := git("var", "GIT_AUTHOR_IDENT")
	_, errCommitter := git("var", "GIT_COMMITTER_IDENT")
	if errAuthor != nil || errCommitter != nil {
		// git refuses to commit without a name and email; say so plainly,
		// instead of passing on git's own long message.
		fmt.Fprintf(out, "Started a git repository, but git does not know your name and email yet, so there is no first commit. Tell git once, for all your work:\n  git config --global user.name \"Your Name\"\n  git config --global user.email you@example.org\n%s\n", commitLater)
		return
	}
	if msg, err := git("commit", "-q", "-m", "Start my portfolio with dll init"); err != nil {
		fmt.Fprintf(out, "Started a git repository, but git could not make the first commit:\n  %s\n", strings.ReplaceAll(msg, "\n", "\n  "))
		fmt.Fprintf(out, "The files are ready to commit; when you have solved that, %s\n", strings.TrimPrefix(commitLater, "then"))
		return
	}
	fmt.Fprintln(out, "Started a git repository with a first commit.")
}

// writeNew writes a file that must not exist yet; it fails with an error
// wrapping fs.ErrExist when it does, and never leaves a partial file.
func writeNew(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(name)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}

func mustRead(name string) []byte {
	b, err := fs.ReadFile(templates.FS, name)
	if err != nil {
		panic("templates: " + err.Error())
	}
	return b
}

// render fills a template: the portfolio's own templates/<name> when it has
// one (override, read from root), else the built-in one.
func render(name string, override []byte, data any, model *portfolio.Model) ([]byte, error) {
	src := override
	if src == nil {
		src = mustRead(name)
	}
	t, err := template.New(name).Option("missingkey=error").Funcs(template.FuncMap{
		"choices": func(vocab string) string {
			if v := model.Vocab(vocab); v != nil {
				return strings.Join(v.IDs(), ", ")
			}
			return ""
		},
	}).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("the template %s cannot be read: %w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("the template %s cannot be filled in: %w", name, err)
	}
	return b.Bytes(), nil
}

// schemaComment is the line that tells YAML editors where the schema is.
func schemaComment(rel string) string {
	return "# yaml-language-server: $schema=" + rel
}

// yamlString writes s as a YAML scalar: plain when that reads back as the
// same text, double-quoted (JSON style, which YAML reads too) otherwise.
func yamlString(s string) string {
	if plainSafe(s) {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func plainSafe(s string) bool {
	if s == "" || s != strings.TrimSpace(s) || strings.ContainsAny(s, ":#\"'\n\t\\{}[],&*!|>%@`") {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~", "y", "n":
		return false
	}
	c := s[0]
	if c == '-' || c == '?' || c == '.' || c >= '0' && c <= '9' || c == '+' {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0xfeff {
			return false
		}
	}
	return true
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
