package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dll/internal/atomicfile"
	"dll/internal/diag"
	"dll/internal/history"
	"dll/internal/pdf"
	"dll/internal/portfolio"
	"dll/internal/site"
	"dll/internal/validate"
)

// PDFOptions are the settings of dll pdf.
type PDFOptions struct {
	Env       Env
	Dir       string
	Out       string
	Framework string
	Entries   []string
	Snapshot  string
	Paper     string
	// Browser finds the browser; nil looks where browsers install
	// themselves (tests give their own).
	Browser func() (string, error)
}

// NewCmdPDF returns dll pdf. runF replaces the work in tests.
func NewCmdPDF(env Env, runF func(*PDFOptions) error) *cobra.Command {
	opts := &PDFOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "pdf [folder]",
		Short: "Make one PDF evidence pack of the published portfolio",
		Long: `Check the portfolio, then print what its site publishes as one PDF, the
evidence pack that appraisal panels and certification portfolios take: a cover
with how to reach you, the contents with page numbers, your summary, the
criterion map (each framework code with the experiences that evidence it and
your note of how), then every published experience as a chapter with its
story, outcomes, testimony and evidence. Photos are printed sharp; videos,
recordings and documents are listed with their address in the site.

The PDF is tagged for screen readers and has a bookmark for every chapter.
Drafts, private entries and evidence without consent are never in it, as on
the site. The same portfolio gives the same file.

dll prints with Chromium, Google Chrome or Microsoft Edge, whichever it finds
(set DLL_BROWSER to choose one). The paper is Letter or A4, as your portfolio's
language suggests (en: Letter, en-GB: A4), unless you give --paper.`,
		Example: `  dll pdf
  dll pdf -o ~/Desktop/appraisal-2026.pdf
  dll pdf --framework iste-coaches
  dll pdf --entry glider-design-challenge --entry mill-creek-water-inquiry
  dll pdf --snapshot "2026 appraisal" --paper a4`,
		Args: maxArgs(1, "the portfolio folder"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			switch p := strings.ToLower(strings.TrimSpace(opts.Paper)); p {
			case "", site.PaperLetter, site.PaperA4:
				opts.Paper = p
			default:
				return usageErrorf("--paper takes letter or a4, not %q", opts.Paper)
			}
			if runF != nil {
				return runF(opts)
			}
			return pdfRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "the PDF file to write (default: <your name>-evidence-pack.pdf in this folder)")
	cmd.Flags().StringVar(&opts.Framework, "framework", "", "only the experiences that evidence this framework, with its criterion map first")
	cmd.Flags().StringSliceVar(&opts.Entries, "entry", nil, "only this experience, by its file or folder name; give it again for more, in the order you want them")
	cmd.Flags().StringVar(&opts.Snapshot, "snapshot", "", "the pack as the portfolio stood at this snapshot (see dll snapshot)")
	cmd.Flags().StringVar(&opts.Paper, "paper", "", "letter or a4 (default: from the portfolio's language)")
	_ = cmd.RegisterFlagCompletionFunc("paper", fixedCompletion(site.PaperLetter, site.PaperA4))
	_ = cmd.RegisterFlagCompletionFunc("out", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"pdf"}, cobra.ShellCompDirectiveFilterFileExt
	})
	_ = cmd.RegisterFlagCompletionFunc("snapshot", snapshotCompletion(env))
	cmd.ValidArgsFunction = firstArgDir
	_ = cmd.RegisterFlagCompletionFunc("framework", frameworkCompletion(env))
	_ = cmd.RegisterFlagCompletionFunc("entry", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		if _, root := completionModel(env); root != "" {
			return entrySlugs(root), cobra.ShellCompDirectiveNoFileComp
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func pdfRun(ctx context.Context, opts *PDFOptions) error {
	env := opts.Env
	root, err := findPortfolio(env, opts.Dir)
	if err != nil {
		return err
	}
	wd, err := env.Getwd()
	if err != nil {
		return fmt.Errorf("cannot tell the current folder: %w", err)
	}
	find := opts.Browser
	if find == nil {
		find = func() (string, error) {
			return pdf.FindBrowser(pdf.BrowserEnv{GOOS: runtime.GOOS, Getenv: env.Getenv, IsExec: isExec})
		}
	}
	browser, err := find()
	if err != nil {
		return err
	}

	work, err := os.MkdirTemp("", "dll-pdf-")
	if err != nil {
		return fmt.Errorf("making a folder to print in: %w", err)
	}
	defer os.RemoveAll(work)

	var p *portfolio.Portfolio
	var date time.Time
	snapshot := ""
	if opts.Snapshot != "" {
		p, date, snapshot, err = loadSnapshot(ctx, env, root, opts.Snapshot, filepath.Join(work, "snapshot"))
	} else {
		p, err = checkForSite(ctx, env, root, "made", "run dll pdf")
		if err == nil {
			siteOpts := &site.Options{}
			if w := history.Attach(ctx, env.Git, root, p, siteOpts); w != "" {
				fmt.Fprintf(env.Err, "dll: warning: %s\n", w)
			}
			date = siteOpts.Updated
		}
	}
	if err != nil {
		return err
	}

	out := opts.Out
	if out == "" {
		out = defaultPackName(p, opts, snapshot)
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(wd, out)
	}
	shown := displayPath(wd, "", out)
	if err := checkPackOutput(out, shown); err != nil {
		return err
	}

	packDir := filepath.Join(work, "pack")
	profile := filepath.Join(work, "browser")
	for _, d := range []string{packDir, profile} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return fmt.Errorf("making a folder to print in: %w", err)
		}
	}
	pk, err := site.RenderPack(ctx, p, packDir, site.PackOptions{Updated: date, ImageCache: imageCache(env),
		Framework: opts.Framework, Entries: opts.Entries, Paper: opts.Paper})
	if errors.Is(err, site.ErrPackOption) {
		return usageErrorf("%s", strings.TrimPrefix(err.Error(), site.ErrPackOption.Error()+": "))
	}
	if err != nil {
		return fmt.Errorf("%w\nNothing was made", err)
	}
	var chapters []string
	for _, c := range pk.Chapters {
		chapters = append(chapters, c.ID)
	}
	res, err := pdf.Print(ctx, browser, filepath.Join(packDir, filepath.FromSlash(pk.Page)), pdf.Options{
		Paper: pk.Paper, Footer: pk.Footer, PageOf: pk.PageOf, Lang: pk.Lang, Dir: pk.Dir, Date: pk.Date, Chapters: chapters, Profile: profile, NoSandbox: runsAsRoot(),
	})
	if err != nil {
		return fmt.Errorf("%w\nNothing was made", err)
	}
	if err := atomicfile.Replace(out, res.PDF, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", shown, err)
	}
	paper := map[string]string{site.PaperLetter: "Letter", site.PaperA4: "A4"}[pk.Paper]
	fmt.Fprintf(env.Out, "Made %s: %s, %s on %s paper (%s).\n", shown,
		diag.Plural(pk.Entries, "experience"), diag.Plural(res.Pages, "page"), paper, site.ByteSize(int64(len(res.PDF))))
	return nil
}

