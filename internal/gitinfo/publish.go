package gitinfo

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// The states in which dll will not publish.
var (
	ErrDetached   = errors.New("HEAD is detached")
	ErrNoIdentity = errors.New("git does not know who you are")
	ErrNoRemote   = errors.New("no such remote")
)

// PublishMarker is the trailer of every commit dll publish makes: a
// commit without it, or with a parent, was not made by dll.
const PublishMarker = "Published-by: dll"

// Branch returns the branch HEAD is on (it may have no commits yet), or
// ErrDetached.
func (r *Repo) Branch(ctx context.Context) (string, error) {
	out, err := r.git(ctx, "symbolic-ref", "-q", "--short", "HEAD")
	if exitCode(err) == 1 {
		return "", ErrDetached
	}
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// CheckedOut returns the folder of the work tree that has branch checked
// out, or "" when none has.
func (r *Repo) CheckedOut(ctx context.Context, branch string) (string, error) {
	// Without -z, which git learned only in 2.36.
	out, err := r.git(ctx, "worktree", "list", "--porcelain")
	if err != nil {
		return "", err
	}
	dir := ""
	for _, line := range strings.Split(string(out), "\n") {
		if d, ok := strings.CutPrefix(line, "worktree "); ok {
			dir = d
		}
		if line == "branch refs/heads/"+branch {
			return dir, nil
		}
	}
	return "", nil
}

// Identity returns who commits, from git's settings or environment, never
// guessed from the computer's name; ErrNoIdentity when it is not set.
func (r *Repo) Identity(ctx context.Context) (string, error) {
	out, err := r.git(ctx, "-c", "user.useConfigOnly=true", "var", "GIT_COMMITTER_IDENT")
	if exitCode(err) > 0 {
		return "", ErrNoIdentity
	}
	if err != nil {
		return "", err
	}
	// Leave out the time that ends it.
	id := strings.TrimSpace(string(out))
	if i := strings.LastIndex(id, "> "); i >= 0 {
		id = id[:i+1]
	}
	return id, nil
}

// RemoteURL returns the address of the remote name, or ErrNoRemote.
func (r *Repo) RemoteURL(ctx context.Context, name string) (string, error) {
	if name == "" || strings.HasPrefix(name, "-") {
		return "", ErrNoRemote
	}
	out, err := r.git(ctx, "remote", "get-url", name)
	if exitCode(err) > 0 {
		return "", ErrNoRemote
	}
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// CheckBranchName reports whether name can be a branch.
func (r *Repo) CheckBranchName(ctx context.Context, name string) bool {
	_, err := r.git(ctx, "check-ref-format", "--branch", name)
	return err == nil && !strings.HasPrefix(name, "-")
}

// Changes returns the files of the portfolio folder that differ from the
// current commit: changed, added, removed or not committed at all, leaving
// out those git ignores. Paths are relative to the portfolio folder, in
// order.
func (r *Repo) Changes(ctx context.Context) ([]string, error) {
	out, err := r.git(ctx, "-c", "core.quotePath=false", "status", "--porcelain", "-z", "--untracked-files=all", "--no-renames", "--", ".")
	if err != nil {
		return nil, err
	}
	var files []string
	for _, f := range nulFields(out) {
		if len(f) < 4 {
			continue
		}
		// Porcelain paths start at the top of the work tree.
		files = append(files, strings.TrimPrefix(f[3:], r.Prefix))
	}
	slices.Sort(files)
	return files, nil
}

// RemoteBranch returns the commit that branch is at on remote, or "" when
// the remote has no such branch.
func (r *Repo) RemoteBranch(ctx context.Context, remote, branch string) (string, error) {
	out, err := r.git(ctx, "ls-remote", "--refs", remote, "refs/heads/"+branch)
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(out), "\n") {
		hash, ref, ok := strings.Cut(line, "\t")
		if ok && ref == "refs/heads/"+branch {
			return hash, nil
		}
	}
	return "", nil
}

// FetchCommit makes sure the commit hash, the tip of branch on remote, is
// in the repository, fetching it when it is not. It changes no branch and
// no remote-tracking branch.
func (r *Repo) FetchCommit(ctx context.Context, remote, branch, hash string) error {
	if _, err := r.git(ctx, "cat-file", "-e", hash+"^{commit}"); err == nil {
		return nil
	}
	// An empty --refmap keeps git from updating remote-tracking branches.
	_, err := r.git(ctx, "fetch", "--quiet", "--no-tags", "--refmap=", remote, "refs/heads/"+branch)
	if err != nil {
		return err
	}
	if _, err := r.git(ctx, "cat-file", "-e", hash+"^{commit}"); err != nil {
		return fmt.Errorf("the branch %s moved on %s while dll was reading it; try again", branch, remote)
	}
	return nil
}

// Tip is a commit at the end of a branch, as dll publish sees it.
type Tip struct {
	Hash string
	Tree string
	// ByDLL is set when dll publish made the commit (it has the marker and
	// no parent), or when the commits since the last one dll made only add
	// or change a CNAME file, as GitHub does when a site gets its own domain.
	ByDLL bool
}

// cnameLookback is how many commits ReadTip looks through for dll's last
// one.
const cnameLookback = 20

// ReadTip reads the commit hash at the end of a branch.
func (r *Repo) ReadTip(ctx context.Context, hash string) (*Tip, error) {
	out, err := r.git(ctx, "log", "-z", "--first-parent", "-n", fmt.Sprint(cnameLookback), "--no-show-signature", "--format=%H%x00%T%x00%P%x00%B", hash)
	if err != nil {
		return nil, err
	}
	// Four fields a commit; the message cannot hold a NUL.
	f := nulFields(out)
	if len(f) < 4 {
		return nil, fmt.Errorf("git log printed %q for commit %s", out, hash)
	}
	t := &Tip{Hash: hash, Tree: f[1]}
	for i := 0; i+3 < len(f); i += 4 {
		if f[i+2] != "" || !hasMarker(f[i+3]) {
			continue
		}
		if i == 0 {
			t.ByDLL = true
			break
		}
		diff, err := r.git(ctx, "diff", "--name-only", "-z", "--no-renames", f[i], hash)
		if err != nil {
			return nil, err
		}
		t.ByDLL = !slices.ContainsFunc(nulFields(diff), func(name string) bool { return name != "CNAME" })
		break
	}
	return t, nil
}

// hasMarker reports whether a commit message has dll's marker line.
func hasMarker(msg string) bool {
	for _, line := range strings.Split(msg, "\n") {
		if strings.TrimSpace(line) == PublishMarker {
			return true
		}
	}
	return false
}

// TreeFile is a file in a commit's tree.
type TreeFile struct {
	Mode, Hash, Path string
}

// FileAt returns the file path (from the top of the tree) of commit's
// tree, or nil when there is none.
func (r *Repo) FileAt(ctx context.Context, commit, path string) (*TreeFile, error) {
	out, err := r.git(ctx, "ls-tree", "-z", "--full-tree", commit, "--", path)
	if err != nil {
		return nil, err
	}
	for _, entry := range nulFields(out) {
		meta, name, ok := strings.Cut(entry, "\t")
		f := strings.Fields(meta)
		if ok && name == path && len(f) == 3 && f[1] == "blob" {
			return &TreeFile{Mode: f[0], Hash: f[2], Path: name}, nil
		}
	}
	return nil, nil
}

// WriteTree stores every file of the folder site, plus extra files already
// in the repository, as a tree, and returns its hash. It works in its own
// index, the file index, so the user's index and files stay as they are.
func (r *Repo) WriteTree(ctx context.Context, site, index string, extra ...TreeFile) (string, error) {
	run := func(args ...string) ([]byte, error) {
		// In the site's folder, as the work tree of the repository; with
		// no conversion of line ends, and ignoring nothing: the site is
		// published exactly as built.
		full := append([]string{"--git-dir=" + r.GitDir, "--work-tree=.", "-c", "core.autocrlf=false", "-c", "core.safecrlf=false"}, args...)
		return r.runIn(ctx, site, []string{"GIT_INDEX_FILE=" + index}, full...)
	}
	if !filepath.IsAbs(index) {
		return "", fmt.Errorf("the index %s must be an absolute path", index)
	}
	if _, err := run("add", "--all", "--force", "--", "."); err != nil {
		return "", err
	}
	for _, f := range extra {
		if _, err := run("update-index", "--add", "--cacheinfo", f.Mode+","+f.Hash+","+f.Path); err != nil {
			return "", err
		}
	}
	out, err := run("write-tree")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// CommitTree makes a commit of tree, with no parent, dated date, and
// returns its hash.
func (r *Repo) CommitTree(ctx context.Context, tree, msg string, date time.Time) (string, error) {
	d := gitDate(date)
	out, err := r.gitEnv(ctx, []string{"GIT_AUTHOR_DATE=" + d, "GIT_COMMITTER_DATE=" + d},
		"-c", "user.useConfigOnly=true", "commit-tree", "-m", msg, tree)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// Push sets branch on remote to commit, but only if it is still at was
// ("" for no branch): it replaces what dll read, never what came since.
func (r *Repo) Push(ctx context.Context, remote, branch, commit, was string) error {
	ref := "refs/heads/" + branch
	_, err := r.git(ctx, "push", "--quiet", "--force-with-lease="+ref+":"+was, remote, commit+":"+ref)
	return err
}

// SetBranch points the local branch at commit, if it is still at was (""
// for no branch).
func (r *Repo) SetBranch(ctx context.Context, branch, commit, was string) error {
	if was == "" {
		was = strings.Repeat("0", len(commit))
	}
	_, err := r.git(ctx, "update-ref", "-m", "dll publish", "refs/heads/"+branch, commit, was)
	return err
}

// Remotes returns the names of the repository's remotes, in order.
func (r *Repo) Remotes(ctx context.Context) ([]string, error) {
	out, err := r.git(ctx, "remote")
	if err != nil {
		return nil, err
	}
	return strings.Fields(string(out)), nil
}

// Branches returns the names of the local branches and of the branches
// remote has (as last fetched), each once, in order.
func (r *Repo) Branches(ctx context.Context, remote string) ([]string, error) {
	refs := []string{"refs/heads"}
	if remote != "" && !strings.HasPrefix(remote, "-") {
		refs = append(refs, "refs/remotes/"+remote)
	}
	out, err := r.git(ctx, append([]string{"for-each-ref", "--format=%(refname)"}, refs...)...)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, ref := range strings.Fields(string(out)) {
		name, ok := strings.CutPrefix(ref, "refs/heads/")
		if !ok {
			name, ok = strings.CutPrefix(ref, "refs/remotes/"+remote+"/")
		}
		if ok && name != "HEAD" && !slices.Contains(names, name) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names, nil
}

// Tracked reports whether git tracks the file at p (a slash path in the
// portfolio folder), or any file in the folder at p.
func (r *Repo) Tracked(ctx context.Context, p string) (bool, error) {
	out, err := r.git(ctx, "ls-files", "-z", "--", p)
	if err != nil {
		return false, err
	}
	return len(out) > 0, nil
}

// Move renames the file or folder from to to (slash paths in the
// portfolio folder) with git mv, so that git records the rename: what is
// untracked in a folder moves with it.
func (r *Repo) Move(ctx context.Context, from, to string) error {
	_, err := r.git(ctx, "mv", "--", from, to)
	return err
}
