package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"dll/internal/author"
	"dll/internal/diag"
	"dll/internal/media"
	"dll/internal/portfolio"
	"dll/internal/privacy"
)

// NewEvidenceOptions are the settings of dll new evidence.
type NewEvidenceOptions struct {
	Env     Env
	Entry   string
	Files   []string
	Phase   string
	Consent string
	Kind    string
	Title   string
}

// NewCmdNewEvidence returns dll new evidence. runF replaces the work in
// tests.
func NewCmdNewEvidence(env Env, runF func(*NewEvidenceOptions) error) *cobra.Command {
	opts := &NewEvidenceOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "evidence <entry> <file>...",
		Short: "Copy evidence files into an entry and list them in it",
		Long: `Copy evidence files into an entry's folder and add an evidence item for each
to its front matter, keeping everything else in the file as it was, comments
included. The entry is its name (the slug, as in experiences/<slug>/) or its
file.

The kind is guessed from the file: images are photo, videos video, sounds
audio, anything else document (change it to student-work, assessment-data,
partner-statement, ... when that says more). Every file loses its location,
camera, author and comment data as it is copied (photos keep their
orientation): JPEG, PNG, GIF and WebP images, MP4, MOV and WebM videos, MP3,
M4A, WAV, FLAC and Ogg sound, and PDF documents. dll refuses what it cannot
clean or a browser cannot show (HEIC, TIFF, camera raw, AVI, Word files,
...) and says how to export it. A captions file (.vtt) given with a video or
audio file of the same name becomes its captions.

On a terminal, dll asks for the phase, the consent, and a description (alt
text) of each image. Otherwise --phase is needed, consent is pending (never
published until you record it) and images get the alt text
"TODO: describe what the image shows", which dll validate reports until you
write it. A file of the same name in the entry's folder is never overwritten:
the copy gets -2, -3, ... A file already copied and listed is not added again.

An entry written as one file (experiences/<slug>.md) has no folder of its
own, so its evidence files are copied beside it, into experiences/ (never
Markdown or YAML files, which would be read as entries). To keep an entry's
files together, make it a folder first: move experiences/<slug>.md to
experiences/<slug>/index.md.`,
		Example: `  dll new evidence glider-design glider-test.jpg rubric.pdf --phase assessment
  dll new evidence experiences/book-tasting/index.md tasting-menu.pdf --phase planning --consent not-applicable`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 {
				return usageErrorf("dll new evidence needs the entry and at least one file, like: dll new evidence book-tasting photo.jpg")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Entry, opts.Files = args[0], args[1:]
			if runF != nil {
				return runF(opts)
			}
			return newEvidenceRun(cmd.Context(), opts)
		},
		ValidArgsFunction: entryCompletion(env),
	}
	cmd.Flags().StringVar(&opts.Phase, "phase", "", "when the evidence comes from: planning, teaching, assessment or impact")
	cmd.Flags().StringVar(&opts.Consent, "consent", "", "consent for the evidence: not-applicable, obtained, anonymized, pending or refused (default pending without a terminal)")
	cmd.Flags().StringVar(&opts.Kind, "kind", "", "the kind of evidence, instead of the one guessed from each file")
	cmd.Flags().StringVar(&opts.Title, "title", "", "the title of the evidence (one file only); default: from the file name")
	_ = cmd.RegisterFlagCompletionFunc("phase", vocabCompletion(env, "evidence_phases"))
	_ = cmd.RegisterFlagCompletionFunc("consent", vocabCompletion(env, "consent"))
	_ = cmd.RegisterFlagCompletionFunc("kind", vocabCompletion(env, "evidence_kinds"))
	_ = cmd.RegisterFlagCompletionFunc("title", noCompletion)
	return cmd
}

