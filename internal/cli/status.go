package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"dll/internal/diag"
	"dll/internal/portfolio"
	"dll/internal/privacy"
)

// StatusOptions are the settings of dll status.
type StatusOptions struct {
	Env    Env
	Dir    string
	Format string
}

// NewCmdStatus returns dll status. runF replaces the work in tests.
func NewCmdStatus(env Env, runF func(*StatusOptions) error) *cobra.Command {
	opts := &StatusOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "status [folder]",
		Short: "Show every entry's state, what is left to write, and your aims",
		Long: `Show where the portfolio stands: every entry with its state (published,
in progress, completed, planned, draft or private), what is left to write
before it can be published, the evidence whose consent is still pending,
and how the portfolio stands against the aims in dll.yaml.

dll validate lists each problem where it is; dll status sums them up by
entry. It never fails because of them: its exit status is 0 unless the
command itself cannot run.`,
		Example: `  dll status
  dll status path/to/portfolio
  dll status --format json`,
		Args: maxArgs(1, "the portfolio folder"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if opts.Format != "text" && opts.Format != "json" {
				return usageErrorf("--format takes text or json, not %q", opts.Format)
			}
			if runF != nil {
				return runF(opts)
			}
			return statusRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "text", "how to print the status: text or json")
	cmd.ValidArgsFunction = firstArgDir
	_ = cmd.RegisterFlagCompletionFunc("format", fixedCompletion("text\ta summary for people", "json\tthe same as data, for tools"))
	return cmd
}

// entryStatus is one entry as dll status shows it.
type entryStatus struct {
	File      string `json:"file"`
	Title     string `json:"title,omitempty"`
	State     string `json:"state"` // completed, in progress, planned, draft, private, unreadable
	Published bool   `json:"published"`
	// ToWrite counts what is left to write (TODO values), by the field
	// of the entry (its first key, "story" for the Markdown).
	ToWrite  map[string]int `json:"to_write,omitempty"`
	Todos    int            `json:"todos"` // to do before it can be published
	Errors   int            `json:"errors"`
	Warnings int            `json:"warnings"`
	Pending  []string       `json:"consent_pending,omitempty"` // where: file:line:col
}

// aimStatus is one of the leader's aims, or one thing the portfolio
// could show when there are none.
type aimStatus struct {
	Kind    string   `json:"kind"` // types, expertise, framework
	ID      string   `json:"id"`
	Label   string   `json:"label"`
	Shown   bool     `json:"shown"`
	Entries int      `json:"entries,omitempty"` // published entries that show it
	Missing []string `json:"missing,omitempty"` // a framework's codes not yet evidenced
	Codes   int      `json:"codes,omitempty"`   // a framework's codes in all
}

type statusReport struct {
	Leader   string        `json:"-"`
	Entries  []entryStatus `json:"entries"`
	Aims     []aimStatus   `json:"aims"`
	AimsSet  bool          `json:"aims_set"`
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
}

