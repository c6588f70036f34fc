package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"dll/internal/diag"
	"dll/internal/lang"
	"dll/internal/portfolio"
)

// renderPack renders the evidence pack of the portfolio in dir into a new
// folder, and returns the pack and the folder's files.
func renderPack(t *testing.T, dir string, opts PackOptions) (*Pack, map[string][]byte) {
	t.Helper()
	p := loadChecked(t, dir)
	out := t.TempDir()
	pk, err := RenderPack(context.Background(), p, out, opts)
	if err != nil {
		t.Fatal(err)
	}
	return pk, tree(t, out)
}

// TestPackGolden: the pack of the example, compared in full, with every
// file it shows.
func TestPackGolden(t *testing.T) {
	pk, files := renderPack(t, example, PackOptions{Updated: time.Date(2026, 11, 14, 10, 0, 0, 0, time.UTC)})
	golden := filepath.Join("testdata", "golden", "pack", PackFile)
	got := files[PackFile]
	if *update {
		os.MkdirAll(filepath.Dir(golden), 0o755)
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	} else if want, err := os.ReadFile(golden); err != nil || !bytes.Equal(want, got) {
		t.Errorf("%s differs from %s (%v); if the change is meant, run go test ./internal/site -run PackGolden -update and review the diff\n%s", PackFile, golden, err, firstDiff(want, got))
	}
	names := slices.Sorted(mapsKeys(files))
	want := []string{"assets/leader.jpg", "assets/leader.w160.jpg", "assets/leader.w320.jpg",
		"experiences/glider-design-challenge/flight-results.png", "experiences/glider-design-challenge/glider-test.jpg",
		"experiences/intro-biology-retrieval/exam-results.png", "experiences/intro-biology-retrieval/weekly-cycle.png",
		"experiences/mill-creek-water-inquiry/question-wall.jpg", "experiences/mill-creek-water-inquiry/source-scores.png",
		"experiences/neighborhood-oral-history/archive-workflow.png",
		"experiences/support-onboarding-cases/confidence-survey.png", "experiences/support-onboarding-cases/reply-rubric.png",
		"experiences/youth-coding-pathways/goal-board.jpg", "experiences/youth-coding-pathways/pathway-progress.png",
		"pack.css", "pack.html"}
	if !slices.Equal(names, want) {
		t.Errorf("the pack's folder holds\n%s\nwant\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
	var ids []string
	for _, c := range pk.Chapters {
		ids = append(ids, c.ID)
	}
	if len(ids) != 12 || ids[0] != "summary" || ids[1] != "criterion-map" || ids[11] != "chapter-10" {
		t.Errorf("chapters %q", ids)
	}
	if pk.Paper != PaperLetter || pk.Footer != "Tess Marchetti: Digital Learning Leadership Portfolio" || pk.Entries != 10 {
		t.Errorf("pack %+v", pk)
	}
}

// TestPackShowsOnlyWhatIsPublished: the pack links to nothing in its own
// folder but its pictures and style sheet (a reader of the PDF has no such
// folder), shows no media player, and holds no draft, no private entry and
// no evidence whose consent withholds it.
func TestPackShowsOnlyWhatIsPublished(t *testing.T) {
	_, files := renderPack(t, example, PackOptions{})
	page := string(files[PackFile])
	for _, m := range regexp.MustCompile(`(?:href|src)="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		ref := m[1]
		switch {
		case strings.HasPrefix(ref, "#"), strings.HasPrefix(ref, "https://"), strings.HasPrefix(ref, "mailto:"):
		case ref == "pack.css" || strings.HasSuffix(ref, ".jpg") || strings.HasSuffix(ref, ".png"):
			if _, ok := files[ref]; !ok {
				t.Errorf("the pack shows %s, which is not in its folder", ref)
			}
		default:
			t.Errorf("the pack links to %q, which a reader of the PDF cannot follow", ref)
		}
	}
	for _, bad := range []string{"<video", "<audio", "<script", "Families and digital citizenship", "Grade 6 reading", `="data:`} {
		if strings.Contains(page, bad) {
			t.Errorf("the pack holds %q", bad)
		}
	}
	for _, want := range []string{`<h1 id="chapter-1">`, `data-page-of="criterion-map"`, `Published at <span class="path">experiences/glider-design-challenge/test-flight.webm</span> (in the published site)`,
		"Prototype three. Wings moved back.", "4.3 Collaborator</strong>: Co-planned, co-taught and co-scored"} {
		if !strings.Contains(page, want) {
			t.Errorf("the pack lacks %q", want)
		}
	}
}

// TestPackWithBaseURL: with a base_url, files are named by their full
// address and linked, and the footer says the address.
func TestPackWithBaseURL(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, example, dir)
	settings := filepath.Join(dir, "dll.yaml")
	src, _ := os.ReadFile(settings)
	os.WriteFile(settings, append(src, []byte("base_url: https://tess.example.org/portfolio/\n")...), 0o644)
	pk, files := renderPack(t, dir, PackOptions{})
	page := string(files[PackFile])
	for _, want := range []string{
		`<a href="https://tess.example.org/portfolio/experiences/glider-design-challenge/design-rubric.pdf">https://tess.example.org/portfolio/experiences/glider-design-challenge/design-rubric.pdf</a>`,
		`<li>Portfolio: <a href="https://tess.example.org/portfolio/">`,
		`<a href="https://tess.example.org/portfolio/experiences/glider-design-challenge/partner-statement.txt">`, // a story's link to a file
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the pack lacks %s", want)
		}
	}
	if pk.Footer != "https://tess.example.org/portfolio/" {
		t.Errorf("footer %q", pk.Footer)
	}
}