func newEvidenceRun(ctx context.Context, opts *NewEvidenceOptions) error {
	env := opts.Env
	root, err := findPortfolio(env, "")
	if err != nil {
		return err
	}
	wd, err := env.Getwd()
	if err != nil {
		return fmt.Errorf("cannot tell the current folder: %w", err)
	}
	p, diags := portfolio.Load(portfolio.DirFS(root))
	warnModel(env.Err, diags)
	e, err := findEntry(p, root, wd, opts.Entry)
	if err != nil {
		return err
	}
	for _, c := range []struct{ flag, val, vocab string }{{"phase", opts.Phase, "evidence_phases"}, {"consent", opts.Consent, "consent"}, {"kind", opts.Kind, "evidence_kinds"}} {
		if c.val != "" {
			if err := checkChoice(c.flag, p.Model.Vocab(c.vocab), c.val); err != nil {
				return err
			}
		}
	}
	if opts.Title != "" && len(opts.Files) > 1 {
		return usageErrorf("--title names one piece of evidence; give one file with it, or leave it out to take titles from the file names")
	}
	files, err := author.GatherEvidence(opts.Files, wd, root, e)
	if err != nil {
		return asUsage(err)
	}
	if err := refuseListedFiles(p, opts.Files, files); err != nil {
		return err
	}
	consentDefaulted, err := askEvidence(opts, p.Model, e, files)
	if err != nil {
		return err
	}
	items, err := author.AddEvidence(ctx, root, e, files)
	if err != nil {
		return asUsage(err)
	}
	printCopied(env, wd, root, e, files)
	printAdded(env, displayPath(wd, root, e.Src.File), items, consentDefaulted)
	return nil
}

// askEvidence fills in the evidence items of the files: from the flags,
// and on a terminal from the answers to what they did not give (the
// phase, the consent, a description of each image). Without a terminal
// the phase is needed, and the consent is pending, which it reports.
func askEvidence(opts *NewEvidenceOptions, m *portfolio.Model, e *portfolio.Entry, files []author.EvidenceFile) (consentDefaulted bool, err error) {
	env := opts.Env
	phases := m.Vocab("evidence_phases")
	var pr *prompter
	if env.Interactive {
		pr = newPrompter(env)
		if opts.Phase == "" {
			if opts.Phase, err = pr.choose("When does this evidence come from?", phases, ""); err != nil {
				if errors.Is(err, errNoAnswer) {
					return false, noAnswer("dll new evidence", "--phase", phases, evidenceExample(e.Src.Slug, opts.Files))
				}
				return false, err
			}
		}
		if opts.Consent == "" {
			fmt.Fprintln(env.Out, "Consent: evidence that shows learners or their work needs it; pending and refused are never published.")
			if opts.Consent, err = pr.choose("Consent for this evidence", m.Vocab("consent"), "pending"); err != nil {
				return false, err
			}
		}
	} else if opts.Phase == "" {
		return false, missingChoices("dll new evidence", []string{"phase"}, map[string]*portfolio.Vocab{"phase": phases},
			evidenceExample(e.Src.Slug, opts.Files))
	}
	consentDefaulted = opts.Consent == ""
	author.NewItems(files, author.ItemOptions{Phase: opts.Phase, Consent: cmp.Or(opts.Consent, "pending"), Kind: opts.Kind, Title: opts.Title})
	for i := range files {
		f := &files[i]
		if pr == nil || f.Item.Alt != author.AltPlaceholder {
			continue
		}
		alt, err := pr.text(fmt.Sprintf("Describe what %s shows, for people who cannot see it", filepath.Base(f.Src)), "", true)
		if err != nil {
			return false, err
		}
		if strings.TrimSpace(alt) != "" {
			f.Item.Alt = alt
		}
	}
	return consentDefaulted, nil
}

