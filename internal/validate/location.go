package validate

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"dll/internal/diag"
	"dll/internal/media"
	"dll/internal/portfolio"
)

// The site publishes a copy of every photo and recording without the place
// it was made, but the file in the portfolio keeps it, and git keeps it in
// every commit that holds the file, which many authors push to a public
// repository. These rules say so, once for each file an entry or the
// leader's photo names.

// sourceLocations warns of each file the entry names, as evidence or in
// its story, that records where it was made. An entry that is never
// published still keeps its files in the portfolio, so every entry is
// read.
func (x *entryCtx) sourceLocations() {
	seen := map[string]bool{}
	for i, ev := range x.e.Evidence {
		if ev.File == "" {
			continue
		}
		full, info, err := x.p.Resolve(x.e.Src.Dir, ev.File)
		if err != nil || foreignFile(x.p, x.e, full) != "" || seen[full] {
			continue // reported with the evidence
		}
		seen[full] = true
		field := fmt.Sprintf("evidence[%d].file", i)
		if msg := locationMessage(x.p.FS, full, info, "this"); msg != "" {
			x.warnf(field, "source-location", "%s", msg)
		}
	}
	if x.story == nil {
		return
	}
	for _, f := range x.story.files {
		if seen[f.full] {
			continue
		}
		seen[f.full] = true
		info, err := fs.Stat(x.p.FS, f.full)
		if err != nil {
			continue
		}
		if msg := locationMessage(x.p.FS, f.full, info, "the"); msg != "" {
			x.d.Warnf(f.at, "body", "source-location", "%s", strings.Replace(msg, "the ", "the "+portfolio.Quote(path.Base(f.full))+" ", 1))
		}
	}
}

// leaderPhotoLocation warns when the leader's photo records where it was
// taken.
func (c *checker) leaderPhotoLocation(full string, info fs.FileInfo, d *diag.List) {
	if msg := locationMessage(c.p.FS, full, info, "your"); msg != "" {
		d.Warnf(c.p.Settings.Pos.At("leader.photo"), "leader.photo", "source-location", "%s", msg)
	}
}

// locationMessage says that the file full, called the photo or recording
// after the word det, records where it was made, or "" when it does not.
func locationMessage(fsys fs.FS, full string, info fs.FileInfo, det string) string {
	if info == nil || !info.Mode().IsRegular() || media.Lookup(full).Action != media.Clean {
		return ""
	}
	f, err := fsys.Open(full)
	if err != nil {
		return ""
	}
	defer f.Close()
	r, ok := f.(io.ReaderAt)
	if !ok {
		return ""
	}
	where := media.Location(full, r, info.Size())
	if where == "" {
		return ""
	}
	what := "photo records where it was taken"
	if k := media.KindOf(full); k == media.Video || k == media.Audio {
		what = "recording records where it was made"
	}
	return fmt.Sprintf("%s %s, %s: the site gets a copy without it, but the file in your portfolio keeps it, and git keeps it in every commit of the file; 'dll strip' shows what it would remove from your files, and 'dll strip --yes' removes it", det, what, where)
}
