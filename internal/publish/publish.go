// Package publish puts a built site on a branch of the portfolio's git
// repository and pushes it, as dll publish does. A Plan checks everything
// that can refuse before anything is written, and each refusal is a
// *Refusal that says what to do; only then is the site committed, on a
// branch of its own with no history, and pushed.
package publish

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"dll/internal/diag"
	"dll/internal/gitinfo"
	"dll/internal/pdf"
	"dll/internal/portfolio"
	"dll/internal/site"
)

// Reason is why dll publishes nothing.
type Reason int

const (
	NoGit           Reason = iota + 1 // git is not installed
	NotRepo                           // the portfolio is in no repository
	BadBranch                         // the branch's name cannot be a branch
	Detached                          // HEAD is on no branch
	OnPublishBranch                   // HEAD is on the branch the site goes to
	CheckedOut                        // another work tree has that branch
	NoIdentity                        // git does not know who commits
	NoRemote                          // the remote does not exist
	Dirty                             // files have changes not committed
	NotByDLL                          // the branch has commits dll did not make
)

// Refusal is a state in which dll publishes nothing and changes nothing.
type Refusal struct {
	Reason Reason
	msg    string
}

func (r *Refusal) Error() string { return r.msg }

func refuse(reason Reason, format string, args ...any) *Refusal {
	return &Refusal{Reason: reason, msg: fmt.Sprintf(format, args...)}
}

// Options say where the site goes.
type Options struct {
	Remote, Branch string
	// Force replaces a branch with commits dll did not make.
	Force bool
	// AllowDirty publishes though files have changes not committed yet.
	AllowDirty bool
	// Version is dll's own, for the commit message.
	Version string
}

// Plan is a publish checked so far: the repository and who commits, then
// (after Check) the branch's tips here and on the remote.
type Plan struct {
	opts    Options
	repo    *gitinfo.Repo
	current string // the branch the portfolio is on
	ident   string

	localHash, remoteHash string
	local, published      *gitinfo.Tip
}

// Prepare checks the repository: git, the branch to publish from and to,
// who commits, and the remote. It reads nothing from the network.
func Prepare(ctx context.Context, git gitinfo.Runner, root string, opts Options) (*Plan, error) {
	pl := &Plan{opts: opts}
	remote, branch := opts.Remote, opts.Branch
	r, err := gitinfo.Open(ctx, git, root)
	switch {
	case errors.Is(err, gitinfo.ErrNoGit):
		return nil, refuse(NoGit, "git is not installed, and dll publishes through git; install git (https://git-scm.com), or run 'dll build' and copy the public folder to your web host")
	case errors.Is(err, gitinfo.ErrNotRepo):
		return nil, refuse(NotRepo, "the portfolio is not in a git repository, so there is nothing to publish from; run 'git init' in the portfolio folder, commit your work and add your remote ('git remote add origin <address>'), then publish again; or run 'dll build' and copy the public folder to your web host")
	case err != nil:
		return nil, fmt.Errorf("cannot read the repository: %w", err)
	}
	pl.repo = r
	if !r.CheckBranchName(ctx, branch) {
		return nil, refuse(BadBranch, "%s cannot be the name of a branch; give a name like gh-pages", portfolio.Quote(branch))
	}
	if pl.current, err = r.Branch(ctx); err != nil {
		if errors.Is(err, gitinfo.ErrDetached) {
			return nil, refuse(Detached, "you are not on a branch (git calls this a detached HEAD), so dll cannot tell which version of the portfolio to publish; go back to your branch with 'git switch main' (or the name of your branch), then publish again")
		}
		return nil, fmt.Errorf("cannot tell which branch you are on: %w", err)
	}
	if pl.current == branch {
		return nil, refuse(OnPublishBranch, "you are on the branch %s, where the site is published, and publishing would replace your files; switch to the branch that holds your portfolio (such as 'git switch main'), or publish to another branch with --branch", branch)
	}
	if dir, err := r.CheckedOut(ctx, branch); err != nil {
		return nil, fmt.Errorf("cannot read the work trees of the repository: %w", err)
	} else if dir != "" {
		return nil, refuse(CheckedOut, "the branch %s is checked out in %s, and publishing would change the files there; switch that folder to another branch, or publish to another branch with --branch", branch, dir)
	}
	if pl.ident, err = r.Identity(ctx); err != nil {
		if errors.Is(err, gitinfo.ErrNoIdentity) {
			return nil, refuse(NoIdentity, "git does not know who you are, and every commit needs a name and an email address; set them with\n  git config --global user.name \"Your Name\"\n  git config --global user.email \"you@example.org\"\nthen publish again")
		}
		return nil, fmt.Errorf("cannot tell who you are in git: %w", err)
	}
	if _, err := r.RemoteURL(ctx, remote); err != nil {
		if !errors.Is(err, gitinfo.ErrNoRemote) {
			return nil, fmt.Errorf("cannot read the remote %s: %w", remote, err)
		}
		return nil, refuse(NoRemote, "this repository has no remote called %s to publish to; add the address of the repository your site goes to with 'git remote add %s <address>' (your git host shows it, like https://github.com/you/portfolio.git), or name another remote with --remote", portfolio.Quote(remote), remote)
	}
	return pl, nil
}

