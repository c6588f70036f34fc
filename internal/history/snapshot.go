package history

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"

	"dll/internal/gitinfo"
	"dll/internal/portfolio"
)

// Snapshot is a portfolio as it stood at one of its snapshots, read from
// git for dll pdf --snapshot, with the work tree untouched.
type Snapshot struct {
	Name, Tag string
	Date      time.Time // when its commit was made: the date of what it shows
	// FS holds its files as git holds them, and the work tree's private
	// folder and roster, which git never holds.
	FS fs.FS
	// Roster is the work tree's privacy list: names listed since the
	// snapshot are kept out of what is made of it too.
	Roster []portfolio.RosterName
}

// SnapshotError says why a snapshot cannot be read. Usage is set when the
// person named one that is not there, or asked for one where there are
// none, rather than git failing.
type SnapshotError struct {
	Msg   string
	Usage bool
}

func (e *SnapshotError) Error() string { return e.Msg }

// ReadSnapshot exports the snapshot that name names (as dll snapshot was
// given it, in any capitals, or by its tag) of the portfolio in root into
// dir, an empty folder, and returns it.
func ReadSnapshot(ctx context.Context, git gitinfo.Runner, root, name, dir string) (*Snapshot, error) {
	r, err := gitinfo.Open(ctx, git, root)
	switch {
	case errors.Is(err, gitinfo.ErrNoGit):
		return nil, &SnapshotError{Msg: "git is not installed, and snapshots are kept in git; install git (https://git-scm.com) to use a snapshot"}
	case errors.Is(err, gitinfo.ErrNotRepo):
		return nil, &SnapshotError{Msg: "the portfolio is not in a git repository, so it has no snapshots", Usage: true}
	case err != nil:
		return nil, fmt.Errorf("cannot read the repository: %w", err)
	}
	s, all, err := r.SnapshotNamed(ctx, name, gitinfo.SnapshotPrefix+portfolio.Slugify(name))
	if err != nil {
		return nil, fmt.Errorf("cannot read the snapshots: %w", err)
	}
	if s == nil {
		if len(all) == 0 {
			return nil, &SnapshotError{Msg: fmt.Sprintf("there is no snapshot %s: the portfolio has none yet; make one with dll snapshot \"name\"", portfolio.Quote(name)), Usage: true}
		}
		var names []string
		for _, x := range all {
			names = append(names, portfolio.Quote(x.Name))
		}
		return nil, &SnapshotError{Msg: fmt.Sprintf("there is no snapshot %s; the snapshots are: %s", portfolio.Quote(name), strings.Join(names, ", ")), Usage: true}
	}
	if err := r.Export(ctx, s.Commit, dir); err != nil {
		return nil, fmt.Errorf("reading the snapshot %s from git: %w", portfolio.Quote(s.Name), err)
	}
	date, err := r.CommitDate(ctx, s.Commit)
	if err != nil {
		return nil, fmt.Errorf("reading the date of the snapshot %s: %w", portfolio.Quote(s.Name), err)
	}
	current, _ := portfolio.Load(portfolio.DirFS(root))
	return &Snapshot{Name: s.Name, Tag: s.Tag, Date: date, Roster: current.Roster,
		FS: snapshotFS{snap: os.DirFS(dir), work: os.DirFS(root), roster: current.Settings.Privacy.Roster}}, nil
}

// snapshotFS is a portfolio as git holds it at a snapshot, with its
// private folder and its roster from the work tree: git never holds the
// roster, and what is made of the snapshot must keep its names out as the
// site does.
type snapshotFS struct {
	snap, work fs.FS
	roster     string // the work tree's roster file, as its dll.yaml names it
}

func (s snapshotFS) Open(name string) (fs.File, error) {
	f, err := s.snap.Open(name)
	if errors.Is(err, fs.ErrNotExist) && (name == "private" || strings.HasPrefix(name, "private/") || s.roster != "" && name == path.Clean(s.roster)) {
		return s.work.Open(name)
	}
	return f, err
}
