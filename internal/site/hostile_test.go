package site

import (
	"bytes"
	"context"
	"encoding/binary"
	"html"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"dll/internal/portfolio"
)

const settings = `title: "Test portfolio"
leader:
  name: "A. Leader"
  role: instructional-coach
  organization: "Example School"
`

// hostileEntry is an entry whose every text tries something. dll validate
// refuses most of it; the site must be safe even so, so these tests render
// it without validating.
const hostileEntry = `---
title: "<script>alert('title')</script> Unit"
summary: "Summary with <img src=x onerror=alert('summary')> inside"
status: in-progress
start: 2026-01-05
type: inquiry
mode: build
my_role: instructional-coach
partners:
  - name: "<b onmouseover=alert('partner')>R.</b>"
    role: classroom-teacher
setting:
  organization_type: k12
  delivery: face-to-face
  level: 6-8
contributions:
  planning: ["<script>alert('plan')</script>"]
expertise: [instructional-design]
evidence:
  - title: "Link evidence"
    kind: resource
    url: "javascript:alert('evidence')"
    phase: planning
    consent: not-applicable
tags: ["<script>"]
---

A [plain link](javascript:alert('a')) and [mixed case](JaVaScRiPt:alert('b')) and
[entity](&#106;avascript:alert('c')) and [tab](java&#9;script:alert('d')) and
[vb](vbscript:msgbox('e')) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgnZicpPC9zY3JpcHQ+) and
[percent](%6Aavascript:alert('g')) and <javascript:alert('h')> and [ok](https://example.org/fine).

![remote](https://tracker.example.com/pixel.png) ![inline](data:image/png;base64,iVBORw0KGgo=)

<script>alert('raw block')</script>

Inline <img src=x onerror="alert('raw inline')"> and <iframe src="https://evil.example.com"></iframe>.

<!-- private note: Jordan Q. Student is struggling at home -->

Paragraph <!-- inline private note about Jordan --> after.
`

func writePortfolio(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	return dir
}

// writeFiles writes files, by their slash paths, into dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var findRoot = regexp.MustCompile(`(?s)<script>\n\(function \(\) \{\n  if \(location\.protocol !== "http:".*?</script>`)

func TestHostileContentNeverRunsOrShows(t *testing.T) {
	hostileSettings := settings + `  email: "x\" onmouseover=\"alert('email')"
  location: "<script>alert('where')</script>"
  profiles:
    - label: "<script>alert('label')</script>"
      url: "javascript:alert('profile')"
    - label: Data
      url: "data:text/html,<script>alert('data')</script>"
featured: ["../../etc/passwd", "<script>"]
summary:
  roles:
    - title: "<script>alert('role')</script>"
      start: 2020
`
	dir := writePortfolio(t, map[string]string{"dll.yaml": hostileSettings, "experiences/hostile.md": hostileEntry,
		"philosophy.md": "# My philosophy\n\nLearning is social.\n\nTODO: write about equity, and about Jordan's class.\n\n<!-- private: ask Jordan's mother -->\n\n[click](javascript:alert('p'))\n\nSee [the hostile unit](experiences/hostile.md#big-think) and [my notes](private/notes.txt).\n\n- Author, A. (Year). *Title*. Publisher. TODO: why it matters to you.\n- Freire, P. (1970). *Pedagogy of the oppressed*.\n\nMore:\n\n- TODO: a second reading\n"})
	p, _ := portfolio.Load(os.DirFS(dir))
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), p, out, Options{}); err != nil {
		t.Fatal(err)
	}
	files := tree(t, out)
	page := string(files["experiences/hostile/index.html"])
	if page == "" {
		t.Fatal("the entry page was not built")
	}
	handler := regexp.MustCompile(`(?i)<[a-z][a-z0-9]*(\s+[a-z-]+(="[^"]*")?)*\s+on[a-z]+\s*=`)
	attr := regexp.MustCompile(`(?i)\s(href|src)="([^"]*)"`)
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		s := string(data)
		if name == "404.html" {
			// The 404 page's own script, which finds the site's root
			// when it is served at another address, is dll's.
			s = findRoot.ReplaceAllString(s, "")
		}
		lower := strings.ToLower(s)
		for _, bad := range []string{"<script", "<iframe", "<b ", "<!--", "private note", "jordan", "raw html omitted"} {
			if strings.Contains(lower, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
		if m := handler.FindString(s); m != "" {
			t.Errorf("%s has an event handler: %s", name, m)
		}
		for _, m := range attr.FindAllStringSubmatch(s, -1) {
			u := strings.ToLower(html.UnescapeString(m[2]))
			u = strings.Map(func(r rune) rune {
				if r <= ' ' {
					return -1
				}
				return r
			}, u)
			if i := strings.Index(u, ":"); i > 0 && !strings.ContainsAny(u[:i], "/?#") {
				if scheme := u[:i]; scheme != "http" && scheme != "https" && scheme != "mailto" {
					t.Errorf("%s: %s=%q uses the scheme %s", name, m[1], m[2], scheme)
				}
			}
			if m[1] == "src" && strings.Contains(u, "//") {
				t.Errorf("%s: %s loads from another host", name, m[0])
			}
		}
	}
	// What the author wrote as text is shown as text.
	for _, want := range []string{
		"&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Unit",
		"&lt;b onmouseover=alert(&#39;partner&#39;)&gt;R.&lt;/b&gt;",
		`<a href="https://example.org/fine">ok</a>`,
		"A plain link and mixed case and",
		"Paragraph  after.",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the entry page lacks %q", want)
		}
	}
	philosophy := string(files["philosophy/index.html"])
	// A TODO in a list's item goes with its item, and a list left empty
	// with it; the written items stay.
	if !strings.Contains(philosophy, "<p>Learning is social.</p>") || strings.Contains(philosophy, "TODO") ||
		!strings.Contains(philosophy, "<p>More:</p>") || strings.Count(philosophy[strings.Index(philosophy, "<article"):], "<li>") != 1 ||
		!strings.Contains(philosophy, "<ul>\n<li>Freire, P. (1970). <em>Pedagogy of the oppressed</em>.</li>\n</ul>") {
		t.Errorf("the philosophy page should keep the written paragraphs and leave out the TODO:\n%s", philosophy)
	}
	if want := `<p>See <a href="../experiences/hostile/index.html#big-think">the hostile unit</a> and my notes.</p>`; !strings.Contains(philosophy, want) {
		t.Errorf("the philosophy page should link to the entry and leave out the link to another file; want %s in\n%s", want, philosophy)
	}
	if strings.Contains(page, "Link evidence") {
		t.Error("evidence with a javascript: address was published")
	}
	if bytes.Contains(files["portfolio.json"], []byte("javascript:")) {
		t.Error("portfolio.json holds a javascript: address")
	}
}

