package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"dll/internal/diag"
	"dll/internal/gitinfo"
	"dll/internal/history"
	"dll/internal/portfolio"
	"dll/internal/privacy"
	"dll/internal/publish"
)

// SnapshotOptions are the settings of dll snapshot.
type SnapshotOptions struct {
	Env    Env
	Name   string // the snapshot to make; "" lists them
	Remove string // the snapshot to remove, by its name or its tag
}

// maxSnapshotName is the longest name a snapshot may have, in characters:
// it is a heading on the site.
const maxSnapshotName = 100

// NewCmdSnapshot returns dll snapshot. runF replaces the work in tests.
func NewCmdSnapshot(env Env, runF func(*SnapshotOptions) error) *cobra.Command {
	opts := &SnapshotOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "snapshot [name]",
		Short: "Name the portfolio as it is now, to show what changes after; list or remove snapshots",
		Long: `Give the current version of the portfolio a name, such as "2026 appraisal"
or "Job application", to look back at later. The site then has a page, What
changed, that lists for each snapshot the experiences you added or revised
since.

A snapshot is a git tag, dll-snapshot/<name>, on your last commit: commit
your work first, as changes not committed yet are not in it. Each snapshot
needs a new name. To keep snapshots on your remote too, push the tags, such
as with 'git push origin --tags'.

Without a name, or with list, dll snapshot lists the snapshots, newest
first, with the commit each names and what you have added or revised since.
remove (or --remove) takes one away by its name or its tag: the commit
stays, only the name goes.`,
		Example: `  dll snapshot "2026 appraisal"
  dll snapshot "Job application"
  dll snapshot list                        # or just: dll snapshot
  dll snapshot remove "Job application"`,
		Args: func(cmd *cobra.Command, args []string) error {
			verb := snapshotVerb(args)
			switch {
			case verb == "remove" && len(args) == 1:
				return usageErrorf("say which snapshot to remove, like: dll snapshot remove \"2026 appraisal\"; 'dll snapshot list' lists them")
			case verb != "" && cmd.Flags().Changed("remove"):
				return usageErrorf("--remove takes the snapshot to remove; give no other name with it, like: dll snapshot --remove \"2026 appraisal\"")
			case verb == "list" && len(args) > 1:
				return usageErrorf("dll snapshot list takes nothing more; to make a snapshot, put its name in quotes, like: dll snapshot \"%s\"", strings.Join(args, " "))
			case verb != "":
			case len(args) == 1 && strings.TrimSpace(args[0]) == "":
				return usageErrorf("give the snapshot a name, in quotes, like: dll snapshot \"2026 appraisal\"")
			case len(args) > 1:
				return usageErrorf("put the snapshot's name in quotes, like: dll snapshot \"%s\"", strings.Join(args, " "))
			case len(args) == 1 && cmd.Flags().Changed("remove"):
				return usageErrorf("--remove takes the snapshot to remove; give no other name with it, like: dll snapshot --remove \"2026 appraisal\"")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			switch snapshotVerb(args) {
			case "list":
			case "remove":
				// The name, quoted or not.
				opts.Remove = strings.Join(args[1:], " ")
			default:
				if len(args) == 1 {
					opts.Name = strings.TrimSpace(args[0])
				}
			}
			opts.Remove = strings.TrimSpace(opts.Remove)
			if cmd.Flags().Changed("remove") && opts.Remove == "" {
				return usageErrorf("--remove takes the name of the snapshot to remove, like: dll snapshot --remove \"2026 appraisal\"; 'dll snapshot' lists them")
			}
			if runF != nil {
				return runF(opts)
			}
			switch {
			case opts.Remove != "":
				return snapshotRemoveRun(cmd.Context(), opts)
			case opts.Name == "":
				return snapshotListRun(cmd.Context(), opts)
			}
			return snapshotRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Remove, "remove", "", "remove the snapshot of this name (or tag); the commit stays")
	_ = cmd.RegisterFlagCompletionFunc("remove", snapshotCompletion(env))
	cmd.ValidArgsFunction = cobra.NoFileCompletions
	return cmd
}

// snapshotVerb returns "list" or "remove" when the first word asks for
// one of them, as people type them (dll snapshot list, dll snapshot remove
// "2026 appraisal"), and "" when the words are a snapshot's name.
func snapshotVerb(args []string) string {
	if len(args) == 0 {
		return ""
	}
	switch strings.ToLower(args[0]) {
	case "list", "ls":
		return "list"
	case "remove", "rm", "delete":
		return "remove"
	}
	return ""
}

// checkSnapshotName refuses a name that cannot head the site's What
// changed page: too long, or more than a line.
func checkSnapshotName(name string) error {
	switch {
	case utf8.RuneCountInString(name) > maxSnapshotName:
		return usageErrorf("the snapshot's name is %d characters long; give a shorter one, of at most %d", utf8.RuneCountInString(name), maxSnapshotName)
	case !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl):
		return usageErrorf("the snapshot's name must be one line of text, like \"2026 appraisal\"")
	}
	return nil
}