// printCopied says what happened to each file, and how to keep an entry
// written as one file together with its evidence.
func printCopied(env Env, wd, root string, e *portfolio.Entry, files []author.EvidenceFile) {
	recording := false
	for _, f := range files {
		fmt.Fprintln(env.Out, copiedLine(f, displayPath(wd, root, path.Join(e.Src.Dir, f.Name))))
		if mk := portfolio.MediaOf(f.Name); mk == portfolio.Video || mk == portfolio.Audio {
			recording = true
		}
	}
	if recording {
		fmt.Fprintln(env.Out, "Note: dll removes the place, dates and names stored in a recording's file, but not what can be seen or heard in it: check that no one is named aloud or shown who should not be.")
	}
	entryShown := displayPath(wd, root, e.Src.File)
	if e.Src.Form == portfolio.YAMLForm {
		fmt.Fprintf(env.Out, "%s is an entry written as one file, so its evidence is beside it in %s/. To keep an entry's files together, make it a folder: write it as %s/%s/index.md (its fields between two lines of ---, the text of body below them) and move its evidence files into that folder.\n",
			entryShown, portfolio.ExperiencesDir, portfolio.ExperiencesDir, e.Src.Slug)
	} else if e.Src.Form != portfolio.FolderForm {
		fmt.Fprintf(env.Out, "%s is an entry written as one file, so its evidence is beside it in %s/. To keep an entry's files together, make it a folder: move it to %s/%s/index.md and its evidence files into that folder.\n",
			entryShown, portfolio.ExperiencesDir, portfolio.ExperiencesDir, e.Src.Slug)
	}
}

// copiedLine says what happened to one file, shown as it is in the entry.
func copiedLine(f author.EvidenceFile, shown string) string {
	switch {
	case f.Same && f.Listed:
		return fmt.Sprintf("%s is in the entry's folder and listed in it already (a copy of %s); nothing to add.", shown, f.Arg)
	case f.Same:
		return fmt.Sprintf("%s is in the entry's folder already (a copy of %s); listed it.", shown, f.Arg)
	case f.InPlace && len(f.Removed) > 0:
		return fmt.Sprintf("Removed the location, camera and author data (%s) from %s.", strings.Join(f.Removed, ", "), shown)
	case f.InPlace && f.Listed:
		return fmt.Sprintf("%s is listed in the entry already; nothing to add.", shown)
	case f.InPlace:
		return fmt.Sprintf("%s is in the entry's folder already; listed it.", shown)
	case len(f.Removed) > 0:
		return fmt.Sprintf("Copied %s to %s, without its location, camera and author data (%s).", f.Arg, shown, strings.Join(f.Removed, ", "))
	case media.Lookup(f.Name).Action == media.Clean:
		return fmt.Sprintf("Copied %s to %s (it had no location, camera or author data).", f.Arg, shown)
	}
	return fmt.Sprintf("Copied %s to %s.", f.Arg, shown)
}

// printAdded says what was added to the entry, and what is left to do.
func printAdded(env Env, entryShown string, items []portfolio.Evidence, consentDefaulted bool) {
	if len(items) == 0 {
		return
	}
	fmt.Fprintf(env.Out, "Added %s to %s.", diag.Plural(len(items), "evidence item"), entryShown)
	var alt, captions bool
	for _, it := range items {
		alt = alt || it.Alt == author.AltPlaceholder
		captions = captions || it.Captions == author.CaptionsPlaceholder
	}
	var todo []string
	if alt {
		todo = append(todo, "describe each image (alt)")
	}
	if captions {
		todo = append(todo, "give captions")
	}
	if len(todo) > 0 {
		fmt.Fprintf(env.Out, " Open it to %s, then run dll validate.", strings.Join(todo, " and "))
	}
	fmt.Fprintln(env.Out)
	if consentDefaulted {
		fmt.Fprintln(env.Out, "Consent is pending, so this evidence is not published until you change it to obtained, anonymized or not-applicable.")
	}
}

// evidenceExample is the command line that adds these files with a phase,
// quoted so that it can be pasted into a shell.
func evidenceExample(slug string, files []string) string {
	words := []string{"dll new evidence", shellQuote(slug)}
	for _, f := range files {
		words = append(words, shellQuote(f))
	}
	return strings.Join(append(words, "--phase teaching"), " ")
}

