package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"dll/internal/diag"
	"dll/internal/gitinfo"
	"dll/internal/portfolio"
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

// publishedBy is the last paragraph of every commit dll publish makes.
const publishedBy = gitinfo.PublishMarker + "\n"

func publishRun(ctx context.Context, opts *PublishOptions) error {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(buildMemoryLimit))
	env := opts.Env
	root, err := findPortfolio(env, opts.Dir)
	if err != nil {
		return err
	}
	remote, branch := opts.Remote, opts.Branch

	// Everything that can refuse comes first, before anything is written.
	r, err := gitinfo.Open(ctx, runGit, root)
	switch {
	case errors.Is(err, gitinfo.ErrNoGit):
		return errors.New("git is not installed, and dll publishes through git; install git (https://git-scm.com), or run 'dll build' and copy the public folder to your web host")
	case errors.Is(err, gitinfo.ErrNotRepo):
		return errors.New("the portfolio is not in a git repository, so there is nothing to publish from; run 'git init' in the portfolio folder, commit your work and add your remote ('git remote add origin <address>'), then publish again; or run 'dll build' and copy the public folder to your web host")
	case err != nil:
		return fmt.Errorf("cannot read the repository: %w", err)
	}
	if !r.CheckBranchName(ctx, branch) {
		return usageErrorf("%s cannot be the name of a branch; give a name like gh-pages", portfolio.Quote(branch))
	}
	current, err := r.Branch(ctx)
	switch {
	case errors.Is(err, gitinfo.ErrDetached):
		return errors.New("you are not on a branch (git calls this a detached HEAD), so dll cannot tell which version of the portfolio to publish; go back to your branch with 'git switch main' (or the name of your branch), then publish again")
	case err != nil:
		return fmt.Errorf("cannot tell which branch you are on: %w", err)
	case current == branch:
		return fmt.Errorf("you are on the branch %s, where the site is published, and publishing would replace your files; switch to the branch that holds your portfolio (such as 'git switch main'), or publish to another branch with --branch", branch)
	}
	if dir, err := r.CheckedOut(ctx, branch); err != nil {
		return fmt.Errorf("cannot read the work trees of the repository: %w", err)
	} else if dir != "" {
		return fmt.Errorf("the branch %s is checked out in %s, and publishing would change the files there; switch that folder to another branch, or publish to another branch with --branch", branch, dir)
	}
	ident, err := r.Identity(ctx)
	switch {
	case errors.Is(err, gitinfo.ErrNoIdentity):
		return errors.New("git does not know who you are, and every commit needs a name and an email address; set them with\n  git config --global user.name \"Your Name\"\n  git config --global user.email \"you@example.org\"\nthen publish again")
	case err != nil:
		return fmt.Errorf("cannot tell who you are in git: %w", err)
	}
	if _, err := r.RemoteURL(ctx, remote); err != nil {
		if !errors.Is(err, gitinfo.ErrNoRemote) {
			return fmt.Errorf("cannot read the remote %s: %w", remote, err)
		}
		return fmt.Errorf("this repository has no remote called %s to publish to; add the address of the repository your site goes to with 'git remote add %s <address>' (your git host shows it, like https://github.com/you/portfolio.git), or name another remote with --remote", portfolio.Quote(remote), remote)
	}

	p, err := checkForSite(ctx, env, root, "published", "publish")
	if err != nil {
		return err
	}
	if !opts.AllowDirty {
		changed, err := r.Changes(ctx)
		if err != nil {
			return fmt.Errorf("cannot tell which files changed: %w", err)
		}
		changed = removeNotPublished(root, p, changed)
		if len(changed) > 0 {
			have, them := "have", "them"
			if len(changed) == 1 {
				have, them = "has", "it"
			}
			return fmt.Errorf("%s of the portfolio %s changes that are not committed yet: %s; commit %s first ('git add -A', then 'git commit -m \"Say what changed\"') so that what you publish is in your history, or publish as it is with --allow-dirty",
				diag.Plural(len(changed), "file"), have, listFiles(changed, 5), them)
		}
	}

	localHash, err := r.ResolveCommit(ctx, "refs/heads/"+branch)
	if err != nil {
		return fmt.Errorf("cannot read the branch %s: %w", branch, err)
	}
	var local, published *gitinfo.Tip
	if localHash != "" {
		if local, err = r.ReadTip(ctx, localHash); err != nil {
			return fmt.Errorf("cannot read the branch %s: %w", branch, err)
		}
	}
	remoteHash, err := r.RemoteBranch(ctx, remote, branch)
	if err != nil {
		return fmt.Errorf("cannot reach the remote %s (%w); check your internet connection and that you may push there, then publish again", remote, err)
	}
	if remoteHash != "" {
		if err := r.FetchCommit(ctx, remote, branch, remoteHash); err != nil {
			return fmt.Errorf("cannot fetch the branch %s from %s (%w); check your internet connection, then publish again", branch, remote, err)
		}
		if published, err = r.ReadTip(ctx, remoteHash); err != nil {
			return fmt.Errorf("cannot read the branch %s of %s: %w", branch, remote, err)
		}
	}
	if !opts.Force {
		const fix = "if it is an old site you no longer need, publish with --force to replace it; otherwise publish to another branch with --branch"
		if local != nil && !local.ByDLL {
			return fmt.Errorf("the branch %s has commits that dll did not make, and publishing would replace them; %s", branch, fix)
		}
		if published != nil && !published.ByDLL {
			return fmt.Errorf("the branch %s on %s has commits that dll did not make, and publishing would replace them; %s", branch, remote, fix)
		}
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

	// The site as published: without dll's marker, with .nojekyll so that
	// GitHub Pages serves it as it is, and with the CNAME of the last
	// publish, which names the site's own domain.
	if err := os.Remove(filepath.Join(out, site.Marker)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("cannot prepare the site: %w", err)
	}
	if err := os.WriteFile(filepath.Join(out, ".nojekyll"), nil, 0o644); err != nil {
		return fmt.Errorf("cannot prepare the site: %w", err)
	}
	var keep []gitinfo.TreeFile
	if last := cmp.Or(published, local); last != nil {
		if _, err := os.Lstat(filepath.Join(out, "CNAME")); errors.Is(err, os.ErrNotExist) {
			f, err := r.FileAt(ctx, last.Hash, "CNAME")
			if err != nil {
				return fmt.Errorf("cannot read the CNAME file of the branch %s: %w", branch, err)
			}
			if f != nil {
				keep = append(keep, *f)
			}
		}
	}
	tree, err := r.WriteTree(ctx, out, filepath.Join(tmp, "index"), keep...)
	if err != nil {
		return fmt.Errorf("cannot store the site in git: %w\nNothing was published", err)
	}
	if published != nil && published.Tree == tree {
		fmt.Fprintf(env.Out, "The site on %s (branch %s) is already up to date: nothing to publish.\n", remote, branch)
		return nil
	}

	commit := ""
	if local != nil && local.ByDLL && local.Tree == tree {
		commit = local.Hash // made by a publish whose push failed
	} else {
		msg := publishMessage(current, opts.AllowDirty, siteOpts.Version)
		if commit, err = r.CommitTree(ctx, tree, msg, env.Now()); err != nil {
			return fmt.Errorf("cannot commit the site: %w\nNothing was published", err)
		}
	}
	if err := r.Push(ctx, remote, branch, commit, remoteHash); err != nil {
		return fmt.Errorf("the site could not be pushed to %s (%w); check your internet connection and that you may push there, then publish again. Nothing was changed", remote, err)
	}
	if commit != localHash {
		if err := r.SetBranch(ctx, branch, commit, localHash); err != nil {
			return fmt.Errorf("the site was published, but the branch %s here could not be moved to it (%w); the next publish will fix it", branch, err)
		}
	}
	short := commit[:min(7, len(commit))]
	fmt.Fprintf(env.Out, "Published the site to the branch %s on %s (commit %s, by %s).\n", branch, remote, short, ident)
	if len(keep) > 0 {
		fmt.Fprintln(env.Out, "Kept the CNAME file, which names your site's own domain.")
	}
	if opts.Force && (local != nil && !local.ByDLL || published != nil && !published.ByDLL) {
		fmt.Fprintf(env.Out, "Replaced the earlier commits of %s, as --force asked.\n", branch)
	}
	return nil
}

