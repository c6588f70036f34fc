package cli

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
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
	Paths    []string // the portfolio folder, or entries and files inside one
	Strict   bool
	Format   string
	Coverage bool
}

// NewCmdValidate returns dll validate. runF replaces the work in tests.
func NewCmdValidate(env Env, runF func(*ValidateOptions) error) *cobra.Command {
	opts := &ValidateOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "validate [folder | entry...]",
		Short: "Check every entry and say exactly what to fix",
		Long: `Check the portfolio against the portfolio model and list every problem,
one per line, as file:line:column: field: what to fix.

Errors stop 'dll build'; warnings are advice and do not. Without a folder, dll
looks for dll.yaml in this folder and the folders above it.

Give one or more entries (an entry's file or its folder) to check only those:
dll still reads the whole portfolio, for the rules that look across entries
(two entries with one name, links between them, private names), but lists
only the problems of the entries you gave, and says how many the rest of the
portfolio has.

Exit status: 0 when there are no errors, 1 when there are, 2 when the command
itself was called wrongly.`,
		Example: `  dll validate
  dll validate path/to/portfolio --coverage
  dll validate experiences/book-tasting.md
  dll validate experiences/glider-design-challenge/ experiences/maker-week.yaml
  dll validate --format json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
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
	cmd.ValidArgsFunction = fileCompletion
	_ = cmd.RegisterFlagCompletionFunc("format", fixedCompletion("text\tone line per problem, for people", "json\tan array of objects, for editors and CI"))
	return cmd
}

// checkPortfolio reads and checks the portfolio in root, with the files of
// the diagnostics made relative to the current folder. When ctx is done
// first (Ctrl-C), it returns ctx's error and nothing else: a check cut
// short must not look like a clean one.
func checkPortfolio(ctx context.Context, env Env, root string) (*portfolio.Portfolio, diag.List, error) {
	p, diags, err := checkInPortfolio(ctx, env, root)
	if err != nil {
		return nil, nil, err
	}
	showPaths(env, root, diags)
	return p, diags, nil
}

// checkInPortfolio is checkPortfolio with the files of the diagnostics
// left as paths inside the portfolio. It reads the entries one at a time,
// keeping of each only its index (portfolio.Entry.Slim).
func checkInPortfolio(ctx context.Context, env Env, root string) (*portfolio.Portfolio, diag.List, error) {
	p, loadDiags, err := openPortfolio(ctx, env, root)
	if err != nil {
		return nil, nil, err
	}
	diags, err := validate.Stream(ctx, p, loadDiags)
	if err != nil {
		return nil, nil, err
	}
	return p, diags, nil
}

// openPortfolio opens the portfolio in root for a pass over its entries
// (see portfolio.Open), with the problems of its settings and templates.
func openPortfolio(ctx context.Context, env Env, root string) (*portfolio.Portfolio, diag.List, error) {
	p, diags, err := portfolio.Open(ctx, portfolio.DirFS(root))
	if err != nil {
		return nil, nil, err
	}
	p.Today = env.Now()
	// Templates are the site's; a broken one is reported with the rest.
	return p, append(diags, site.CheckTemplates(p.FS)...), nil
}

// showPaths makes the files of diags relative to the current folder.
func showPaths(env Env, root string, diags diag.List) {
	wd, _ := env.Getwd()
	for i := range diags {
		diags[i].File = displayPath(wd, root, diags[i].File)
	}
}

func validateRun(ctx context.Context, opts *ValidateOptions) error {
	env := opts.Env
	root, sel, err := findChecked(env, opts.Paths)
	if err != nil {
		return err
	}
	if sel != nil && opts.Coverage {
		return usageErrorf("--coverage is about the whole portfolio; leave out the entries to see it")
	}
	p, diags, err := checkInPortfolio(ctx, env, root)
	if err != nil {
		return err
	}
	var summary string
	if sel != nil {
		var rest diag.List
		diags, rest, err = sel.split(p, diags)
		if err != nil {
			return err
		}
		errs, warns := diags.Count()
		summary = sel.summarize(env, root, p, errs, warns, diags.Todos(), opts.Strict, rest) + todoSentence(diags)
	}
	showPaths(env, root, diags)
	errs, warns := diags.Count()
	failed := errs > 0 || opts.Strict && warns > 0
	if sel == nil {
		summary = summarize(p, diags, opts.Strict)
	}
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

// summarize says in one line what was checked and what was found: the
// errors that stop dll build, the warnings, and what is left to finish in
// entries that are not published yet, which stops nothing.
func summarize(p *portfolio.Portfolio, diags diag.List, strict bool) string {
	errs, warns := diags.Count()
	drafts, planned, private := 0, 0, 0
	for _, e := range p.Entries {
		switch {
		case !e.Src.Parsed:
		case p.Visibility(e) == "private":
			private++
		case e.Draft:
			drafts++
		case e.Status == "planned":
			planned++
		}
	}
	var b strings.Builder
	if len(p.Entries) == 0 {
		b.WriteString("Checked the portfolio, which has no entries yet (dll new experience starts one)")
	} else {
		fmt.Fprintf(&b, "Checked %s", diag.Plural(len(p.Entries), "entry"))
	}
	var parts []string
	if drafts > 0 {
		parts = append(parts, diag.Plural(drafts, "draft"))
	}
	if planned > 0 {
		parts = append(parts, fmt.Sprintf("%d planned", planned))
	}
	if private > 0 {
		parts = append(parts, fmt.Sprintf("%d private", private))
	}
	if len(parts) > 0 {
		fmt.Fprintf(&b, " (%s, not published)", joinAnd(parts))
	}
	b.WriteString(": " + problemCounts(errs, warns, diags.Todos(), strict))
	b.WriteString(todoSentence(diags))
	return b.String()
}

// problemCounts says how many errors and warnings were found, and what
// they mean for the build; with things still to finish (todos), it does
// not say that nothing was found.
func problemCounts(errs, warns, todos int, strict bool) string {
	switch {
	case errs == 0 && warns == 0 && todos > 0:
		return "no errors or warnings."
	case errs == 0 && warns == 0:
		return "no problems found."
	case errs == 0:
		s := fmt.Sprintf("%s, no errors.", diag.Plural(warns, "warning"))
		if strict {
			s += " With --strict, warnings count as errors."
		}
		return s
	}
	s := diag.Plural(errs, "error")
	if warns > 0 {
		s += " and " + diag.Plural(warns, "warning")
	}
	return s + ". Fix the errors to build the site."
}

// todoSentence says how much is left to finish in unpublished entries,
// as a sentence to follow the summary; "" for nothing.
func todoSentence(diags diag.List) string {
	todos := diags.Todos()
	if todos == 0 {
		return ""
	}
	files := map[string]bool{}
	for _, d := range diags {
		if d.Severity == diag.Todo {
			// An entry's folder and the files in it are one entry.
			f := d.Pos.File
			if parts := strings.SplitN(f, "/", 3); len(parts) == 3 && parts[0] == "experiences" {
				f = parts[0] + "/" + parts[1]
			}
			files[f] = true
		}
	}
	entries, they, them := "the unpublished entries", "they do not", "them"
	if len(files) == 1 {
		entries = "the unpublished entry"
	}
	if todos == 1 {
		they, them = "it does not", "it"
	}
	return fmt.Sprintf(" %s to finish before %s can be published (marked \"before publishing\"); %s stop dll build, and dll status lists %s by entry.", diag.Plural(todos, "thing"), entries, they, them)
}

// joinAnd joins items as a sentence does: "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
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

	printCriteria(w, p.CriterionMap())

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

// printCriteria prints the criterion map: each code of each framework, the
// entries that evidence it, and the note of how each one does.
func printCriteria(w io.Writer, m portfolio.CriterionMap) {
	fmt.Fprintln(w, "\nCriterion map: each framework code, the entries that evidence it, and how")
	for _, f := range m {
		fmt.Fprintf(w, "  %s (%s): %d of %s evidenced\n", f.Framework.Name, f.Framework.ID, f.Met, diag.Plural(len(f.Codes), "code"))
		for _, c := range f.Codes {
			name := c.Code.ID
			if c.Code.Label != "" && !strings.EqualFold(c.Code.Label, c.Code.ID) {
				name += " " + c.Code.Label
			}
			if len(c.Evidence) == 0 {
				fmt.Fprintf(w, "    %s: not evidenced yet\n", name)
				continue
			}
			fmt.Fprintf(w, "    %s\n", name)
			for _, ev := range c.Evidence {
				if ev.Note == "" {
					fmt.Fprintf(w, "      %s\n", ev.Entry.Src.Slug)
				} else {
					fmt.Fprintf(w, "      %s: %s\n", ev.Entry.Src.Slug, portfolio.CleanTitle(ev.Note))
				}
			}
		}
	}
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
