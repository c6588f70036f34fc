package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"dll/internal/diag"
	"dll/internal/gitinfo"
	"dll/internal/portfolio"
	"dll/internal/privacy"
	"dll/internal/publish"
)

// SnapshotOptions are the settings of dll snapshot.
type SnapshotOptions struct {
	Env  Env
	Name string
}

// maxSnapshotName is the longest name a snapshot may have, in characters:
// it is a heading on the site.
const maxSnapshotName = 100

// NewCmdSnapshot returns dll snapshot. runF replaces the work in tests.
func NewCmdSnapshot(env Env, runF func(*SnapshotOptions) error) *cobra.Command {
	opts := &SnapshotOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "snapshot <name>",
		Short: "Name the portfolio as it is now, to show what changes after",
		Long: `Give the current version of the portfolio a name, such as "2026 appraisal"
or "Job application", to look back at later. The site then has a page, What
changed, that lists for each snapshot the experiences you added or revised
since.

A snapshot is a git tag, dll-snapshot/<name>, on your last commit: commit
your work first, as changes not committed yet are not in it. Each snapshot
needs a new name. To keep snapshots on your remote too, push the tags, such
as with 'git push origin --tags'.`,
		Example: `  dll snapshot "2026 appraisal"
  dll snapshot "Job application"`,
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(args) == 0 || len(args) == 1 && strings.TrimSpace(args[0]) == "":
				return usageErrorf("give the snapshot a name, in quotes, like: dll snapshot \"2026 appraisal\"")
			case len(args) > 1:
				return usageErrorf("put the snapshot's name in quotes, like: dll snapshot \"%s\"", strings.Join(args, " "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = strings.TrimSpace(args[0])
			if runF != nil {
				return runF(opts)
			}
			return snapshotRun(cmd.Context(), opts)
		},
	}
	cmd.ValidArgsFunction = cobra.NoFileCompletions
	return cmd
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
	return fmt.Errorf("there is already a snapshot %s (the git tag %s); choose another name, or delete the old snapshot first with 'git tag -d %s'", what, old.Tag, old.Tag)
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
	p, _ := portfolio.Load(os.DirFS(root))
	if privacy.New(p.Roster).Contains(name) {
		return usageErrorf("the snapshot's name names someone on your privacy list, and it would be published on the site; choose another name")
	}

	r, err := gitinfo.Open(ctx, env.Git, root)
	switch {
	case errors.Is(err, gitinfo.ErrNoGit):
		return errors.New("git is not installed, and snapshots are kept in git; install git (https://git-scm.com), commit your portfolio, then make the snapshot")
	case errors.Is(err, gitinfo.ErrNotRepo):
		return errors.New("the portfolio is not in a git repository, and snapshots are kept in git; run 'git init' in the portfolio folder, then 'git add -A' and 'git commit -m \"Start my portfolio\"', then make the snapshot")
	case err != nil:
		return fmt.Errorf("cannot read the repository: %w", err)
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
