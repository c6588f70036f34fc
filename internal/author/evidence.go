package author

import (
	"bytes"
	"cmp"
	"context"
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

	"go.yaml.in/yaml/v3"

	"dll/internal/atomicfile"
	"dll/internal/diag"
	"dll/internal/media"
	"dll/internal/portfolio"
	"dll/internal/progress"
)

// AltPlaceholder is the alt text of an image nobody described yet; dll
// validate reports it until the author writes one.
const AltPlaceholder = "TODO: describe what the image shows"

// CaptionsPlaceholder stands for the captions of a video or audio file.
const CaptionsPlaceholder = "TODO: give a WebVTT (.vtt) captions file, or write none if there is no speech"

// EvidenceFile is one file given to dll new evidence.
type EvidenceFile struct {
	Arg      string // as given on the command line, for messages
	Src      string // as given, resolved against the current folder
	Name     string // its name in the entry's folder, once copied
	Captions string // the captions file of a video or audio file
	Item     portfolio.Evidence
	Removed  []string // the metadata taken out
	InPlace  bool     // the file is in the entry's folder already
	Same     bool     // an identical file of that name is there already
	Listed   bool     // the entry lists that file already
}

// ItemOptions are what every new evidence item gets, from the flags.
type ItemOptions struct {
	Phase, Consent string
	Kind           string // the kind, instead of the one guessed from each file
	Title          string // the title, instead of one made from the file name
}

// NewItems fills in the evidence item of each file: its title and kind
// from the file's name unless given, and placeholders for what only the
// author can write: the alt text of an image, the captions of a recording.
func NewItems(files []EvidenceFile, o ItemOptions) {
	for i := range files {
		f := &files[i]
		base := filepath.Base(f.Src)
		f.Item = portfolio.Evidence{
			Title:   cmp.Or(o.Title, humanTitle(base)),
			Kind:    cmp.Or(o.Kind, guessKind(base)),
			Phase:   o.Phase,
			Consent: o.Consent,
		}
		switch portfolio.MediaOf(base) {
		case portfolio.Image:
			f.Item.Alt = AltPlaceholder
		case portfolio.Video, portfolio.Audio:
			f.Item.Captions = CaptionsPlaceholder
		}
	}
}

// AddEvidence copies the files into the folder of the entry e of the
// portfolio in root, cleaning each on the way, then lists in the entry
// those it does not list yet (captions go with their recording). When the
// entry cannot be edited, the copies are taken back out, so that a failed
// run leaves nothing behind. It returns the items added.
func AddEvidence(ctx context.Context, root string, e *portfolio.Entry, files []EvidenceFile) ([]portfolio.Evidence, error) {
	dir := filepath.Join(root, filepath.FromSlash(e.Src.Dir))
	var copied []string
	undo := func() {
		for _, c := range copied {
			os.Remove(c)
		}
	}
	names := map[string]string{} // source path -> name in the folder
	for i := range files {
		f := &files[i]
		if err := copyEvidence(ctx, f, dir); err != nil {
			undo()
			return nil, err
		}
		if !f.InPlace && !f.Same {
			copied = append(copied, filepath.Join(dir, f.Name))
		}
		names[f.Src] = f.Name
		f.Listed = listsFile(e, f.Name)
	}
	var items []portfolio.Evidence
	for i := range files {
		f := &files[i]
		f.Item.File = f.Name
		if f.Captions != "" {
			f.Item.Captions = names[f.Captions]
		}
		if isCaptions(f.Src) && captionedBy(files, f.Src) {
			continue // captions are not evidence of their own
		}
		if f.Listed {
			continue // a second run of the same command adds nothing twice
		}
		items = append(items, f.Item)
	}
	if len(items) == 0 {
		return nil, nil
	}
	file := filepath.Join(root, filepath.FromSlash(e.Src.File))
	if err := listIn(file, e.Src.Form, items); err != nil {
		undo()
		return nil, err
	}
	return items, nil
}

// listIn adds items to the evidence list of the entry file written in form.
func listIn(file string, form portfolio.Form, items []portfolio.Evidence) error {
	src, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("cannot read the entry: %w", err)
	}
	edited, err := ListEvidence(file, form, src, items)
	if err != nil {
		return err
	}
	if err := atomicfile.ReplaceKeepMode(file, edited); err != nil {
		return fmt.Errorf("cannot write %s: %w", file, err)
	}
	return nil
}

