package cli

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"dll/internal/diag"
	"dll/internal/portfolio"
	"dll/internal/validate"
)

// photoWithGPS is a real JPEG with an Exif segment that holds a secret
// standing for a GPS position.
func photoWithGPS(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	body := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08GPS-SECRET-48.8584N")
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(body)+2))
	src := b.Bytes()
	return slices.Concat(src[:2], seg, body, src[2:])
}

// entryDiags returns the problems validate reports in one file, as
// "field rule" strings.
func entryDiags(t *testing.T, root, file string) []string {
	t.Helper()
	p, loadDiags := portfolio.Load(os.DirFS(root))
	var out []string
	for _, d := range validate.Check(p, loadDiags) {
		if d.File == file {
			out = append(out, d.Field+" "+d.Rule)
		}
	}
	return out
}

// isSubsequence reports whether every line of a is in b, in order.
func isSubsequence(a, b string) bool {
	bl := strings.Split(b, "\n")
	j := 0
	for _, l := range strings.Split(a, "\n") {
		for j < len(bl) && bl[j] != l {
			j++
		}
		if j == len(bl) {
			return false
		}
		j++
	}
	return true
}

func TestNewEvidenceScaffoldedEntry(t *testing.T) {
	root := minimalPortfolio(t)
	rel := scaffold(t, root, "Glider design", "--type", "design-thinking", "--mode", "build")
	before := readFile(t, filepath.Join(root, rel))
	beforeDiags := entryDiags(t, root, rel)

	src := t.TempDir()
	writeFile(t, filepath.Join(src, "glider test.jpg"), string(photoWithGPS(t)))
	writeFile(t, filepath.Join(src, "rubric.txt"), "Rubric: lift and drag")
	writeFile(t, filepath.Join(src, "flight.webm"), readFile(t, filepath.Join("..", "media", "testdata", "video.webm")))
	writeFile(t, filepath.Join(src, "flight.vtt"), "WEBVTT\n\n00:00.000 --> 00:01.000\nLift off\n")
	// An existing file of the same name is never overwritten.
	writeFile(t, filepath.Join(root, "experiences", "glider-design", "rubric.txt"), "the author's own rubric")

	e := newTestEnv(t, src)
	e.Getwd = func() (string, error) { return filepath.Join(root, "experiences"), nil }
	code := e.run(t, "new", "evidence", "glider-design", filepath.Join(src, "glider test.jpg"), filepath.Join(src, "rubric.txt"), filepath.Join(src, "flight.webm"), filepath.Join(src, "flight.vtt"), "--phase", "teaching")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	dir := filepath.Join(root, "experiences", "glider-design")
	photo := readFile(t, filepath.Join(dir, "glider test.jpg"))
	if strings.Contains(photo, "GPS-SECRET") {
		t.Error("the copied photo still has its location data")
	}
	if _, err := jpeg.Decode(strings.NewReader(photo)); err != nil {
		t.Errorf("the copied photo does not decode: %v", err)
	}
	if got := readFile(t, filepath.Join(dir, "rubric.txt")); got != "the author's own rubric" {
		t.Error("an existing evidence file was overwritten")
	}
	if got := readFile(t, filepath.Join(dir, "rubric-2.txt")); got != "Rubric: lift and drag" {
		t.Errorf("rubric-2.txt = %q", got)
	}
	out := e.out.String()
	for _, want := range []string{
		"to glider-design/glider test.jpg, without its location, camera and author data (Exif).",
		"Added 3 evidence items to glider-design/index.md. Open it to describe each image (alt), then run dll validate.",
		"Consent is pending",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	after := readFile(t, filepath.Join(root, rel))
	if !isSubsequence(before, after) {
		t.Errorf("a line of the entry was lost or changed:\n%s", after)
	}
	wantText := `# tags: []
evidence:
  - title: Glider test
    kind: photo
    file: glider test.jpg
    phase: teaching
    consent: pending
    alt: "TODO: describe what the image shows"
  - title: Rubric
    kind: document
    file: rubric-2.txt
    phase: teaching
    consent: pending
  - title: Flight
    kind: video
    file: flight.webm
    phase: teaching
    consent: pending
    captions: flight.vtt
---
`
	if !strings.Contains(after, wantText) {
		t.Errorf("the evidence is not as expected:\n%s", after)
	}
	// The new problems: the alt text to write, and the consent to record.
	var added []string
	for _, d := range entryDiags(t, root, rel) {
		if !slices.Contains(beforeDiags, d) {
			added = append(added, d)
		}
	}
	want := []string{"evidence[0].alt placeholder", "evidence[0].consent consent", "evidence[1].consent consent", "evidence[2].consent consent"}
	slices.Sort(added)
	if !slices.Equal(added, want) {
		t.Errorf("new problems %v, want %v", added, want)
	}
}

// An evidence list the author wrote keeps its comments and layout; the new
// items follow the last one, at its indentation.
func TestNewEvidenceKeepsLayout(t *testing.T) {
	for _, crlf := range []bool{false, true} {
		root := minimalPortfolio(t)
		entry := `---
title: Book tasting   # the first one
evidence:
    # Planning first.
    -   title: Menu
        kind: lesson-plan
        url: https://example.org/menu
        phase: planning
        consent: not-applicable

    # Then the reading log.
    -   title: "Log: week 1"
        kind: student-work
        url: https://example.org/log
        phase: teaching
        consent: anonymized

# What comes next stays next.
tags: [reading]
---
Story.
`
		if crlf {
			entry = strings.ReplaceAll(entry, "\n", "\r\n")
		}
		file := filepath.Join(root, "experiences", "book-tasting", "index.md")
		writeFile(t, file, entry)
		writeFile(t, filepath.Join(root, "notes.txt"), "notes")
		e := newTestEnv(t, root)
		if code := e.run(t, "new", "evidence", "experiences/book-tasting", "notes.txt", "--phase", "impact", "--consent", "obtained", "--kind", "observation-notes", "--title", "Notes: what changed"); code != 0 {
			t.Fatalf("exit %d: %s", code, e.err)
		}
		want := strings.Replace(entry, "        consent: anonymized\n", `        consent: anonymized
    - title: "Notes: what changed"
      kind: observation-notes
      file: notes.txt
      phase: impact
      consent: obtained
`, 1)
		if crlf {
			want = strings.Replace(entry, "        consent: anonymized\r\n", "        consent: anonymized\r\n    - title: \"Notes: what changed\"\r\n      kind: observation-notes\r\n      file: notes.txt\r\n      phase: impact\r\n      consent: obtained\r\n", 1)
		}
		if got := readFile(t, file); got != want {
			t.Errorf("crlf=%v: got:\n%s\nwant:\n%s", crlf, got, want)
		}
	}
}

func TestNewEvidenceEmptyListAndYAMLEntry(t *testing.T) {
	root := minimalPortfolio(t)
	writeFile(t, filepath.Join(root, "experiences", "a", "index.md"), "---\ntitle: A\nevidence: []  # none yet\ntags: [x]\n---\n")
	writeFile(t, filepath.Join(root, "experiences", "b.yaml"), "title: B\nbody: |\n  The story.\n\n  More story.\n")
	writeFile(t, filepath.Join(root, "plan.txt"), "pdf")

	e := newTestEnv(t, root)
	if code := e.run(t, "new", "evidence", "a", "plan.txt", "--phase", "planning", "--consent", "not-applicable"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	if got, want := readFile(t, filepath.Join(root, "experiences", "a", "index.md")), "---\ntitle: A\nevidence:  # none yet\n  - title: Plan\n    kind: document\n    file: plan.txt\n    phase: planning\n    consent: not-applicable\ntags: [x]\n---\n"; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}

	e = newTestEnv(t, root)
	if code := e.run(t, "new", "evidence", "b", "plan.txt", "--phase", "planning", "--consent", "not-applicable"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	if got, want := readFile(t, filepath.Join(root, "experiences", "b.yaml")), "title: B\nevidence:\n  - title: Plan\n    kind: document\n    file: plan.txt\n    phase: planning\n    consent: not-applicable\nbody: |\n  The story.\n\n  More story.\n"; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// A single-file entry gets its evidence beside it, and says so.
	if _, err := os.Stat(filepath.Join(root, "experiences", "plan.txt")); err != nil {
		t.Error("the evidence of b.yaml is not beside it")
	}
	if !strings.Contains(e.out.String(), "is an entry written as one file, so its evidence is beside it in experiences/") {
		t.Errorf("output:\n%s", e.out)
	}
	for _, d := range entryDiags(t, root, "experiences/b.yaml") {
		if strings.HasPrefix(d, "evidence") {
			t.Errorf("the evidence of b.yaml has a problem: %s", d)
		}
	}
}

func TestNewEvidenceRefusals(t *testing.T) {
	root := minimalPortfolio(t)
	entry := "---\ntitle: A\n---\n"
	writeFile(t, filepath.Join(root, "experiences", "book-tasting", "index.md"), entry)
	writeFile(t, filepath.Join(root, "photo.webp"), "RIFF")
	writeFile(t, filepath.Join(root, "photo.jpg"), "not really a jpeg")
	writeFile(t, filepath.Join(root, "map.svg"), "<svg/>")
	writeFile(t, filepath.Join(root, "plan.txt"), "pdf")
	writeFile(t, filepath.Join(root, "my plan.txt"), "pdf")
	writeFile(t, filepath.Join(root, "IMG_0042.HEIC"), "heic with GPS")
	writeFile(t, filepath.Join(root, "scan.tiff"), "tiff with GPS")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"book-tastng", "plan.txt", "--phase", "planning"}, `there is no entry "book-tastng"; did you mean book-tasting?`},
		{[]string{"book-tasting", "plan.txt"}, "dll new evidence needs --phase (there is no terminal to ask on)\n  --phase: planning, teaching, assessment, impact"},
		{[]string{"book-tasting", "missing.txt", "--phase", "planning"}, "there is no file missing.txt"},
		{[]string{"book-tasting", "photo.webp", "--phase", "planning"}, "photo.webp: this is not a readable WebP image (no WebP header); open it in a photo editor and save it again as JPEG or PNG, then add that copy"},
		{[]string{"book-tasting", "map.svg", "--phase", "planning"}, "SVG files can run scripts"},
		{[]string{"book-tasting", "photo.jpg", "--phase", "planning"}, "photo.jpg: this is not a readable JPEG photo (no start-of-image marker); open it in a photo editor and save it again as JPEG or PNG, then add that copy"},
		{[]string{"book-tasting", "plan.txt", "--phase", "teach"}, `"teach" is not an evidence phase; did you mean teaching?`},
		{[]string{"book-tasting"}, "needs the entry and at least one file"},
		// iPhones save photos as HEIC, with where they were taken: refused,
		// never copied as a document.
		{[]string{"book-tasting", "IMG_0042.HEIC", "--phase", "teaching"}, "IMG_0042.HEIC: HEIC photos cannot be shown by most browsers, and dll cannot remove the location and camera details they carry; export it as JPEG (on an iPhone: Settings > Camera > Formats > Most Compatible), then run dll new evidence again"},
		{[]string{"book-tasting", "scan.tiff", "--phase", "teaching"}, "scan.tiff: TIFF images cannot be shown by most browsers; export it as JPEG or PNG, then run dll new evidence again"},
		// The entry is not evidence of itself.
		{[]string{"book-tasting", "experiences/book-tasting/index.md", "--phase", "teaching"}, "experiences/book-tasting/index.md is the entry itself, not evidence"},
		// The example can be pasted into a shell.
		{[]string{"book-tasting", "my plan.txt"}, "For example: dll new evidence book-tasting 'my plan.txt' --phase teaching"},
	} {
		e := newTestEnv(t, root)
		if code := e.run(t, append([]string{"new", "evidence"}, tc.args...)...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", tc.args, code, ExitUsage)
		}
		if !strings.Contains(e.err.String(), tc.want) {
			t.Errorf("%v: message lacks %q:\n%s", tc.args, tc.want, e.err)
		}
	}
	if got := readFile(t, filepath.Join(root, "experiences", "book-tasting", "index.md")); got != entry {
		t.Errorf("a refused run changed the entry:\n%s", got)
	}
	items, _ := os.ReadDir(filepath.Join(root, "experiences", "book-tasting"))
	if len(items) != 1 {
		t.Errorf("a refused run left files behind: %v", items)
	}
}