// snapshotTaken says that the snapshot old has the name already, without
// quoting a name that names someone private.
func snapshotTaken(old *gitinfo.Snapshot, p *portfolio.Portfolio) error {
	what := fmt.Sprintf("called %s", portfolio.Quote(old.Name))
	if privacy.New(p.Roster).Contains(old.Name) {
		what = "with that name"
	}
	if !old.Date.IsZero() {
		what += fmt.Sprintf(", made %s", old.Date.Format("2 January 2006"))
	}
	return fmt.Errorf("there is already a snapshot %s (the git tag %s); choose another name, or remove the old snapshot first with: dll snapshot --remove %s", what, old.Tag, old.Tag)
}

func snapshotRun(ctx context.Context, opts *SnapshotOptions) error {
	env := opts.Env
	name := opts.Name
	if err := checkSnapshotName(name); err != nil {
		return err
	}
	root, err := findPortfolio(env, "")
	if err != nil {
		return err
	}
	// The name is published on the site's What changed page.
	p, _ := portfolio.Load(portfolio.DirFS(root))
	if privacy.New(p.Roster).Contains(name) {
		return usageErrorf("the snapshot's name names someone on your privacy list, and it would be published on the site; choose another name")
	}

	r, err := openSnapshots(ctx, env, root, "then make the snapshot")
	if err != nil {
		return err
	}
	head, err := r.Head(ctx)
	switch {
	case errors.Is(err, gitinfo.ErrNoCommits):
		return errors.New("there is nothing to snapshot yet: the repository has no commits; commit your work ('git add -A', then 'git commit -m \"Start my portfolio\"'), then make the snapshot")
	case err != nil:
		return fmt.Errorf("cannot read the current commit: %w", err)
	}
	slug := portfolio.Slugify(name)
	if slug == "" {
		slug = "snapshot-" + env.Now().Format("2006-01-02")
	}
	tag := gitinfo.SnapshotPrefix + slug
	old, err := r.SnapshotTag(ctx, tag)
	if err != nil {
		return fmt.Errorf("cannot read the snapshots: %w", err)
	}
	if old != nil {
		return snapshotTaken(old, p)
	}
	if _, err := r.Identity(ctx); errors.Is(err, gitinfo.ErrNoIdentity) {
		return errors.New("git does not know who you are, and a snapshot records who made it; set your name and email with\n  git config --global user.name \"Your Name\"\n  git config --global user.email \"you@example.org\"\nthen make the snapshot")
	}
	if err := r.Tag(ctx, tag, name, env.Now()); err != nil {
		return fmt.Errorf("cannot make the snapshot: %w", err)
	}
	fmt.Fprintf(env.Out, "Made the snapshot %s of your last commit, %s (%s), as the git tag %s.\n",
		portfolio.Quote(name), head.Short, head.Date.Format("2 January 2006"), tag)
	if changed, err := publish.Changes(ctx, r, root, p); err == nil && len(changed) > 0 {
		fmt.Fprintf(env.Out, "Note: changes not committed yet are not in it: %s.\n", diag.FirstOf(changed, 5))
	}
	fmt.Fprintln(env.Out, "The site's What changed page now lists what you add or revise from here on; run 'dll build' to see it.")
	return nil
}