// Check refuses when files of the checked portfolio p (in root) that make
// a difference to the site have changes not committed yet, unless asked
// to publish them; then it reads the publish branch here and on the
// remote, and refuses when either has commits dll did not make, unless
// forced.
func (pl *Plan) Check(ctx context.Context, root string, p *portfolio.Portfolio) error {
	r, remote, branch := pl.repo, pl.opts.Remote, pl.opts.Branch
	if !pl.opts.AllowDirty {
		changed, err := Changes(ctx, r, root, p)
		if err != nil {
			return fmt.Errorf("cannot tell which files changed: %w", err)
		}
		if len(changed) > 0 {
			have, them := "have", "them"
			if len(changed) == 1 {
				have, them = "has", "it"
			}
			return refuse(Dirty, "%s of the portfolio %s changes that are not committed yet: %s; commit %s first ('git add -A', then 'git commit -m \"Say what changed\"') so that what you publish is in your history, or publish as it is with --allow-dirty",
				diag.Plural(len(changed), "file"), have, diag.FirstOf(changed, 5), them)
		}
	}
	var err error
	if pl.localHash, err = r.ResolveCommit(ctx, "refs/heads/"+branch); err != nil {
		return fmt.Errorf("cannot read the branch %s: %w", branch, err)
	}
	if pl.localHash != "" {
		if pl.local, err = r.ReadTip(ctx, pl.localHash); err != nil {
			return fmt.Errorf("cannot read the branch %s: %w", branch, err)
		}
	}
	if pl.remoteHash, err = r.RemoteBranch(ctx, remote, branch); err != nil {
		return fmt.Errorf("cannot reach the remote %s (%w); check your internet connection and that you may push there, then publish again", remote, err)
	}
	if pl.remoteHash != "" {
		if err := r.FetchCommit(ctx, remote, branch, pl.remoteHash); err != nil {
			return fmt.Errorf("cannot fetch the branch %s from %s (%w); check your internet connection, then publish again", branch, remote, err)
		}
		if pl.published, err = r.ReadTip(ctx, pl.remoteHash); err != nil {
			return fmt.Errorf("cannot read the branch %s of %s: %w", branch, remote, err)
		}
	}
	if !pl.opts.Force {
		const fix = "if it is an old site you no longer need, publish with --force to replace it; otherwise publish to another branch with --branch"
		if pl.local != nil && !pl.local.ByDLL {
			return refuse(NotByDLL, "the branch %s has commits that dll did not make, and publishing would replace them; %s", branch, fix)
		}
		if pl.published != nil && !pl.published.ByDLL {
			return refuse(NotByDLL, "the branch %s on %s has commits that dll did not make, and publishing would replace them; %s", branch, remote, fix)
		}
	}
	return nil
}

// Result is what a publish did.
type Result struct {
	// UpToDate is set when the remote had this site already: nothing
	// was committed or pushed.
	UpToDate bool
	Commit   string // the commit published, abbreviated
	Ident    string // who made it
	// KeptCNAME is set when the branch's CNAME file, which names the
	// site's own domain, was carried over.
	KeptCNAME bool
	// Replaced is set when --force replaced commits dll did not make.
	Replaced bool
}