// Evidence for an entry written as one file goes into experiences/, where
// a Markdown or YAML file would be read as an entry of its own: refused.
func TestNewEvidenceSingleFileEntryRefusesEntryFiles(t *testing.T) {
	root := minimalPortfolio(t)
	entry := "---\ntitle: A\n---\n"
	writeFile(t, filepath.Join(root, "experiences", "book-tasting.md"), entry)
	writeFile(t, filepath.Join(root, "experiences", "maker-week.yaml"), "title: B\n")
	for _, name := range []string{"story.md", "data.yml", "notes.markdown"} {
		writeFile(t, filepath.Join(root, name), "# Notes\n")
		for _, slug := range []string{"book-tasting", "maker-week"} {
			e := newTestEnv(t, root)
			if code := e.run(t, "new", "evidence", slug, name, "--phase", "planning"); code != ExitUsage {
				t.Errorf("%s %s: exit %d, want %d", slug, name, code, ExitUsage)
			}
			if want := "would be read as an entry of its own. Make the entry a folder first (move it to experiences/" + slug + "/index.md), or save the file as PDF and add that"; !strings.Contains(e.err.String(), want) {
				t.Errorf("%s %s: message lacks %q:\n%s", slug, name, want, e.err)
			}
			if _, err := os.Stat(filepath.Join(root, "experiences", name)); err == nil {
				t.Errorf("%s was copied into experiences/", name)
			}
		}
	}
	if got := readFile(t, filepath.Join(root, "experiences", "book-tasting.md")); got != entry {
		t.Errorf("a refused run changed the entry:\n%s", got)
	}
	// In an entry's own folder, a Markdown file is a document like any other.
	writeFile(t, filepath.Join(root, "experiences", "wall", "index.md"), entry)
	e := newTestEnv(t, root)
	if code := e.run(t, "new", "evidence", "wall", "story.md", "--phase", "planning"); code != 0 {
		t.Errorf("a Markdown file for a folder entry: exit %d: %s", code, e.err)
	}
}

