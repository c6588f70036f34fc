package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"dll/internal/author"
	"dll/internal/diag"
	"dll/internal/lang"
	"dll/internal/portfolio"
	"dll/internal/schema"
	"dll/internal/schema/schematest"
	"dll/internal/validate"
)

// scaffold runs dll new experience in a fresh portfolio and returns the
// portfolio folder and the new entry's path in it.
func scaffold(t *testing.T, root string, args ...string) string {
	t.Helper()
	e := newTestEnv(t, root)
	if code := e.run(t, append([]string{"new", "experience"}, args...)...); code != 0 {
		t.Fatalf("dll new experience %s: exit %d\n%s", strings.Join(args, " "), code, e.err)
	}
	line := e.out.String()
	_, rest, ok := strings.Cut(line, "Created ")
	if !ok {
		t.Fatalf("output: %s", line)
	}
	path, _, _ := strings.Cut(rest, ". Open it")
	return filepath.ToSlash(path)
}

// placeholders finds the TODO values of a scaffolded front matter and the
// TODO paragraphs of its story: where the validator must point the author.
func placeholders(src string) (want []diag.Pos, story int) {
	lines := strings.Split(src, "\n")
	inStory := false
	for i, l := range lines[1:] {
		switch {
		case !inStory && l == "---":
			inStory = true
		case inStory && strings.HasPrefix(l, "TODO"):
			want = append(want, diag.Pos{Line: i + 2, Col: 1})
			story++
		case !inStory:
			if j := strings.Index(l, `"TODO`); j >= 0 && !strings.HasPrefix(strings.TrimSpace(l), "#") {
				want = append(want, diag.Pos{Line: i + 2, Col: j + 1})
			}
		}
	}
	return want, story
}

