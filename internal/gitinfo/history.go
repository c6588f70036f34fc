package gitinfo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Commit is one commit as the site shows it.
type Commit struct {
	Hash    string
	Short   string    // the abbreviated hash; set for Head only
	Date    time.Time // the author date, in the author's time zone
	Subject string    // the first line of the message
	// Order is the commit's place in git log's output, 0 for the newest: it
	// orders commits made at the same second.
	Order int
}

// Info is what a build needs from git.
type Info struct {
	// Head is the current commit; nil without one.
	Head *Commit
	// Files holds, for every file of the portfolio that was ever
	// committed, the commits that touched it, newest first. Paths are
	// relative to the portfolio folder. A commit touching many files is
	// one value shared by all of them.
	Files map[string][]*Commit
	// Snapshots are the snapshot tags, newest first.
	Snapshots []Snapshot
}

// Read reads the history of the portfolio folder dir, with one git log pass
// for all its files, and its snapshots. The Info is never nil; the error,
// when there is one, says why some of it is missing: ErrNoGit, ErrNotRepo,
// ErrNoCommits and ErrShallow (history left out, because a shallow clone
// does not know when files were first committed), or another failure.
// None of them stops a build.
func Read(ctx context.Context, run Runner, dir string) (*Info, error) {
	info := &Info{}
	r, err := Open(ctx, run, dir)
	if err != nil {
		return info, err
	}
	if info.Head, err = r.Head(ctx); err != nil {
		return info, err
	}
	snaps, snapErr := r.Snapshots(ctx)
	info.Snapshots = snaps
	if r.Shallow {
		return info, ErrShallow
	}
	if info.Files, err = r.History(ctx); err != nil {
		return info, err
	}
	return info, snapErr
}

// Head returns the current commit, or ErrNoCommits before the first one.
func (r *Repo) Head(ctx context.Context) (*Commit, error) {
	hash, err := r.ResolveCommit(ctx, "HEAD")
	if err != nil {
		return nil, err
	}
	if hash == "" {
		return nil, ErrNoCommits
	}
	// The commit date, not the author's: it is when this version came to be.
	out, err := r.git(ctx, "log", "-1", "--no-show-signature", "--format=%H%x00%h%x00%cI%x00%s", hash)
	if err != nil {
		return nil, err
	}
	f := strings.SplitN(strings.TrimSuffix(string(out), "\n"), "\x00", 4)
	if len(f) != 4 {
		return nil, fmt.Errorf("git log printed %q for the current commit", out)
	}
	date, err := time.Parse(time.RFC3339, f[2])
	if err != nil {
		return nil, fmt.Errorf("reading the date of the current commit: %w", err)
	}
	return &Commit{Hash: f[0], Short: f[1], Date: date, Subject: f[3]}, nil
}

// ResolveCommit returns the full hash of the commit rev names, or "" when
// it names none (such as HEAD before the first commit).
func (r *Repo) ResolveCommit(ctx context.Context, rev string) (string, error) {
	out, err := r.git(ctx, "rev-parse", "-q", "--verify", rev+"^{commit}")
	if exitCode(err) == 1 {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// commitMark starts each commit's header in the history output. A file
// name would have to start with this control character and then hold a
// commit hash to be taken for one.
const commitMark = "\x1e"

// History reads, in one git log pass, the commits that touched each file
// of the portfolio folder, newest first. A file renamed keeps its history:
// the commits from before the rename (git mv, or dll rename) count for it
// under its current name.
func (r *Repo) History(ctx context.Context) (map[string][]*Commit, error) {
	out, err := r.git(ctx, "-c", "core.quotePath=false", "log", "-z", "--no-color", "--no-show-signature",
		"-M", "--no-ext-diff", "--name-status", "--relative",
		"--format="+commitMark+"%H%x00%aI%x00%s", "HEAD", "--", ".")
	if err != nil {
		return nil, err
	}
	return parseLog(out)
}

// parseLog reads the output of History's git log: for each commit, newest
// first, a header of three fields (mark and hash, date, subject), then for
// each file it touched a status (the first after a newline) and its name,
// or for a rename (status R and a similarity) its old name and its new.
func parseLog(out []byte) (map[string][]*Commit, error) {
	files := map[string][]*Commit{}
	// renamed maps a name a file had in older commits to the name it has
	// in newer ones, as renames are met, from the newest commit back.
	renamed := map[string]string{}
	current := func(f string) string {
		for range 100 { // a chain of renames, never a loop
			next, ok := renamed[f]
			if !ok {
				break
			}
			f = next
		}
		return f
	}
	fields := nulFields(out)
	var c *Commit
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if hash, ok := strings.CutPrefix(f, commitMark); ok && isHash(hash) {
			if i+2 >= len(fields) {
				return nil, errors.New("git log ended in the middle of a commit")
			}
			date, err := time.Parse(time.RFC3339, fields[i+1])
			if err != nil {
				return nil, fmt.Errorf("reading the date of commit %s: %w", hash, err)
			}
			n := 0
			if c != nil {
				n = c.Order + 1
			}
			c = &Commit{Hash: hash, Date: date, Subject: fields[i+2], Order: n}
			i += 2
			continue
		}
		if c == nil {
			return nil, fmt.Errorf("git log printed %q before any commit", f)
		}
		status := strings.TrimPrefix(f, "\n")
		if status == "" {
			continue
		}
		paths := 1
		if status[0] == 'R' || status[0] == 'C' {
			paths = 2
		}
		if i+paths >= len(fields) {
			return nil, fmt.Errorf("git log ended in the middle of the files of commit %s", c.Hash)
		}
		name := current(fields[i+paths])
		if status[0] == 'R' && fields[i+1] != fields[i+2] {
			renamed[fields[i+1]] = name
		}
		i += paths
		if n := len(files[name]); n == 0 || files[name][n-1] != c {
			files[name] = append(files[name], c)
		}
	}
	return files, nil
}

// isHash reports whether s is a full SHA-1 or SHA-256 commit hash.
func isHash(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
