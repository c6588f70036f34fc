//go:build browser

package main_test

// The evidence pack end to end: the real binary prints the example
// portfolio with Debian's Chromium, and the PDF is read back with tools
// that share nothing with the browser: poppler's pdfinfo, pdftotext and
// pdftoppm, and pdfcpu for the outline. They need the packages chromium
// and poppler-utils; with the build tag browser, a missing one fails the
// test and says what to install (.ci/run installs both).

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"dll/internal/sample"
)

// The example's published experiences, as the pack orders them (newest
// first), and what it must never hold: a draft, a private entry, the name
// on its privacy list.
var (
	examplePublished = []string{
		"Wonder Wall: question-driven inquiry for kindergarten and Grade 1",
		"Lateral reading lab for Grade 7 news literacy",
		"From slide lectures to worked cases: live onboarding for customer support hires",
		"Spring Pathways: a choose-your-goal coding club for middle schoolers",
		"Glider Design Challenge: from kit contest to test-and-revise engineering",
		"Self-paced onboarding pathways for new city employees",
		"Mill Creek water inquiry: who decides if the water is safe?",
		"Neighborhood Voices: a bilingual oral history archive",
		"Retrieval practice in introductory biology: a blended course redesign",
		"Grade 3 book tasting: building readers who choose",
	}
	exampleWithheld = []string{"Families and digital citizenship", "Grade 6 reading", "Kaylee", "Brennan-Soto"}
)

// needPoppler fails the test when poppler's tools are missing.
func needPoppler(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"pdfinfo", "pdftotext", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			missingBrowserTool(t, "the PDF test reads the pack with %s; install it with: sudo apt-get install poppler-utils", tool)
		}
	}
}

// runDLLWith runs the binary in dir with env added to the environment.
func runDLLWith(t testing.TB, dir string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(dllBin, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "NO_COLOR=1"), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if x, ok := err.(*exec.ExitError); ok {
		code = x.ExitCode()
	} else if err != nil {
		t.Fatalf("running dll: %v", err)
	}
	return out.String(), errb.String(), code
}

