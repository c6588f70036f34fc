package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"dll/internal/atomicfile"
	"dll/internal/portfolio"
	"dll/internal/schema"
	"dll/internal/validate"
	"dll/templates"
)

// NewCmdNew returns dll new with its subcommands.
func NewCmdNew(env Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "new",
		Short: "Start an entry, or add evidence to one",
		Long: `Start a new entry from the archetype for its type, or copy evidence files
into an entry. dll new never overwrites anything.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageErrorf("dll new makes an experience or adds evidence, not %q; run 'dll new experience' or 'dll new evidence'", args[0])
			}
			return usageErrorf("say what to make: 'dll new experience \"Title\"' or 'dll new evidence <entry> <file>'")
		},
		RunE: func(*cobra.Command, []string) error { return nil },
	}
	cmd.AddCommand(NewCmdNewExperience(env, nil))
	cmd.AddCommand(NewCmdNewEvidence(env, nil))
	return cmd
}

// NewExperienceOptions are the settings of dll new experience.
type NewExperienceOptions struct {
	Env    Env
	Title  string
	Type   string
	Mode   string
	Single bool
}

// NewCmdNewExperience returns dll new experience. runF replaces the work in
// tests.
func NewCmdNewExperience(env Env, runF func(*NewExperienceOptions) error) *cobra.Command {
	opts := &NewExperienceOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "experience [title]",
		Short: "Start an entry for a learning experience",
		Long: `Start an entry for a learning experience, from the archetype for its type:
every key it needs is there, with today's date, status planned, guidance in
comments, and a TODO wherever you have something to write. The Markdown below
the front matter has the headings of the story: Context, What we did,
Evidence of impact, and the Big Think (So what? What next?).

The entry goes into experiences/<name>/index.md, a folder that also holds its
evidence files, or with --single into one file, experiences/<name>.md. The
name comes from the title; when it is taken, dll adds -2, -3, ... and never
overwrites an entry.

On a terminal dll asks for what you did not give. Otherwise --type and --mode
are needed. A portfolio may replace an archetype with its own file
templates/archetypes/<type>.md.`,
		Example: `  dll new experience "Book tasting" --type literacy --mode enhance
  dll new experience "Water quality inquiry" --type inquiry --mode redesign --single`,
		Args: maxArgs(1, `the title, in quotes: "Book tasting"`),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Title = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return newExperienceRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Type, "type", "", "the experience type: "+strings.Join(portfolio.Builtin().Vocab("types").IDs(), ", "))
	cmd.Flags().StringVar(&opts.Mode, "mode", "", "enhance, redesign or build")
	cmd.Flags().BoolVar(&opts.Single, "single", false, "write one file, experiences/<name>.md, instead of a folder")
	_ = cmd.RegisterFlagCompletionFunc("type", vocabCompletion(env, "types"))
	_ = cmd.RegisterFlagCompletionFunc("mode", vocabCompletion(env, "modes"))
	cmd.ValidArgsFunction = cobra.NoFileCompletions
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		msg := fmt.Sprintf("%s\nRun '%s --help' for how to use it.", err, c.CommandPath())
		// A title such as "- x" or "-1 day" reads as a flag.
		word := ""
		if _, after, ok := strings.Cut(err.Error(), "unknown shorthand flag: "); ok {
			if _, w, ok := strings.Cut(after, " in "); ok {
				word = w
			}
		} else if _, w, ok := strings.Cut(err.Error(), "unknown flag: "); ok && strings.ContainsRune(w, ' ') {
			word = w // a mistyped flag has no space
		}
		if word != "" {
			msg += fmt.Sprintf("\nIf %s is the title, put -- before it: dll new experience --type inquiry --mode build -- %s", shellQuote(word), shellQuote(word))
		}
		return usageErrorf("%s", msg)
	})
	return cmd
}

// titlePlaceholder stands for a title not given yet.
const titlePlaceholder = "TODO: name the learning experience"

func newExperienceRun(opts *NewExperienceOptions) error {
	env := opts.Env
	root, err := findPortfolio(env, "")
	if err != nil {
		return err
	}
	p, diags := portfolio.Load(os.DirFS(root))
	warnModel(env.Err, diags)
	types, modes := p.Model.Vocab("types"), p.Model.Vocab("modes")
	if opts.Type != "" {
		if err := checkChoice("type", types, opts.Type); err != nil {
			return err
		}
	}
	if opts.Mode != "" {
		if err := checkChoice("mode", modes, opts.Mode); err != nil {
			return err
		}
	}
	if !utf8.ValidString(opts.Title) {
		return usageErrorf("the title has characters that are not UTF-8 text (%s); set your terminal to UTF-8, or type the title again", strings.ToValidUTF8(opts.Title, "?"))
	}
	opts.Title = portfolio.CleanTitle(opts.Title)
	if msg := portfolio.TitleTooLong(opts.Title); msg != "" {
		return usageErrorf("%s", msg)
	}
	const newExample = `dll new experience "Book tasting" --type literacy --mode enhance`
	if env.Interactive {
		pr := newPrompter(env)
		ended := func(err error, what string, voc *portfolio.Vocab) error {
			if errors.Is(err, errNoAnswer) {
				return noAnswer("dll new experience", what, voc, newExample)
			}
			return err
		}
		for opts.Title == "" {
			if opts.Title, err = pr.text("Title of the learning experience", "", false); err != nil {
				return ended(err, "the title", nil)
			}
			if !utf8.ValidString(opts.Title) {
				fmt.Fprintln(env.Out, "  That is not UTF-8 text; set your terminal to UTF-8, or type it again.")
				opts.Title = ""
				continue
			}
			opts.Title = portfolio.CleanTitle(opts.Title)
			if msg := portfolio.TitleTooLong(opts.Title); msg != "" {
				fmt.Fprintf(env.Out, "  %s.\n", msg)
				opts.Title = ""
			}
		}
		if opts.Type == "" {
			if opts.Type, err = pr.choose("What type of experience is it?", types, ""); err != nil {
				return ended(err, "--type", types)
			}
		}
		if opts.Mode == "" {
			if opts.Mode, err = pr.choose("Did you enhance, redesign or build it?", modes, ""); err != nil {
				return ended(err, "--mode", modes)
			}
		}
	} else {
		var missing []string
		if opts.Type == "" {
			missing = append(missing, "type")
		}
		if opts.Mode == "" {
			missing = append(missing, "mode")
		}
		if len(missing) > 0 {
			return missingChoices("dll new experience", missing, map[string]*portfolio.Vocab{"type": types, "mode": modes}, newExample)
		}
	}

	title, slug := opts.Title, entrySlug(opts.Title)
	if title == "" {
		title = titlePlaceholder
	}
	named := slug != "" || opts.Title == ""
	if slug == "" {
		slug = "experience"
	}
	def := settingDefaults(p)
	typ, _ := types.Term(opts.Type)
	data := map[string]any{
		"Title":            yamlString(title),
		"Start":            env.Now().Format("2006-01-02"),
		"Type":             opts.Type,
		"TypeLabel":        portfolio.OneLine(types.Label(opts.Type)),
		"TypeDescription":  portfolio.OneLine(typ.Description),
		"Mode":             opts.Mode,
		"WhatChanged":      opts.Mode == "enhance" || opts.Mode == "redesign",
		"MyRole":           def.myRole,
		"PartnerRole":      def.partnerRole,
		"OrganizationType": def.orgType,
		"Delivery":         def.delivery,
		"Level":            def.level,
	}
	name, override, err := archetype(root, opts.Type)
	if err != nil {
		return err
	}
	rel, err := claimEntry(root, slug, opts.Single, func(slug string, single bool) ([]byte, error) {
		data["Slug"] = slug
		up := "../../"
		if single {
			up = "../"
		}
		data["SchemaComment"] = schemaComment(up + schema.Dir + "/" + schema.EntryFile)
		return render(name, override, data, p.Model)
	})
	if err != nil {
		return err
	}
	wrote := ensureSchema(root, p.Model, !modelBroken(diags))

	wd, _ := env.Getwd()
	shown := displayPath(wd, root, rel)
	fmt.Fprintf(env.Out, "Created %s. Open it and fill in the TODO lines; then run dll validate.\n", shown)
	if !named {
		what, it := "folder", displayPath(wd, root, path.Dir(rel))
		if opts.Single {
			what, it = "file", shown
		}
		fmt.Fprintf(env.Out, "The title has no letters that dll can spell in a web address, so the entry's name is %s. To choose the name yourself, rename the %s %s, using lowercase letters, digits and hyphens.\n",
			strings.TrimSuffix(path.Base(strings.TrimSuffix(rel, "/"+portfolio.IndexFile)), ".md"), what, it)
	}
	if def.from != "" {
		fmt.Fprintf(env.Out, "The setting (%s, %s, %s) is the one of %s; change it if this experience differs.\n", def.orgType, def.delivery, def.level, def.from)
	} else {
		fmt.Fprintf(env.Out, "Check the setting (%s, %s, %s): it is a first guess.\n", def.orgType, def.delivery, def.level)
	}
	switch wrote {
	case "wrote":
		fmt.Fprintf(env.Out, "Wrote %s/%s so that editors can check entries as you type.\n", schema.Dir, schema.EntryFile)
	case "updated":
		fmt.Fprintf(env.Out, "Updated the schemas in %s/ with the vocabularies of model.yaml, so that editors accept its values.\n", schema.Dir)
	}
	return nil
}

// maxSlug is the length of the longest slug dll new makes from a title:
// enough for a readable address, and far below the 255 bytes a file name
// may have on every system, with -1000 and .md added.
const maxSlug = 60

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

// archetype returns the template for an experience type: the portfolio's
// own templates/archetypes/<type>.md when it has one, else the built-in
// archetype of the type, else the generic one.
func archetype(root, typ string) (name string, override []byte, err error) {
	name = "archetypes/" + typ + ".md"
	own := filepath.Join(root, "templates", filepath.FromSlash(name))
	if info, err := os.Lstat(own); err == nil && info.Mode().IsRegular() {
		src, err := os.ReadFile(own)
		if err != nil {
			return "", nil, fmt.Errorf("cannot read your archetype templates/%s: %w", name, err)
		}
		return "templates/" + name, src, nil
	}
	if _, err := fs.Stat(templates.FS, name); err == nil {
		return name, nil, nil
	}
	return "archetypes/default.md", nil, nil
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
			err := writeNew(file, want)
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
		return "", usageErrorf("%s is a file, but it must be the folder of your entries; rename or move that file, then run this again", portfolio.ExperiencesDir)
	}
	if err := os.MkdirAll(exp, 0o755); err != nil {
		return "", fmt.Errorf("cannot make the experiences folder: %w", err)
	}
	taken := map[string]bool{}
	for _, r := range validate.Reserved {
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
		return writeNew(file, data)
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

// defaults are the first values of a new entry that the author may change.
type defaults struct {
	myRole, partnerRole, orgType, delivery, level string
	from                                          string // the entry they come from, if any
}

// settingDefaults takes the setting of the newest entry (leaders tend to
// work in one place), or else guesses from the leader's role.
func settingDefaults(p *portfolio.Portfolio) defaults {
	d := defaults{myRole: "other"}
	if r := p.Settings.Leader.Role; r != "" {
		d.myRole = r
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
		d.orgType, d.delivery, d.level, d.from = last.Setting.OrganizationType, last.Setting.Delivery, last.Setting.Level, last.Src.File
		roles := p.Model.Vocab("partner_roles")
		for _, pt := range last.Partners {
			if t, ok := roles.Term(pt.Role); ok && t.Teaching {
				d.partnerRole = pt.Role
				break
			}
		}
	} else {
		switch d.myRole {
		case "trainer":
			d.orgType, d.delivery, d.level = "business", "blended", "adult"
		case "instructional-designer":
			d.orgType, d.delivery, d.level = "higher-ed", "online-asynchronous", "undergraduate"
		default:
			d.orgType, d.delivery, d.level = "k12", "face-to-face", "6-8"
		}
	}
	if d.partnerRole == "" {
		switch d.orgType {
		case "k12":
			d.partnerRole = "classroom-teacher"
		case "higher-ed":
			d.partnerRole = "faculty"
		default:
			d.partnerRole = "instructor"
		}
	}
	return d
}
