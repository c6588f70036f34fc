package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"dll/internal/author"
	"dll/internal/diag"
	"dll/internal/gitinfo"
	"dll/internal/portfolio"
)

// StripOptions are the settings of dll strip.
type StripOptions struct {
	Env   Env
	Paths []string
	Yes   bool
}

// NewCmdStrip returns dll strip. runF replaces the work in tests.
func NewCmdStrip(env Env, runF func(*StripOptions) error) *cobra.Command {
	opts := &StripOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "strip [entry or file...]",
		Short: "Remove location, camera and author details from the files in your portfolio",
		Long: `The site always gets copies of your photos, recordings and documents without
the place they were made, the camera, the author's name and comments. The
files in your portfolio keep them, though, and so does git, which you may push
to a public repository. dll strip removes them from the files themselves, as
the build does for the site: the pictures, video and sound stay exactly as
they are.

Without --yes it only shows, file by file, what it would remove. Give
entries, folders or files to look at only those; without them, dll strip
looks at every entry's files and your photo.`,
		Example: `  dll strip                                   # show what would go
  dll strip --yes                             # remove it
  dll strip experiences/glider-design-challenge --yes`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return stripRun(cmd.Context(), opts)
		},
		ValidArgsFunction: fileCompletion,
	}
	cmd.Flags().BoolVar(&opts.Yes, "yes", false, "remove what the preview shows")
	return cmd
}

func stripRun(ctx context.Context, opts *StripOptions) error {
	env := opts.Env
	wd, err := env.Getwd()
	if err != nil {
		return fmt.Errorf("cannot tell the current folder: %w", err)
	}
	root, paths, err := stripPaths(env, wd, opts.Paths)
	if err != nil {
		return err
	}
	files, err := author.FindStrippable(ctx, root, paths)
	if err != nil {
		return err
	}
	show := func(f string) string { return displayPath(wd, root, f) }
	var clean, refused []author.StripFile
	for _, f := range files {
		if f.Err != nil {
			refused = append(refused, f)
		} else {
			clean = append(clean, f)
		}
	}
	if len(clean) == 0 && len(refused) == 0 {
		fmt.Fprintln(env.Out, "No file here holds location, camera or author details: nothing to remove.")
		return nil
	}
	if !opts.Yes {
		if len(clean) > 0 {
			fmt.Fprintf(env.Out, "dll strip --yes would remove from %s what the site never publishes:\n", diag.Plural(len(clean), "file"))
			for _, f := range clean {
				fmt.Fprintf(env.Out, "  %s: %s\n", show(f.File), author.StripSummary(f))
			}
		}
		printRefused(env, refused, show)
		if len(clean) > 0 {
			again := "dll strip"
			for _, a := range opts.Paths {
				again += " " + shellWord(a)
			}
			fmt.Fprintf(env.Out, "Nothing was changed yet. What each file shows or plays stays exactly as it is; only these details go. To remove them, run: %s --yes\n", again)
		}
		return nil
	}
	var done []string
	for _, f := range clean {
		if err := author.Strip(ctx, root, f); err != nil {
			if len(done) > 0 {
				fmt.Fprintf(env.Out, "Cleaned %s before the error: %s.\n", diag.Plural(len(done), "file"), strings.Join(done, ", "))
			}
			return fmt.Errorf("cannot clean %s: %w", show(f.File), err)
		}
		done = append(done, show(f.File))
		fmt.Fprintf(env.Out, "Removed from %s: %s.\n", show(f.File), author.StripSummary(f))
	}
	printRefused(env, refused, show)
	if len(clean) > 0 {
		fmt.Fprintf(env.Out, "Cleaned %s; what each shows or plays is unchanged.\n", diag.Plural(len(clean), "file"))
		gitNote(ctx, env, root, clean)
	}
	return nil
}

// printRefused lists the files dll cannot clean, which the site never
// publishes as they are.
func printRefused(env Env, refused []author.StripFile, show func(string) string) {
	if len(refused) == 0 {
		return
	}
	fmt.Fprintf(env.Out, "dll cannot clean %s, and never publishes %s:\n", diag.Plural(len(refused), "file"), map[bool]string{true: "it", false: "them"}[len(refused) == 1])
	for _, f := range refused {
		fmt.Fprintf(env.Out, "  %s: %v\n", show(f.File), f.Err)
	}
}

// gitNote says that git still holds the earlier versions of the files
// cleaned that it tracks.
func gitNote(ctx context.Context, env Env, root string, clean []author.StripFile) {
	r, err := gitinfo.Open(ctx, env.Git, root)
	if err != nil {
		return
	}
	tracked := 0
	for _, f := range clean {
		if ok, _ := r.Tracked(ctx, f.File); ok {
			tracked++
		}
	}
	if tracked == 0 {
		return
	}
	fmt.Fprintln(env.Out, "Commit the cleaned files. Git still holds their earlier versions in the commits before: if you pushed those to a public repository, anyone can read the details there, so make the repository private, or ask someone who knows git to remove those versions from its history (with git filter-repo).")
}

// stripPaths finds the portfolio and the slash paths in it that dll strip
// looks at: those given (files or folders inside one portfolio), or every
// entry's files and the leader's photo.
func stripPaths(env Env, wd string, args []string) (string, []string, error) {
	if len(args) == 0 {
		root, err := findPortfolio(env, "")
		if err != nil {
			return "", nil, err
		}
		return root, defaultStripPaths(root), nil
	}
	root := ""
	var paths []string
	for _, arg := range args {
		abs, info, err := argPath(wd, arg)
		if err != nil {
			return "", nil, err
		}
		r := abs
		if !info.IsDir() || !isPortfolio(abs) {
			r = enclosingPortfolio(abs)
		}
		switch {
		case r == "":
			return "", nil, usageErrorf("%s is not inside a portfolio: there is no dll.yaml in its folder or any folder above it; give an entry or a file of your portfolio", arg)
		case root != "" && r != root:
			return "", nil, usageErrorf("%s and %s are in two different portfolios; clean one portfolio at a time", args[0], arg)
		}
		root = r
		if abs == root {
			paths = append(paths, defaultStripPaths(root)...)
			continue
		}
		rel, _ := filepath.Rel(root, abs)
		paths = append(paths, filepath.ToSlash(rel))
	}
	return root, paths, nil
}

// defaultStripPaths are the folder of entries and the leader's photo.
func defaultStripPaths(root string) []string {
	var paths []string
	if info, err := os.Stat(filepath.Join(root, portfolio.ExperiencesDir)); err == nil && info.IsDir() {
		paths = append(paths, portfolio.ExperiencesDir)
	}
	p, _ := portfolio.Load(withoutEntries{os.DirFS(root)})
	if p.Settings.Leader.Photo != "" {
		if full, _, err := p.LeaderPhoto(); err == nil {
			paths = append(paths, full)
		}
	}
	return paths
}

// shellWord quotes a path for a command line when it needs it.
func shellWord(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