// TestPackOptions: a framework keeps the experiences that evidence it,
// with its map first; named experiences come in the order named; options
// that name nothing published say why, with the nearest name.
func TestPackOptions(t *testing.T) {
	pk, files := renderPack(t, example, PackOptions{Framework: "future-ready", Paper: PaperA4})
	page := string(files[PackFile])
	if pk.Chapters[0].ID != "criterion-map" || pk.Paper != PaperA4 || !strings.Contains(page, "@page { size: A4; }") {
		t.Errorf("chapters %v, paper %s", pk.Chapters, pk.Paper)
	}
	if strings.Contains(page, "ISTE Standards for Coaches</h2>") || !strings.Contains(page, "Future Ready Framework gears</h2>") {
		t.Error("the map of a pack for one framework shows another")
	}
	if strings.Contains(page, "Wonder Wall") { // in progress: evidences nothing yet
		t.Error("the pack for a framework holds an experience in progress")
	}

	pk, _ = renderPack(t, example, PackOptions{Entries: []string{"grade3-book-tasting.md", "experiences/glider-design-challenge/", "grade3-book-tasting"}})
	var titles []string
	for _, c := range pk.Chapters[2:] {
		titles = append(titles, c.Title)
	}
	if want := []string{"Grade 3 book tasting: building readers who choose", "Glider Design Challenge: from kit contest to test-and-revise engineering"}; !slices.Equal(titles, want) {
		t.Errorf("chapters %q, want %q", titles, want)
	}

	p := loadChecked(t, example)
	for _, tt := range []struct {
		opts PackOptions
		want string
	}{
		{PackOptions{Framework: "iste-coach"}, `"iste-coach" is not a framework this portfolio aligns to; did you mean "iste-coaches"?`},
		{PackOptions{Framework: "iste-leaders"}, `"iste-leaders" is not a framework this portfolio aligns to; choose one of: iste-coaches, aasl, future-ready`},
		{PackOptions{Entries: []string{"grade6-reading-access"}}, `"grade6-reading-access" is private, and a pack holds only what the site publishes`},
		{PackOptions{Entries: []string{"family-digital-citizenship-nights.md"}}, `"family-digital-citizenship-nights.md" is a draft, and a pack holds only what the site publishes; take out draft: true to publish it`},
		{PackOptions{Entries: []string{"glider-design"}}, `there is no published experience "glider-design"; did you mean "glider-design-challenge"?`},
		{PackOptions{Entries: []string{"k2-wonder-wall"}, Framework: "aasl"}, `no completed experience with evidence is aligned to AASL Shared Foundations yet, so a pack of it would hold nothing`},
	} {
		_, err := RenderPack(context.Background(), p, t.TempDir(), tt.opts)
		if !errors.Is(err, ErrPackOption) || !strings.HasSuffix(err.Error(), tt.want) {
			t.Errorf("%+v: got %v, want %s", tt.opts, err, tt.want)
		}
	}
}