// gpsJPEG is a JPEG photo with an Exif segment holding a GPS position, as a
// phone writes it.
func gpsJPEG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for y := range 30 {
		for x := range 40 {
			img.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), 90, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	var tiff bytes.Buffer
	tiff.WriteString("II*\x00")
	binary.Write(&tiff, binary.LittleEndian, uint32(8))
	binary.Write(&tiff, binary.LittleEndian, uint16(1))
	binary.Write(&tiff, binary.LittleEndian, []uint16{0x8825, 4})
	binary.Write(&tiff, binary.LittleEndian, uint32(1))
	binary.Write(&tiff, binary.LittleEndian, uint32(26))
	binary.Write(&tiff, binary.LittleEndian, uint32(0))
	tiff.WriteString("GPS-SECRET-48.8584N")
	body := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(body)+2))
	src := b.Bytes()
	out := append([]byte{}, src[:2]...)
	out = append(out, seg...)
	out = append(out, body...)
	return append(out, src[2:]...)
}

const photoEntry = `---
title: "Field trip photos"
summary: "Photos from the trip."
status: in-progress
start: 2026-03-02
type: inquiry
mode: build
my_role: instructional-coach
partners:
  - name: "R. A."
    role: classroom-teacher
setting:
  organization_type: k12
  delivery: face-to-face
  level: 6-8
contributions:
  teaching: ["Led the field observations"]
expertise: [instructional-design]
evidence:
  - title: "At the creek"
    kind: photo
    file: creek.jpg
    phase: teaching
    consent: obtained
    alt: "Water running over flat stones under trees."
---

![Water over stones](creek.jpg)

![Our sampling spot](spot.jpg), a photo with no consent recorded.
`

func TestPhotosLoseTheirLocation(t *testing.T) {
	photo := gpsJPEG(t)
	dir := writePortfolio(t, map[string]string{
		"dll.yaml":                    settings,
		"experiences/trip/index.md":   photoEntry,
		"experiences/trip/creek.jpg":  string(photo),
		"experiences/trip/spot.jpg":   string(photo),
		"experiences/trip/unused.jpg": string(photo),
		"experiences/trip/notes.txt":  "not referenced",
	})
	p, _ := portfolio.Load(os.DirFS(dir)) // validate refuses spot.jpg; the site must leave it out even so
	out := filepath.Join(t.TempDir(), "public")
	sum, err := Build(context.Background(), p, out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"experiences/trip/creek.jpg"}
	if strings.Join(sum.Stripped, " ") != strings.Join(want, " ") {
		t.Errorf("stripped %v; want %v", sum.Stripped, want)
	}
	files := tree(t, out)
	for _, name := range []string{"experiences/trip/creek.jpg"} {
		data, ok := files[name]
		if !ok {
			t.Errorf("%s was not published", name)
			continue
		}
		if bytes.Contains(data, []byte("GPS-SECRET")) || bytes.Contains(data, []byte("Exif")) {
			t.Errorf("%s still holds its location", name)
		}
		if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
			t.Errorf("%s is no longer a readable photo: %v", name, err)
		}
	}
	for _, name := range []string{"experiences/trip/unused.jpg", "experiences/trip/notes.txt", "experiences/trip/index.md", "experiences/trip/spot.jpg"} {
		if _, ok := files[name]; ok {
			t.Errorf("%s was published though no page may use it", name)
		}
	}
}

