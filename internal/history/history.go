// Package history attaches what git knows to a portfolio's entries, for
// the site: each entry's revisions, the portfolio's version and what
// changed since each snapshot. A commit message or a snapshot name that
// names someone on the portfolio's privacy list is withheld.
package history

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"dll/internal/gitinfo"
	"dll/internal/portfolio"
	"dll/internal/privacy"
	"dll/internal/site"
)

// Attach fills in what the site shows from git: each entry's history, the
// portfolio's version and its snapshots. It returns a warning when git
// cannot tell, and then the site shows no history.
func Attach(ctx context.Context, git gitinfo.Runner, root string, p *portfolio.Portfolio, opts *site.Options) string {
	info, err := gitinfo.Read(ctx, git, root)
	names := privacy.New(p.Roster)
	if info.Head != nil {
		opts.Version = fmt.Sprintf("%s (%s)", info.Head.Short, info.Head.Date.Format("2 January 2006"))
		opts.Updated = info.Head.Date
	}
	if info.Files != nil {
		opts.History = entryHistory(p, info.Files, names)
	}
	for _, s := range info.Snapshots {
		opts.Snapshots = append(opts.Snapshots, siteSnapshot(p, s, names))
	}
	const none = "pages show no history, and dates come from your entries"
	switch {
	case err == nil:
		return ""
	case errors.Is(err, gitinfo.ErrNotRepo):
		return "the portfolio is not in a git repository, so " + none + "; run 'git init' in the portfolio folder and commit your work to keep its history"
	case errors.Is(err, gitinfo.ErrNoGit):
		return "git is not installed, so " + none + "; install git (https://git-scm.com) to keep the history of your portfolio"
	case errors.Is(err, gitinfo.ErrNoCommits):
		return "the repository has no commits yet, so " + none + "; commit your work ('git add -A', then 'git commit -m \"Start my portfolio\"') to start its history"
	case errors.Is(err, gitinfo.ErrShallow):
		return "this repository is a shallow clone, which lacks the older commits, so " + none + " rather than dates git cannot know; run 'git fetch --unshallow' to get the whole history"
	case info.Files != nil:
		return fmt.Sprintf("git could not read the snapshots (%v), so the site has no What changed page", err)
	default:
		return fmt.Sprintf("git could not read the portfolio's history (%v), so %s", err, none)
	}
}

// withheld replaces a commit message or a snapshot name that names someone
// on the portfolio's privacy list.
const withheld = "(%s withheld: it names someone on your privacy list)"

// entryHistory merges the commits of each entry's files into its history.
func entryHistory(p *portfolio.Portfolio, files map[string][]*gitinfo.Commit, names *privacy.Names) map[string]*site.History {
	commits := map[*portfolio.Entry]map[string]*gitinfo.Commit{}
	for f, cs := range files {
		for _, e := range p.EntriesOf(f) {
			m := commits[e]
			if m == nil {
				m = map[string]*gitinfo.Commit{}
				commits[e] = m
			}
			for _, c := range cs {
				m[c.Hash] = c
			}
		}
	}
	out := map[string]*site.History{}
	for e, m := range commits {
		list := slices.Collect(maps.Values(m))
		slices.SortFunc(list, func(a, b *gitinfo.Commit) int {
			return cmp.Or(b.Date.Compare(a.Date), a.Order-b.Order)
		})
		h := &site.History{Last: list[0].Date, First: list[len(list)-1].Date}
		for _, c := range list {
			msg := strings.TrimSpace(c.Subject)
			switch {
			case names.Contains(msg):
				msg = fmt.Sprintf(withheld, "message")
			case msg == "":
				msg = "(no message)"
			}
			h.Revisions = append(h.Revisions, site.Revision{Date: c.Date, Message: msg})
		}
		out[e.Src.File] = h
	}
	return out
}

// siteSnapshot turns a snapshot's changed files into the entries added or
// changed since: added when the entry's own file is new, changed when any
// of its files was added, changed or removed.
func siteSnapshot(p *portfolio.Portfolio, s gitinfo.Snapshot, names *privacy.Names) site.Snapshot {
	out := site.Snapshot{Name: s.Name, Date: s.Date}
	if names.Contains(s.Name) {
		out.Name = fmt.Sprintf(withheld, "name")
	}
	added := map[string]bool{}
	for _, f := range s.Added {
		added[f] = true
	}
	seen := map[*portfolio.Entry]bool{}
	for _, f := range slices.Concat(s.Added, s.Changed) {
		for _, e := range p.EntriesOf(f) {
			if seen[e] {
				continue
			}
			seen[e] = true
			if added[e.Src.File] {
				out.Added = append(out.Added, e.Src.File)
			} else {
				out.Changed = append(out.Changed, e.Src.File)
			}
		}
	}
	slices.Sort(out.Added)
	slices.Sort(out.Changed)
	return out
}

// Since returns the entries (their Src.File) added and changed since the
// snapshot s, as the site's What changed page lists them.
func Since(p *portfolio.Portfolio, s gitinfo.Snapshot) (added, changed []string) {
	out := siteSnapshot(p, s, privacy.New(nil))
	return out.Added, out.Changed
}