// GatherEvidence checks the files given (args, as given in the folder wd)
// for the entry e of the portfolio in root, and pairs captions with their
// video or audio.
func GatherEvidence(args []string, wd, root string, e *portfolio.Entry) ([]EvidenceFile, error) {
	dir := filepath.Join(root, filepath.FromSlash(e.Src.Dir))
	entryFile := filepath.Join(root, filepath.FromSlash(e.Src.File))
	var files []EvidenceFile
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
			return nil, refusef("there is no file %s; check the name", a)
		case info.IsDir():
			return nil, refusef("%s is a folder; give the files in it, like %s/*", a, strings.TrimSuffix(a, "/"))
		case !info.Mode().IsRegular():
			return nil, refusef("%s is not a regular file", a)
		}
		if entryInfo, err := os.Stat(entryFile); err == nil && os.SameFile(info, entryInfo) {
			return nil, refusef("%s is the entry itself, not evidence; give the files that show the learning", a)
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
				return nil, refusef("%s: %s is an entry written as one file, so its evidence goes into %s/, where a %s file would be read as an entry of its own. Make the entry a folder first (move it to %s/%s/index.md), or save the file as PDF and add that", a, e.Src.File, portfolio.ExperiencesDir, ext, portfolio.ExperiencesDir, e.Src.Slug)
			}
		}
		if err := media.Refused(src); err != nil {
			return nil, refusef("%s: %v", a, err)
		}
		files = append(files, EvidenceFile{Arg: a, Src: src, InPlace: filepath.Dir(src) == filepath.Clean(dir)})
	}
	for i := range files {
		if mk := portfolio.MediaOf(files[i].Src); mk != portfolio.Video && mk != portfolio.Audio {
			continue
		}
		stem := strings.TrimSuffix(files[i].Src, filepath.Ext(files[i].Src))
		for _, f := range files {
			if isCaptions(f.Src) && strings.TrimSuffix(f.Src, filepath.Ext(f.Src)) == stem {
				files[i].Captions = f.Src
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

func captionedBy(files []EvidenceFile, vtt string) bool {
	for _, f := range files {
		if f.Captions == vtt {
			return true
		}
	}
	return false
}

// cleanFile reads the file name and returns it cleaned, with what was
// removed; a *media.Error when dll does not publish it. It reports its
// progress, in bytes, through ctx: a long video takes a while.
func cleanFile(ctx context.Context, name string) ([]byte, []string, error) {
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
	count := progress.Start(ctx, "Copying "+filepath.Base(name), "bytes", info.Size())
	removed, err := media.CleanTo(progressWriter{&b, count}, name, in, info.Size())
	if err != nil {
		return nil, nil, err
	}
	return b.Bytes(), removed, nil
}

// copyEvidence copies a file into dir under a free name, cleaning it on
// the way. A file in dir already is cleaned in place (when it holds
// metadata) and kept under its name.
func copyEvidence(ctx context.Context, f *EvidenceFile, dir string) error {
	base := filepath.Base(f.Src)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot make the folder %s: %w", dir, err)
	}
	// Every file is cleaned on the way in, as dll build cleans it on the
	// way out (media holds the one rule for both), or refused.
	data, removed, err := cleanFile(ctx, f.Src)
	if err != nil {
		var me *media.Error
		if errors.As(err, &me) {
			return refusef("%s: %v", f.Arg, err)
		}
		return fmt.Errorf("cannot read %s: %w", f.Arg, err)
	}
	f.Removed = removed
	if len(removed) == 0 {
		data = nil // nothing changed: copy the file itself
	}
	if f.InPlace {
		f.Name = base
		if len(f.Removed) == 0 {
			return nil
		}
		return atomicfile.ReplaceKeepMode(f.Src, data)
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
			err = atomicfile.WriteNew(target, data)
		} else {
			err = atomicfile.CopyNew(target, f.Src)
		}
		if errors.Is(err, fs.ErrExist) {
			if atomicfile.Same(target, data, f.Src) {
				// The same file, copied by an earlier run: use it.
				f.Name, f.Same = name, true
				return nil
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("cannot copy %s: %w", f.Arg, err)
		}
		f.Name = name
		return nil
	}
	return fmt.Errorf("cannot find a free name for %s", base)
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
//
// A name a camera or a phone gave, such as IMG_2041.jpg, says nothing to a
// reader and is refused as a title: the title is then left to write.
func humanTitle(name string) string {
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	if portfolio.IsFileName(stem) {
		return "TODO: say what this evidence is"
	}
	words := strings.Fields(strings.NewReplacer("-", " ", "_", " ", ".", " ").Replace(stem))
	if len(words) == 0 {
		return "Evidence"
	}
	s := strings.Join(words, " ")
	r, n := utf8.DecodeRuneInString(s) // the first letter, which may take several bytes
	return string(unicode.ToUpper(r)) + s[n:]
}

// ListEvidence adds items to the evidence list of src, the text of the
// entry file (named file in messages) written in form. It edits the text,
// so that the author's comments, order and layout stay as they were, and
// then checks that the result reads back exactly as before with the items
// added; otherwise it returns an error.
func ListEvidence(file string, form portfolio.Form, src []byte, items []portfolio.Evidence) ([]byte, error) {
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
			return nil, fmt.Errorf("cannot find the front matter of %s; run dll validate", file)
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
		return nil, fmt.Errorf("cannot read the front matter of %s; run dll validate and fix it first", file)
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
			return nil, refusef("the evidence in %s is not written as a list with one item per line; write it that way (see dll new experience), then run this again", file)
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
		return nil, err
	}
	return result, nil
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
		b.WriteString(key + ": " + YAMLString(val) + nl)
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

// progressWriter counts what is written through it as progress.
type progressWriter struct {
	w     io.Writer
	count *progress.Counter
}

func (p progressWriter) Write(b []byte) (int, error) {
	n, err := p.w.Write(b)
	p.count.Add(int64(n))
	return n, err
}