// findEntry finds an entry by its slug, its file or its folder; one that
// cannot be read is refused, as nothing can be added to it.
func findEntry(p *portfolio.Portfolio, root, wd, arg string) (*portfolio.Entry, error) {
	e, err := lookupEntry(p, root, wd, arg)
	if err == nil && !e.Src.Parsed {
		return nil, usageErrorf("%s cannot be read; fix what dll validate reports in it, then add the evidence", e.Src.File)
	}
	return e, err
}

// lookupEntry finds an entry by its slug, its file or its folder, read or
// not.
func lookupEntry(p *portfolio.Portfolio, root, wd, arg string) (*portfolio.Entry, error) {
	rel := ""
	full := arg
	if !filepath.IsAbs(full) {
		full = filepath.Join(wd, arg)
	}
	if r, err := filepath.Rel(root, full); err == nil && !strings.HasPrefix(r, "..") {
		rel = filepath.ToSlash(r)
	}
	found := func(e *portfolio.Entry) (*portfolio.Entry, error) { return e, nil }
	var slugs []string
	for _, e := range p.Entries {
		if e.Src.Slug == arg || rel != "" && (rel == e.Src.File || e.Src.Form == portfolio.FolderForm && rel == e.Src.Dir) {
			return found(e)
		}
		slugs = append(slugs, e.Src.Slug)
	}
	// The name of its folder or file as written ("Book Tasting",
	// "book-tasting.md"), which gives the slug.
	base := filepath.Base(arg)
	for _, s := range []string{portfolio.Slugify(base), portfolio.Slugify(strings.TrimSuffix(base, filepath.Ext(base)))} {
		for _, e := range p.Entries {
			if s != "" && e.Src.Slug == s {
				return found(e)
			}
		}
	}
	if len(slugs) == 0 {
		return nil, usageErrorf("there is no entry %q: the portfolio has no entries yet; start one with dll new experience", arg)
	}
	msg := fmt.Sprintf("there is no entry %q", arg)
	if hint := nearest(arg, slugs); hint != "" {
		msg += fmt.Sprintf("; did you mean %s?", hint)
	}
	const shown = 30
	list := strings.Join(slugs[:min(len(slugs), shown)], ", ")
	if len(slugs) > shown {
		list += fmt.Sprintf(", and %d more in the %s folder", len(slugs)-shown, portfolio.ExperiencesDir)
	}
	return nil, usageErrorf("%s\nThe entries are: %s", msg, list)
}

// refuseListedFiles refuses evidence files whose names name someone on the
// privacy list: the copy keeps the name, which is in the file's web address
// and in git's history once committed. The file is told by its place among
// those given, since its name is not to be printed.
func refuseListedFiles(p *portfolio.Portfolio, args []string, files []author.EvidenceFile) error {
	names := privacy.New(p.Roster)
	if names.Empty() {
		return nil
	}
	for _, f := range files {
		for _, src := range []string{f.Src, f.Captions} {
			if src == "" {
				continue
			}
			h, ok := names.FirstInPath(filepath.Base(src))
			if !ok {
				continue
			}
			which := "the file given"
			if len(args) > 1 {
				if i := slices.Index(args, f.Arg); i >= 0 {
					which = fmt.Sprintf("the %s file given", ordinal(i+1))
				}
			}
			if src == f.Captions {
				which = "the captions file of " + which
			}
			return usageErrorf("the name of %s %s; the copy would keep that name, which is in its web address and stays in git's history. Rename the file, with initials or a pseudonym, then add it", which, privacy.Found(h.Listed))
		}
	}
	return nil
}

// ordinal writes 1 as first, 2 as second, ...
func ordinal(n int) string {
	if words := []string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}; n >= 1 && n <= len(words) {
		return words[n-1]
	}
	return fmt.Sprintf("number %d", n)
}