func TestCheckOutput(t *testing.T) {
	home := t.TempDir()
	root := filepath.Join(home, "portfolio")
	os.MkdirAll(filepath.Join(root, "experiences"), 0o755)
	mine := filepath.Join(home, "old-site")
	os.MkdirAll(mine, 0o755)
	os.WriteFile(filepath.Join(mine, Marker), []byte(markerText), 0o644)
	theirs := filepath.Join(home, "project")
	os.MkdirAll(theirs, 0o755)
	os.WriteFile(filepath.Join(theirs, "go.mod"), []byte("module x\n"), 0o644)
	empty := filepath.Join(home, "empty")
	os.MkdirAll(empty, 0o755)
	file := filepath.Join(home, "notes.txt")
	os.WriteFile(file, []byte("x"), 0o644)
	link := filepath.Join(home, "link-to-portfolio")
	os.Symlink(root, link)
	cwd := filepath.Join(home, "somewhere")
	os.MkdirAll(cwd, 0o755)

	at := Places{Portfolio: root, Home: home, Cwd: cwd}
	for _, tc := range []struct {
		out  string
		want string // "" when allowed
	}{
		{filepath.Join(root, "public"), ""},
		{filepath.Join(home, "new", "site"), ""},
		{mine, ""},
		{empty, ""},
		{"/", "dll will not build into the top of the disk; choose a new folder, such as public inside the portfolio"},
		{home, "dll will not build into your home folder; choose a new folder, such as public inside the portfolio"},
		{root, "dll will not build into the portfolio folder itself, which would mix the site with your entries; choose a new folder, such as public"},
		{link, "dll will not build into the portfolio folder itself, which would mix the site with your entries; choose a new folder, such as public"},
		{root + "/public/..", "dll will not build into the portfolio folder itself, which would mix the site with your entries; choose a new folder, such as public"},
		{filepath.Dir(home), "dll will not build into a folder that holds the portfolio; choose a new folder, such as public inside the portfolio"},
		{cwd, "dll will not build into the current folder; choose a new folder, such as public"},
		{filepath.Join(root, "experiences"), "dll will not build into experiences/, which holds your own files; choose a new folder, such as public"},
		{filepath.Join(root, "experiences", "site"), "dll will not build into experiences/, which holds your own files; choose a new folder, such as public"},
		{filepath.Join(root, "templates"), "dll will not build into templates/, which holds your own files; choose a new folder, such as public"},
		{theirs, "the output folder already holds files that dll did not make, and building would replace them; choose a new folder, or move those files away first"},
		{file, "the output " + file + " is a file, not a folder; choose a folder name"},
	} {
		err := CheckOutput(tc.out, at)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("CheckOutput(%s):\n got  %q\n want %q", tc.out, got, tc.want)
		}
	}
}

// An entry written as one Markdown file shares experiences/ with the other
// entries: its links and evidence must not publish their files.
func TestOtherEntriesFilesStayUnpublished(t *testing.T) {
	draft := strings.Replace(photoEntry, "title: \"Field trip photos\"", "title: \"Secret draft\"\ndraft: true", 1)
	private := strings.Replace(photoEntry, "title: \"Field trip photos\"", "title: \"Private unit\"\nvisibility: private", 1)
	linker := strings.Replace(photoEntry, "file: creek.jpg", "file: closed/creek.jpg", 1)
	linker = strings.Replace(linker, "![Our sampling spot](spot.jpg)",
		"See [the draft](draft.md), [its notes](closed/index.md), [the photo](closed/creek.jpg), [my source](open.md) and ![spot](closed/creek.jpg).", 1)
	photo := string(gpsJPEG(t))
	dir := writePortfolio(t, map[string]string{
		"dll.yaml":                     settings,
		"experiences/open.md":          linker,
		"experiences/draft.md":         draft,
		"experiences/closed/index.md":  private,
		"experiences/closed/creek.jpg": photo,
	})
	p, _ := portfolio.Load(os.DirFS(dir))
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), p, out, Options{}); err != nil {
		t.Fatal(err)
	}
	files := tree(t, out)
	for name := range files {
		if strings.HasPrefix(name, "experiences/open/") && name != "experiences/open/index.html" {
			t.Errorf("%s was published from another entry", name)
		}
	}
	page := string(files["experiences/open/index.html"])
	if !strings.Contains(page, `See the draft, its notes, the photo, <a href="../open/index.html" data-print="experiences/open/">my source</a> and spot.`) {
		t.Errorf("links to unpublished entries' files should be left as text, and a link to the entry's own file go to its page:\n%s", page)
	}
	if strings.Contains(page, "At the creek") {
		t.Error("evidence from a private entry's folder was shown")
	}
}
