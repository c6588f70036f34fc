package cli

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"dll/internal/diag"
	"dll/internal/media"
	"dll/internal/portfolio"
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

// altPlaceholder is the alt text of an image nobody described yet; dll
// validate reports it until the author writes one.
const altPlaceholder = "TODO: describe what the image shows"

// captionsPlaceholder stands for the captions of a video or audio file.
const captionsPlaceholder = "TODO: give a WebVTT (.vtt) captions file, or write none if there is no speech"

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
			return newEvidenceRun(opts)
		},
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveDefault // files
			}
			_, root := completionModel(env)
			if root == "" {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return entrySlugs(root), cobra.ShellCompDirectiveNoFileComp
		},
	}
	cmd.Flags().StringVar(&opts.Phase, "phase", "", "when the evidence comes from: planning, teaching, assessment or impact")
	cmd.Flags().StringVar(&opts.Consent, "consent", "", "consent for the evidence: not-applicable, obtained, anonymized, pending or refused (default pending without a terminal)")
	cmd.Flags().StringVar(&opts.Kind, "kind", "", "the kind of evidence, instead of the one guessed from each file")
	cmd.Flags().StringVar(&opts.Title, "title", "", "the title of the evidence (one file only); default: from the file name")
	_ = cmd.RegisterFlagCompletionFunc("phase", vocabCompletion(env, "evidence_phases"))
	_ = cmd.RegisterFlagCompletionFunc("consent", vocabCompletion(env, "consent"))
	_ = cmd.RegisterFlagCompletionFunc("kind", vocabCompletion(env, "evidence_kinds"))
	return cmd
}

// evidenceFile is one file given to dll new evidence.
type evidenceFile struct {
	arg      string // as given on the command line, for messages
	src      string // as given, resolved against the current folder
	name     string // its name in the entry's folder, once copied
	captions string // the captions file of a video or audio file
	item     portfolio.Evidence
	removed  []string // the metadata taken out
	inPlace  bool     // the file is in the entry's folder already
	same     bool     // an identical file of that name is there already
	listed   bool     // the entry lists that file already
}