// TestPackPrivacyGuard: a name on the privacy list that reaches the pack
// from a template of the portfolio's own is refused, as on the site, and
// the error does not repeat it.
func TestPackPrivacyGuard(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, example, dir)
	os.MkdirAll(filepath.Join(dir, "templates"), 0o755)
	src, err := os.ReadFile("../../templates/site/pack.html")
	if err != nil {
		t.Fatal(err)
	}
	over := strings.Replace(string(src), "<p class=\"kicker\">", "<p class=\"kicker\">Kaylee Brennan-Soto’s evidence pack: ", 1)
	if over == string(src) {
		t.Fatal("the pack's template has no kicker to change")
	}
	os.WriteFile(filepath.Join(dir, "templates", PackFile), []byte(over), 0o644)
	// dll validate reports the name in the template; the guard stops it
	// even when a pack is made without that check.
	p, _ := portfolio.Load(os.DirFS(dir))
	_, err = RenderPack(context.Background(), p, t.TempDir(), PackOptions{})
	var pe *PrivateNameError
	if !errors.As(err, &pe) || pe.File != PackFile || strings.Contains(err.Error(), "Kaylee") {
		t.Errorf("got %v, want the pack refused for a private name", err)
	}
}

// TestPaperFor: Letter where the language's region prints on it.
func TestPaperFor(t *testing.T) {
	for lang, want := range map[string]string{
		"": PaperLetter, "en": PaperLetter, "en-US": PaperLetter, "en-CA": PaperLetter, "fr-CA": PaperLetter, "es-MX": PaperLetter,
		"en-GB": PaperA4, "en-AU": PaperA4, "es": PaperA4, "fr": PaperA4, "de": PaperA4, "pt-BR": PaperA4, "zh": PaperA4, "not a tag!": PaperA4,
	} {
		if got := PaperFor(lang); got != want {
			t.Errorf("PaperFor(%q) = %s, want %s", lang, got, want)
		}
	}
}