// pdfTool runs a poppler tool and returns what it printed.
func pdfTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// pdfInfo reads pdfinfo's fields.
func pdfInfo(t *testing.T, file string) map[string]string {
	t.Helper()
	info := map[string]string{}
	for _, line := range strings.Split(pdfTool(t, "pdfinfo", file), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	return info
}

// pageTexts is the text of each page, from pdftotext.
func pageTexts(t *testing.T, file string) []string {
	t.Helper()
	pages := strings.Split(pdfTool(t, "pdftotext", "-layout", file, "-"), "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	return pages
}

// bookmark is a top-level item of a PDF's outline.
type bookmark struct {
	Title string
	Page  int
}

// outline reads the top level of the outline with pdfcpu.
func outline(t *testing.T, file string) []bookmark {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := pdfcpu.Read(bytes.NewReader(data), conf)
	if err != nil {
		t.Fatalf("pdfcpu cannot read %s: %v", file, err)
	}
	root, err := ctx.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if ctx.Outlines, err = ctx.DereferenceDict(root["Outlines"]); err != nil || ctx.Outlines == nil {
		t.Fatalf("%s has no outline (%v)", file, err)
	}
	bms, err := pdfcpu.Bookmarks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []bookmark
	for _, b := range bms {
		out = append(out, bookmark{b.Title, b.PageFrom})
	}
	return out
}

// blankTails returns, for each page, the share of its text area (between
// the top margin and the footer) left blank below the last ink, text or
// picture, as pdftoppm draws the page.
func blankTails(t *testing.T, file string) []float64 {
	t.Helper()
	dir := t.TempDir()
	pdfTool(t, "pdftoppm", "-png", "-r", "24", file, filepath.Join(dir, "p"))
	files, _ := filepath.Glob(filepath.Join(dir, "p-*.png"))
	slices.Sort(files)
	var out []float64
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		im, err := png.Decode(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		b := im.Bounds()
		// The pack's margins: 18 mm at the top, 20 mm at the bottom, where
		// the footer is.
		top, bottom := b.Min.Y+b.Dy()*18/279, b.Max.Y-b.Dy()*20/279
		last := top
		for y := top; y < bottom; y++ {
			if ink(im, y) {
				last = y
			}
		}
		out = append(out, float64(bottom-last)/float64(bottom-top))
	}
	return out
}

func ink(im image.Image, y int) bool {
	b := im.Bounds()
	for x := b.Min.X; x < b.Max.X; x++ {
		r, g, bl, _ := im.At(x, y).RGBA()
		if r < 0xd000 || g < 0xd000 || bl < 0xd000 {
			return true
		}
	}
	return false
}

var madeRE = regexp.MustCompile(`^Made (.+): (\d+) experiences, (\d+) pages on (Letter|A4) paper \(\d+(\.\d)? [KM]B\)\.\n$`)

// TestBrowserPDF prints the example's evidence pack twice and reads it
// back: the same bytes each time; a tagged PDF of Letter pages, dated by
// the portfolio's history and made by dll; an outline with a bookmark for
// the cover, the contents, the summary, the criterion map and each
// experience; contents whose page numbers are where each chapter starts;
// a footer with the page's number and the portfolio's title on every page;
// every published experience and nothing withheld; no empty page and no
// page half blank in the flow of the experiences; no link to a file of the
// computer it was made on.
func TestBrowserPDF(t *testing.T) {
	chrome := findChromium(t)
	needPoppler(t)
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	env := []string{"DLL_BROWSER=" + chrome}
	var files []string
	for _, name := range []string{"a.pdf", "b.pdf"} {
		file := filepath.Join(out, name)
		stdout, stderr, code := runDLLWith(t, root, env, "pdf", "examples/portfolio", "-o", file)
		m := madeRE.FindStringSubmatch(stdout)
		if code != 0 || m == nil || m[2] != "10" || m[4] != "Letter" {
			t.Fatalf("dll pdf: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		files = append(files, file)
	}
	a, _ := os.ReadFile(files[0])
	if b, _ := os.ReadFile(files[1]); !bytes.Equal(a, b) {
		t.Error("two runs on the same portfolio gave different PDFs")
	}
	for _, bad := range []string{"file:", out, root, "HeadlessChrome", "Linux"} {
		if bytes.Contains(a, []byte(bad)) {
			t.Errorf("the PDF holds %q", bad)
		}
	}

	info := pdfInfo(t, files[0])
	pages, _ := strconv.Atoi(info["Pages"])
	for k, want := range map[string]string{"Tagged": "yes", "Title": "Evidence pack: Tess Marchetti", "Creator": "dll", "JavaScript": "no", "Encrypted": "no"} {
		if info[k] != want {
			t.Errorf("pdfinfo %s: %q, want %q", k, info[k], want)
		}
	}
	if !strings.Contains(info["Page size"], "(letter)") || pages < 25 || pages > 70 || info["CreationDate"] == "" {
		t.Errorf("pdfinfo: %d pages of %s, dated %q", pages, info["Page size"], info["CreationDate"])
	}

	texts := pageTexts(t, files[0])
	if len(texts) != pages {
		t.Fatalf("pdftotext read %d pages of %d", len(texts), pages)
	}
	all := strings.Join(texts, "\n")
	flat := strings.Join(strings.Fields(all), " ")
	for _, want := range []string{"Tess Marchetti", "Teacher librarian, Lakeshore Unified School District", "tess.marchetti@example.org", "EVIDENCE PACK"} {
		if !strings.Contains(texts[0], want) {
			t.Errorf("the cover lacks %q:\n%s", want, texts[0])
		}
	}
	for _, title := range examplePublished {
		if !strings.Contains(flat, title) {
			t.Errorf("the pack lacks the experience %q", title)
		}
	}
	for _, bad := range exampleWithheld {
		if strings.Contains(flat, bad) {
			t.Errorf("the pack holds %q", bad)
		}
	}
	for _, want := range []string{"self-reported", "How it was assessed:", "In Ms. R. Alvarez’s words", "Criterion map", "4.3 Collaborator",
		"Co-planned, co-taught and co-scored the unit with Ms. Alvarez", "Published at experiences/glider-design-challenge/test-flight.webm", "Prototype three. Wings moved back."} {
		if !strings.Contains(flat, want) {
			t.Errorf("the pack lacks %q", want)
		}
	}
	footer := regexp.MustCompile(`Tess Marchetti: Digital Learning Leadership Portfolio\s+Page (\d+) of (\d+)\s*$`)
	for i, text := range texts {
		m := footer.FindStringSubmatch(text)
		if m == nil || m[1] != strconv.Itoa(i+1) || m[2] != strconv.Itoa(pages) {
			t.Errorf("page %d: no footer with its number of %d and the portfolio's title:\n%s", i+1, pages, text)
			continue
		}
		if body := strings.TrimSpace(strings.TrimSuffix(text, m[0])); body == "" {
			t.Errorf("page %d is empty", i+1)
		}
	}

	// The outline: one bookmark for each chapter, on the page the contents
	// give, whose text starts with the chapter's title.
	want := append([]string{"Tess Marchetti", "Contents", "Summary", "Criterion map"}, examplePublished...)
	bms := outline(t, files[0])
	var titles []string
	for _, b := range bms {
		titles = append(titles, b.Title)
	}
	if !slices.Equal(titles, want) {
		t.Fatalf("outline:\n%s\nwant:\n%s", strings.Join(titles, "\n"), strings.Join(want, "\n"))
	}
	contents := strings.Join(strings.Fields(texts[1]), " ")
	for i, b := range bms[2:] {
		entry := b.Title
		if i >= 2 {
			entry = fmt.Sprintf("%d. %s", i-1, b.Title)
		}
		line := regexp.MustCompile(regexp.QuoteMeta(entry) + ` (\d+)`).FindStringSubmatch(contents)
		if line == nil || line[1] != strconv.Itoa(b.Page) {
			t.Errorf("the contents give %q on page %v; its bookmark is on page %d\ncontents: %s", entry, line, b.Page, contents)
		}
		if page := strings.Join(strings.Fields(texts[b.Page-1]), " "); !strings.Contains(page, b.Title) {
			t.Errorf("page %d, where the contents put %q, does not show it", b.Page, b.Title)
		}
	}

	// No blank half pages in the flow: only the cover, the contents, the
	// pages before the summary and the criterion map (which start a new
	// page) and the last page may end early.
	newPage := map[int]bool{1: true, 2: true, pages: true, bms[2].Page - 1: true, bms[3].Page - 1: true}
	for i, tail := range blankTails(t, files[0]) {
		if !newPage[i+1] && tail > 0.5 {
			t.Errorf("page %d is %.0f%% blank at the end", i+1, tail*100)
		}
	}
}

// TestBrowserPDFOptions: a pack for one framework on A4 holds only the
// experiences that evidence it, with its criterion map first; a pack of a
// snapshot shows the portfolio as it stood then and leaves the work tree
// as it is; without a browser, dll pdf says how to get one.
func TestBrowserPDFOptions(t *testing.T) {
	chrome := findChromium(t)
	needPoppler(t)
	root, _ := filepath.Abs("../..")
	env := []string{"DLL_BROWSER=" + chrome}

	t.Run("framework on A4", func(t *testing.T) {
		t.Parallel()
		file := filepath.Join(t.TempDir(), "coaches.pdf")
		stdout, stderr, code := runDLLWith(t, root, env, "pdf", "examples/portfolio", "--framework", "iste-coaches", "--paper", "a4", "-o", file)
		if m := madeRE.FindStringSubmatch(stdout); code != 0 || m == nil || m[2] != "7" || m[4] != "A4" {
			t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		if info := pdfInfo(t, file); !strings.Contains(info["Page size"], "(A4)") || info["Tagged"] != "yes" {
			t.Errorf("pdfinfo: %v", info)
		}
		bms := outline(t, file)
		if len(bms) != 4+7 || bms[2].Title != "Criterion map" || bms[3].Title != "Summary" {
			t.Errorf("outline %v", bms)
		}
		flat := strings.Join(strings.Fields(strings.Join(pageTexts(t, file), " ")), " ")
		for _, s := range []string{"Grade 3 book tasting", "Wonder Wall", "AASL Shared Foundations 6 codes"} {
			if strings.Contains(flat, s) {
				t.Errorf("the pack for ISTE Standards for Coaches holds %q", s)
			}
		}
	})

	t.Run("snapshot", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), "portfolio")
		if err := os.CopyFS(dir, os.DirFS(filepath.Join(root, "examples", "portfolio"))); err != nil {
			t.Fatal(err)
		}
		gitEnv := []string{"GIT_AUTHOR_NAME=T", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=T", "GIT_COMMITTER_EMAIL=t@example.org",
			"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1"}
		git := func(args ...string) string {
			cmd := exec.Command("git", args...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), gitEnv...)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("git %v: %v\n%s", args, err, out)
			}
			return string(out)
		}
		git("init", "-q")
		git("add", "-A")
		git("commit", "-q", "-m", "Start")
		if _, stderr, code := runDLLWith(t, dir, gitEnv, "snapshot", "2026 appraisal"); code != 0 {
			t.Fatalf("dll snapshot: %s", stderr)
		}
		glider := filepath.Join(dir, "experiences", "glider-design-challenge", "index.md")
		src, _ := os.ReadFile(glider)
		os.WriteFile(glider, bytes.Replace(src, []byte("Glider Design Challenge: from kit contest"), []byte("Glider challenge retold"), 1), 0o644)
		status := git("status", "--porcelain")
		stdout, stderr, code := runDLLWith(t, dir, append(gitEnv, env...), "pdf", "--snapshot", "2026 Appraisal")
		if code != 0 || !strings.HasPrefix(stdout, "Made tess-marchetti-evidence-pack-2026-appraisal.pdf: 10 experiences") {
			t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		flat := strings.Join(strings.Fields(strings.Join(pageTexts(t, filepath.Join(dir, "tess-marchetti-evidence-pack-2026-appraisal.pdf")), " ")), " ")
		if !strings.Contains(flat, "Glider Design Challenge: from kit contest") || strings.Contains(flat, "retold") {
			t.Error("the pack of the snapshot does not show the portfolio as it stood then")
		}
		// The pack itself is new, and made by dll: no change to publish.
		if got := git("status", "--porcelain"); got != status+"?? tess-marchetti-evidence-pack-2026-appraisal.pdf\n" {
			t.Errorf("git status:\n%s\nwas:\n%s", got, status)
		}
	})

	t.Run("no browser", func(t *testing.T) {
		t.Parallel()
		stdout, stderr, code := runDLLWith(t, root, []string{"DLL_BROWSER=/nowhere/chromium"}, "pdf", "examples/portfolio", "-o", filepath.Join(t.TempDir(), "x.pdf"))
		if code != 1 || stdout != "" || !strings.Contains(stderr, "sudo apt-get install chromium") || !strings.Contains(stderr, "dll build") {
			t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
	})
}

// BenchmarkPDF times dll pdf, the whole command from checking the
// portfolio to writing the file, on the example (10 experiences with
// photos, charts, a video and a recording) and on a generated portfolio of
// 200 experiences. Each run takes seconds to minutes: run it with
// -benchtime 1x, as go test -tags browser ./cmd/dll -run '^$' -bench PDF
// -benchtime 1x.
func BenchmarkPDF(b *testing.B) {
	chrome := findChromium(b)
	root, _ := filepath.Abs("../..")
	generated := filepath.Join(b.TempDir(), "generated")
	if err := sample.Write(generated, 200); err != nil {
		b.Fatal(err)
	}
	// A cache of pictures of the benchmark's own, made by the first run.
	env := []string{"DLL_BROWSER=" + chrome, "XDG_CACHE_HOME=" + b.TempDir()}
	for _, tc := range []struct{ name, dir string }{
		{"example", filepath.Join(root, "examples", "portfolio")},
		{"200 entries", generated},
	} {
		b.Run(tc.name, func(b *testing.B) {
			out := filepath.Join(b.TempDir(), "pack.pdf")
			var pages string
			for b.Loop() {
				stdout, stderr, code := runDLLWith(b, root, env, "pdf", tc.dir, "-o", out)
				m := madeRE.FindStringSubmatch(stdout)
				if code != 0 || m == nil {
					b.Fatalf("dll pdf: exit %d\n%s%s", code, stdout, stderr)
				}
				pages = m[3]
			}
			n, _ := strconv.Atoi(pages)
			b.ReportMetric(float64(n), "pages")
		})
	}
}