func newEvidenceRun(opts *NewEvidenceOptions) error {
	env := opts.Env
	root, err := findPortfolio(env, "")
	if err != nil {
		return err
	}
	wd, err := env.Getwd()
	if err != nil {
		return fmt.Errorf("cannot tell the current folder: %w", err)
	}
	p, diags := portfolio.Load(os.DirFS(root))
	warnModel(env.Err, diags)
	e, err := findEntry(p, root, wd, opts.Entry)
	if err != nil {
		return err
	}
	m := p.Model
	for _, c := range []struct{ flag, val, vocab string }{{"phase", opts.Phase, "evidence_phases"}, {"consent", opts.Consent, "consent"}, {"kind", opts.Kind, "evidence_kinds"}} {
		if c.val != "" {
			if err := checkChoice(c.flag, m.Vocab(c.vocab), c.val); err != nil {
				return err
			}
		}
	}
	if opts.Title != "" && len(opts.Files) > 1 {
		return usageErrorf("--title names one piece of evidence; give one file with it, or leave it out to take titles from the file names")
	}

	dir := filepath.Join(root, filepath.FromSlash(e.Src.Dir))
	files, err := gatherEvidence(opts.Files, wd, dir, e, filepath.Join(root, filepath.FromSlash(e.Src.File)))
	if err != nil {
		return err
	}

	var pr *prompter
	if env.Interactive {
		pr = newPrompter(env)
		if opts.Phase == "" {
			if opts.Phase, err = pr.choose("When does this evidence come from?", m.Vocab("evidence_phases"), ""); err != nil {
				if errors.Is(err, errNoAnswer) {
					return noAnswer("dll new evidence", "--phase", m.Vocab("evidence_phases"), evidenceExample(e.Src.Slug, opts.Files))
				}
				return err
			}
		}
		if opts.Consent == "" {
			fmt.Fprintln(env.Out, "Consent: evidence that shows learners or their work needs it; pending and refused are never published.")
			if opts.Consent, err = pr.choose("Consent for this evidence", m.Vocab("consent"), "pending"); err != nil {
				return err
			}
		}
	} else if opts.Phase == "" {
		return missingChoices("dll new evidence", []string{"phase"}, map[string]*portfolio.Vocab{"phase": m.Vocab("evidence_phases")},
			evidenceExample(e.Src.Slug, opts.Files))
	}
	consentDefaulted := opts.Consent == ""
	if consentDefaulted {
		opts.Consent = "pending"
	}

	for i := range files {
		f := &files[i]
		base := filepath.Base(f.src)
		f.item = portfolio.Evidence{
			Title:   humanTitle(base),
			Kind:    cmp.Or(opts.Kind, guessKind(base)),
			Phase:   opts.Phase,
			Consent: opts.Consent,
		}
		if opts.Title != "" {
			f.item.Title = opts.Title
		}
		switch portfolio.MediaOf(base) {
		case portfolio.Image:
			f.item.Alt = altPlaceholder
			if pr != nil {
				alt, err := pr.text(fmt.Sprintf("Describe what %s shows, for people who cannot see it", base), "", true)
				if err != nil {
					return err
				}
				if strings.TrimSpace(alt) != "" {
					f.item.Alt = alt
				}
			}
		case portfolio.Video, portfolio.Audio:
			f.item.Captions = captionsPlaceholder
		}
	}

	// Copy the files, then edit the entry; if the edit fails, take the
	// copies back out, so that a failed run leaves nothing behind.
	var copied []string
	undo := func() {
		for _, c := range copied {
			os.Remove(c)
		}
	}
	names := map[string]string{} // source path -> name in the folder
	for i := range files {
		f := &files[i]
		if err := copyEvidence(f, dir); err != nil {
			undo()
			return err
		}
		if !f.inPlace && !f.same {
			copied = append(copied, filepath.Join(dir, f.name))
		}
		names[f.src] = f.name
		f.listed = listsFile(e, f.name)
	}
	var items []portfolio.Evidence
	for i := range files {
		f := &files[i]
		f.item.File = f.name
		if f.captions != "" {
			f.item.Captions = names[f.captions]
		}
		if isCaptions(f.src) && captionedBy(files, f.src) {
			continue // captions are not evidence of their own
		}
		if f.listed {
			continue // a second run of the same command adds nothing twice
		}
		items = append(items, f.item)
	}
	if len(items) > 0 {
		if err := addEvidence(filepath.Join(root, filepath.FromSlash(e.Src.File)), e.Src.Form, items); err != nil {
			undo()
			return err
		}
	}

	entryShown := displayPath(wd, root, e.Src.File)
	video := false
	for _, f := range files {
		shown := displayPath(wd, root, path.Join(e.Src.Dir, f.name))
		switch {
		case f.same && f.listed:
			fmt.Fprintf(env.Out, "%s is in the entry's folder and listed in it already (a copy of %s); nothing to add.\n", shown, f.arg)
		case f.same:
			fmt.Fprintf(env.Out, "%s is in the entry's folder already (a copy of %s); listed it.\n", shown, f.arg)
		case f.inPlace && len(f.removed) > 0:
			fmt.Fprintf(env.Out, "Removed the location, camera and author data (%s) from %s.\n", strings.Join(f.removed, ", "), shown)
		case f.inPlace && f.listed:
			fmt.Fprintf(env.Out, "%s is listed in the entry already; nothing to add.\n", shown)
		case f.inPlace:
			fmt.Fprintf(env.Out, "%s is in the entry's folder already; listed it.\n", shown)
		case len(f.removed) > 0:
			fmt.Fprintf(env.Out, "Copied %s to %s, without its location, camera and author data (%s).\n", f.arg, shown, strings.Join(f.removed, ", "))
		case media.Lookup(f.name).Action == media.Clean:
			fmt.Fprintf(env.Out, "Copied %s to %s (it had no location, camera or author data).\n", f.arg, shown)
		default:
			fmt.Fprintf(env.Out, "Copied %s to %s.\n", f.arg, shown)
		}
		if mk := portfolio.MediaOf(f.name); mk == portfolio.Video || mk == portfolio.Audio {
			video = true
		}
	}
	if video {
		fmt.Fprintln(env.Out, "Note: dll removes the place, dates and names stored in a recording's file, but not what can be seen or heard in it: check that no one is named aloud or shown who should not be.")
	}
	if e.Src.Form == portfolio.YAMLForm {
		fmt.Fprintf(env.Out, "%s is an entry written as one file, so its evidence is beside it in %s/. To keep an entry's files together, make it a folder: write it as %s/%s/index.md (its fields between two lines of ---, the text of body below them) and move its evidence files into that folder.\n",
			entryShown, portfolio.ExperiencesDir, portfolio.ExperiencesDir, e.Src.Slug)
	} else if e.Src.Form != portfolio.FolderForm {
		fmt.Fprintf(env.Out, "%s is an entry written as one file, so its evidence is beside it in %s/. To keep an entry's files together, make it a folder: move it to %s/%s/index.md and its evidence files into that folder.\n",
			entryShown, portfolio.ExperiencesDir, portfolio.ExperiencesDir, e.Src.Slug)
	}
	if len(items) == 0 {
		return nil
	}
	fmt.Fprintf(env.Out, "Added %s to %s.", diag.Plural(len(items), "evidence item"), entryShown)
	var todo []string
	for _, it := range items {
		if it.Alt == altPlaceholder {
			todo = appendUnique(todo, "describe each image (alt)")
		}
		if it.Captions == captionsPlaceholder {
			todo = appendUnique(todo, "give captions")
		}
	}
	if len(todo) > 0 {
		fmt.Fprintf(env.Out, " Open it to %s, then run dll validate.", strings.Join(todo, " and "))
	}
	fmt.Fprintln(env.Out)
	if consentDefaulted {
		fmt.Fprintln(env.Out, "Consent is pending, so this evidence is not published until you change it to obtained, anonymized or not-applicable.")
	}
	return nil
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

func appendUnique(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

// findEntry finds an entry by its slug, its file or its folder.
func findEntry(p *portfolio.Portfolio, root, wd, arg string) (*portfolio.Entry, error) {
	rel := ""
	full := arg
	if !filepath.IsAbs(full) {
		full = filepath.Join(wd, arg)
	}
	if r, err := filepath.Rel(root, full); err == nil && !strings.HasPrefix(r, "..") {
		rel = filepath.ToSlash(r)
	}
	found := func(e *portfolio.Entry) (*portfolio.Entry, error) {
		if !e.Src.Parsed {
			return nil, usageErrorf("%s cannot be read; fix what dll validate reports in it, then add the evidence", e.Src.File)
		}
		return e, nil
	}
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

// gatherEvidence checks the files given and pairs captions with their
// video or audio. entryFile is the entry's own file.
func gatherEvidence(args []string, wd, dir string, e *portfolio.Entry, entryFile string) ([]evidenceFile, error) {
	var files []evidenceFile
	seen := map[string]bool{}
	for _, a := range args {
		src := a
		if !filepath.IsAbs(src) {
			src = filepath.Join(wd, a)
		}
		src = filepath.Clean(src)
		info, err := os.Stat(src)
		switch {
		case err != nil:
			return nil, usageErrorf("there is no file %s; check the name", a)
		case info.IsDir():
			return nil, usageErrorf("%s is a folder; give the files in it, like %s/*", a, strings.TrimSuffix(a, "/"))
		case !info.Mode().IsRegular():
			return nil, usageErrorf("%s is not a regular file", a)
		}
		if entryInfo, err := os.Stat(entryFile); err == nil && os.SameFile(info, entryInfo) {
			return nil, usageErrorf("%s is the entry itself, not evidence; give the files that show the learning", a)
		}
		if seen[src] {
			continue
		}
		seen[src] = true
		ext := strings.ToLower(filepath.Ext(src))
		if e.Src.Form != portfolio.FolderForm {
			switch ext {
			case ".md", ".markdown", ".yaml", ".yml":
				// Beside an entry written as one file, in experiences/, it
				// would be read as an entry of its own.
				return nil, usageErrorf("%s: %s is an entry written as one file, so its evidence goes into %s/, where a %s file would be read as an entry of its own. Make the entry a folder first (move it to %s/%s/index.md), or save the file as PDF and add that", a, e.Src.File, portfolio.ExperiencesDir, ext, portfolio.ExperiencesDir, e.Src.Slug)
			}
		}
		if err := media.Refused(src); err != nil {
			return nil, usageErrorf("%s: %v", a, err)
		}
		files = append(files, evidenceFile{arg: a, src: src, inPlace: filepath.Dir(src) == filepath.Clean(dir)})
	}
	for i := range files {
		if mk := portfolio.MediaOf(files[i].src); mk != portfolio.Video && mk != portfolio.Audio {
			continue
		}
		stem := strings.TrimSuffix(files[i].src, filepath.Ext(files[i].src))
		for _, f := range files {
			if isCaptions(f.src) && strings.TrimSuffix(f.src, filepath.Ext(f.src)) == stem {
				files[i].captions = f.src
			}
		}
	}
	return files, nil
}

// listsFile reports whether the entry has an evidence item for the file.
func listsFile(e *portfolio.Entry, name string) bool {
	for _, it := range e.Evidence {
		if path.Clean(it.File) == name {
			return true
		}
	}
	return false
}

func isCaptions(name string) bool { return strings.EqualFold(filepath.Ext(name), ".vtt") }

func captionedBy(files []evidenceFile, vtt string) bool {
	for _, f := range files {
		if f.captions == vtt {
			return true
		}
	}
	return false
}

// cleanFile reads the file name and returns it cleaned, with what was
// removed; a *media.Error when dll does not publish it.
func cleanFile(name string) ([]byte, []string, error) {
	in, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	removed, err := media.CleanTo(&b, name, in, info.Size())
	if err != nil {
		return nil, nil, err
	}
	return b.Bytes(), removed, nil
}

// copyEvidence copies a file into dir under a free name, cleaning it on
// the way. A file in dir already is cleaned in place (when it holds
// metadata) and kept under its name.
func copyEvidence(f *evidenceFile, dir string) error {
	base := filepath.Base(f.src)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot make the folder %s: %w", dir, err)
	}
	// Every file is cleaned on the way in, as dll build cleans it on the
	// way out (media holds the one rule for both), or refused.
	data, removed, err := cleanFile(f.src)
	if err != nil {
		var me *media.Error
		if errors.As(err, &me) {
			return usageErrorf("%s: %v", f.arg, err)
		}
		return fmt.Errorf("cannot read %s: %w", f.arg, err)
	}
	f.removed = removed
	if len(removed) == 0 {
		data = nil // nothing changed: copy the file itself
	}
	if f.inPlace {
		f.name = base
		if len(f.removed) == 0 {
			return nil
		}
		return replaceFile(f.src, data)
	}
	// The copy's name is one dll validate accepts: no line breaks or other
	// control characters, and no \, which it reads as a Windows separator.
	base = strings.Map(func(r rune) rune {
		if r == '\\' || unicode.IsControl(r) {
			return '-'
		}
		return r
	}, base)
	stem, ext := strings.TrimSuffix(base, filepath.Ext(base)), filepath.Ext(base)
	for n := 1; n <= 1000; n++ {
		name := base
		if n > 1 {
			name = fmt.Sprintf("%s-%d%s", stem, n, ext)
		}
		if portfolio.IsJunk(name) {
			name = strings.TrimLeft(name, ".")
		}
		target := filepath.Join(dir, name)
		var err error
		if data != nil {
			err = writeNew(target, data)
		} else {
			err = copyNew(target, f.src)
		}
		if errors.Is(err, fs.ErrExist) {
			if sameContent(target, data, f.src) {
				// The same file, copied by an earlier run: use it.
				f.name, f.same = name, true
				return nil
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("cannot copy %s: %w", f.arg, err)
		}
		f.name = name
		return nil
	}
	return fmt.Errorf("cannot find a free name for %s", base)
}

// copyNew copies the file src to name, which must not exist yet; it never
// leaves a partial copy.
func copyNew(name, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(name)
		return err
	}
	if err := out.Close(); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}

// sameContent reports whether the file name holds data (when not nil), or
// else the same bytes as the file src.
func sameContent(name string, data []byte, src string) bool {
	if data != nil {
		old, err := os.ReadFile(name)
		return err == nil && bytes.Equal(old, data)
	}
	a, errA := os.Stat(name)
	b, errB := os.Stat(src)
	if errA != nil || errB != nil || a.Size() != b.Size() {
		return false
	}
	fa, err := os.Open(name)
	if err != nil {
		return false
	}
	defer fa.Close()
	fb, err := os.Open(src)
	if err != nil {
		return false
	}
	defer fb.Close()
	ba, bb := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		na, errA := io.ReadFull(fa, ba)
		nb, errB := io.ReadFull(fb, bb)
		if na != nb || !bytes.Equal(ba[:na], bb[:nb]) {
			return false
		}
		if errA != nil || errB != nil {
			return errA == errB || (errA == io.ErrUnexpectedEOF || errA == io.EOF) && (errB == io.ErrUnexpectedEOF || errB == io.EOF)
		}
	}
}

// replaceFile writes data to name through a temporary file and a rename,
// so that the file is never half written.
func replaceFile(name string, data []byte) error {
	info, err := os.Stat(name)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".dll-*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", name, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %w", name, err)
	}
	if err := os.Chmod(tmp.Name(), info.Mode().Perm()); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("cannot write %s: %w", name, err)
	}
	return nil
}

