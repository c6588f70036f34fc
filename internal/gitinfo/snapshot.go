package gitinfo

import (
	"archive/tar"
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// SnapshotPrefix starts the name of every snapshot tag.
const SnapshotPrefix = "dll-snapshot/"

// Snapshot is a snapshot tag and what changed in the portfolio since.
type Snapshot struct {
	Tag    string    // the tag's name, such as dll-snapshot/2026-appraisal
	Name   string    // the name it was given: the tag's message
	Date   time.Time // when the tag was made
	Commit string    // the commit it tags
	// Added are the files of the portfolio that the current commit has
	// and the tagged one had not; Changed, those changed or removed since.
	Added, Changed []string
}

// Snapshots returns the snapshot tags, newest first, each with the files
// added or changed between it and the current commit: one git diff each.
// A file renamed since counts as changed under its new name, not as new.
func (r *Repo) Snapshots(ctx context.Context) ([]Snapshot, error) {
	tags, err := r.snapshotTags(ctx)
	if err != nil {
		return nil, err
	}
	for i := range tags {
		s := &tags[i]
		out, err := r.git(ctx, "-c", "core.quotePath=false", "diff", "-z", "--no-color", "-M", "--no-ext-diff",
			"--name-status", "--relative", s.Commit, "HEAD", "--", ".")
		if err != nil {
			return nil, fmt.Errorf("comparing snapshot %s with the current commit: %w", s.Tag, err)
		}
		fields := nulFields(out)
		for j := 0; j+1 < len(fields); j += 2 {
			switch status := fields[j]; {
			case status == "A":
				s.Added = append(s.Added, fields[j+1])
			case status != "" && (status[0] == 'R' || status[0] == 'C') && j+2 < len(fields):
				s.Changed = append(s.Changed, fields[j+2])
				j++
			default:
				s.Changed = append(s.Changed, fields[j+1])
			}
		}
	}
	return tags, nil
}

// SnapshotTags lists the snapshot tags, newest first, without what
// changed since each.
func (r *Repo) SnapshotTags(ctx context.Context) ([]Snapshot, error) {
	return r.snapshotTags(ctx)
}

// snapshotTags lists the snapshot tags, newest first.
func (r *Repo) snapshotTags(ctx context.Context) ([]Snapshot, error) {
	out, err := r.git(ctx, "for-each-ref",
		"--format=%(refname:strip=2)%00%(creatordate:iso-strict)%00%(*objectname)%00%(objectname)%00%(*objecttype)%00%(objecttype)%00%(contents:subject)",
		"refs/tags/"+strings.TrimSuffix(SnapshotPrefix, "/"))
	if err != nil {
		return nil, err
	}
	var tags []Snapshot
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Split(line, "\x00")
		if len(f) != 7 {
			continue
		}
		s := Snapshot{Tag: f[0], Commit: f[2], Name: strings.TrimSpace(f[6])}
		annotated := f[4] != ""
		if annotated && f[4] != "commit" || !annotated && f[5] != "commit" {
			continue // a tag of something else than a commit
		}
		if !annotated { // a lightweight tag names the commit itself
			s.Commit, s.Name = f[3], ""
		}
		if s.Name == "" {
			s.Name = strings.TrimPrefix(s.Tag, SnapshotPrefix)
		}
		if d, err := time.Parse(time.RFC3339, f[1]); err == nil {
			s.Date = d
		}
		tags = append(tags, s)
	}
	slices.SortFunc(tags, func(a, b Snapshot) int {
		return cmp.Or(b.Date.Compare(a.Date), strings.Compare(a.Tag, b.Tag))
	})
	return tags, nil
}

// SnapshotTag returns the snapshot tagged name, or nil when there is none.
func (r *Repo) SnapshotTag(ctx context.Context, tag string) (*Snapshot, error) {
	tags, err := r.snapshotTags(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range tags {
		if s.Tag == tag {
			return &s, nil
		}
	}
	// Any other tag of that name, such as one of something else than a
	// commit, counts as taken too.
	out, err := r.git(ctx, "tag", "--list", tag)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(string(out)) != "" {
		return &Snapshot{Tag: tag, Name: strings.TrimPrefix(tag, SnapshotPrefix)}, nil
	}
	return nil, nil
}

// Tag makes the annotated tag name, with message msg, of the current
// commit, dated date.
func (r *Repo) Tag(ctx context.Context, name, msg string, date time.Time) error {
	_, err := r.gitEnv(ctx, []string{"GIT_COMMITTER_DATE=" + gitDate(date)}, "-c", "user.useConfigOnly=true", "tag", "-a", "-m", msg, name, "HEAD")
	return err
}

// gitDate writes t as git reads dates from the environment.
func gitDate(t time.Time) string { return t.Format(time.RFC3339) }

// DeleteTag deletes the tag name from the repository. The commit it named
// stays; only the name, date and message of the tag go.
func (r *Repo) DeleteTag(ctx context.Context, name string) error {
	_, err := r.git(ctx, "tag", "-d", "--", name)
	return err
}

// SnapshotNamed returns the snapshot a person names: by the name it was
// given (in any capitals), by its tag, or by tag, the tag that name makes.
// It returns nil, with every snapshot there is, when none is named so.
func (r *Repo) SnapshotNamed(ctx context.Context, name, tag string) (*Snapshot, []Snapshot, error) {
	tags, err := r.snapshotTags(ctx)
	if err != nil {
		return nil, nil, err
	}
	for i, s := range tags {
		if strings.EqualFold(strings.TrimSpace(s.Name), strings.TrimSpace(name)) || s.Tag == name || s.Tag == tag {
			return &tags[i], tags, nil
		}
	}
	return nil, tags, nil
}

// CommitDate returns when the commit was made (its committer date).
func (r *Repo) CommitDate(ctx context.Context, commit string) (time.Time, error) {
	out, err := r.git(ctx, "log", "-1", "--no-show-signature", "--format=%cI", commit)
	if err != nil {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339, strings.TrimSpace(string(out)))
}

// Archive returns the portfolio folder as it stood at commit, as a tar
// archive whose paths are relative to the folder: what git holds, read
// from the repository, with the work tree, the index and HEAD untouched.
func (r *Repo) Archive(ctx context.Context, commit string) ([]byte, error) {
	top, err := r.git(ctx, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, err
	}
	// git archive reads paths from the folder it runs in: run it at the
	// top of the work tree, naming the portfolio's folder in the commit.
	return r.runIn(ctx, strings.TrimSuffix(string(top), "\n"), nil, "archive", "--format=tar", commit+":"+r.Prefix)
}

// Export writes the portfolio folder as it stood at commit into dir, an
// empty folder: its folders and files, as git holds them. Symbolic links
// are left out, so that nothing read from dir can lead outside it; a file
// an entry reaches through one is then missing, and dll validate says so.
func (r *Repo) Export(ctx context.Context, commit, dir string) error {
	data, err := r.Archive(ctx, commit)
	if err != nil {
		return err
	}
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading git's archive of %s: %w", commit, err)
		}
		name := path.Clean(h.Name)
		if !fs.ValidPath(name) || name == "." {
			continue // pax headers, and nothing a path can hold
		}
		full := filepath.Join(dir, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(full, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				return err
			}
			f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
			if err != nil {
				return err
			}
			_, err = io.Copy(f, tr)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		}
	}
}
