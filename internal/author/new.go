package author

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"dll/internal/atomicfile"
	"dll/internal/lang"
	"dll/internal/portfolio"
	"dll/internal/schema"
	"dll/templates"
)

// TitlePlaceholder stands for a title not given yet, in English; an entry
// of a portfolio in another language has that language's.
const TitlePlaceholder = "TODO: name the learning experience"

// Experience asks for a new entry.
type Experience struct {
	Title, Type, Mode string
	Single            bool      // one file, experiences/<name>.md, instead of a folder
	Today             time.Time // its start date
}

// Created is the entry NewExperience made.
type Created struct {
	Rel string // its slash path in the portfolio
	// Named is false when the title gave no name (no letters dll can spell
	// in a web address), so that the entry is called experience(-N).
	Named    bool
	Defaults Defaults
	// Schema says what was done to the schemas in .dll/: "wrote",
	// "updated" or "".
	Schema string
}

// NewExperience starts an entry in the portfolio p in root, from the
// archetype of its type, under a free name made from its title. The
// schemas in .dll/ are written or brought up to date with model.yaml,
// unless modelOK is false (model.yaml has errors).
func NewExperience(root string, p *portfolio.Portfolio, x Experience, modelOK bool) (*Created, error) {
	title, slug := x.Title, entrySlug(x.Title)
	language := p.Settings.Language
	if title == "" {
		title = lang.Load(p.FS, language).T("scaffold.experience")
	}
	c := &Created{Named: slug != "" || x.Title == "", Defaults: settingDefaults(p)}
	if slug == "" {
		slug = "experience"
	}
	types := p.Model.Vocab("types")
	typ, _ := types.Term(x.Type)
	def := c.Defaults
	data := map[string]any{
		"Title":            YAMLString(title),
		"Start":            x.Today.Format("2006-01-02"),
		"Type":             x.Type,
		"TypeLabel":        portfolio.OneLine(types.Label(x.Type)),
		"TypeDescription":  portfolio.OneLine(typ.Description),
		"Mode":             x.Mode,
		"WhatChanged":      x.Mode == "enhance" || x.Mode == "redesign",
		"MyRole":           def.MyRole,
		"PartnerRole":      def.PartnerRole,
		"OrganizationType": def.OrgType,
		"Delivery":         def.Delivery,
		"Level":            def.Level,
		"Alignment":        alignmentExample(p),
	}
	name, override, err := archetype(root, x.Type, language)
	if err != nil {
		return nil, err
	}
	c.Rel, err = claimEntry(root, slug, x.Single, func(slug string, single bool) ([]byte, error) {
		data["Slug"] = slug
		up := "../../"
		if single {
			up = "../"
		}
		data["SchemaComment"] = SchemaComment(up + schema.Dir + "/" + schema.EntryFile)
		return render(name, override, data, p.Model)
	})
	if err != nil {
		return nil, err
	}
	c.Schema = ensureSchema(root, p.Model, modelOK)
	return c, nil
}

// entrySlug is the slug of a new entry: the title romanized and slugified,
// cut at a word when it is long.
func entrySlug(title string) string {
	s := portfolio.Slugify(title)
	if len(s) > maxSlug {
		s = s[:maxSlug]
		if i := strings.LastIndexByte(s, '-'); i >= maxSlug/2 {
			s = s[:i]
		}
		s = strings.Trim(s, "-")
	}
	return s
}

// alignmentExample is the framework and code an archetype shows as an
// example of an alignment with its note: the first code of the first
// framework the portfolio enables; nil without one.
func alignmentExample(p *portfolio.Portfolio) map[string]string {
	for _, f := range p.EnabledFrameworks() {
		if len(f.Codes) > 0 {
			return map[string]string{"Framework": f.ID, "Code": YAMLString(f.Codes[0].ID)}
		}
	}
	return nil
}

// archetype returns the template for an experience type: the portfolio's
// own templates/archetypes/<type>.md when it has one, else the built-in
// archetype of the type, else the generic one, each in the portfolio's
// language where dll has it.
func archetype(root, typ, language string) (name string, override []byte, err error) {
	name = "archetypes/" + typ + ".md"
	own := filepath.Join(root, "templates", filepath.FromSlash(name))
	if info, err := os.Lstat(own); err == nil && info.Mode().IsRegular() {
		src, err := os.ReadFile(own)
		if err != nil {
			return "", nil, fmt.Errorf("cannot read your archetype templates/%s: %w", name, err)
		}
		return "templates/" + name, src, nil
	}
	if s := scaffold("archetypes", typ+".md", language); exists(s) {
		return s, nil, nil
	}
	return scaffold("archetypes", "default.md", language), nil, nil
}