// guessKind guesses the kind of evidence from a file's name.
func guessKind(name string) string {
	switch portfolio.MediaOf(name) {
	case portfolio.Image:
		return "photo"
	case portfolio.Video:
		return "video"
	case portfolio.Audio:
		return "audio"
	}
	return "document"
}

// humanTitle makes a title from a file name: "glider_test-2.jpg" gives
// "Glider test 2".
func humanTitle(name string) string {
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	words := strings.Fields(strings.NewReplacer("-", " ", "_", " ", ".", " ").Replace(stem))
	if len(words) == 0 {
		return "Evidence"
	}
	s := strings.Join(words, " ")
	r, n := utf8.DecodeRuneInString(s) // the first letter, which may take several bytes
	return string(unicode.ToUpper(r)) + s[n:]
}

// addEvidence adds items to the evidence list of an entry file. It edits
// the text, so that the author's comments, order and layout stay as they
// were, and then checks that the file reads back exactly as before with the
// items added; otherwise it changes nothing.
func addEvidence(file string, form portfolio.Form, items []portfolio.Evidence) error {
	src, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("cannot read the entry: %w", err)
	}
	nl := "\n"
	if bytes.Contains(src, []byte("\r\n")) {
		nl = "\r\n"
	}
	lines := strings.SplitAfter(string(src), "\n")
	// front is the range of lines (0-based, end exclusive) holding the YAML.
	var frontStart, frontEnd int
	if form == portfolio.YAMLForm {
		frontStart, frontEnd = 0, len(lines)
	} else {
		var d diag.List
		s, ok := portfolio.SplitFrontMatter(file, src, &d)
		if !ok {
			return fmt.Errorf("cannot find the front matter of %s; run dll validate", file)
		}
		frontStart = s.FrontLine - 1
		frontEnd = frontStart + bytes.Count(s.Front, []byte("\n"))
		if len(s.Front) > 0 && !bytes.HasSuffix(s.Front, []byte("\n")) {
			frontEnd++
		}
	}
	front := strings.Join(lines[frontStart:frontEnd], "")
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(front), &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return fmt.Errorf("cannot read the front matter of %s; run dll validate and fix it first", file)
	}
	top := doc.Content[0]

	var at int     // the line index to insert at
	indent := "  " // of the "- " of each item
	var replace *struct {
		line int
		text string
	}
	keyIdx := -1
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "evidence" {
			keyIdx = i
		}
	}
	header := ""
	switch {
	case keyIdx < 0:
		// No evidence yet: a new key at the end of the front matter, or
		// before body in an entry written as one YAML file.
		at = frontEnd
		for i := 0; i+1 < len(top.Content); i += 2 {
			if top.Content[i].Value == "body" && top.Content[i].Column == 1 {
				at = frontStart + top.Content[i].Line - 1
			}
		}
		header = "evidence:" + nl
	default:
		key, val := top.Content[keyIdx], top.Content[keyIdx+1]
		keyLine := frontStart + key.Line - 1
		switch {
		case val.Kind == yaml.ScalarNode && val.ShortTag() == "!!null",
			val.Kind == yaml.SequenceNode && val.Style&yaml.FlowStyle != 0 && len(val.Content) == 0:
			// "evidence:", "evidence: ~" or "evidence: []": the key stays
			// on its line, without a value.
			l := strings.TrimRight(lines[keyLine], "\r\n")
			comment := ""
			if j := strings.Index(l, " #"); j >= 0 {
				for j > 0 && l[j-1] == ' ' {
					j--
				}
				comment = l[j:]
			}
			replace = &struct {
				line int
				text string
			}{keyLine, strings.Repeat(" ", key.Column-1) + "evidence:" + comment + nl}
			at = keyLine + 1
		case val.Kind == yaml.SequenceNode && val.Style&yaml.FlowStyle == 0:
			indent = strings.Repeat(" ", val.Column-1)
			end := frontEnd
			if keyIdx+2 < len(top.Content) {
				end = frontStart + top.Content[keyIdx+2].Line - 1
			}
			for end > keyLine+1 {
				t := strings.TrimSpace(lines[end-1])
				if t != "" && !strings.HasPrefix(t, "#") {
					break
				}
				end--
			}
			at = end
		default:
			return usageErrorf("the evidence in %s is not written as a list with one item per line; write it that way (see dll new experience), then run this again", file)
		}
	}

	var add strings.Builder
	add.WriteString(header)
	for _, it := range items {
		writeItem(&add, indent, it, nl)
	}
	var out strings.Builder
	for i := 0; i <= len(lines); i++ {
		if i == at {
			// The line before must end in a newline.
			if s := out.String(); s != "" && !strings.HasSuffix(s, "\n") {
				out.WriteString(nl)
			}
			out.WriteString(add.String())
		}
		if i == len(lines) {
			break
		}
		if replace != nil && i == replace.line {
			out.WriteString(replace.text)
			continue
		}
		out.WriteString(lines[i])
	}
	result := []byte(out.String())
	if err := sameButEvidence(form, file, src, result, items); err != nil {
		return err
	}
	return replaceFile(file, result)
}