// openSnapshots opens the repository the snapshots of the portfolio in
// root are kept in; then says what to do after setting it up.
func openSnapshots(ctx context.Context, env Env, root, then string) (*gitinfo.Repo, error) {
	r, err := gitinfo.Open(ctx, env.Git, root)
	switch {
	case errors.Is(err, gitinfo.ErrNoGit):
		return nil, fmt.Errorf("git is not installed, and snapshots are kept in git; install git (https://git-scm.com), commit your portfolio, %s", then)
	case errors.Is(err, gitinfo.ErrNotRepo):
		return nil, fmt.Errorf("the portfolio is not in a git repository, and snapshots are kept in git; run 'git init' in the portfolio folder, then 'git add -A' and 'git commit -m \"Start my portfolio\"', %s", then)
	case err != nil:
		return nil, fmt.Errorf("cannot read the repository: %w", err)
	}
	return r, nil
}

// snapshotListRun lists the snapshots, newest first: the name (withheld
// when it names someone on the privacy list), when it was made, the commit
// it names, and what was added or revised since, as the site's What
// changed page counts it.
func snapshotListRun(ctx context.Context, opts *SnapshotOptions) error {
	env := opts.Env
	root, err := findPortfolio(env, "")
	if err != nil {
		return err
	}
	r, err := openSnapshots(ctx, env, root, "then make a snapshot")
	if err != nil {
		return err
	}
	p, _ := portfolio.Load(portfolio.DirFS(root))
	names := privacy.New(p.Roster)
	snaps, err := r.Snapshots(ctx)
	if errors.Is(err, gitinfo.ErrNoCommits) || err == nil && len(snaps) == 0 {
		fmt.Fprintln(env.Out, "There are no snapshots yet. Name the portfolio as it is now with: dll snapshot \"2026 appraisal\"")
		return nil
	}
	if err != nil {
		return fmt.Errorf("cannot read the snapshots: %w", err)
	}
	rows := [][]string{{"snapshot", "made", "commit", "since then"}}
	for _, s := range snaps {
		name, tag := portfolio.Quote(s.Name), s.Tag
		if names.Contains(s.Name) || names.Contains(s.Tag) {
			name, tag = "(name withheld: it names someone on your privacy list)", ""
		}
		if tag != "" && tag != gitinfo.SnapshotPrefix+portfolio.Slugify(s.Name) {
			name += " (" + tag + ")" // made by hand: its tag is how to remove it
		}
		made := "-"
		if !s.Date.IsZero() {
			made = s.Date.Format("2 January 2006")
		}
		added, changed := history.Since(p, s)
		rows = append(rows, []string{name, made, shortHash(s.Commit), sinceWords(len(added), len(changed))})
	}
	fmt.Fprintf(env.Out, "%s, newest first:\n", diag.Plural(len(snaps), "snapshot"))
	printColumns(env.Out, rows)
	fmt.Fprintln(env.Out, "The site's What changed page lists what was added and revised since each; dll snapshot --remove \"name\" takes one away.")
	return nil
}

// sinceWords says how many experiences were added and revised.
func sinceWords(added, changed int) string {
	switch {
	case added == 0 && changed == 0:
		return "no change"
	case added == 0:
		return diag.Plural(changed, "revised experience")
	case changed == 0:
		return diag.Plural(added, "new experience")
	}
	return fmt.Sprintf("%s, %d revised", diag.Plural(added, "new experience"), changed)
}

func shortHash(h string) string {
	if len(h) > 7 {
		return h[:7]
	}
	return h
}