// defaultPackName names the pack after its leader, and the framework or
// snapshot it is of: tess-marchetti-evidence-pack.pdf.
func defaultPackName(p *portfolio.Portfolio, opts *PDFOptions, snapshot string) string {
	parts := []string{portfolio.Slugify(p.Settings.Leader.Name), "evidence-pack"}
	if opts.Framework != "" {
		parts = append(parts, portfolio.Slugify(opts.Framework))
	}
	if snapshot != "" {
		parts = append(parts, portfolio.Slugify(snapshot))
	}
	name := strings.Trim(strings.Join(parts, "-"), "-")
	return name + ".pdf"
}

// checkPackOutput refuses to write the pack over anything but a pack dll
// made before: a folder, or a file of the author's own.
func checkPackOutput(out, shown string) error {
	info, err := os.Stat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if dir, err := os.Stat(filepath.Dir(out)); err != nil || !dir.IsDir() {
			return usageErrorf("cannot write %s: there is no folder %s", shown, filepath.Dir(shown))
		}
		return nil
	case err != nil:
		return usageErrorf("cannot write %s: %v", shown, err)
	case info.IsDir():
		return usageErrorf("%s is a folder; give a file name for the PDF, like -o %s", shown, filepath.Join(shown, "evidence-pack.pdf"))
	}
	data, err := os.ReadFile(out)
	if err != nil || !pdf.MadeByDLL(data) {
		return usageErrorf("%s already exists and dll did not make it, so dll will not replace it; choose another name with -o, or move the file away", shown)
	}
	return nil
}

// loadSnapshot loads and checks the portfolio as it stood at a snapshot,
// exported from git into dir, without touching the work tree.
func loadSnapshot(ctx context.Context, env Env, root, name, dir string) (*portfolio.Portfolio, time.Time, string, error) {
	if err := os.Mkdir(dir, 0o700); err != nil {
		return nil, time.Time{}, "", fmt.Errorf("making a folder to print in: %w", err)
	}
	s, err := history.ReadSnapshot(ctx, env.Git, root, name, dir)
	var se *history.SnapshotError
	if errors.As(err, &se) && se.Usage {
		return nil, time.Time{}, "", usageErrorf("%s", se.Msg)
	}
	if err != nil {
		return nil, time.Time{}, "", err
	}
	p, loadDiags, err := portfolio.LoadContext(ctx, s.FS)
	if err != nil {
		return nil, time.Time{}, "", err
	}
	p.Today = env.Now()
	p.Roster = append(p.Roster, s.Roster...)
	loadDiags = append(loadDiags, site.CheckTemplates(p.FS)...)
	diags, err := validate.CheckContext(ctx, p, loadDiags)
	if err != nil {
		return nil, time.Time{}, "", err
	}
	diags.Sort()
	if err := diags.Print(env.Out); err != nil {
		return nil, time.Time{}, "", err
	}
	if errs, _ := diags.Count(); errs > 0 {
		fmt.Fprintf(env.Out, "Nothing was made: the snapshot %s (%s) has %s; the files named are as they stood then, in git.\n",
			portfolio.Quote(s.Name), s.Tag, diag.Plural(errs, "error"))
		return nil, time.Time{}, "", &SilentError{Code: ExitProblem}
	}
	return p, s.Date, s.Name, nil
}

// isExec reports whether a file exists and can be run.
func isExec(name string) bool {
	info, err := os.Stat(name)
	if err != nil || !info.Mode().IsRegular() {
		return false
	}
	return runtime.GOOS == "windows" || info.Mode().Perm()&0o111 != 0
}

// runsAsRoot reports whether dll runs as the root user, as in a container,
// where Chromium will not start with its sandbox.
func runsAsRoot() bool { return runtime.GOOS != "windows" && os.Geteuid() == 0 }