// Running the same dll new evidence twice neither copies the files again
// (as photo-2.jpg) nor lists them twice; a file already in the folder and
// listed is not listed again either.
func TestNewEvidenceTwiceAddsNothing(t *testing.T) {
	root := minimalPortfolio(t)
	writeFile(t, filepath.Join(root, "experiences", "wall", "index.md"), "---\ntitle: Wonder wall\n---\n")
	writeFile(t, filepath.Join(root, "wall.jpg"), string(photoWithGPS(t)))
	writeFile(t, filepath.Join(root, "plan.txt"), "pdf")
	args := []string{"new", "evidence", "wall", "wall.jpg", "plan.txt", "--phase", "teaching"}
	e := newTestEnv(t, root)
	if code := e.run(t, args...); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	if !strings.Contains(e.out.String(), "Copied plan.txt to experiences/wall/plan.txt.\n") {
		t.Errorf("the output does not name the file as it was given:\n%s", e.out)
	}
	first := readFile(t, filepath.Join(root, "experiences", "wall", "index.md"))
	e = newTestEnv(t, root)
	if code := e.run(t, args...); code != 0 {
		t.Fatalf("second run: exit %d: %s", code, e.err)
	}
	if got := readFile(t, filepath.Join(root, "experiences", "wall", "index.md")); got != first {
		t.Errorf("the second run changed the entry:\n%s", got)
	}
	items, _ := os.ReadDir(filepath.Join(root, "experiences", "wall"))
	if len(items) != 3 {
		t.Errorf("the second run copied the files again: %v", items)
	}
	for _, want := range []string{
		"experiences/wall/wall.jpg is in the entry's folder and listed in it already (a copy of wall.jpg); nothing to add.\n",
		"experiences/wall/plan.txt is in the entry's folder and listed in it already (a copy of plan.txt); nothing to add.\n",
	} {
		if !strings.Contains(e.out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, e.out)
		}
	}
	e = newTestEnv(t, root)
	if code := e.run(t, "new", "evidence", "wall", "experiences/wall/plan.txt", "--phase", "teaching"); code != 0 {
		t.Fatalf("in place: exit %d: %s", code, e.err)
	}
	if got := readFile(t, filepath.Join(root, "experiences", "wall", "index.md")); got != first {
		t.Errorf("a listed file was listed again:\n%s", got)
	}
	if !strings.Contains(e.out.String(), "experiences/wall/plan.txt is listed in the entry already; nothing to add.") {
		t.Errorf("output:\n%s", e.out)
	}
	// A different file of the same name is still copied under a new name.
	writeFile(t, filepath.Join(root, "other", "plan.txt"), "another pdf")
	e = newTestEnv(t, root)
	if code := e.run(t, "new", "evidence", "wall", "other/plan.txt", "--phase", "teaching"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	if got := readFile(t, filepath.Join(root, "experiences", "wall", "plan-2.txt")); got != "another pdf" {
		t.Errorf("plan-2.txt = %q", got)
	}
}

