package author

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"dll/internal/atomicfile"
	"dll/internal/lang"
	"dll/internal/portfolio"
	"dll/internal/schema"
	"dll/templates"
)

// Profile is who keeps the portfolio, as dll init asks.
type Profile struct {
	Name, Role, Organization string
	Title                    string // of the site
	Language                 string // of the site and the files, as a BCP 47 tag; "" is English
}

// InitFile is one file dll init writes.
type InitFile struct {
	Name string // slash path in the portfolio
	What string // what it is for
	Data []byte
}

// InitFiles returns the files that start a portfolio: its settings, the
// philosophy statement with headings to write under, a .gitignore that
// keeps the site and private files out of git, and the schemas.
//
// They are written in the portfolio's language, where dll has them in it.
func InitFiles(model *portfolio.Model, pr Profile) ([]InitFile, error) {
	roles := model.Vocab("roles")
	language := cmp.Or(lang.Canonical(pr.Language), lang.Default)
	settings, err := render(scaffold("init", "dll.yaml", language), nil, map[string]any{
		"Language":      language,
		"SchemaComment": SchemaComment(schema.Dir + "/" + schema.PortfolioFile),
		"Title":         YAMLString(pr.Title),
		"Name":          YAMLString(pr.Name),
		"Role":          pr.Role,
		"Roles":         strings.Join(roles.IDs(), ", "),
		"Organization":  YAMLString(pr.Organization),
		"Frameworks":    strings.Join(model.Vocab("frameworks").IDs(), ", "),
	}, model)
	if err != nil {
		return nil, err
	}
	return []InitFile{
		{portfolio.SettingsFile, "your settings", settings},
		{portfolio.PhilosophyFile, "your philosophy statement, with headings to write under", mustRead(scaffold("init", "philosophy.md", language))},
		{".gitignore", "keeps public/ and private/ out of git", mustRead(scaffold("init", "gitignore", language))},
		{schema.Dir + "/" + schema.EntryFile, "lets editors check entries as you type", schema.Marshal(schema.Entry(model))},
		{schema.Dir + "/" + schema.PortfolioFile, "lets editors check dll.yaml as you type", schema.Marshal(schema.Portfolio(model))},
	}, nil
}

// WriteInit writes the files into root, and the experiences folder, never
// overwriting: it returns the files it created and those it kept.
func WriteInit(root string, files []InitFile) (created, kept []string, err error) {
	for _, f := range files {
		full := filepath.Join(root, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return nil, nil, fmt.Errorf("cannot make the folder for %s: %w", f.Name, err)
		}
		switch err := atomicfile.WriteNew(full, f.Data); {
		case errors.Is(err, fs.ErrExist):
			kept = append(kept, f.Name)
		case err != nil:
			return nil, nil, fmt.Errorf("cannot write %s: %w", f.Name, err)
		default:
			created = append(created, f.Name)
		}
	}
	if err := os.Mkdir(filepath.Join(root, portfolio.ExperiencesDir), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return nil, nil, fmt.Errorf("cannot make the experiences folder: %w", err)
	}
	return created, kept, nil
}

// DefaultTitle is the title of a portfolio site whose author gave none,
// in the portfolio's language.
func DefaultTitle(name, language string) string {
	words := lang.ForLanguage(language)
	if name == "" {
		return words.T("scaffold.portfolio")
	}
	return words.T("scaffold.portfolio_of", "name", name)
}

// scaffold is the file of templates/ for a file dll init or dll new
// writes, in language: dir/<tag>/name for the language or the language it
// is a form of, else dir/name (English).
func scaffold(dir, name, language string) string {
	for _, tag := range portfolio.LanguageChain(language) {
		if lang.English(tag) {
			break
		}
		if p := dir + "/" + tag + "/" + name; exists(p) {
			return p
		}
	}
	return dir + "/" + name
}

func exists(name string) bool {
	_, err := fs.Stat(templates.FS, name)
	return err == nil
}

// NotIgnored returns the folders (of names) that no line of a .gitignore
// keeps out of git, written as "public/".
func NotIgnored(gitignore string, names ...string) []string {
	var missing []string
	for _, n := range names {
		found := false
		for _, l := range strings.Split(gitignore, "\n") {
			l = strings.TrimSpace(l)
			l = strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(l, "/"), "*"), "/")
			if l == n {
				found = true
				break
			}
		}
		if !found {
			missing = append(missing, n+"/")
		}
	}
	return missing
}