func writeItem(b *strings.Builder, indent string, it portfolio.Evidence, nl string) {
	first := true
	field := func(key, val string) {
		if val == "" {
			return
		}
		if first {
			b.WriteString(indent + "- ")
			first = false
		} else {
			b.WriteString(indent + "  ")
		}
		b.WriteString(key + ": " + yamlString(val) + nl)
	}
	field("title", it.Title)
	field("kind", it.Kind)
	field("file", it.File)
	field("phase", it.Phase)
	field("consent", it.Consent)
	field("alt", it.Alt)
	field("captions", it.Captions)
}

// sameButEvidence checks that after reads back as before, with items added
// at the end of evidence, and the story untouched.
func sameButEvidence(form portfolio.Form, file string, before, after []byte, items []portfolio.Evidence) error {
	read := func(src []byte) (map[string]any, string, error) {
		body := ""
		if form != portfolio.YAMLForm {
			var d diag.List
			s, ok := portfolio.SplitFrontMatter(file, src, &d)
			if !ok {
				return nil, "", errors.New("no front matter")
			}
			src, body = s.Front, string(s.Body)
		}
		var m map[string]any
		if err := yaml.Unmarshal(src, &m); err != nil {
			return nil, "", err
		}
		return m, body, nil
	}
	old, oldBody, err1 := read(before)
	now, nowBody, err2 := read(after)
	if err1 == nil && err2 == nil && oldBody == nowBody {
		var want []any
		if l, ok := old["evidence"].([]any); ok {
			want = l
		}
		for _, it := range items {
			m := map[string]any{}
			v := reflect.ValueOf(it)
			for i := 0; i < v.NumField(); i++ {
				if s := v.Field(i).String(); s != "" {
					m[v.Type().Field(i).Tag.Get("yaml")] = s
				}
			}
			want = append(want, m)
		}
		old["evidence"] = want
		if reflect.DeepEqual(old, now) {
			return nil
		}
	}
	var snippet strings.Builder
	for _, it := range items {
		writeItem(&snippet, "  ", it, "\n")
	}
	return fmt.Errorf("dll could not add the evidence to %s without changing something else in it, so it left the entry as it was (the files are not copied either). Add these lines to its evidence list by hand, and please report this:\n%s", file, snippet.String())
}