func statusRun(ctx context.Context, opts *StatusOptions) error {
	env := opts.Env
	root, err := findPortfolio(env, opts.Dir)
	if err != nil {
		return err
	}
	p, diags, err := checkPortfolio(ctx, env, root)
	if err != nil {
		return err
	}
	wd, _ := env.Getwd()
	r := status(p, diags, func(f string) string { return displayPath(wd, root, f) })
	if opts.Format == "json" {
		enc := json.NewEncoder(env.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	r.print(env.Out)
	return nil
}

// status sums up diags (their files as shown) by entry of p; shown turns
// a file of the portfolio into the path the terminal shows.
func status(p *portfolio.Portfolio, diags diag.List, shown func(string) string) *statusReport {
	names := privacy.New(p.Roster)
	r := &statusReport{Leader: p.Settings.Leader.Name}
	r.Errors, r.Warnings = diags.Count()
	byFile := map[string]*entryStatus{}
	for _, e := range p.Entries {
		s := entryStatus{File: shown(e.Src.File), State: entryState(p, e), Published: p.Published(e)}
		switch {
		case hasName(names, e.Src.File):
			// Never print a name from the privacy list, even here.
			s.File = "(an entry whose file name holds a name from your privacy list; rename it)"
		case names.Contains(e.Title):
			s.Title = "(title withheld: a name on your privacy list)"
		default:
			s.Title = e.Title
		}
		r.Entries = append(r.Entries, s)
	}
	for i, e := range p.Entries {
		byFile[shown(e.Src.File)] = &r.Entries[i]
	}
	for _, d := range diags {
		s := entryOfDiag(p, byFile, d, shown)
		if s == nil {
			continue
		}
		switch d.Severity {
		case diag.Error:
			s.Errors++
		case diag.Warning:
			s.Warnings++
		case diag.Todo:
			s.Todos++
		}
		if d.Severity == diag.Warning {
			continue
		}
		switch d.Rule {
		case "placeholder":
			if s.ToWrite == nil {
				s.ToWrite = map[string]int{}
			}
			s.ToWrite[fieldGroup(d.Field)]++
		case "consent":
			if strings.HasSuffix(d.Field, ".consent") {
				s.Pending = append(s.Pending, d.Pos.String())
			}
		}
	}
	r.Aims, r.AimsSet = aims(p)
	return r
}

// entryOfDiag returns the status of the entry a problem is in, or nil.
func entryOfDiag(p *portfolio.Portfolio, byFile map[string]*entryStatus, d diag.Diagnostic, shown func(string) string) *entryStatus {
	if s := byFile[d.File]; s != nil {
		return s
	}
	for _, e := range p.Entries {
		if e.Src.Form == portfolio.FolderForm && strings.HasPrefix(d.File, shown(e.Src.Dir)+"/") {
			return byFile[shown(e.Src.File)]
		}
	}
	return nil
}

// fieldGroup names the part of an entry a field is in: its first key
// (partners for partners[0].name), or story for the Markdown.
func fieldGroup(field string) string {
	if field == "body" || field == "" {
		return "story"
	}
	if i := strings.IndexAny(field, ".["); i > 0 {
		return field[:i]
	}
	return field
}

// entryState is an entry's state in a word or two.
func entryState(p *portfolio.Portfolio, e *portfolio.Entry) string {
	switch {
	case !e.Src.Parsed:
		return "unreadable"
	case p.Visibility(e) == "private":
		return "private"
	case e.Draft:
		return "draft"
	case e.Status == "in-progress":
		return "in progress"
	}
	return cmp.Or(e.Status, "no status")
}

// aims reports how the portfolio stands against the leader's aims, or,
// with none set, against every type and area of expertise.
func aims(p *portfolio.Portfolio) ([]aimStatus, bool) {
	a := p.Settings.Aims
	set := len(a.Types)+len(a.Expertise)+len(a.Frameworks) > 0
	types, expertise := a.Types, a.Expertise
	if !set {
		types, expertise = p.Model.Vocab("types").IDs(), p.Model.Vocab("expertise").IDs()
	}
	cov := p.Coverage()
	gaps := cov.Gaps
	frameworks := a.Frameworks
	if !set {
		// Without aims, the frameworks some entry is aligned to.
		for _, f := range p.EnabledFrameworks() {
			for k := range cov.Codes {
				if k[0] == f.ID {
					frameworks = append(frameworks, f.ID)
					break
				}
			}
		}
	}
	count := map[string]int{}
	for _, e := range p.PublishedEntries() {
		for _, t := range e.Types() {
			count["types/"+t]++
		}
		if e.Demonstrates() {
			for _, x := range e.Expertise {
				count["expertise/"+x]++
			}
		}
	}
	var out []aimStatus
	for _, x := range []struct {
		kind string
		ids  []string
		gaps []string
	}{{"types", types, gaps.Types}, {"expertise", expertise, gaps.Expertise}} {
		v := p.Model.Vocab(x.kind)
		for _, id := range x.ids {
			label := id
			if t, ok := v.Term(id); ok {
				label = t.Label
			}
			out = append(out, aimStatus{Kind: x.kind, ID: id, Label: label, Shown: !slices.Contains(x.gaps, id), Entries: count[x.kind+"/"+id]})
		}
	}
	for _, id := range frameworks {
		f := p.Model.Framework(id)
		if f == nil {
			continue
		}
		s := aimStatus{Kind: "framework", ID: id, Label: f.Name, Codes: len(f.Codes), Shown: true}
		for _, m := range gaps.Codes {
			if m.Of == id {
				s.Missing, s.Shown = m.What, len(m.What) == 0
			}
		}
		out = append(out, s)
	}
	return out, set
}

func (r *statusReport) print(w io.Writer) {
	published := 0
	for _, s := range r.Entries {
		if s.Published {
			published++
		}
	}
	fmt.Fprintf(w, "%s, %s published.\n", diag.Plural(len(r.Entries), "entry"), numberWord(published))
	groups := []struct {
		title string
		keep  func(entryStatus) bool
	}{
		{"Published", func(s entryStatus) bool { return s.Published }},
		{"Not published yet", func(s entryStatus) bool { return !s.Published && s.State != "private" }},
		{"Private, never published", func(s entryStatus) bool { return s.State == "private" }},
	}
	width := 0
	for _, s := range r.Entries {
		width = max(width, len([]rune(s.Title)))
	}
	width = min(width, 40)
	for _, g := range groups {
		var in []entryStatus
		for _, s := range r.Entries {
			if g.keep(s) {
				in = append(in, s)
			}
		}
		if len(in) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s (%d)\n", g.title, len(in))
		for _, s := range in {
			title := s.Title
			if r := []rune(title); len(r) > width {
				title = string(r[:width-1]) + "…"
			}
			fmt.Fprintf(w, "  %-12s %-*s  %s\n", s.State, width, title, s.File)
			if left := s.left(); left != "" {
				fmt.Fprintf(w, "  %-12s %s\n", "", left)
			}
		}
	}
	r.printAims(w)
	fmt.Fprintln(w)
	switch {
	case r.Errors == 0 && r.Warnings == 0:
		fmt.Fprintln(w, "No errors or warnings. dll validate lists what is left, where it is.")
	default:
		fmt.Fprintf(w, "%s and %s in all: dll validate lists them, where they are.\n", diag.Plural(r.Errors, "error"), diag.Plural(r.Warnings, "warning"))
	}
}

// left says what is left to do in an entry, on one line; "" for nothing.
func (s entryStatus) left() string {
	var parts []string
	if len(s.ToWrite) > 0 {
		n := 0
		var fields []string
		for _, f := range slices.Sorted(func(yield func(string) bool) {
			for k := range s.ToWrite {
				if !yield(k) {
					return
				}
			}
		}) {
			n += s.ToWrite[f]
			if s.ToWrite[f] > 1 {
				fields = append(fields, fmt.Sprintf("%s (%d)", f, s.ToWrite[f]))
			} else {
				fields = append(fields, f)
			}
		}
		parts = append(parts, fmt.Sprintf("%d to write: %s", n, strings.Join(fields, ", ")))
	}
	written := 0
	for _, n := range s.ToWrite {
		written += n
	}
	if other := s.Todos + s.Errors - written - len(s.Pending); other > 0 {
		if s.Published {
			parts = append(parts, diag.Plural(other, "error"))
		} else {
			parts = append(parts, fmt.Sprintf("%d more to fix before publishing", other))
		}
	}
	if len(s.Pending) > 0 {
		parts = append(parts, fmt.Sprintf("consent pending for %s (%s)", diag.Plural(len(s.Pending), "evidence item"), strings.Join(s.Pending, ", ")))
	}
	if s.Warnings > 0 {
		parts = append(parts, diag.Plural(s.Warnings, "warning"))
	}
	return strings.Join(parts, "; ")
}

func (r *statusReport) printAims(w io.Writer) {
	if r.AimsSet {
		fmt.Fprintln(w, "\nYour aims (aims in dll.yaml)")
	} else {
		fmt.Fprintln(w, "\nWhat the published entries show (list your aims under aims in dll.yaml to follow only those)")
	}
	for _, kind := range []string{"types", "expertise"} {
		var shown, not []string
		for _, a := range r.Aims {
			if a.Kind != kind {
				continue
			}
			if a.Shown {
				shown = append(shown, fmt.Sprintf("%s (%d)", a.Label, a.Entries))
			} else {
				not = append(not, a.Label)
			}
		}
		if len(shown)+len(not) == 0 {
			continue
		}
		name := map[string]string{"types": "Experience types", "expertise": "Expertise"}[kind]
		fmt.Fprintf(w, "  %s\n", name)
		if len(shown) > 0 {
			fmt.Fprintf(w, "    shown: %s\n", strings.Join(shown, ", "))
		}
		if len(not) > 0 {
			fmt.Fprintf(w, "    not yet: %s\n", strings.Join(not, ", "))
		}
	}
	for _, a := range r.Aims {
		if a.Kind != "framework" {
			continue
		}
		fmt.Fprintf(w, "  %s: %d of %d codes evidenced", a.Label, a.Codes-len(a.Missing), a.Codes)
		if len(a.Missing) > 0 {
			fmt.Fprintf(w, "; not yet: %s", strings.Join(a.Missing, ", "))
		}
		fmt.Fprintln(w)
	}
}

// numberWord writes small counts as words, as a sentence would.
func numberWord(n int) string {
	if n == 0 {
		return "none"
	}
	return fmt.Sprint(n)
}

// hasName reports whether a path holds a name from the privacy list.
func hasName(names *privacy.Names, file string) bool {
	_, ok := names.FirstInPath(file)
	return ok
}