// TestPackFromSlimEntries: dll pdf reads the portfolio as dll build does,
// keeping of each entry only what other pages need (Entry.Slim), and reads
// each chapter's entry again in full: the pack is the one made from whole
// entries, with how each experience was assessed and what its learners now
// do.
func TestPackFromSlimEntries(t *testing.T) {
	ctx := context.Background()
	p, diags, err := portfolio.Open(ctx, os.DirFS(example))
	if err != nil {
		t.Fatal(err)
	}
	diags = append(diags, p.LoadEntries(ctx, "", func(e *portfolio.Entry, _ *diag.List) { e.Slim(p.Model) })...)
	if diags.HasErrors() {
		t.Fatalf("the example has errors:\n%s", problems(diags))
	}
	out := t.TempDir()
	if _, err := RenderPack(ctx, p, out, PackOptions{Updated: time.Date(2026, 11, 14, 10, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(out, PackFile))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "golden", "pack", PackFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("the pack made from slim entries differs from the one made from whole entries:\n%s", firstDiff(want, got))
	}
}

// An experience's view in the index of slim entries may have listed its
// evidence already, for its card's picture on the home page: read again in
// full for its chapter, it lists the whole entry's evidence, with titles,
// captions and links, as a view of the whole entry does.
func TestReadWholeListsWholeEvidence(t *testing.T) {
	ctx := context.Background()
	p, _, err := portfolio.Open(ctx, os.DirFS(example))
	if err != nil {
		t.Fatal(err)
	}
	p.LoadEntries(ctx, "", func(e *portfolio.Entry, _ *diag.List) { e.Slim(p.Model) })
	b := newBuilder(p, discard{}, Options{}, mustTemplates(t, p), nil)
	v := b.entryByFile["experiences/glider-design-challenge/index.md"]
	if v == nil {
		t.Fatal("the example has no glider-design-challenge")
	}
	if pic, _ := b.cardPicture(v); pic == nil {
		t.Fatal("the glider's card has no picture")
	}
	if err := b.readWhole(v); err != nil {
		t.Fatal(err)
	}
	got, err := b.gallery(v)
	if err != nil {
		t.Fatal(err)
	}
	whole := loadChecked(t, example)
	wb := newBuilder(whole, discard{}, Options{}, mustTemplates(t, whole), nil)
	want, err := wb.gallery(wb.entryByFile["experiences/glider-design-challenge/index.md"])
	if err != nil {
		t.Fatal(err)
	}
	titles := func(evs []evidenceView) (out []string) {
		for _, ev := range evs {
			out = append(out, ev.Title+" | "+ev.Caption+" | "+ev.Src)
		}
		return out
	}
	if g, w := titles(got), titles(want); !slices.Equal(g, w) || len(w) == 0 {
		t.Errorf("the chapter lists the evidence\n%s\nwant\n%s", strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
}

// packEnglish is every text the evidence pack writes of its own in
// English, cut at what it fills in.
var packEnglish = []string{
	"Evidence pack", "learning experience", "learning experiences", "chosen from the", "the portfolio publishes", "each evidencing",
	"As the portfolio stood on", "Learner results are self-reported", "Email", "Portfolio",
	"Contents", "Summary", "Profile", "Headline outcomes", "kinds of learning experience", "Phases of the work", "Expertise", "Settings",
	"Roles", "present", "Credentials", "Year not given",
	"Criterion map", "Each code of", "that the experiences in this pack evidence", "the page where each begins", "how each one meets the code",
	"Experience", "self-reported", "How it was assessed", "With", "Where", "Learners", "How", "My role", "The change",
	"sessions", "weeks", "over", "What is different now", "My partner", "Partners", "Impact", "evidence",
	"What changed from the earlier version", "words", "In learners’ words", "In a partner’s words",
	"What I contributed", "Expertise I brought", "Technologies", "Barriers to learning addressed", "Leadership actions",
	"Evidence", "Video", "Audio", "At", "Published at", "in the published site", "Transcript", "Alignment to frameworks",
	"Page", "of",
}

// TestPackInOtherLanguages: the evidence pack of the example portfolio in
// Spanish, French, Portuguese and Arabic writes none of its English, every
// word of it is the language's or a name of the portfolio (as on the
// site's pages), its document says its language and, in Arabic, runs
// right to left, and what the printed PDF says of itself (title,
// bookmarks, page numbers) is in the language too.
func TestPackInOtherLanguages(t *testing.T) {
	updated := time.Date(2026, 11, 14, 10, 0, 0, 0, time.UTC)
	for _, tag := range []string{"es", "fr", "pt", "ar"} {
		t.Run(tag, func(t *testing.T) {
			t.Parallel()
			p := loadChecked(t, localExample(t, tag))
			lc := newLangCheck(t, p, tag)
			for _, opts := range []PackOptions{
				{Updated: updated},
				{Updated: updated, Framework: "future-ready", Paper: PaperA4},
				{Entries: []string{"glider-design-challenge"}},
			} {
				out := t.TempDir()
				pk, err := RenderPack(context.Background(), p, out, opts)
				if err != nil {
					t.Fatal(err)
				}
				src, err := os.ReadFile(filepath.Join(out, PackFile))
				if err != nil {
					t.Fatal(err)
				}
				name := fmt.Sprintf("%s (framework %q, %d experiences)", PackFile, opts.Framework, pk.Entries)
				lc.check(t, name, string(src))
				_, text := lc.read(string(src))
				for _, en := range packEnglish {
					if !lc.writesAsEnglish(en) && containsWords(text, en) {
						t.Errorf("%s: English %q in %q", name, en, around(text, en))
					}
				}
				cat := lc.cat
				wantDir := map[bool]string{true: "rtl", false: "ltr"}[tag == "ar"]
				if want := cat.T("pack.title", "name", "Tess Marchetti"); pk.Title != want || strings.Contains(pk.Title, "Evidence pack") ||
					!strings.Contains(string(src), "<title>"+lang.EscapeHTML(want)+"</title>") {
					t.Errorf("%s: title %q, want %q", name, pk.Title, want)
				}
				if pk.Lang != tag || pk.Dir != wantDir {
					t.Errorf("%s: language %q, direction %q", name, pk.Lang, pk.Dir)
				}
				if pk.PageOf != string(cat.HTML("pack.page_of")) || !strings.Contains(pk.PageOf, "{page}") || !strings.Contains(pk.PageOf, "{pages}") ||
					strings.Contains(pk.PageOf, " of ") {
					t.Errorf("%s: page numbers %q", name, pk.PageOf)
				}
				for _, ch := range pk.Chapters[:2] {
					if want := map[string]string{"summary": cat.T("title.summary"), "criterion-map": cat.T("title.criteria")}[ch.ID]; ch.Title != want {
						t.Errorf("%s: chapter %s is titled %q, want %q", name, ch.ID, ch.Title, want)
					}
				}
			}
		})
	}
}