// TestArchetypesFailOnlyOnProse scaffolds every archetype in every mode and
// form, and checks that dll validate reports exactly one problem per TODO
// value (the prose left to write), each at its own line and column, and
// nothing else in the entry. It also checks the entry against its schema.
// In a portfolio in Spanish, French, Portuguese or Arabic, every archetype
// is in that language, with the headings of the story as dll's words for
// the language write them (and validate looks for them).
func TestArchetypesFailOnlyOnProse(t *testing.T) {
	types := append(portfolio.Builtin().Vocab("types").IDs(), "service-learning")
	for _, language := range []string{"en", "es", "fr", "pt", "ar"} {
		for _, typ := range types {
			for _, mode := range []string{"enhance", "redesign", "build"} {
				for _, single := range []bool{false, true} {
					if language != "en" && (mode != "enhance" || single) {
						continue // the words of an archetype, once in each language
					}
					name := fmt.Sprintf("%s/%s/%s/single=%v", language, typ, mode, single)
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						root := minimalPortfolio(t)
						writeFile(t, filepath.Join(root, "dll.yaml"), "title: Test\nleader:\n  name: A. Leader\n  role: instructional-coach\n  organization: Example School\nlanguage: "+language+"\n")
						// A type a portfolio adds has no archetype of its own: it gets the generic one.
						writeFile(t, filepath.Join(root, "model.yaml"), "vocabularies:\n  types:\n    values:\n      - {id: service-learning, label: Service learning, description: Learning by serving the community}\n")
						args := []string{"A title: with a colon", "--type", typ, "--mode", mode}
						if single {
							args = append(args, "--single")
						}
						rel := scaffold(t, root, args...)
						src := readFile(t, filepath.Join(root, rel))

						want, story := placeholders(src)
						wantFields := []string{"summary", "partners[0].name", "contributions.planning[0]", "contributions.teaching[0]", "contributions.assessment[0]", "equity.actions[0]"}
						if mode != "build" {
							wantFields = append(wantFields, "what_changed")
						}
						if story != 5 {
							t.Errorf("the story has %d TODO paragraphs, want one under each of its 5 headings:\n%s", story, src)
						}
						for range story {
							wantFields = append(wantFields, "body")
						}
						if len(want) != len(wantFields) {
							t.Fatalf("found %d TODO values, want %d (%v):\n%s", len(want), len(wantFields), wantFields, src)
						}

						p, loadDiags := portfolio.Load(os.DirFS(root))
						var got []diag.Pos
						var fields []string
						for _, d := range validate.Check(p, loadDiags) {
							if d.File != rel {
								continue
							}
							if d.Rule != "placeholder" || d.Severity != diag.Todo {
								t.Errorf("not about prose to write: %s", d)
								continue
							}
							got = append(got, diag.Pos{Line: d.Line, Col: d.Col})
							fields = append(fields, d.Field)
						}
						if !slices.Equal(got, want) {
							t.Errorf("problems at %v, want one at each TODO: %v\n%s", got, want, src)
						}
						slices.Sort(fields)
						slices.Sort(wantFields)
						if !slices.Equal(fields, wantFields) {
							t.Errorf("fields %v, want %v", fields, wantFields)
						}

						e := p.Entries[0]
						if e.Title != "A title: with a colon" || e.Status != "planned" || e.Start.String() != "2026-03-14" || e.Type != typ || e.Mode != mode {
							t.Errorf("entry read back as title %q, status %q, start %s, type %q, mode %q", e.Title, e.Status, e.Start, e.Type, e.Mode)
						}
						up := "../../"
						if single {
							up = "../"
						}
						if l := strings.Split(src, "\n")[1]; l != "# yaml-language-server: $schema="+up+".dll/entry.schema.json" {
							t.Errorf("second line is %q, want the schema line", l)
						}
						words := lang.ForLanguage(language)
						for i, section := range lang.Sections {
							h := strings.Repeat("#", 2+i/4) + " " + words.Heading(section)
							if !strings.Contains(src, "\n"+h+"\n") {
								t.Errorf("the body lacks the heading %q", h)
							}
						}
						if language != "en" && (strings.Contains(src, "# Replace every") || strings.Contains(src, "TODO: what")) {
							t.Errorf("an archetype in %s has English in it:\n%s", language, src)
						}
						// The schema the entry points at, as dll wrote it for this portfolio.
						var d diag.List
						split, _ := portfolio.SplitFrontMatter(rel, []byte(src), &d)
						if err := schematest.Validate([]byte(readFile(t, filepath.Join(root, ".dll", "entry.schema.json"))), split.Front); err != nil {
							t.Errorf("the scaffolded entry does not match its schema: %v", err)
						}
					})
				}
			}
		}
	}
}

func TestNewExperienceSlugs(t *testing.T) {
	root := minimalPortfolio(t)
	writeFile(t, filepath.Join(root, "experiences", "Book Tasting.md"), "---\ntitle: x\n---\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"Café Señor"}, "experiences/cafe-senor/index.md"},
		{[]string{"Ωραίο μάθημα"}, "experiences/oraio-mathima/index.md"},
		{[]string{"Книжный клуб", "--single"}, "experiences/knizhnyi-klub.md"},
		{[]string{"!!!"}, "experiences/experience/index.md"},
		{nil, "experiences/experience-2/index.md"},
		{[]string{"Book tasting"}, "experiences/book-tasting-2/index.md"}, // Book Tasting.md has the slug
		{[]string{"Index"}, "experiences/index-2/index.md"},               // a page of the site
		{[]string{"Café Señor", "--single"}, "experiences/cafe-senor-2.md"},
		{[]string{"cafe senor"}, "experiences/cafe-senor-3/index.md"},
		// Scripts that portfolio.Slugify drops are spelled in Latin letters.
		{[]string{"한국어 수업"}, "experiences/hangukeo-sueop/index.md"},
		{[]string{"القراءة العربية"}, "experiences/alqraa-alrbya/index.md"},
		{[]string{"שיעור עברית"}, "experiences/shior-brit/index.md"},
		// Chinese needs a dictionary: the generic name, and a word on it.
		{[]string{"中文阅读"}, "experiences/experience-3/index.md"},
	} {
		got := scaffold(t, root, append(tc.args, "--type", "inquiry", "--mode", "build")...)
		if got != tc.want {
			t.Errorf("dll new experience %q: made %s, want %s", tc.args, got, tc.want)
		}
	}
	src := readFile(t, filepath.Join(root, "experiences", "experience-2", "index.md"))
	if !strings.Contains(src, "\ntitle: \""+author.TitlePlaceholder+"\"\n") {
		t.Errorf("an entry made without a title has no title placeholder:\n%s", src)
	}
}