// snapshotRemoveRun removes a snapshot, found by the name it was given or
// by its tag; the commit it named stays.
func snapshotRemoveRun(ctx context.Context, opts *SnapshotOptions) error {
	env := opts.Env
	root, err := findPortfolio(env, "")
	if err != nil {
		return err
	}
	r, err := openSnapshots(ctx, env, root, "then list the snapshots with: dll snapshot")
	if err != nil {
		return err
	}
	p, _ := portfolio.Load(withoutEntries{os.DirFS(root)})
	names := privacy.New(p.Roster)
	snaps, err := r.SnapshotTags(ctx)
	if err != nil && !errors.Is(err, gitinfo.ErrNoCommits) {
		return fmt.Errorf("cannot read the snapshots: %w", err)
	}
	s := findSnapshot(snaps, opts.Remove)
	if s == nil {
		what := portfolio.Quote(opts.Remove)
		if names.Contains(opts.Remove) {
			what = "with that name"
		}
		if len(snaps) == 0 {
			return usageErrorf("there is no snapshot %s: the portfolio has no snapshots", what)
		}
		var options []string
		for _, s := range snaps {
			if !names.Contains(s.Name) {
				options = append(options, s.Name)
			}
		}
		if near := portfolio.Suggest(opts.Remove, options); near != "" && !names.Contains(opts.Remove) {
			return usageErrorf("there is no snapshot %s; did you mean %s? 'dll snapshot' lists them", what, portfolio.Quote(near))
		}
		return usageErrorf("there is no snapshot %s; 'dll snapshot' lists them", what)
	}
	if err := r.DeleteTag(ctx, s.Tag); err != nil {
		return fmt.Errorf("cannot remove the snapshot: %w", err)
	}
	what := portfolio.Quote(s.Name)
	if names.Contains(s.Name) || names.Contains(s.Tag) {
		what = "you named"
	}
	made := ""
	if !s.Date.IsZero() {
		made = ", made " + s.Date.Format("2 January 2006")
	}
	fmt.Fprintf(env.Out, "Removed the snapshot %s (the git tag %s of commit %s%s). The commit and your files are as they were; the site's What changed page no longer lists it once you build again.\n",
		what, s.Tag, shortHash(s.Commit), made)
	if remotes, _ := r.Remotes(ctx); len(remotes) > 0 {
		fmt.Fprintf(env.Out, "If you pushed your snapshots to %s, it is still there: remove it there too with 'git push %s --delete %s'.\n", remotes[0], remotes[0], s.Tag)
	}
	return nil
}

// findSnapshot returns the snapshot called name (in any capitals), or
// tagged name (with or without dll-snapshot/), or whose name makes the
// same tag; nil when none is.
func findSnapshot(snaps []gitinfo.Snapshot, name string) *gitinfo.Snapshot {
	for _, match := range []func(s gitinfo.Snapshot) bool{
		func(s gitinfo.Snapshot) bool { return s.Name == name },
		func(s gitinfo.Snapshot) bool { return strings.EqualFold(s.Name, name) },
		func(s gitinfo.Snapshot) bool { return s.Tag == name || s.Tag == gitinfo.SnapshotPrefix+name },
		func(s gitinfo.Snapshot) bool { return s.Tag == gitinfo.SnapshotPrefix+portfolio.Slugify(name) },
	} {
		for i := range snaps {
			if match(snaps[i]) {
				return &snaps[i]
			}
		}
	}
	return nil
}

// snapshotCompletion completes --remove with the snapshots' names,
// leaving out those that name someone private.
func snapshotCompletion(env Env) completeFunc {
	return func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		root, err := findPortfolio(env, "")
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		r, err := gitinfo.Open(cmd.Context(), env.Git, root)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		p, _ := portfolio.Load(withoutEntries{os.DirFS(root)})
		names := privacy.New(p.Roster)
		tags, _ := r.SnapshotTags(cmd.Context())
		var out []string
		for _, s := range tags {
			if !names.Contains(s.Name) && !names.Contains(s.Tag) {
				out = append(out, s.Name+"\t"+s.Tag)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// printColumns prints rows in columns, left-aligned, two spaces apart,
// indented by two.
func printColumns(w io.Writer, rows [][]string) {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString("  " + c + strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)))
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}
