package cli

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"dll/internal/diag"
	"dll/internal/portfolio"
	"dll/internal/site"
	"dll/internal/validate"
)

// ValidateOptions are the settings of dll validate.
type ValidateOptions struct {
	Env      Env
	Dir      string
	Strict   bool
	Format   string
	Coverage bool
}

// NewCmdValidate returns dll validate. runF replaces the work in tests.
func NewCmdValidate(env Env, runF func(*ValidateOptions) error) *cobra.Command {
	opts := &ValidateOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "validate [folder]",
		Short: "Check every entry and say exactly what to fix",
		Long: `Check the portfolio against the portfolio model and list every problem,
one per line, as file:line:column: field: what to fix.

Errors stop 'dll build'; warnings are advice and do not. Without a folder, dll
looks for dll.yaml in this folder and the folders above it.

Exit status: 0 when there are no errors, 1 when there are, 2 when the command
itself was called wrongly.`,
		Example: `  dll validate
  dll validate path/to/portfolio --coverage
  dll validate --format json`,
		Args: maxArgs(1, "the portfolio folder"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if opts.Format != "text" && opts.Format != "json" {
				return usageErrorf("--format takes text or json, not %q", opts.Format)
			}
			if opts.Format == "json" && opts.Coverage {
				return usageErrorf("--coverage prints tables for people; use it without --format json")
			}
			if runF != nil {
				return runF(opts)
			}
			return validateRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Strict, "strict", false, "count warnings as errors")
	cmd.Flags().StringVar(&opts.Format, "format", "text", "how to print problems: text or json")
	cmd.Flags().BoolVar(&opts.Coverage, "coverage", false, "also print what the portfolio demonstrates, and the gaps")
	return cmd
}

// loadPortfolio finds, loads and checks the portfolio, with file names in
// the diagnostics made relative to the current folder.
func loadPortfolio(ctx context.Context, env Env, dir string) (*portfolio.Portfolio, diag.List, error) {
	root, err := findPortfolio(env, dir)
	if err != nil {
		return nil, nil, err
	}
	return checkPortfolio(ctx, env, root)
}

// checkPortfolio reads and checks the portfolio in root, one entry at a
// time, keeping of each entry only its index (portfolio.Entry.Slim). When
// ctx is done first (Ctrl-C), it returns ctx's error and nothing else: a
// check cut short must not look like a clean one.
func checkPortfolio(ctx context.Context, env Env, root string) (*portfolio.Portfolio, diag.List, error) {
	p, loadDiags, err := openPortfolio(ctx, env, root)
	if err != nil {
		return nil, nil, err
	}
	diags, err := validate.Stream(ctx, p, loadDiags)
	if err != nil {
		return nil, nil, err
	}
	return p, relative(env, root, diags), nil
}

// openPortfolio opens the portfolio in root for a pass over its entries
// (see portfolio.Open), with the problems of its settings and templates.
func openPortfolio(ctx context.Context, env Env, root string) (*portfolio.Portfolio, diag.List, error) {
	p, diags, err := portfolio.Open(ctx, os.DirFS(root))
	if err != nil {
		return nil, nil, err
	}
	p.Today = env.Now()
	// Templates are the site's; a broken one is reported with the rest.
	return p, append(diags, site.CheckTemplates(p.FS)...), nil
}

// relative makes the files of diags relative to the current folder, for
// editors and terminals to open, and sorts them again.
func relative(env Env, root string, diags diag.List) diag.List {
	wd, _ := env.Getwd()
	for i := range diags {
		diags[i].File = displayPath(wd, root, diags[i].File)
	}
	diags.Sort()
	return diags
}

func validateRun(ctx context.Context, opts *ValidateOptions) error {
	env := opts.Env
	p, diags, err := loadPortfolio(ctx, env, opts.Dir)
	if err != nil {
		return err
	}
	errs, warns := diags.Count()
	failed := errs > 0 || opts.Strict && warns > 0
	summary := summarize(p, errs, warns, opts.Strict)
	if opts.Format == "json" {
		if err := diags.PrintJSON(env.Out); err != nil {
			return err
		}
		fmt.Fprintln(env.Err, summary)
	} else {
		if err := diags.Print(env.Out); err != nil {
			return err
		}
		if opts.Coverage {
			printCoverage(env.Out, p)
		}
		fmt.Fprintln(env.Out, summary)
	}
	if failed {
		return &SilentError{Code: ExitProblem}
	}
	return nil
}

