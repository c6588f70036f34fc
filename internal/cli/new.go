package cli

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"dll/internal/author"
	"dll/internal/portfolio"
	"dll/internal/privacy"
	"dll/internal/schema"
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
Evidence of impact, and the Big Think (So what? What next?). In a portfolio
in another language (language: es in dll.yaml), the comments, the TODOs and
the headings are in that language.

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

func newExperienceRun(opts *NewExperienceOptions) error {
	env := opts.Env
	root, err := findPortfolio(env, "")
	if err != nil {
		return err
	}
	p, diags := portfolio.Load(portfolio.DirFS(root))
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
	if err := askExperience(opts, types, modes); err != nil {
		return err
	}
	if err := refuseListedName(p, "the title", opts.Title, portfolio.Slugify(opts.Title)); err != nil {
		return err
	}
	c, err := author.NewExperience(root, p, author.Experience{
		Title: opts.Title, Type: opts.Type, Mode: opts.Mode, Single: opts.Single, Today: env.Now(),
	}, !modelBroken(diags))
	if err != nil {
		return asUsage(err)
	}
	printCreated(env, root, c, opts.Single, privacy.New(p.Roster))
	return nil
}

// askExperience asks on a terminal for the title, type and mode the flags
// did not give; without one, type and mode are needed.
func askExperience(opts *NewExperienceOptions, types, modes *portfolio.Vocab) error {
	const example = `dll new experience "Book tasting" --type literacy --mode enhance`
	if !opts.Env.Interactive {
		var missing []string
		if opts.Type == "" {
			missing = append(missing, "type")
		}
		if opts.Mode == "" {
			missing = append(missing, "mode")
		}
		if len(missing) > 0 {
			return missingChoices("dll new experience", missing, map[string]*portfolio.Vocab{"type": types, "mode": modes}, example)
		}
		return nil
	}
	pr := newPrompter(opts.Env)
	ended := func(err error, what string, voc *portfolio.Vocab) error {
		if errors.Is(err, errNoAnswer) {
			return noAnswer("dll new experience", what, voc, example)
		}
		return err
	}
	var err error
	for opts.Title == "" {
		if opts.Title, err = pr.text("Title of the learning experience", "", false); err != nil {
			return ended(err, "the title", nil)
		}
		if !utf8.ValidString(opts.Title) {
			fmt.Fprintln(opts.Env.Out, "  That is not UTF-8 text; set your terminal to UTF-8, or type it again.")
			opts.Title = ""
			continue
		}
		opts.Title = portfolio.CleanTitle(opts.Title)
		if msg := portfolio.TitleTooLong(opts.Title); msg != "" {
			fmt.Fprintf(opts.Env.Out, "  %s.\n", msg)
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
	return nil
}

// printCreated says where the new entry is and what to check in it.
func printCreated(env Env, root string, c *author.Created, single bool, names *privacy.Names) {
	wd, _ := env.Getwd()
	shown := displayPath(wd, root, c.Rel)
	fmt.Fprintf(env.Out, "Created %s. Open it and fill in the TODO lines; then run dll validate.\n", shown)
	if !c.Named {
		what, it := "folder", displayPath(wd, root, path.Dir(c.Rel))
		if single {
			what, it = "file", shown
		}
		fmt.Fprintf(env.Out, "The title has no letters that dll can spell in a web address, so the entry's name is %s. To choose the name yourself, rename the %s %s, using lowercase letters, digits and hyphens.\n",
			strings.TrimSuffix(path.Base(strings.TrimSuffix(c.Rel, "/"+portfolio.IndexFile)), ".md"), what, it)
	}
	def := c.Defaults
	if def.From != "" {
		from := def.From
		if _, named := names.FirstInPath(from); named {
			from = "another entry, whose file name is withheld because it names someone on your privacy list (dll validate says where)"
		}
		fmt.Fprintf(env.Out, "The setting (%s, %s, %s) is the one of %s; change it if this experience differs.\n", def.OrgType, def.Delivery, def.Level, from)
	} else {
		fmt.Fprintf(env.Out, "Check the setting (%s, %s, %s): it is a first guess.\n", def.OrgType, def.Delivery, def.Level)
	}
	switch c.Schema {
	case "wrote":
		fmt.Fprintf(env.Out, "Wrote %s/%s so that editors can check entries as you type.\n", schema.Dir, schema.EntryFile)
	case "updated":
		fmt.Fprintf(env.Out, "Updated the schemas in %s/ with the vocabularies of model.yaml, so that editors accept its values.\n", schema.Dir)
	}
}

// refuseListedName refuses a title or name for an entry that names
// someone on the privacy list: it would name the entry's file or folder,
// which is its page's address and stays in git's history, so dll makes
// no such file, and says where the name is listed without quoting it.
func refuseListedName(p *portfolio.Portfolio, what, text, slug string) error {
	names := privacy.New(p.Roster)
	h, ok := names.First(text)
	if !ok {
		h, ok = names.FirstInPath(slug)
	}
	if !ok {
		return nil
	}
	return usageErrorf("%s %s; it would name the entry's file or folder, which is its page's address and stays in git's history. Give initials or a pseudonym instead", what, privacy.Found(h.Listed))
}