// File names: a title from a name that starts with a letter of several
// bytes is whole text (it was cut in the middle of the letter, so the
// entry could not be written), and a copy gets a name that dll validate
// accepts.
func TestNewEvidenceFileNames(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("these names cannot be made on Windows")
	}
	root := minimalPortfolio(t)
	writeFile(t, filepath.Join(root, "experiences", "wall", "index.md"), "---\ntitle: Wonder wall\n---\n")
	names := []string{"übung.txt", "ébauche_finale.txt", "学生.txt", "back\\slash.txt", "new\nline.txt"}
	for _, n := range names {
		writeFile(t, filepath.Join(root, n), "pdf")
	}
	e := newTestEnv(t, root)
	if code := e.run(t, append([]string{"new", "evidence", "wall", "--phase", "planning", "--consent", "obtained"}, names...)...); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	got := readFile(t, filepath.Join(root, "experiences", "wall", "index.md"))
	for _, want := range []string{"title: Übung\n", "title: Ébauche finale\n", "title: 学生\n", "file: back-slash.txt\n", "file: new-line.txt\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("entry lacks %q:\n%s", want, got)
		}
	}
	for _, d := range entryDiags(t, root, "experiences/wall/index.md") {
		if strings.HasPrefix(d, "evidence") {
			t.Errorf("problem with the new evidence: %s", d)
		}
	}
}

