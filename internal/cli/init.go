package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"dll/internal/author"
	"dll/internal/gitinfo"
	"dll/internal/lang"
	"dll/internal/portfolio"
	"dll/internal/schema"
)

// InitOptions are the settings of dll init.
type InitOptions struct {
	Env          Env
	Dir          string
	Name         string
	Role         string
	Organization string
	Title        string
	Language     string
}

// NewCmdInit returns dll init. runF replaces the work in tests.
func NewCmdInit(env Env, runF func(*InitOptions) error) *cobra.Command {
	opts := &InitOptions{Env: env}
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

With --language (es, fr, pt, ar, or any language tag) the files, and later
the site and the entries dll new writes, are in that language; dll's own
messages stay in English.

When git is installed, it also starts a git repository with a first commit,
so that every change to your portfolio is kept. On a terminal it asks for
what the flags did not give; otherwise give --name, --role and
--organization. It never overwrites a file: files that exist are kept.`,
		Example: `  dll init my-portfolio
  dll init my-portfolio --name "R. Alvarez" --role teacher-librarian --organization "Lincoln Elementary"
  dll init mi-portafolio --language es`,
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
	cmd.Flags().StringVar(&opts.Language, "language", "", "the language of the portfolio and its site, such as en, es, fr, pt or ar (default en)")
	_ = cmd.RegisterFlagCompletionFunc("language", fixedCompletion(lang.Builtin()...))
	_ = cmd.RegisterFlagCompletionFunc("role", vocabCompletion(env, "roles"))
	for _, free := range []string{"name", "organization", "title"} {
		_ = cmd.RegisterFlagCompletionFunc(free, noCompletion)
	}
	cmd.ValidArgsFunction = firstArgDir
	return cmd
}

func initRun(opts *InitOptions) error {
	env := opts.Env
	wd, err := env.Getwd()
	if err != nil {
		return fmt.Errorf("cannot tell the current folder: %w", err)
	}
	dir := cmp.Or(opts.Dir, ".")
	root := dir
	if !filepath.IsAbs(root) {
		root = filepath.Join(wd, dir)
	}
	if err := checkInitFolder(dir, root); err != nil {
		return err
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
	if opts.Language != "" {
		if lang.Canonical(opts.Language) == "" {
			return usageErrorf("--language: %q is not a language tag; give one such as en, es, fr, pt, ar or es-MX", opts.Language)
		}
		opts.Language = lang.Canonical(opts.Language)
	}
	model := portfolio.Builtin()
	model.Localize(opts.Language)
	if opts.Role != "" {
		if err := checkChoice("role", model.Vocab("roles"), opts.Role); err != nil {
			return err
		}
	}
	if err := askInit(opts, model.Vocab("roles"), dir); err != nil {
		return err
	}
	files, err := author.InitFiles(model, author.Profile{
		Name: opts.Name, Role: opts.Role, Organization: opts.Organization, Title: cmp.Or(opts.Title, author.DefaultTitle(opts.Name, opts.Language)),
		Language: opts.Language,
	})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return fmt.Errorf("cannot make the folder %s: %w", dir, err)
	}
	created, kept, err := author.WriteInit(root, files)
	if err != nil {
		return err
	}
	printInit(env, dir, root, files, created, kept)
	if opts.Language != "" && !lang.Known(opts.Language) {
		fmt.Fprintf(env.Out, "Note: dll has no words in %s yet, so these files are in English, and so will the site's headings and dates be until you translate them into templates/languages/%s.yaml (the README says how).\n", opts.Language, opts.Language)
	}
	cd := ""
	if rel, err := filepath.Rel(wd, root); err == nil && rel != "." {
		cd = fmt.Sprintf("cd %s && ", shellQuote(rel))
	}
	res := gitinfo.Init(context.Background(), env.Git, root, created, "Start my portfolio with dll init")
	printGitInit(env.Out, res, cd)
	fmt.Fprintf(env.Out, "Next: %sdll new experience \"Book tasting\" --type literacy --mode enhance\n", cd)
	return nil
}

// checkInitFolder refuses a folder that cannot hold a new portfolio: a
// file, a portfolio already, or a folder inside a portfolio, where its
// dll.yaml and philosophy.md would be read as entries of the other.
func checkInitFolder(dir, root string) error {
	if info, err := os.Stat(root); err == nil && !info.IsDir() {
		return usageErrorf("%s is a file; give a folder for the portfolio", dir)
	}
	if _, err := os.Stat(filepath.Join(root, portfolio.SettingsFile)); err == nil {
		return usageErrorf("%s is a portfolio already (it has dll.yaml); nothing was changed. Run 'dll new experience' there to add an entry", displayDir(dir))
	}
	for d := filepath.Dir(filepath.Clean(root)); ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, portfolio.SettingsFile)); err == nil {
			return usageErrorf("%s is inside the portfolio in %s (it has dll.yaml), so nothing was changed. To add an entry to that portfolio, run 'dll new experience' there; to start another portfolio, choose a folder outside it", displayDir(dir), d)
		}
		if filepath.Dir(d) == d {
			return nil
		}
	}
}

// askInit asks on a terminal for who keeps the portfolio, where the flags
// did not say; without one, the name, role and organization are needed.
func askInit(opts *InitOptions, roles *portfolio.Vocab, dir string) error {
	const example = `dll init my-portfolio --name "R. Alvarez" --role teacher-librarian --organization "Lincoln Elementary"`
	if !opts.Env.Interactive {
		var missing []string
		for _, f := range []struct{ flag, val string }{{"name", opts.Name}, {"role", opts.Role}, {"organization", opts.Organization}} {
			if strings.TrimSpace(f.val) == "" {
				missing = append(missing, f.flag)
			}
		}
		if len(missing) > 0 {
			return missingChoices("dll init", missing, map[string]*portfolio.Vocab{"role": roles}, example)
		}
		return nil
	}
	p := newPrompter(opts.Env)
	fmt.Fprintf(opts.Env.Out, "Starting a portfolio in %s.\n", displayDir(dir))
	var err error
	for _, q := range []struct {
		val            *string
		flag, question string
		voc            *portfolio.Vocab
	}{
		{&opts.Name, "--name", "Your name, as the site shows it", nil},
		{&opts.Role, "--role", "Your role", roles},
		{&opts.Organization, "--organization", "Your school, district, university or company", nil},
		{&opts.Title, "--title", "The title of your portfolio", nil},
	} {
		if *q.val != "" {
			continue
		}
		switch {
		case q.voc != nil:
			*q.val, err = p.choose(q.question, q.voc, "")
		case q.flag == "--title":
			*q.val, err = p.text(q.question, author.DefaultTitle(opts.Name, opts.Language), false)
		default:
			*q.val, err = p.text(q.question, "", false)
		}
		if errors.Is(err, errNoAnswer) {
			return noAnswer("dll init", q.flag, q.voc, example)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// printInit says what dll init wrote, what it kept, and what a kept
// .gitignore lacks.
func printInit(env Env, dir, root string, files []author.InitFile, created, kept []string) {
	fmt.Fprintf(env.Out, "Started a portfolio in %s:\n", displayDir(dir))
	for _, f := range files {
		if slices.Contains(created, f.Name) && !strings.HasPrefix(f.Name, schema.Dir+"/") {
			fmt.Fprintf(env.Out, "  %-14s %s\n", f.Name, f.What)
		}
	}
	fmt.Fprintf(env.Out, "  %-14s %s\n", portfolio.ExperiencesDir+"/", "one entry per learning experience")
	if slices.Contains(created, schema.Dir+"/"+schema.EntryFile) {
		fmt.Fprintf(env.Out, "  %-14s %s\n", schema.Dir+"/", "schemas that let editors check your entries as you type")
	}
	for _, k := range kept {
		fmt.Fprintf(env.Out, "Kept your existing %s (dll never overwrites a file).\n", k)
	}
	if !slices.Contains(kept, ".gitignore") {
		return
	}
	src, err := os.ReadFile(filepath.Join(root, ".gitignore"))
	if err != nil {
		return
	}
	if missing := author.NotIgnored(string(src), "public", "private"); len(missing) > 0 {
		fmt.Fprintf(env.Out, "Your .gitignore does not keep %s out of git. Add these lines to it, so that the published site and private files such as a roster of learner names are never committed:\n", strings.Join(missing, " and "))
		for _, m := range missing {
			fmt.Fprintf(env.Out, "  /%s\n", m)
		}
	}
}

// printGitInit says how starting a repository went; cd is the command
// that goes to the portfolio ("" when it is the current folder).
func printGitInit(out io.Writer, res gitinfo.InitResult, cd string) {
	commitLater := "then, in the portfolio: git commit -m \"Start my portfolio\""
	if cd != "" {
		commitLater = fmt.Sprintf("then: %sgit commit -m \"Start my portfolio\"", cd)
	}
	switch res.Started {
	case gitinfo.NotInstalled:
		fmt.Fprintln(out, "Note: git is not installed, so no history was started. Install git (https://git-scm.com) and run 'git init' in the portfolio to keep every version of your work.")
	case gitinfo.InsideRepo:
		fmt.Fprintf(out, "This folder is inside the git repository %s; add and commit the new files there when you are ready.\n", res.Top)
	case gitinfo.InitFailed:
		fmt.Fprintf(out, "Note: git could not start a repository here (%s); the portfolio is ready without one.\n", res.Msg)
	case gitinfo.Empty:
		fmt.Fprintln(out, "Started a git repository.")
	case gitinfo.AddFailed:
		fmt.Fprintf(out, "Started a git repository, but git could not add the files (%s).\n", res.Msg)
	case gitinfo.NoIdentity:
		// git refuses to commit without a name and email; say so plainly,
		// instead of passing on git's own long message.
		fmt.Fprintf(out, "Started a git repository, but git does not know your name and email yet, so there is no first commit. Tell git once, for all your work:\n  git config --global user.name \"Your Name\"\n  git config --global user.email you@example.org\n%s\n", commitLater)
	case gitinfo.CommitFailed:
		fmt.Fprintf(out, "Started a git repository, but git could not make the first commit:\n  %s\n", strings.ReplaceAll(res.Msg, "\n", "\n  "))
		fmt.Fprintf(out, "The files are ready to commit; when you have solved that, %s\n", strings.TrimPrefix(commitLater, "then"))
	case gitinfo.Committed:
		fmt.Fprintln(out, "Started a git repository with a first commit.")
	}
}

func displayDir(dir string) string {
	if dir == "." || dir == "" {
		return "this folder"
	}
	return dir
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