// summarize says in one line what was checked and what was found.
func summarize(p *portfolio.Portfolio, errs, warns int, strict bool) string {
	drafts, private := 0, 0
	for _, e := range p.Entries {
		switch {
		case !e.Src.Parsed:
		case e.Draft:
			drafts++
		case p.Visibility(e) == "private":
			private++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Checked %s", diag.Plural(len(p.Entries), "entry"))
	if drafts+private > 0 {
		var parts []string
		if drafts > 0 {
			parts = append(parts, diag.Plural(drafts, "draft"))
		}
		if private > 0 {
			parts = append(parts, fmt.Sprintf("%d private", private))
		}
		fmt.Fprintf(&b, " (%s, never published)", strings.Join(parts, " and "))
	}
	switch {
	case errs == 0 && warns == 0:
		b.WriteString(": no problems found.")
	case errs == 0:
		fmt.Fprintf(&b, ": %s, no errors.", diag.Plural(warns, "warning"))
		if strict {
			b.WriteString(" With --strict, warnings count as errors.")
		}
	default:
		fmt.Fprintf(&b, ": %s", diag.Plural(errs, "error"))
		if warns > 0 {
			fmt.Fprintf(&b, " and %s", diag.Plural(warns, "warning"))
		}
		b.WriteString(". Fix the errors to build the site.")
	}
	return b.String()
}

// printCoverage prints the coverage matrices and the gaps.
func printCoverage(w io.Writer, p *portfolio.Portfolio) {
	cov := p.Coverage()
	types := p.Model.Vocab("types").IDs()
	phases := p.Model.Vocab("phases").IDs()
	expertise := p.Model.Vocab("expertise").IDs()
	counted := 0
	for _, e := range p.PublishedEntries() {
		if e.Demonstrates() {
			counted++
		}
	}
	fmt.Fprintf(w, "\nCoverage: what %s (completed, with evidence, published) demonstrate\n", diag.Plural(counted, "entry"))

	printMatrix(w, "Experience types by phase (number of entries)", types, phases, cov.TypePhase)
	printMatrix(w, "Experience types by expertise (number of entries)", types, expertise, cov.TypeExpertise)

	fmt.Fprintln(w, "\nFramework codes")
	for _, f := range p.EnabledFrameworks() {
		fmt.Fprintf(w, "  %s (%s)\n", f.Name, f.ID)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, c := range f.Codes {
			list := strings.Join(cov.Codes[[2]string{f.ID, c.ID}], ", ")
			fmt.Fprintf(tw, "    %s\t%s\t%s\n", c.ID, c.Label, cmp.Or(list, "-"))
		}
		tw.Flush()
	}

	var gaps []string
	for _, m := range cov.Gaps.TypePhases {
		if len(m.What) == len(phases) {
			gaps = append(gaps, fmt.Sprintf("%s: no completed entry with evidence", m.Of))
		} else {
			gaps = append(gaps, fmt.Sprintf("%s: nothing yet in %s", m.Of, strings.Join(m.What, ", ")))
		}
	}
	for _, x := range cov.Gaps.Expertise {
		gaps = append(gaps, fmt.Sprintf("expertise %s: not demonstrated yet", x))
	}
	for _, m := range cov.Gaps.Codes {
		gaps = append(gaps, fmt.Sprintf("%s: no evidence yet for %s", m.Of, strings.Join(m.What, ", ")))
	}
	fmt.Fprintln(w, "\nGaps")
	if len(gaps) == 0 {
		fmt.Fprintln(w, "  none: every type, phase, area of expertise and framework code is demonstrated")
	}
	slices.Sort(gaps)
	for _, g := range gaps {
		fmt.Fprintf(w, "  %s\n", g)
	}
	fmt.Fprintln(w)
}

// printMatrix prints the number of entries in each cell of types × cols.
func printMatrix(w io.Writer, title string, types, cols []string, cell map[[2]string][]string) {
	fmt.Fprintf(w, "\n%s\n", title)
	rows := [][]string{append([]string{""}, cols...)}
	for _, t := range types {
		row := []string{t}
		for _, c := range cols {
			n := len(cell[[2]string{t, c}])
			row = append(row, map[bool]string{true: fmt.Sprint(n), false: "-"}[n > 0])
		}
		rows = append(rows, row)
	}
	printTable(w, rows)
}

// printTable prints rows with the first column left-aligned and the others
// right-aligned under their headers, two spaces apart, indented by two.
func printTable(w io.Writer, rows [][]string) {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		b.WriteString("  ")
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i == 0 {
				b.WriteString(c + pad)
			} else {
				b.WriteString("  " + pad + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}