// A title made of letters dll cannot spell gets the generic name, and the
// output says how to choose another.
func TestNewExperienceUnspellableTitle(t *testing.T) {
	root := minimalPortfolio(t)
	e := newTestEnv(t, root)
	if code := e.run(t, "new", "experience", "中文阅读", "--type", "literacy", "--mode", "build", "--single"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	want := "The title has no letters that dll can spell in a web address, so the entry's name is experience. To choose the name yourself, rename the file experiences/experience.md, using lowercase letters, digits and hyphens.\n"
	if !strings.Contains(e.out.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, e.out)
	}
	if src := readFile(t, filepath.Join(root, "experiences", "experience.md")); !strings.Contains(src, "\ntitle: 中文阅读\n") {
		t.Errorf("the title is not kept:\n%s", src)
	}
}

// A long title gives a slug short enough for any file system, cut at a
// word; before, 150 letters that each spell as several ("щ" is shch) made
// a name too long for a folder. A title longer than dll validate accepts is
// refused before anything is written.
func TestNewExperienceLongTitle(t *testing.T) {
	root := minimalPortfolio(t)
	for _, tc := range []struct{ title, want string }{
		{strings.Repeat("Reading across the curriculum ", 4), "experiences/reading-across-the-curriculum-reading-across-the-curriculum/index.md"},
		{strings.Repeat("Lesson study ", 10), "experiences/lesson-study-lesson-study-lesson-study-lesson-study-lesson/index.md"},
		{strings.Repeat("щ", 150), "experiences/" + strings.Repeat("shch", 15) + "/index.md"},
	} {
		got := scaffold(t, root, tc.title, "--type", "literacy", "--mode", "build")
		if got != tc.want {
			t.Errorf("made %s, want %s", got, tc.want)
		}
		src := readFile(t, filepath.Join(root, got))
		if !strings.Contains(src, "\ntitle: "+strings.TrimSpace(tc.title)+"\n") {
			t.Errorf("the whole title is not kept")
		}
	}
	e := newTestEnv(t, root)
	if code := e.run(t, "new", "experience", strings.Repeat("x", 300), "--type", "literacy", "--mode", "build"); code != ExitUsage {
		t.Errorf("a 300-character title: exit %d, want %d", code, ExitUsage)
	}
	if want := "the title is 300 characters; keep it under 150 and let the summary say more"; !strings.Contains(e.err.String(), want) {
		t.Errorf("message lacks %q:\n%s", want, e.err)
	}
	// On a terminal, the question is asked again.
	e = newTestEnv(t, root)
	e.Interactive = true
	e.In = strings.NewReader(strings.Repeat("y", 200) + "\nShort one\n1\nbuild\n")
	if code := e.run(t, "new", "experience"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	if !strings.Contains(e.out.String(), "  the title is 200 characters; keep it under 150") {
		t.Errorf("conversation:\n%s", e.out)
	}
	if _, err := os.Stat(filepath.Join(root, "experiences", "short-one", "index.md")); err != nil {
		t.Error(err)
	}
}

// A title is one line: line breaks and runs of spaces become one space.
func TestNewExperienceTitleOneLine(t *testing.T) {
	root := minimalPortfolio(t)
	rel := scaffold(t, root, "Book\ntasting\u2028 week\t 2\x01\ufeff", "--type", "literacy", "--mode", "build")
	if src := readFile(t, filepath.Join(root, rel)); !strings.Contains(src, "\ntitle: Book tasting week 2\n") {
		t.Errorf("entry:\n%s", src)
	}
	// Bytes that are not UTF-8 (a terminal in another encoding) would make
	// the entry unreadable: refused.
	e := newTestEnv(t, root)
	if code := e.run(t, "new", "experience", "Caf\xe9", "--type", "literacy", "--mode", "build"); code != ExitUsage {
		t.Errorf("exit %d, want %d", code, ExitUsage)
	}
	if want := "the title has characters that are not UTF-8 text (Caf?); set your terminal to UTF-8"; !strings.Contains(e.err.String(), want) {
		t.Errorf("message lacks %q:\n%s", want, e.err)
	}
}

// A title that starts with - reads as a flag; the message says how to give it.
func TestNewExperienceDashTitle(t *testing.T) {
	root := minimalPortfolio(t)
	e := newTestEnv(t, root)
	if code := e.run(t, "new", "experience", "- x", "--type", "literacy", "--mode", "build"); code != ExitUsage {
		t.Fatalf("exit %d", code)
	}
	if want := "If '- x' is the title, put -- before it: dll new experience --type inquiry --mode build -- '- x'"; !strings.Contains(e.err.String(), want) {
		t.Errorf("message lacks %q:\n%s", want, e.err)
	}
	e = newTestEnv(t, root)
	if code := e.run(t, "new", "experience", "--type", "literacy", "--mode", "build", "--", "- x"); code != 0 {
		t.Fatalf("with --: exit %d: %s", code, e.err)
	}
	if src := readFile(t, filepath.Join(root, "experiences", "x", "index.md")); !strings.Contains(src, "\ntitle: \"- x\"\n") {
		t.Errorf("entry:\n%s", src)
	}
}

// When experiences is a file, the message says what to do (a usage
// problem, exit 2), not what mkdir said.
func TestNewExperienceExperiencesIsAFile(t *testing.T) {
	root := minimalPortfolio(t)
	writeFile(t, filepath.Join(root, "experiences"), "a file")
	e := newTestEnv(t, root)
	if code := e.run(t, "new", "experience", "A", "--type", "literacy", "--mode", "build"); code != ExitUsage {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	if want := "experiences is a file, but it must be the folder of your entries"; !strings.Contains(e.err.String(), want) {
		t.Errorf("message lacks %q:\n%s", want, e.err)
	}
}

// A broken model.yaml is said, not silently replaced by the built-in
// vocabularies.
func TestNewExperienceWarnsOfBrokenModel(t *testing.T) {
	root := minimalPortfolio(t)
	writeFile(t, filepath.Join(root, "model.yaml"), "vocabularies: [broken\n")
	for _, args := range [][]string{{"new", "experience", "A", "--type", "literacy", "--mode", "build"}, {"schema"}} {
		e := newTestEnv(t, root)
		if code := e.run(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, e.err)
		}
		for _, want := range []string{"dll: warning: model.yaml:1:", "model.yaml has problems, so what it adds to the vocabularies may be missing here"} {
			if !strings.Contains(e.err.String(), want) {
				t.Errorf("%v: stderr lacks %q:\n%s", args, want, e.err)
			}
		}
	}
}

// When the input ends (Ctrl-D) before a needed answer, dll stops with a
// usage error that names the flag, on a line of its own, and writes
// nothing; a question with a default takes it.
func TestNewExperienceInputEnds(t *testing.T) {
	root := minimalPortfolio(t)
	for _, tc := range []struct {
		in, want string
	}{
		{"", "dll new experience stopped: the input ended before the title was given, so nothing was written."},
		{"Water quality\n", "dll new experience stopped: the input ended before --type was given, so nothing was written.\n  --type: directed-instruction, inquiry,"},
		{"Water quality\n2\n", "the input ended before --mode was given"},
	} {
		e := newTestEnv(t, root)
		e.Interactive = true
		e.In = strings.NewReader(tc.in)
		if code := e.run(t, "new", "experience"); code != ExitUsage {
			t.Errorf("input %q: exit %d, want %d", tc.in, code, ExitUsage)
		}
		if !strings.Contains(e.err.String(), tc.want) || !strings.Contains(e.err.String(), "Give the answers on the command line instead, for example: dll new experience") {
			t.Errorf("input %q: message lacks %q:\n%s", tc.in, tc.want, e.err)
		}
		if !strings.HasSuffix(e.out.String(), ": \n") {
			t.Errorf("input %q: the last prompt's line is not ended:\n%q", tc.in, e.out)
		}
	}
	if items, _ := os.ReadDir(filepath.Join(root, "experiences")); len(items) != 0 {
		t.Errorf("a stopped run wrote %v", items)
	}
}

// After model.yaml adds a type, the schema dll init wrote would mark an
// entry of that type as wrong in the editor; dll new writes it again. A
// schema dll did not write is kept, and so is the schema while model.yaml
// is broken.
func TestNewExperienceRefreshesStaleSchema(t *testing.T) {
	root := minimalPortfolio(t)
	entrySchema := filepath.Join(root, ".dll", "entry.schema.json")
	writeFile(t, entrySchema, string(schema.Marshal(schema.Entry(portfolio.Builtin()))))
	writeFile(t, filepath.Join(root, "model.yaml"), "vocabularies:\n  types:\n    values:\n      - {id: service-learning, label: Service learning}\n")
	e := newTestEnv(t, root)
	if code := e.run(t, "new", "experience", "Serve", "--type", "service-learning", "--mode", "build"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	if !strings.Contains(e.out.String(), "Updated the schemas in .dll/ with the vocabularies of model.yaml") {
		t.Errorf("output:\n%s", e.out)
	}
	var d diag.List
	split, _ := portfolio.SplitFrontMatter("x", []byte(readFile(t, filepath.Join(root, "experiences", "serve", "index.md"))), &d)
	if err := schematest.Validate([]byte(readFile(t, entrySchema)), split.Front); err != nil {
		t.Errorf("the new entry does not match the schema in .dll/: %v", err)
	}

	// Not written by dll: kept.
	mine := `{"title": "my own schema"}`
	writeFile(t, entrySchema, mine)
	e = newTestEnv(t, root)
	if code := e.run(t, "new", "experience", "Serve", "--type", "service-learning", "--mode", "build"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	if readFile(t, entrySchema) != mine {
		t.Error("a schema dll did not write was replaced")
	}
	// model.yaml broken: what dll wrote is kept, since it may hold more.
	stale := string(schema.Marshal(schema.Entry(portfolio.Builtin())))
	writeFile(t, entrySchema, stale)
	writeFile(t, filepath.Join(root, "model.yaml"), "vocabularies: [\n")
	e = newTestEnv(t, root)
	if code := e.run(t, "new", "experience", "Serve", "--type", "inquiry", "--mode", "build"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	if readFile(t, entrySchema) != stale {
		t.Error("the schema was written from a broken model.yaml")
	}
}

func TestNewExperienceNeverOverwrites(t *testing.T) {
	root := minimalPortfolio(t)
	mine := "---\ntitle: Book tasting\n---\nMy own story.\n"
	writeFile(t, filepath.Join(root, "experiences", "book-tasting", "index.md"), mine)
	writeFile(t, filepath.Join(root, "experiences", "book-tasting-2.md"), mine)
	got := scaffold(t, root, "Book tasting", "--type", "literacy", "--mode", "enhance")
	if got != "experiences/book-tasting-3/index.md" {
		t.Errorf("made %s", got)
	}
	if readFile(t, filepath.Join(root, "experiences", "book-tasting", "index.md")) != mine ||
		readFile(t, filepath.Join(root, "experiences", "book-tasting-2.md")) != mine {
		t.Error("an existing entry was changed")
	}
}

// TestNewExperienceConcurrent runs many dll new experience at once with one
// title: each must succeed, in its own place.
func TestNewExperienceConcurrent(t *testing.T) {
	root := minimalPortfolio(t)
	const n = 24
	paths := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			e := newTestEnv(t, root)
			args := []string{"new", "experience", "Book tasting", "--type", "literacy", "--mode", "build"}
			if i%3 == 0 {
				args = append(args, "--single")
			}
			if code := Main(t.Context(), args, e.Env); code != 0 {
				t.Errorf("run %d: exit %d: %s", i, code, e.err)
				return
			}
			paths[i] = e.out.String()
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	slugs := map[string]bool{}
	for _, out := range paths {
		_, rest, _ := strings.Cut(out, "Created ")
		p, _, _ := strings.Cut(rest, ". Open it")
		if seen[p] {
			t.Errorf("two runs wrote %s", p)
		}
		seen[p] = true
		slug := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(p, "experiences/"), "/index.md"), ".md")
		if slugs[slug] {
			t.Errorf("two entries have the slug %s", slug)
		}
		slugs[slug] = true
		if !strings.Contains(readFile(t, filepath.Join(root, p)), "title: Book tasting\n") {
			t.Errorf("%s is not a whole entry", p)
		}
	}
	if len(seen) != n {
		t.Errorf("%d entries, want %d", len(seen), n)
	}
	p, loadDiags := portfolio.Load(os.DirFS(root))
	for _, d := range validate.Check(p, loadDiags) {
		if d.Rule == "duplicate-slug" {
			t.Error(d)
		}
	}
}

// Without a terminal, a missing choice is a usage error that lists the
// choices; stdin never delivers here, so waiting would time out the test.
func TestNewExperienceWithoutTerminal(t *testing.T) {
	root := minimalPortfolio(t)
	e := newTestEnv(t, root)
	if code := e.run(t, "new", "experience", "Book tasting"); code != ExitUsage {
		t.Fatalf("exit %d, want %d", code, ExitUsage)
	}
	for _, want := range []string{"needs --type and --mode", "--type: directed-instruction, inquiry, design-thinking, literacy, personalized, collaborative-project", "--mode: enhance, redesign, build"} {
		if !strings.Contains(e.err.String(), want) {
			t.Errorf("message lacks %q:\n%s", want, e.err)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "experiences", "book-tasting")); err == nil {
		t.Error("a refused run made the entry")
	}
}

func TestNewExperienceUnknownValue(t *testing.T) {
	root := minimalPortfolio(t)
	for _, tc := range []struct{ args, want []string }{
		{[]string{"--type", "inquery", "--mode", "build"}, []string{`"inquery" is not an experience type; did you mean inquiry?`, "Choose one of: directed-instruction, inquiry"}},
		{[]string{"--type", "inquiry", "--mode", "make"}, []string{`"make" is not a mode`, "Choose one of: enhance, redesign, build"}},
	} {
		e := newTestEnv(t, root)
		if code := e.run(t, append([]string{"new", "experience", "X"}, tc.args...)...); code != ExitUsage {
			t.Errorf("%v: exit %d", tc.args, code)
		}
		for _, w := range tc.want {
			if !strings.Contains(e.err.String(), w) {
				t.Errorf("%v: message lacks %q:\n%s", tc.args, w, e.err)
			}
		}
	}
}

func TestNewExperienceInteractive(t *testing.T) {
	root := minimalPortfolio(t)
	e := newTestEnv(t, root)
	e.Interactive = true
	e.In = strings.NewReader("Water quality\n2\nredesign\n")
	if code := e.run(t, "new", "experience"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	for _, want := range []string{"Title of the learning experience: ", "What type of experience is it?\n   1. directed-instruction: Direct teaching made deeper", "Did you enhance, redesign or build it?"} {
		if !strings.Contains(e.out.String(), want) {
			t.Errorf("the conversation lacks %q:\n%s", want, e.out)
		}
	}
	src := readFile(t, filepath.Join(root, "experiences", "water-quality", "index.md"))
	if !strings.Contains(src, "\ntype: inquiry\n") || !strings.Contains(src, "\nmode: redesign\n") {
		t.Errorf("answers not used:\n%s", src)
	}
}

// The setting of a new entry is the one of the newest entry.
func TestNewExperienceSettingFromNewestEntry(t *testing.T) {
	root := minimalPortfolio(t)
	entry := func(start, org, level, role string) string {
		return "---\ntitle: x\nstart: " + start + "\nsetting:\n  organization_type: " + org + "\n  delivery: blended\n  level: " + level + "\npartners:\n  - name: D. R.\n    role: " + role + "\n---\n"
	}
	writeFile(t, filepath.Join(root, "experiences", "old.md"), entry("2024-01-01", "k12", "3-5", "classroom-teacher"))
	writeFile(t, filepath.Join(root, "experiences", "new.md"), entry("2025-09-01", "higher-ed", "graduate", "faculty"))
	rel := scaffold(t, root, "Seminar", "--type", "inquiry", "--mode", "build")
	src := readFile(t, filepath.Join(root, rel))
	for _, want := range []string{"organization_type: higher-ed\n", "delivery: blended\n", "level: graduate\n", "role: faculty\n", "my_role: instructional-coach\n"} {
		if !strings.Contains(src, want) {
			t.Errorf("entry lacks %q", want)
		}
	}
}

func TestNewExperienceOwnArchetype(t *testing.T) {
	root := minimalPortfolio(t)
	writeFile(t, filepath.Join(root, "templates", "archetypes", "inquiry.md"), "---\ntitle: {{.Title}}\ntype: {{.Type}}\n---\nOur own questions.\n")
	rel := scaffold(t, root, "Mine", "--type", "inquiry", "--mode", "build")
	if got := readFile(t, filepath.Join(root, rel)); got != "---\ntitle: Mine\ntype: inquiry\n---\nOur own questions.\n" {
		t.Errorf("got:\n%s", got)
	}
}

// TestNewExperienceRefusesPrivateName: a title that names someone on the
// privacy list, in any form the list finds, makes no entry, since its
// name would be the entry's folder, its page's address and a path in
// git's history; the refusal says where the name is listed, never the
// name. A folder named so by hand is not quoted when another entry
// takes its setting from it.
func TestNewExperienceRefusesPrivateName(t *testing.T) {
	root := minimalPortfolio(t)
	writeFile(t, filepath.Join(root, "dll.yaml"), readFile(t, filepath.Join(root, "dll.yaml"))+"privacy:\n  roster: private/roster.txt\n  blocked_names: [\"Sofía Ramos\"]\n")
	writeFile(t, filepath.Join(root, "private", "roster.txt"), "Mateo García\n")
	for _, tc := range []struct{ title, want string }{
		{"Interview with Mateo Garcia", "private/roster.txt:1:1"},
		{"MateoGarcia diary", "private/roster.txt:1:1"},
		{"Sofia Ramos's podcast", "dll.yaml:8:19"},
	} {
		e := newTestEnv(t, root)
		code := e.run(t, "new", "experience", tc.title, "--type", "inquiry", "--mode", "build")
		want := "dll: the title contains a name from your privacy list (" + tc.want + "); it would name the entry's file or folder, which is its page's address and stays in git's history. Give initials or a pseudonym instead\n"
		if code != ExitUsage || e.err.String() != want || e.out.Len() > 0 {
			t.Errorf("dll new experience %q: exit %d\nstdout:\n%s\nstderr:\n%s\nwant:\n%s", tc.title, code, e.out, e.err, want)
		}
	}
	if items, _ := os.ReadDir(filepath.Join(root, "experiences")); len(items) > 0 {
		t.Errorf("a refused title made %d entries", len(items))
	}

	writeFile(t, filepath.Join(root, "experiences", "mateo-garcia-interview.md"), "---\ntitle: x\nstart: 2025-01-01\nsetting:\n  organization_type: k12\n  delivery: blended\n  level: 3-5\n---\n")
	e := newTestEnv(t, root)
	if code := e.run(t, "new", "experience", "Garden", "--type", "inquiry", "--mode", "build"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	if out := e.out.String(); strings.Contains(strings.ToLower(out), "mateo") ||
		!strings.Contains(out, "The setting (k12, blended, 3-5) is the one of another entry, whose file name is withheld because it names someone on your privacy list (dll validate says where); change it if this experience differs.\n") {
		t.Errorf("stdout:\n%s", out)
	}
}