// An entry is found by its slug however it is written: as the folder's
// own name, in capitals, or as its file name from the portfolio folder.
func TestNewEvidenceFindsEntryByName(t *testing.T) {
	root := minimalPortfolio(t)
	writeFile(t, filepath.Join(root, "experiences", "Wonder Wall", "index.md"), "---\ntitle: Wonder wall\n---\n")
	writeFile(t, filepath.Join(root, "experiences", "book-tasting.md"), "---\ntitle: Book tasting\n---\n")
	writeFile(t, filepath.Join(root, "plan.txt"), "pdf")
	for _, tc := range []struct{ arg, file string }{
		{"Wonder Wall", "experiences/Wonder Wall/index.md"},
		{"wonder-wall", "experiences/Wonder Wall/index.md"},
		{"Book-Tasting", "experiences/book-tasting.md"},
		{"book-tasting.md", "experiences/book-tasting.md"},
	} {
		e := newTestEnv(t, root)
		if code := e.run(t, "new", "evidence", tc.arg, "plan.txt", "--phase", "planning"); code != 0 {
			t.Errorf("%q: exit %d: %s", tc.arg, code, e.err)
			continue
		}
		if !strings.Contains(e.out.String(), filepath.ToSlash(filepath.Dir(tc.file))+"/plan.txt") {
			t.Errorf("%q: output:\n%s", tc.arg, e.out)
		}
	}
	// Many entries: the list is cut, and says how many more there are.
	for i := range 40 {
		writeFile(t, filepath.Join(root, "experiences", fmt.Sprintf("entry-%02d.md", i)), "---\ntitle: x\n---\n")
	}
	e := newTestEnv(t, root)
	if code := e.run(t, "new", "evidence", "nothing-like-it", "plan.txt", "--phase", "planning"); code != ExitUsage {
		t.Fatalf("exit %d", code)
	}
	if want := ", and 12 more in the experiences folder"; !strings.Contains(e.err.String(), want) {
		t.Errorf("message lacks %q:\n%s", want, e.err)
	}
}

