package cli

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"dll/internal/diag"
	"dll/internal/gitinfo"
	"dll/internal/portfolio"
)

// Shell completion: cobra writes the scripts (dll completion bash|zsh|fish|
// powershell); these functions give the words to complete: the values of a
// vocabulary for a flag, and the entries of the portfolio for an argument.

type completeFunc = func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective)

// completionModel returns the model of the portfolio around the current
// folder (with its model.yaml), or the built-in one outside a portfolio.
func completionModel(env Env) (*portfolio.Model, string) {
	root, err := findPortfolio(env, "")
	if err != nil {
		return portfolio.Builtin(), ""
	}
	return loadModel(root), root
}

// loadModel returns the built-in model extended by the portfolio's
// model.yaml, without reading the entries.
func loadModel(root string) *portfolio.Model {
	m, _ := loadModelDiags(root)
	return m
}

// loadModelDiags is loadModel with the problems found in model.yaml.
func loadModelDiags(root string) (*portfolio.Model, diag.List) {
	fsys := os.DirFS(root)
	sub := onlyModel{fsys}
	p, diags := portfolio.Load(sub)
	return p.Model, diags
}

// warnModel says when model.yaml has errors, since a command that goes on
// then works with the built-in vocabularies, without what model.yaml adds.
// Completion stays silent; the commands that write files call it.
func warnModel(w io.Writer, diags diag.List) {
	if d, ok := modelError(diags); ok {
		fmt.Fprintf(w, "dll: warning: %s\ndll: warning: model.yaml has problems, so what it adds to the vocabularies may be missing here; fix it (dll validate lists every problem)\n", d)
	}
}

// modelBroken reports whether model.yaml has an error.
func modelBroken(diags diag.List) bool {
	_, ok := modelError(diags)
	return ok
}

func modelError(diags diag.List) (diag.Diagnostic, bool) {
	for _, d := range diags {
		if d.File == portfolio.ModelFile && d.Severity == diag.Error {
			return d, true
		}
	}
	return diag.Diagnostic{}, false
}

// vocabCompletion completes a flag with the values of a vocabulary, each
// with its description.
func vocabCompletion(env Env, vocab string) completeFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		m, _ := completionModel(env)
		v := m.Vocab(vocab)
		if v == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		for _, t := range v.Values {
			desc := t.Description
			if desc == "" {
				desc = t.Label
			}
			out = append(out, t.ID+"\t"+desc)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// frameworkCompletion completes a flag with the model's frameworks, each
// with its name.
func frameworkCompletion(env Env) completeFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		m, _ := completionModel(env)
		var out []string
		for _, f := range m.Frameworks {
			out = append(out, f.ID+"\t"+f.Name)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// fixedCompletion completes a flag with a fixed list of words.
func fixedCompletion(words ...string) completeFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return words, cobra.ShellCompDirectiveNoFileComp
	}
}

// entryCompletion completes the first argument with the portfolio's
// entries, and the others with files.
func entryCompletion(env Env) completeFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveDefault // files
		}
		_, root := completionModel(env)
		if root == "" {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return entrySlugs(root), cobra.ShellCompDirectiveNoFileComp
	}
}

// entrySlugs lists the slugs of the portfolio's entries, by their names in
// experiences/ (without reading them).
func entrySlugs(root string) []string {
	items, err := os.ReadDir(filepath.Join(root, portfolio.ExperiencesDir))
	if err != nil {
		return nil
	}
	var slugs []string
	add := func(s string) {
		if s != "" && !slices.Contains(slugs, s) {
			slugs = append(slugs, s)
		}
	}
	for _, it := range items {
		name := it.Name()
		if portfolio.IsJunk(name) {
			continue
		}
		// An entry is found by its slug, which is its name made lowercase
		// words ("Book Tasting" gives book-tasting), so offer that.
		switch ext := strings.ToLower(filepath.Ext(name)); {
		case it.IsDir():
			if _, err := os.Stat(filepath.Join(root, portfolio.ExperiencesDir, name, portfolio.IndexFile)); err == nil {
				add(portfolio.Slugify(name))
			}
		case ext == ".md" || ext == ".markdown" || ext == ".yaml" || ext == ".yml":
			add(portfolio.Slugify(strings.TrimSuffix(name, filepath.Ext(name))))
		}
	}
	return slugs
}

// onlyModel shows Load nothing of a portfolio but its model.yaml, so that
// reading the vocabularies does not read every entry.
type onlyModel struct{ fsys fs.FS }

func (o onlyModel) Open(name string) (fs.File, error) {
	if name != portfolio.ModelFile {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return o.fsys.Open(name)
}

// noCompletion is for a flag that takes free text, such as a name or a
// title: nothing to offer, and no file names either.
var noCompletion = cobra.NoFileCompletions

// fileCompletion completes with files and folders, as the shell does.
func fileCompletion(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveDefault
}

// dirCompletion completes with folders only.
func dirCompletion(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}

// firstArgDir completes the first argument, a folder, and nothing after.
func firstArgDir(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return dirCompletion(cmd, args, toComplete)
}

// remoteCompletion completes --remote with the remotes of the portfolio's
// git repository.
func remoteCompletion(env Env) completeFunc {
	return func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		r := completionRepo(cmd, env, args)
		if r == nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		remotes, _ := r.Remotes(cmd.Context())
		return remotes, cobra.ShellCompDirectiveNoFileComp
	}
}

// branchCompletion completes --branch with the branches of the portfolio's
// repository and of the remote chosen with --remote, leaving out the one
// being worked on, which dll publish refuses; the default comes first.
func branchCompletion(env Env, dflt string) completeFunc {
	return func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		out := []string{dflt + "\tthe default"}
		r := completionRepo(cmd, env, args)
		if r == nil {
			return out, cobra.ShellCompDirectiveNoFileComp
		}
		remote, _ := cmd.Flags().GetString("remote")
		branches, _ := r.Branches(cmd.Context(), remote)
		current, _ := r.Branch(cmd.Context())
		for _, b := range branches {
			if b != dflt && b != current {
				out = append(out, b)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completionRepo opens the git repository of the portfolio the command
// names (its first argument) or stands in; nil when there is none.
func completionRepo(cmd *cobra.Command, env Env, args []string) *gitinfo.Repo {
	dir := ""
	if len(args) > 0 {
		dir = args[0]
	}
	root, err := findPortfolio(env, dir)
	if err != nil {
		return nil
	}
	r, err := gitinfo.Open(cmd.Context(), env.Git, root)
	if err != nil {
		return nil
	}
	return r
}

// withoutEntries shows Load a portfolio without its entries, for what
// needs only dll.yaml, the model and the privacy list.
type withoutEntries struct{ fsys fs.FS }

func (o withoutEntries) Open(name string) (fs.File, error) {
	if name == portfolio.ExperiencesDir || strings.HasPrefix(name, portfolio.ExperiencesDir+"/") {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return o.fsys.Open(name)
}
