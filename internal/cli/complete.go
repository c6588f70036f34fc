package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

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
	fsys := os.DirFS(root)
	sub := onlyModel{fsys}
	p, _ := portfolio.Load(sub)
	return p.Model
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

// fixedCompletion completes a flag with a fixed list of words.
func fixedCompletion(words ...string) completeFunc {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return words, cobra.ShellCompDirectiveNoFileComp
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
	for _, it := range items {
		name := it.Name()
		if portfolio.IsJunk(name) {
			continue
		}
		switch ext := strings.ToLower(filepath.Ext(name)); {
		case it.IsDir():
			if _, err := os.Stat(filepath.Join(root, portfolio.ExperiencesDir, name, portfolio.IndexFile)); err == nil {
				slugs = append(slugs, name)
			}
		case ext == ".md" || ext == ".markdown" || ext == ".yaml" || ext == ".yml":
			slugs = append(slugs, strings.TrimSuffix(name, filepath.Ext(name)))
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
