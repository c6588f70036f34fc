package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"dll/internal/publish"
	"dll/internal/site"
)

// PublishOptions are the settings of dll publish.
type PublishOptions struct {
	Env        Env
	Dir        string
	Remote     string
	Branch     string
	Force      bool
	AllowDirty bool
}

// NewCmdPublish returns dll publish. runF replaces the work in tests.
func NewCmdPublish(env Env, runF func(*PublishOptions) error) *cobra.Command {
	opts := &PublishOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "publish [folder]",
		Short: "Put the site online through a git branch, such as for GitHub Pages",
		Long: `Check and build the site, then publish it: dll commits the site to a branch
of its own (gh-pages unless you give --branch) and pushes that branch to your
remote (origin unless you give --remote). GitHub Pages, GitLab Pages and
Codeberg Pages can serve a site from such a branch.

Your own branch, your files and what you have staged stay exactly as they
are. The publish branch holds only the latest site and no history, so a
photo or a name you take out of the portfolio really leaves the published
branch. A CNAME file on the branch (for your own domain) is kept, and a
.nojekyll file is added so the site is served exactly as built. Publishing
again with nothing changed makes no new commit.

dll publishes nothing, and changes nothing, when:
  - files of the portfolio have changes not committed yet: commit them, or
    publish them as they are with --allow-dirty
  - the publish branch has commits dll did not make: publish to another
    branch, or replace them with --force
  - you are not on a branch (a detached HEAD), git does not know your name,
    or the remote does not exist
  - an entry has errors: run 'dll validate' to see what to fix`,
		Example: `  dll publish
  dll publish --remote github --branch pages
  dll publish path/to/portfolio --allow-dirty`,
		Args: maxArgs(1, "the portfolio folder"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return publishRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Remote, "remote", "origin", "the git remote to push the site to")
	cmd.Flags().StringVar(&opts.Branch, "branch", "gh-pages", "the branch that holds the site")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "replace the publish branch even if it has commits dll did not make")
	cmd.Flags().BoolVar(&opts.AllowDirty, "allow-dirty", false, "publish even if files have changes not committed yet")
	return cmd
}

func publishRun(ctx context.Context, opts *PublishOptions) error {
	env := opts.Env
	root, err := findPortfolio(env, opts.Dir)
	if err != nil {
		return err
	}
	// Everything that can refuse comes first, before anything is written.
	plan, err := publish.Prepare(ctx, env.Git, root, publish.Options{
		Remote: opts.Remote, Branch: opts.Branch, Force: opts.Force, AllowDirty: opts.AllowDirty, Version: Version,
	})
	var refusal *publish.Refusal
	if errors.As(err, &refusal) && refusal.Reason == publish.BadBranch {
		return usageErrorf("%s", refusal)
	}
	if err != nil {
		return err
	}
	p, err := checkForSite(ctx, env, root, "published", "publish")
	if err != nil {
		return err
	}
	if err := plan.Check(ctx, root, p); err != nil {
		return err
	}

	// Build into a temporary folder: public/ stays as it is.
	tmp, err := os.MkdirTemp("", "dll-publish-")
	if err != nil {
		return fmt.Errorf("cannot make a temporary folder for the site: %w", err)
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "site")
	var siteOpts site.Options
	sum, err := renderSite(ctx, env, root, p, out, &siteOpts)
	if err != nil {
		return fmt.Errorf("%w\nNothing was published", err)
	}
	printBuildSummary(env, sum, "", false)
	res, err := plan.Publish(ctx, out, filepath.Join(tmp, "index"), siteOpts.Version, env.Now())
	if err != nil {
		return err
	}
	if res.UpToDate {
		fmt.Fprintf(env.Out, "The site on %s (branch %s) is already up to date: nothing to publish.\n", opts.Remote, opts.Branch)
		return nil
	}
	fmt.Fprintf(env.Out, "Published the site to the branch %s on %s (commit %s, by %s).\n", opts.Branch, opts.Remote, res.Commit, res.Ident)
	if res.KeptCNAME {
		fmt.Fprintln(env.Out, "Kept the CNAME file, which names your site's own domain.")
	}
	if res.Replaced {
		fmt.Fprintf(env.Out, "Replaced the earlier commits of %s, as --force asked.\n", opts.Branch)
	}
	return nil
}