// ensureSchema writes .dll/entry.schema.json when the portfolio has none,
// since the new entry points editors at it. It writes the schemas in .dll/
// again when dll wrote them for other vocabularies (model.yaml changed
// since): a stale schema marks the values model.yaml adds as wrong in the
// editor. They are dll's own output, like the site; a file dll did not
// write is kept. current says whether model.yaml was read without errors;
// when not, the schemas are kept as they are. It reports what it did:
// "wrote", "updated" or "".
func ensureSchema(root string, m *portfolio.Model, current bool) string {
	dir := filepath.Join(root, schema.Dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return ""
	}
	did := ""
	for _, kind := range schema.Kinds {
		s, _ := schema.Of(kind, m)
		want := schema.Marshal(s)
		file := filepath.Join(dir, schemaFile(kind))
		if kind == schema.KindEntry {
			err := atomicfile.WriteNew(file, want)
			if err == nil {
				did = "wrote"
				continue
			}
			if !errors.Is(err, fs.ErrExist) {
				continue
			}
		}
		if !current {
			continue
		}
		old, err := os.ReadFile(file)
		if err != nil || bytes.Equal(old, want) || !dllSchema(kind, old) {
			continue
		}
		if atomicfile.ReplaceKeepMode(file, want) == nil && did == "" {
			did = "updated"
		}
	}
	return did
}
func schemaFile(kind string) string {
	if kind == schema.KindPortfolio {
		return schema.PortfolioFile
	}
	return schema.EntryFile
}

// dllSchema reports whether src is a schema of the kind that dll wrote.
func dllSchema(kind string, src []byte) bool {
	var head struct {
		Schema string `json:"$schema"`
		Title  string `json:"title"`
	}
	builtin, _ := schema.Of(kind, portfolio.Builtin())
	return json.Unmarshal(src, &head) == nil && head.Schema == schema.Draft && head.Title == builtin["title"]
}

// claimEntry creates the entry under a free name: slug, then slug-2,
// slug-3, ... A name is claimed atomically, by making the folder
// (os.Mkdir) or the file (O_EXCL), so two runs at once never write to one
// place; a name another entry already uses in another form is released
// again. content fills the entry once its name is known. It returns the
// entry's slash path in the portfolio.
func claimEntry(root, slug string, single bool, content func(slug string, single bool) ([]byte, error)) (string, error) {
	exp := filepath.Join(root, portfolio.ExperiencesDir)
	if info, err := os.Stat(exp); err == nil && !info.IsDir() {
		return "", refusef("%s is a file, but it must be the folder of your entries; rename or move that file, then run this again", portfolio.ExperiencesDir)
	}
	if err := os.MkdirAll(exp, 0o755); err != nil {
		return "", fmt.Errorf("cannot make the experiences folder: %w", err)
	}
	taken := map[string]bool{}
	for _, r := range portfolio.ReservedSlugs {
		taken[r] = true
	}
	items, err := os.ReadDir(exp)
	if err != nil {
		return "", fmt.Errorf("cannot read the experiences folder: %w", err)
	}
	for _, it := range items {
		taken[portfolio.Slugify(strings.TrimSuffix(it.Name(), filepath.Ext(it.Name())))] = true
		taken[portfolio.Slugify(it.Name())] = true
	}
	// other says whether an entry of another form already has the name.
	other := func(s string, except string) bool {
		for _, n := range []string{s, s + ".md", s + ".markdown", s + ".yaml", s + ".yml"} {
			if n == except {
				continue
			}
			if _, err := os.Lstat(filepath.Join(exp, n)); err == nil {
				return true
			}
		}
		return false
	}
	for n := 1; n <= 1000; n++ {
		s := slug
		if n > 1 {
			s = fmt.Sprintf("%s-%d", slug, n)
		}
		if taken[s] {
			continue
		}
		var file, rel string
		if single {
			file, rel = filepath.Join(exp, s+".md"), portfolio.ExperiencesDir+"/"+s+".md"
			f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
			if errors.Is(err, fs.ErrExist) {
				continue
			}
			if err != nil {
				return "", fmt.Errorf("cannot create %s: %w", rel, err)
			}
			f.Close()
			if other(s, s+".md") {
				os.Remove(file)
				continue
			}
		} else {
			dir := filepath.Join(exp, s)
			err := os.Mkdir(dir, 0o755)
			if errors.Is(err, fs.ErrExist) {
				continue
			}
			if err != nil {
				return "", fmt.Errorf("cannot create the folder %s: %w", portfolio.ExperiencesDir+"/"+s, err)
			}
			if other(s, s) {
				os.Remove(dir)
				continue
			}
			file, rel = filepath.Join(dir, portfolio.IndexFile), portfolio.ExperiencesDir+"/"+s+"/"+portfolio.IndexFile
		}
		data, err := content(s, single)
		if err == nil {
			err = fillClaimed(file, data, single)
		}
		if err != nil {
			os.Remove(file)
			if !single {
				os.Remove(filepath.Dir(file))
			}
			return "", err
		}
		return rel, nil
	}
	return "", fmt.Errorf("there are already 1000 entries named %s; choose another title", slug)
}

