package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"dll/internal/author"
	"dll/internal/diag"
	"dll/internal/gitinfo"
	"dll/internal/portfolio"
	"dll/internal/validate"
)

// RenameOptions are the settings of dll rename.
type RenameOptions struct {
	Env   Env
	Entry string
	Name  string
}

// NewCmdRename returns dll rename. runF replaces the work in tests.
func NewCmdRename(env Env, runF func(*RenameOptions) error) *cobra.Command {
	opts := &RenameOptions{Env: env}
	cmd := &cobra.Command{
		Use:     "rename <entry> <new name>",
		Aliases: []string{"move"},
		Short:   "Give an entry a new name, and its page a new address",
		Long: `Give an entry a new name: the name of its file or folder in experiences/,
which is also the address of its page on the site. Its title stays as you
wrote it.

The new name is written as a web address writes it: "Book tasting, grade 4"
becomes book-tasting-grade-4. dll moves the file or folder (with git mv when
the portfolio is in git, so that git, and the site's history of the entry,
follow it), then changes every link to it in the other entries, the
philosophy statement and your bio, and its name in dll.yaml's featured list.

dll refuses a name another entry has, and any name dll validate would
refuse.`,
		Example: `  dll rename book-tasting "Book tasting, grade 4"
  dll rename experiences/glider-design-challenge glider-redesign`,
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(args) < 2:
				return usageErrorf("dll rename needs the entry and its new name, like: dll rename book-tasting book-tasting-grade-4")
			case len(args) > 2:
				return usageErrorf("put the new name in quotes, like: dll rename %s \"%s\"", args[0], strings.Join(args[1:], " "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Entry, opts.Name = args[0], strings.TrimSpace(args[1])
			if runF != nil {
				return runF(opts)
			}
			return renameRun(cmd.Context(), opts)
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return entryCompletion(env)(cmd, args, toComplete)
		},
	}
	return cmd
}

// nameRules are the rules of dll validate on the names of entries' files
// and folders, and on the addresses they give their pages.
var nameRules = []string{"slug", "duplicate-slug", "file-name", "private-name"}

func renameRun(ctx context.Context, opts *RenameOptions) error {
	env := opts.Env
	root, err := findPortfolio(env, "")
	if err != nil {
		return err
	}
	wd, err := env.Getwd()
	if err != nil {
		return fmt.Errorf("cannot tell the current folder: %w", err)
	}
	p, _, err := portfolio.LoadContext(ctx, portfolio.DirFS(root))
	if err != nil {
		return err
	}
	e, err := lookupEntry(p, root, wd, opts.Entry) // one that cannot be read moves all the same
	if err != nil {
		return err
	}
	slug := author.RenameName(opts.Name)
	plan, err := author.PlanRename(root, p, e, slug)
	if err != nil {
		return asUsage(err)
	}
	if err := checkNewName(ctx, env, root, plan); err != nil {
		return err
	}
	// An entry not published yet has its name checked too: the name is
	// in git's history from the moment it is committed.
	if err := refuseListedName(p, "the new name", opts.Name, slug); err != nil {
		return err
	}

	r, gitErr := gitinfo.Open(ctx, env.Git, root)
	withGit := false
	if gitErr == nil {
		withGit, _ = r.Tracked(ctx, plan.From)
	}
	move := func(from, to string) error {
		if withGit {
			if err := r.Move(ctx, from, to); err != nil {
				return fmt.Errorf("git could not move %s to %s: %w", from, to, err)
			}
			return nil
		}
		if err := os.Rename(filepath.Join(root, filepath.FromSlash(from)), filepath.Join(root, filepath.FromSlash(to))); err != nil {
			return fmt.Errorf("cannot move %s to %s: %w", from, to, err)
		}
		return nil
	}
	if err := plan.Apply(root, move); err != nil {
		return err
	}

	show := func(f string) string { return displayPath(wd, root, f) }
	how := ""
	if withGit {
		how = " with git mv, so that its history goes with it"
	}
	fmt.Fprintf(env.Out, "Renamed %s to %s%s.\n", show(plan.From), show(plan.To), how)
	if slug != opts.Name {
		fmt.Fprintf(env.Out, "The name is written as a web address writes it: %s.\n", slug)
	}
	var changed []string
	for _, f := range slices.Sorted(func(yield func(string) bool) {
		for f := range plan.Links {
			if !yield(f) {
				return
			}
		}
	}) {
		changed = append(changed, fmt.Sprintf("%s (%s)", show(f), diag.Plural(plan.Links[f], "link")))
	}
	switch {
	case len(changed) > 0 && plan.Featured:
		fmt.Fprintf(env.Out, "Changed the links to it in %s, and its name in the featured list of %s.\n", strings.Join(changed, ", "), show(portfolio.SettingsFile))
	case len(changed) > 0:
		fmt.Fprintf(env.Out, "Changed the links to it in %s.\n", strings.Join(changed, ", "))
	case plan.Featured:
		fmt.Fprintf(env.Out, "Changed its name in the featured list of %s. No other text links to it.\n", show(portfolio.SettingsFile))
	default:
		fmt.Fprintln(env.Out, "No other text links to it.")
	}
	if len(plan.Missed) > 0 {
		var missed []string
		for _, f := range plan.Missed {
			missed = append(missed, show(f))
		}
		fmt.Fprintf(env.Out, "Change by hand the links to it that dll could not change, in %s: dll validate shows each.\n", strings.Join(missed, ", "))
	}
	fmt.Fprintf(env.Out, "Its page's address is now experiences/%s/ on the site; links to the old address from elsewhere (emails, other sites) no longer find it.\n", slug)
	if withGit {
		fmt.Fprintf(env.Out, "Commit the change when you are ready, such as with: git add -A && git commit -m \"Rename %s to %s\"\n", e.Src.Slug, slug)
	}
	return nil
}

// checkNewName refuses the new name when dll validate would refuse it: it
// checks the portfolio as it will be after the move, before anything
// moves, and reports every problem with the entry's new name.
func checkNewName(ctx context.Context, env Env, root string, plan *author.Rename) error {
	after, afterLoad, err := portfolio.LoadContext(ctx, author.RenamedFS(portfolio.DirFS(root), plan.From, plan.To))
	if err != nil {
		return err
	}
	after.Today = env.Now()
	diags, err := validate.CheckContext(ctx, after, afterLoad)
	if err != nil {
		return err
	}
	newFile := plan.To + strings.TrimPrefix(plan.Entry.Src.File, plan.From)
	var msgs []string
	for _, d := range nameProblems(diags, newFile, plan.To) {
		msgs = append(msgs, d.Message)
	}
	if len(msgs) > 0 {
		return usageErrorf("dll validate would refuse this name: %s", strings.Join(slices.Compact(msgs), "; "))
	}
	return nil
}

// nameProblems are the errors of the name rules about the name of the
// entry whose source is file, written as the file or folder at.
func nameProblems(diags diag.List, file, at string) diag.List {
	var out diag.List
	for _, d := range diags {
		if d.Severity != diag.Error || !slices.Contains(nameRules, d.Rule) || d.File != file && d.File != at {
			continue
		}
		if d.Rule == "private-name" && d.Field != "file" {
			continue // a name in the entry's text, not in its name
		}
		out = append(out, d)
	}
	return out
}
