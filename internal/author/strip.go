package author

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"dll/internal/media"
	"dll/internal/portfolio"
	"dll/internal/progress"
)

// StripFile is a file of the portfolio that holds what the site never
// publishes: location, camera, author details and comments.
type StripFile struct {
	File     string   // its slash path in the portfolio
	Removed  []string // what cleaning takes out, as media names it
	Location string   // where it records the place it was made, if it does
	Size     int64
	// Err is set when dll cannot clean the file (a *media.Error): a
	// format it refuses, or a damaged file. Nothing is removed from it.
	Err error
}

// FindStrippable lists the photos, recordings and documents under the
// slash paths (files or folders of the portfolio in root) that cleaning
// would change, as dll build cleans them on the way to the site, and those
// of a format dll cannot clean (HEIC, Word, ...). Text files hold nothing
// to clean. Hidden files, editors' leftovers and the folders dll builds
// are left alone.
func FindStrippable(ctx context.Context, root string, paths []string) ([]StripFile, error) {
	fsys := os.DirFS(root)
	var files []string
	for _, p := range paths {
		err := fs.WalkDir(fsys, p, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if name != p && portfolio.IsJunk(d.Name()) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if _, err := fs.Stat(fsys, path.Join(name, portfolio.SiteMarker)); err == nil {
					return fs.SkipDir // a site dll built
				}
				return nil
			}
			if d.Type().IsRegular() && !slices.Contains(files, name) {
				files = append(files, name)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", p, err)
		}
	}
	slices.Sort(files)
	var out []StripFile
	for _, name := range files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// Text holds nothing to clean; a file of a kind dll does not know
		// (an entry's own text among them) is not a photo, recording or
		// document to speak of.
		if f := media.Lookup(name); f.Action == media.AsIs || f.Kind == media.Other {
			continue
		}
		sf, err := inspect(root, name)
		if err != nil {
			return nil, err
		}
		if sf.Err != nil || len(sf.Removed) > 0 {
			out = append(out, sf)
		}
	}
	return out, nil
}

// inspect reads what cleaning would take out of the file name.
func inspect(root, name string) (StripFile, error) {
	sf := StripFile{File: name}
	in, err := os.Open(filepath.Join(root, filepath.FromSlash(name)))
	if err != nil {
		return sf, fmt.Errorf("cannot read %s: %w", name, err)
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return sf, fmt.Errorf("cannot read %s: %w", name, err)
	}
	sf.Size = info.Size()
	removed, err := media.CleanTo(io.Discard, name, in, info.Size())
	var me *media.Error
	switch {
	case errors.As(err, &me):
		sf.Err = err
		return sf, nil
	case err != nil:
		return sf, fmt.Errorf("cannot read %s: %w", name, err)
	}
	sf.Removed = removed
	if len(removed) > 0 {
		sf.Location = media.Location(name, in, info.Size())
	}
	return sf, nil
}

// Strip cleans the file f of the portfolio in root in place, as the build
// cleans it for the site: what it shows or plays stays byte for byte, and
// only the metadata goes. The file is written whole through a temporary
// file beside it, or not at all. It reports its progress in bytes through
// ctx.
func Strip(ctx context.Context, root string, f StripFile) error {
	name := filepath.Join(root, filepath.FromSlash(f.File))
	in, err := os.Open(name)
	if err != nil {
		return err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".dll-strip-")
	if err != nil {
		return err
	}
	count := progress.Start(ctx, "Cleaning "+path.Base(f.File), "bytes", info.Size())
	_, err = media.CleanTo(progressWriter{tmp, count}, f.File, in, info.Size())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), info.Mode().Perm())
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		in.Close()
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// StripSummary says in words what cleaning removes from f: the names media
// gives the parts, with the place it holds first.
func StripSummary(f StripFile) string {
	parts := make([]string, len(f.Removed))
	for i, r := range f.Removed {
		parts[i] = cmp.Or(plainParts[r], r)
	}
	s := strings.Join(parts, ", ")
	if f.Location != "" {
		s = "where it was made, " + f.Location + "; " + s
	}
	return s
}

// plainParts says in words what the parts of a file that media names by
// their standard are, keeping the name for anyone who looks it up.
var plainParts = map[string]string{
	"Exif": "camera details (Exif)",
	"XMP":  "editing and author details (XMP)",
	"IPTC": "caption, author and copyright details (IPTC)",
}