// Publish commits the site built in the folder out, after Check, and
// pushes it. It prepares out as published (without dll's marker, with
// .nojekyll and the last publish's CNAME) and stores it through a git
// index in the file index, so that the user's own index stays as it is.
// version names the portfolio's commit, for the message; now dates it.
func (pl *Plan) Publish(ctx context.Context, out, index, version string, now time.Time) (*Result, error) {
	r, remote, branch := pl.repo, pl.opts.Remote, pl.opts.Branch
	keep, err := pl.prepare(ctx, out)
	if err != nil {
		return nil, err
	}
	tree, err := r.WriteTree(ctx, out, index, keep...)
	if err != nil {
		return nil, fmt.Errorf("cannot store the site in git: %w\nNothing was published", err)
	}
	if pl.published != nil && pl.published.Tree == tree {
		return &Result{UpToDate: true}, nil
	}
	commit := ""
	if pl.local != nil && pl.local.ByDLL && pl.local.Tree == tree {
		commit = pl.local.Hash // made by a publish whose push failed
	} else if commit, err = r.CommitTree(ctx, tree, pl.message(version), now); err != nil {
		return nil, fmt.Errorf("cannot commit the site: %w\nNothing was published", err)
	}
	if err := r.Push(ctx, remote, branch, commit, pl.remoteHash); err != nil {
		return nil, fmt.Errorf("the site could not be pushed to %s (%w); check your internet connection and that you may push there, then publish again. Nothing was changed", remote, err)
	}
	if commit != pl.localHash {
		if err := r.SetBranch(ctx, branch, commit, pl.localHash); err != nil {
			return nil, fmt.Errorf("the site was published, but the branch %s here could not be moved to it (%w); the next publish will fix it", branch, err)
		}
	}
	return &Result{
		Commit:    commit[:min(7, len(commit))],
		Ident:     pl.ident,
		KeptCNAME: len(keep) > 0,
		Replaced:  pl.opts.Force && (pl.local != nil && !pl.local.ByDLL || pl.published != nil && !pl.published.ByDLL),
	}, nil
}

// prepare makes the built site in out the site as published: without
// dll's marker, with .nojekyll so that GitHub Pages serves it as it is,
// and with the CNAME of the last publish, which names the site's own
// domain, unless the site has one. It returns the files to keep from the
// branch.
func (pl *Plan) prepare(ctx context.Context, out string) ([]gitinfo.TreeFile, error) {
	if err := os.Remove(filepath.Join(out, site.Marker)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("cannot prepare the site: %w", err)
	}
	if err := os.WriteFile(filepath.Join(out, ".nojekyll"), nil, 0o644); err != nil {
		return nil, fmt.Errorf("cannot prepare the site: %w", err)
	}
	last := cmp.Or(pl.published, pl.local)
	if last == nil {
		return nil, nil
	}
	if _, err := os.Lstat(filepath.Join(out, "CNAME")); !errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	f, err := pl.repo.FileAt(ctx, last.Hash, "CNAME")
	if err != nil {
		return nil, fmt.Errorf("cannot read the CNAME file of the branch %s: %w", pl.opts.Branch, err)
	}
	if f == nil {
		return nil, nil
	}
	return []gitinfo.TreeFile{*f}, nil
}

// message is the message of a publish commit, ending with dll's marker.
func (pl *Plan) message(version string) string {
	var b strings.Builder
	b.WriteString("Publish the portfolio site\n\n")
	fmt.Fprintf(&b, "Built by dll %s", pl.opts.Version)
	if version != "" {
		fmt.Fprintf(&b, " from %s, version %s", pl.current, version)
	}
	if pl.opts.AllowDirty {
		b.WriteString(", with changes not committed yet")
	}
	b.WriteString(".\n\n")
	b.WriteString(gitinfo.PublishMarker + "\n")
	return b.String()
}

// Changes returns the files of the portfolio p in root that have changes
// not committed yet and make a difference to the site: all but the built
// site itself, the private files, which must not be committed, and the
// evidence packs dll pdf made (outside experiences/, where no page shows
// them).
func Changes(ctx context.Context, r *gitinfo.Repo, root string, p *portfolio.Portfolio) ([]string, error) {
	files, err := r.Changes(ctx)
	if err != nil {
		return nil, err
	}
	roster := p.Settings.Privacy.Roster
	made := map[string]bool{}
	return slices.DeleteFunc(files, func(f string) bool {
		return strings.HasPrefix(f, "public/") || strings.HasPrefix(f, "private/") || roster != "" && path.Clean(roster) == f ||
			site.Made(root, f, made) || // a site dll built, or is building
			packMade(root, f)
	}), nil
}

// packMade reports whether f, a file of the portfolio in root, is an
// evidence pack dll pdf made, outside the entries.
func packMade(root, f string) bool {
	if !strings.EqualFold(path.Ext(f), ".pdf") || strings.HasPrefix(f, portfolio.ExperiencesDir+"/") {
		return false
	}
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f)))
	return err == nil && pdf.MadeByDLL(data)
}
