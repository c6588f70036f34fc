package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"dll/internal/diag"
	"dll/internal/history"
	"dll/internal/portfolio"
	"dll/internal/site"
	"dll/internal/validate"
)

// BuildOptions are the settings of dll build.
type BuildOptions struct {
	Env    Env
	Dir    string
	Out    string
	Drafts bool
	Open   bool
}

// NewCmdBuild returns dll build. runF replaces the work in tests.
func NewCmdBuild(env Env, runF func(*BuildOptions) error) *cobra.Command {
	opts := &BuildOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "build [folder]",
		Short: "Make the portfolio's website",
		Long: `Check the portfolio, then make its website: a home page that leads with
your work, a page for every published experience with its evidence, a
one-page summary, and pages by type, framework, tag and date.

The site goes into public/ inside the portfolio unless you give --out. Open
its index.html in a browser, or put the folder on any web host. Drafts,
planned and private entries are never in it, and what is left to write in
them never stops the build; photos lose their location and camera details
on the way.

If a published entry has errors, nothing is built and the site from the
last build stays exactly as it was: run 'dll validate' to see what to fix.`,
		Example: `  dll build
  dll build path/to/portfolio --out ~/site
  dll build --drafts
  dll build --open            # then open it in your browser`,
		Args: maxArgs(1, "the portfolio folder"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return buildRun(cmd, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "the folder to build into (default: public inside the portfolio)")
	cmd.Flags().BoolVar(&opts.Drafts, "drafts", false, "include drafts, marked as drafts, to look at them before publishing")
	cmd.Flags().BoolVar(&opts.Open, "open", false, "open the site in your browser once it is built")
	_ = cmd.RegisterFlagCompletionFunc("out", dirCompletion)
	cmd.ValidArgsFunction = firstArgDir
	return cmd
}

func buildRun(cmd *cobra.Command, opts *BuildOptions) error {
	env := opts.Env
	root, err := findPortfolio(env, opts.Dir)
	if err != nil {
		return err
	}
	wd, err := env.Getwd()
	if err != nil {
		return fmt.Errorf("cannot tell the current folder: %w", err)
	}
	out := filepath.Join(root, "public")
	if opts.Out != "" {
		out = opts.Out
		if !filepath.IsAbs(out) {
			out = filepath.Join(wd, out)
		}
	}
	shown := displayPath(wd, "", out)
	places := site.Places{Portfolio: root, Home: env.Getenv("HOME"), Cwd: wd}
	if err := site.CheckOutput(out, places); err != nil {
		return usageErrorf("cannot build into %s: %s", shown, err)
	}

	sum, err := buildSite(cmd.Context(), env, root, out, &site.Options{Drafts: opts.Drafts})
	if err != nil {
		var silent *SilentError
		if errors.As(err, &silent) {
			return err
		}
		return fmt.Errorf("%w\nNothing was built; the site from the last build is unchanged", diskProblem(err, out, shown))
	}
	printBuildSummary(env, sum, shown, opts.Drafts, !opts.Open)
	if opts.Open {
		index := filepath.Join(out, "index.html")
		shownIndex := filepath.Join(shown, "index.html")
		if openInBrowser(env, index, shownIndex) {
			fmt.Fprintf(env.Out, "Opened %s in your browser.\n", shownIndex)
		}
	}
	return nil
}

// buildSite checks the portfolio in root and builds its site into out in
// one pass over the entries, printing the problems; with errors nothing is
// made ("Nothing was built: ..."). First it reads every entry for the
// index of what every page needs of it (portfolio.Entry.Slim), then, on
// every core, reads each again in full, checks it and makes its page from
// the same reading (site.Stream). Memory holds the index and the entries
// being made, not the whole portfolio.
func buildSite(ctx context.Context, env Env, root, out string, opts *site.Options) (*site.Summary, error) {
	p, diags, err := openPortfolio(ctx, env, root)
	if err != nil {
		return nil, err
	}
	// An entry's problems are reported when it is read again for its
	// page.
	p.LoadIndex(ctx, "Reading entries")
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	checker := validate.NewChecker(p)
	checker.Portfolio(&diags)
	failed := diags.HasErrors()
	warning := ""
	if !failed {
		warning = history.Attach(ctx, env.Git, root, p, opts)
	}
	if opts.ImageCache == "" {
		opts.ImageCache = imageCache(env)
	}
	sum, entryDiags, err := site.Stream(ctx, p, out, *opts, checker.Entry, failed)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	diags = append(diags, entryDiags...)
	diags.Sort()
	showPaths(env, root, diags)
	if err := reportForSite(env, p, diags, "built", "build", opts.Drafts); err != nil {
		return nil, err
	}
	if warning != "" {
		fmt.Fprintf(env.Err, "dll: warning: %s\n", warning)
	}
	return sum, err
}

// checkForSite checks the portfolio for a site, printing the problems;
// with errors nothing is made ("Nothing was published: ..."). Its entries
// are slim after (portfolio.Entry.Slim): renderSite reads each again.
func checkForSite(ctx context.Context, env Env, root, done, again string) (*portfolio.Portfolio, error) {
	p, diags, err := checkPortfolio(ctx, env, root)
	if err != nil {
		return nil, err
	}
	if err := reportForSite(env, p, diags, done, again, false); err != nil {
		return nil, err
	}
	return p, nil
}

// reportForSite prints the problems of a portfolio checked for a site;
// with errors it says nothing was made, and returns the error that makes
// dll exit with a problem. What is left to write in unpublished entries is
// dll validate's to list: a site leaves those entries out and says how
// much is left. With drafts (dll build --drafts) those entries are in the
// site for a look, and it says so rather than that they are left out.
func reportForSite(env Env, p *portfolio.Portfolio, diags diag.List, done, again string, drafts bool) error {
	if err := diags.Published().Print(env.Out); err != nil {
		return err
	}
	if n := diags.Todos(); n > 0 {
		shown, hidden, count := unpublishedCount(p, diags)
		they := "they"
		if count == 1 {
			they = "it"
		}
		var what string
		switch {
		case drafts && len(shown) > 0 && len(hidden) > 0:
			what = "In this build for a look only: " + joinAnd(shown) + "; left out: " + joinAnd(hidden) + ";"
		case drafts && len(shown) > 0:
			what = "In this build for a look only: " + joinAnd(shown) + ","
		default:
			what = "Left out: " + joinAnd(append(shown, hidden...)) + ","
		}
		fmt.Fprintf(env.Out, "%s with %s to finish before %s can be published; dll validate lists them.\n",
			what, diag.Plural(n, "thing"), they)
	}
	if errs, _ := diags.Count(); errs > 0 {
		return nothingMade(env, errs, done, again)
	}
	return nil
}

// nothingMade says that nothing was made for errs errors, and returns the
// error that makes dll exit with a problem.
func nothingMade(env Env, errs int, done, again string) error {
	what := "the error"
	if errs > 1 {
		what = fmt.Sprintf("the %d errors", errs)
	}
	fmt.Fprintf(env.Out, "Nothing was %s: fix %s above, then %s again.", done, what, again)
	if done == "built" {
		fmt.Fprint(env.Out, " The site from the last build is unchanged.")
	}
	fmt.Fprintln(env.Out)
	return &SilentError{Code: ExitProblem}
}

// renderSite builds a checked portfolio into out, with what git knows of
// its history added to opts, and prints git's one warning when it cannot
// tell.
func renderSite(ctx context.Context, env Env, root string, p *portfolio.Portfolio, out string, opts *site.Options) (*site.Summary, error) {
	if w := history.Attach(ctx, env.Git, root, p, opts); w != "" {
		fmt.Fprintf(env.Err, "dll: warning: %s\n", w)
	}
	if opts.ImageCache == "" {
		opts.ImageCache = imageCache(env)
	}
	sum, diags, err := site.Stream(ctx, p, out, *opts, nil, false)
	if err == nil && diags.HasErrors() {
		// A file changed since it was checked.
		diags.Sort()
		showPaths(env, root, diags)
		if err := diags.Print(env.Out); err != nil {
			return nil, err
		}
		return nil, nothingMade(env, len(diags), "published", "publish")
	}
	return sum, err
}

// imageCache is the folder that keeps the web versions of pictures from
// one build to the next, in the user's cache folder; "" when there is
// none, and then each build makes them again.
func imageCache(env Env) string {
	base := ""
	switch runtime.GOOS {
	case "windows":
		base = env.Getenv("LocalAppData")
	case "darwin":
		if home := env.Getenv("HOME"); home != "" {
			base = filepath.Join(home, "Library", "Caches")
		}
	default:
		base = env.Getenv("XDG_CACHE_HOME")
		if base == "" || !filepath.IsAbs(base) {
			if home := env.Getenv("HOME"); home != "" {
				base = filepath.Join(home, ".cache")
			}
		}
	}
	if base == "" {
		return ""
	}
	return filepath.Join(base, "dll", "images")
}

// printBuildSummary says what was built, and where when out is given,
// with how to see it when tell is set.
func printBuildSummary(env Env, sum *site.Summary, out string, drafts, tell bool) {
	fmt.Fprintln(env.Out, buildSummary(sum, out, drafts))
	if n := len(sum.Stripped); n > 0 {
		fmt.Fprintf(env.Out, "Removed location, camera, author and comment details from %s on the way to the site: %s. The files in your portfolio keep them; 'dll strip' shows what it would remove from them.\n", diag.Plural(n, "file"), strings.Join(sum.Stripped, ", "))
	}
	if out != "" && tell {
		fmt.Fprintf(env.Out, "Open %s in a browser to see it.\n", filepath.Join(out, "index.html"))
	}
}

// buildSummary is the line that says what a build made, in words that
// read right for any count, none included.
func buildSummary(sum *site.Summary, out string, drafts bool) string {
	where := ""
	if out != "" {
		where = " into " + out + string(filepath.Separator)
	}
	var b strings.Builder
	if sum.Entries == 0 {
		fmt.Fprintf(&b, "Built the site%s with no experience on it yet (drafts, planned and private entries are not published)", where)
	} else {
		fmt.Fprintf(&b, "Built %s%s", diag.Plural(sum.Entries, "experience"), where)
		if drafts {
			fmt.Fprintf(&b, " (%s, for a local look only: do not publish this build)", diag.Plural(sum.Drafts, "draft"))
		}
	}
	fmt.Fprintf(&b, ": %s", diag.Plural(sum.Pages, "page"))
	if sum.Files == 0 {
		// Not "0 files (0 bytes)", which reads as if nothing was built.
		b.WriteString("; there were no evidence files or pictures to copy.")
	} else {
		fmt.Fprintf(&b, " and %s (%s).", diag.Plural(sum.Files, "file"), site.ByteSize(sum.Bytes))
	}
	return b.String()
}

// unpublishedCount says which entries a site leaves out until they can be
// published, as counts to join ("1 draft", "2 planned entries"): the
// drafts and planned entries (shown, which dll build --drafts shows for a
// look), and the entries no build shows whose problems wait all the same
// (hidden): private ones, and those dll could not read that say they are
// not for publishing. count is how many there are in all.
func unpublishedCount(p *portfolio.Portfolio, diags diag.List) (shown, hidden []string, count int) {
	waiting := map[string]bool{}
	for _, d := range diags {
		if d.Severity == diag.Todo {
			waiting[d.File] = true
		}
	}
	drafts, planned, private, unread := 0, 0, 0, 0
	for _, e := range p.Entries {
		switch {
		case p.Unfinished(e) && e.Draft:
			drafts++
		case p.Unfinished(e):
			planned++
		case !waiting[e.Src.File]:
		case !e.Src.Parsed:
			unread++
		default:
			private++
		}
	}
	if drafts > 0 {
		shown = append(shown, diag.Plural(drafts, "draft"))
	}
	if planned > 0 {
		shown = append(shown, diag.Plural(planned, "planned entry"))
	}
	if private > 0 {
		hidden = append(hidden, diag.Plural(private, "private entry"))
	}
	if unread == 1 {
		hidden = append(hidden, "1 entry dll could not read")
	} else if unread > 1 {
		hidden = append(hidden, fmt.Sprintf("%d entries dll could not read", unread))
	}
	return shown, hidden, drafts + planned + private + unread
}

// diskProblem says in plain words why the site could not be written into
// out (shown to the author as shown) when the disk refused it: full,
// read-only, or not the author's to write. Such an error names a file of
// dll's own work folder beside out, which means nothing to the author;
// other errors are returned as they are.
func diskProblem(err error, out, shown string) error {
	var pe *fs.PathError
	if !errors.As(err, &pe) || !within(filepath.Dir(out), pe.Path) {
		return err
	}
	switch {
	case errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT):
		return fmt.Errorf("the disk that holds %s is full; free some space on it, or build into a folder on another disk with -o, and build again", shown)
	case errors.Is(err, syscall.EROFS):
		return fmt.Errorf("the disk that holds %s cannot be written to (it is read-only); build into a folder on another disk with -o", shown)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("dll may not write into the folder that holds %s (permission denied); build into a folder of yours with -o, or ask for the right to write there", shown)
	}
	return err
}

// within reports whether the file path p is dir or inside it.
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