// A "motion photo" carries a video after the end of the JPEG image, with
// the place it was made: the copy ends where the image ends, and still
// decodes to the same picture.
func TestNewEvidenceCutsWhatFollowsTheImage(t *testing.T) {
	root := minimalPortfolio(t)
	writeFile(t, filepath.Join(root, "experiences", "wall", "index.md"), "---\ntitle: Wonder wall\n---\n")
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	plain := b.Bytes()
	trailer := "\x00\x00\x00\x18ftypmp42\xa9xyz+48.8584+002.2945/"
	writeFile(t, filepath.Join(root, "motion.jpg"), string(plain)+trailer)
	e := newTestEnv(t, root)
	if code := e.run(t, "new", "evidence", "wall", "motion.jpg", "--phase", "teaching"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	got := readFile(t, filepath.Join(root, "experiences", "wall", "motion.jpg"))
	if got != string(plain) {
		t.Errorf("the copy is not the image alone: %d bytes, want %d; location kept: %v", len(got), len(plain), strings.Contains(got, "48.8584"))
	}
	if !strings.Contains(e.out.String(), "without its location, camera and author data (data after the image)") {
		t.Errorf("output:\n%s", e.out)
	}
}

// An entry written as one YAML file becomes a folder differently from a
// Markdown one; the advice says how. Videos are cleaned as they are
// copied, with a note on what no cleaning removes.
func TestNewEvidenceYAMLEntryAdviceAndVideoNote(t *testing.T) {
	root := minimalPortfolio(t)
	writeFile(t, filepath.Join(root, "experiences", "maker-week.yaml"), "title: B\nbody: |\n  Story.\n")
	writeFile(t, filepath.Join(root, "flight.mp4"), readFile(t, filepath.Join("..", "media", "testdata", "video.mp4")))
	e := newTestEnv(t, root)
	if code := e.run(t, "new", "evidence", "maker-week", "flight.mp4", "--phase", "teaching"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	out := e.out.String()
	for _, want := range []string{
		"make it a folder: write it as experiences/maker-week/index.md (its fields between two lines of ---, the text of body below them)",
		"Note: dll removes the place, dates and names stored in a recording's file, but not what can be seen or heard in it",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "move it to experiences/maker-week/index.md") {
		t.Errorf("the advice for a Markdown entry is given for a YAML one:\n%s", out)
	}
}

// On a terminal, when the input ends: the phase has no default, so dll
// stops and names --phase; consent and alt text have one, which is taken.
func TestNewEvidenceInteractiveInputEnds(t *testing.T) {
	root := minimalPortfolio(t)
	entry := "---\ntitle: Wonder wall\n---\n"
	writeFile(t, filepath.Join(root, "experiences", "wall", "index.md"), entry)
	writeFile(t, filepath.Join(root, "wall.jpg"), string(photoWithGPS(t)))
	e := newTestEnv(t, root)
	e.Interactive = true
	e.In = strings.NewReader("")
	if code := e.run(t, "new", "evidence", "wall", "wall.jpg"); code != ExitUsage {
		t.Fatalf("exit %d, want %d: %s", code, ExitUsage, e.err)
	}
	for _, want := range []string{"dll new evidence stopped: the input ended before --phase was given, so nothing was written.", "  --phase: planning, teaching, assessment, impact", "for example: dll new evidence wall wall.jpg --phase teaching"} {
		if !strings.Contains(e.err.String(), want) {
			t.Errorf("message lacks %q:\n%s", want, e.err)
		}
	}
	if got := readFile(t, filepath.Join(root, "experiences", "wall", "index.md")); got != entry {
		t.Errorf("a stopped run changed the entry:\n%s", got)
	}

	e = newTestEnv(t, root)
	e.Interactive = true
	e.In = strings.NewReader("2\n")
	if code := e.run(t, "new", "evidence", "wall", "wall.jpg"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	got := readFile(t, filepath.Join(root, "experiences", "wall", "index.md"))
	if !strings.Contains(got, "    consent: pending\n    alt: \"TODO: describe what the image shows\"\n") {
		t.Errorf("the defaults were not taken:\n%s", got)
	}
}

func TestNewEvidenceInteractive(t *testing.T) {
	root := minimalPortfolio(t)
	writeFile(t, filepath.Join(root, "experiences", "wall", "index.md"), "---\ntitle: Wonder wall\n---\n")
	writeFile(t, filepath.Join(root, "wall.jpg"), string(photoWithGPS(t)))
	e := newTestEnv(t, root)
	e.Interactive = true
	e.In = strings.NewReader("2\nanonymized\nSticky notes with questions cover the library wall.\n")
	if code := e.run(t, "new", "evidence", "wall", "wall.jpg"); code != 0 {
		t.Fatalf("exit %d: %s", code, e.err)
	}
	got := readFile(t, filepath.Join(root, "experiences", "wall", "index.md"))
	want := "---\ntitle: Wonder wall\nevidence:\n  - title: Wall\n    kind: photo\n    file: wall.jpg\n    phase: teaching\n    consent: anonymized\n    alt: Sticky notes with questions cover the library wall.\n---\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(e.out.String(), "Describe what wall.jpg shows, for people who cannot see it: ") {
		t.Errorf("conversation:\n%s", e.out)
	}
	for _, d := range entryDiags(t, root, "experiences/wall/index.md") {
		if strings.HasPrefix(d, "evidence") {
			t.Errorf("problem with the new evidence: %s", d)
		}
	}
	_ = diag.Error
}

// TestNewEvidenceRefusesPrivateFileName: a file whose name names someone
// on the privacy list is not copied:
// the copy would keep the name, in its web address and in git's history.
// The refusal tells the file by its place among those given, never by its
// name, and nothing is copied or listed, the other files given included.
func TestNewEvidenceRefusesPrivateFileName(t *testing.T) {
	root := minimalPortfolio(t)
	writeFile(t, filepath.Join(root, "dll.yaml"), readFile(t, filepath.Join(root, "dll.yaml"))+"privacy:\n  roster: private/roster.txt\n")
	writeFile(t, filepath.Join(root, "private", "roster.txt"), "Mateo García\n")
	entry := "---\ntitle: A\n---\n"
	writeFile(t, filepath.Join(root, "experiences", "book-tasting", "index.md"), entry)
	writeFile(t, filepath.Join(root, "plan.txt"), "plan\n")
	writeFile(t, filepath.Join(root, "MateoGarcia_reading_log.txt"), "log\n")
	const tail = " contains a name from your privacy list (private/roster.txt:1:1); the copy would keep that name, which is in its web address and stays in git's history. Rename the file, with initials or a pseudonym, then add it\n"
	for _, tc := range []struct {
		files []string
		want  string
	}{
		{[]string{"MateoGarcia_reading_log.txt"}, "dll: the name of the file given" + tail},
		{[]string{"plan.txt", "MateoGarcia_reading_log.txt"}, "dll: the name of the second file given" + tail},
	} {
		e := newTestEnv(t, root)
		code := e.run(t, append(append([]string{"new", "evidence", "book-tasting"}, tc.files...), "--phase", "planning")...)
		if code != ExitUsage || e.err.String() != tc.want || e.out.Len() > 0 {
			t.Errorf("%v: exit %d\nstdout:\n%s\nstderr:\n%s\nwant:\n%s", tc.files, code, e.out, e.err, tc.want)
		}
	}
	if got := readFile(t, filepath.Join(root, "experiences", "book-tasting", "index.md")); got != entry {
		t.Errorf("a refused run changed the entry:\n%s", got)
	}
	if items, _ := os.ReadDir(filepath.Join(root, "experiences", "book-tasting")); len(items) != 1 {
		t.Errorf("a refused run copied files: %v", items)
	}
}