// publishMessage is the message of a publish commit, ending with dll's
// marker.
func publishMessage(branch string, dirty bool, version string) string {
	var b strings.Builder
	b.WriteString("Publish the portfolio site\n\n")
	fmt.Fprintf(&b, "Built by dll %s", Version)
	if version != "" {
		fmt.Fprintf(&b, " from %s, version %s", branch, version)
	}
	if dirty {
		b.WriteString(", with changes not committed yet")
	}
	b.WriteString(".\n\n")
	b.WriteString(publishedBy)
	return b.String()
}

// removeNotPublished leaves out of files those that never make a
// difference to the site: the built site itself and the private files,
// which must not be committed.
func removeNotPublished(root string, p *portfolio.Portfolio, files []string) []string {
	roster := p.Settings.Privacy.Roster
	made := map[string]bool{}
	return slices.DeleteFunc(files, func(f string) bool {
		return strings.HasPrefix(f, "public/") || strings.HasPrefix(f, "private/") || roster != "" && path.Clean(roster) == f ||
			site.Made(root, f, made) // a site dll built, or is building
	})
}

// listFiles lists files, at most n of them.
func listFiles(files []string, n int) string {
	if len(files) <= n {
		return strings.Join(files, ", ")
	}
	return strings.Join(files[:n], ", ") + fmt.Sprintf(" and %d more", len(files)-n)
}
