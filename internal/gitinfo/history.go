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
// of the portfolio folder, newest first. Renames are followed no further
// than the current name: a file's history starts where it got its name.
func (r *Repo) History(ctx context.Context) (map[string][]*Commit, error) {
	out, err := r.git(ctx, "-c", "core.quotePath=false", "log", "-z", "--no-color", "--no-show-signature",
		"--no-renames", "--no-ext-diff", "--name-only", "--relative",
		"--format="+commitMark+"%H%x00%aI%x00%s", "HEAD", "--", ".")
	if err != nil {
		return nil, err
	}
	return parseLog(out)
}

// parseLog reads the output of History's git log: for each commit a header
// of three fields (mark and hash, date, subject), then the files it touched,
// the first after a newline.
func parseLog(out []byte) (map[string][]*Commit, error) {
	files := map[string][]*Commit{}
	fields := nulFields(out)
	var c *Commit
	first := false
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
			first = true
			continue
		}
		if c == nil {
			return nil, fmt.Errorf("git log printed %q before any commit", f)
		}
		if first {
			f = strings.TrimPrefix(f, "\n")
			first = false
		}
		if f == "" {
			continue
		}
		if n := len(files[f]); n == 0 || files[f][n-1] != c {
			files[f] = append(files[f], c)
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