// fillClaimed writes a claimed entry: the empty file made by O_EXCL, or a
// new index.md in the folder made by Mkdir.
func fillClaimed(file string, data []byte, single bool) error {
	if !single {
		return atomicfile.WriteNew(file, data)
	}
	f, err := os.OpenFile(file, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// settingDefaults takes the setting of the newest entry (leaders tend to
// work in one place), or else guesses from the leader's role.
func settingDefaults(p *portfolio.Portfolio) Defaults {
	d := Defaults{MyRole: "other"}
	if r := p.Settings.Leader.Role; r != "" {
		d.MyRole = r
	}
	var last *portfolio.Entry
	for _, e := range p.Entries {
		s := e.Setting
		if !e.Src.Parsed || s.OrganizationType == "" || s.Delivery == "" || s.Level == "" {
			continue
		}
		if last == nil || !e.Start.Before(last.Start.Time) {
			last = e
		}
	}
	if last != nil {
		d.OrgType, d.Delivery, d.Level, d.From = last.Setting.OrganizationType, last.Setting.Delivery, last.Setting.Level, last.Src.File
		roles := p.Model.Vocab("partner_roles")
		for _, pt := range last.Partners {
			if t, ok := roles.Term(pt.Role); ok && t.Teaching {
				d.PartnerRole = pt.Role
				break
			}
		}
	} else {
		switch d.MyRole {
		case "trainer":
			d.OrgType, d.Delivery, d.Level = "business", "blended", "adult"
		case "instructional-designer":
			d.OrgType, d.Delivery, d.Level = "higher-ed", "online-asynchronous", "undergraduate"
		default:
			d.OrgType, d.Delivery, d.Level = "k12", "face-to-face", "6-8"
		}
	}
	if d.PartnerRole == "" {
		switch d.OrgType {
		case "k12":
			d.PartnerRole = "classroom-teacher"
		case "higher-ed":
			d.PartnerRole = "faculty"
		default:
			d.PartnerRole = "instructor"
		}
	}
	return d
}

// maxSlug is the length of the longest slug dll new makes from a title:
// enough for a readable address, and far below the 255 bytes a file name
// may have on every system, with -1000 and .md added.
const maxSlug = 60

// Defaults are the first values of a new entry that the author may change.
type Defaults struct {
	MyRole, PartnerRole, OrgType, Delivery, Level string
	From                                          string // the entry they come from, if any
}

func mustRead(name string) []byte {
	b, err := fs.ReadFile(templates.FS, name)
	if err != nil {
		panic("templates: " + err.Error())
	}
	return b
}

// render fills a template: the portfolio's own templates/<name> when it has
// one (override, read from root), else the built-in one.
func render(name string, override []byte, data any, model *portfolio.Model) ([]byte, error) {
	src := override
	if src == nil {
		src = mustRead(name)
	}
	t, err := template.New(name).Option("missingkey=error").Funcs(template.FuncMap{
		"choices": func(vocab string) string {
			if v := model.Vocab(vocab); v != nil {
				return strings.Join(v.IDs(), ", ")
			}
			return ""
		},
	}).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("the template %s cannot be read: %w", name, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("the template %s cannot be filled in: %w", name, err)
	}
	return b.Bytes(), nil
}

// SchemaComment is the line that tells YAML editors where the schema is.
func SchemaComment(rel string) string {
	return "# yaml-language-server: $schema=" + rel
}
