package media

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	_ "golang.org/x/image/webp"
)

// The fixtures in testdata were made with ffmpeg, Chromium and exiftool
// (see testdata/README.md) and carry a GPS position, a camera make and
// model, the artist or author "A. Student", and titles and comments that
// end in SECRET.
var fixtures = []struct {
	file      string
	size      bool // cleaned in place: the file keeps its size
	removed   string
	decodable bool // an image the standard library (and x/image) decodes
}{
	{file: "photo.jpg", removed: "Exif", decodable: true},
	{file: "photo.png", removed: "eXIf", decodable: true},
	{file: "photo.webp", removed: "Exif", decodable: true},
	{file: "anim.gif", removed: "XMP", decodable: true},
	{file: "video.mp4", size: true, removed: "metadata (udta)"},
	{file: "video.mov", size: true, removed: "metadata (meta)"},
	{file: "video.webm", size: true, removed: "tags"},
	{file: "audio.m4a", size: true, removed: "metadata (udta)"},
	{file: "audio.mp3", removed: "ID3v2"},
	{file: "audio.wav", removed: "LIST"},
	{file: "audio.flac", removed: "Vorbis comment"},
	{file: "audio.ogg", size: true, removed: "comments"},
	{file: "audio.opus", size: true, removed: "comments"},
	{file: "doc.pdf", removed: "document information"},
}

// fixtureFor returns the fixture with the extension of name.
func fixtureFor(name string) string {
	for _, f := range fixtures {
		if filepath.Ext(f.file) == filepath.Ext(name) {
			return f.file
		}
	}
	return "none"
}

// secrets are what the fixtures carry that must not be published, as
// bytes anywhere in the file.
var secrets = []string{"SECRET", "A. Student", "48.8584", "Grace Hopper"}

func cleanFixture(t *testing.T, file string) (src, out []byte, removed []string) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	out, removed, err = CleanBytes(file, src)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return src, out, removed
}

func TestCleanFixtures(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.file, func(t *testing.T) {
			src, out, removed := cleanFixture(t, fx.file)
			found := false
			for _, s := range secrets {
				found = found || bytes.Contains(src, []byte(s))
				if bytes.Contains(out, []byte(s)) {
					t.Errorf("%q is still in the cleaned file", s)
				}
			}
			if !found && !strings.HasSuffix(fx.file, ".pdf") {
				t.Errorf("the fixture carries none of the secrets: it tests nothing")
			}
			if !strings.Contains(strings.Join(removed, "|"), fx.removed) {
				t.Errorf("removed %q, want %q among them", removed, fx.removed)
			}
			if fx.size && len(out) != len(src) {
				t.Errorf("cleaned in place, the file went from %d to %d bytes", len(src), len(out))
			}
			// Deterministic, and cleaning the cleaned file changes nothing.
			_, again, _ := cleanFixture(t, fx.file)
			if !bytes.Equal(again, out) {
				t.Error("two cleanings of one file differ")
			}
			twice, removed2, err := CleanBytes(fx.file, out)
			if err != nil || len(removed2) > 0 || !bytes.Equal(twice, out) {
				t.Errorf("cleaning the cleaned file: %v, removed %v, same bytes %v", err, removed2, bytes.Equal(twice, out))
			}
			if fx.decodable {
				a, _, err := image.Decode(bytes.NewReader(src))
				if err != nil {
					t.Fatalf("the fixture does not decode: %v", err)
				}
				b, _, err := image.Decode(bytes.NewReader(out))
				if err != nil {
					t.Fatalf("the cleaned image does not decode: %v", err)
				}
				samePixels(t, a, b)
			}
		})
	}
}

// TestCleanKeepsOrientation: the fixtures' photos are turned (Exif
// orientation 6); the cleaned JPEG and PNG still say so.
func TestCleanKeepsOrientation(t *testing.T) {
	_, out, _ := cleanFixture(t, "photo.jpg")
	if o := orientationOf(t, out); o != 6 {
		t.Errorf("JPEG orientation %d after cleaning, want 6", o)
	}
	_, out, _ = cleanFixture(t, "photo.png")
	i := bytes.Index(out, []byte("eXIf"))
	if i < 0 || exifOrientation(out[i+4:]) != 6 {
		t.Errorf("PNG lost its orientation")
	}
}

// TestCleanZeroesDroppedTrack: the subtitle track of video.mp4, a track
// that is neither picture nor sound like the GPS track of an action
// camera, is blanked, and its text in the media data is zeroed.
func TestCleanZeroesDroppedTrack(t *testing.T) {
	src, out, removed := cleanFixture(t, "video.mp4")
	if !bytes.Contains(src, []byte("Grace Hopper")) {
		t.Fatal("the fixture lacks its subtitle")
	}
	if !strings.Contains(strings.Join(removed, "|"), "data track") {
		t.Errorf("removed %q, want the data track", removed)
	}
	if bytes.Contains(out, []byte("Grace Hopper")) {
		t.Error("the subtitle's text is still in the file")
	}
}

// TestCleanZeroesFreeSpace: free-space boxes, where editors leave what
// they moved or deleted, are zeroed in place; a file cleaned once has
// nothing more to remove.
func TestCleanZeroesFreeSpace(t *testing.T) {
	in, err := os.ReadFile("testdata/video.mp4")
	if err != nil {
		t.Fatal(err)
	}
	leftover := []byte("LEFTOVER-SECRET Grace Hopper 48.8584")
	for _, typ := range []string{"free", "skip"} {
		in = binary.BigEndian.AppendUint32(in, uint32(8+len(leftover)))
		in = append(append(in, typ...), leftover...)
	}
	out, removed, err := CleanBytes("video.mp4", in)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("LEFTOVER-SECRET")) || len(out) != len(in) {
		t.Errorf("the free space still holds its text, or the file changed size (%d, %d)", len(out), len(in))
	}
	if !slices.Contains(removed, "leftovers in free space") {
		t.Errorf("removed %q", removed)
	}
	if _, again, _ := CleanBytes("video.mp4", out); slices.Contains(again, "leftovers in free space") {
		t.Errorf("cleaning a clean file again removes %q", again)
	}
}

// TestCleanMP3KeepsOnlyFrames: of an MP3, only the audio frames are
// published. A Lyrics3 tag before the ID3v1 tag at the end (with an APE tag
// behind it), the ID3 tags of a second recording joined to the first, and
// bytes that are not frames all go.
func TestCleanMP3KeepsOnlyFrames(t *testing.T) {
	src, frames, _ := cleanFixture(t, "audio.mp3")
	// An APE tag of one item (Artist) with a header and a footer, which
	// differ in one flag.
	item := []byte("\x15\x00\x00\x00\x00\x00\x00\x00Artist\x00APE-SECRET A. Student")
	apeHeader := []byte("APETAGEX\xd0\x07\x00\x00\x44\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\xa0\x00\x00\x00\x00\x00\x00\x00\x00")
	apeFooter := slices.Clone(apeHeader)
	apeFooter[23] = 0x80
	ape := slices.Concat(apeHeader, item, apeFooter)
	lyrics := "LYRICSBEGININD0000211LYR00017LYRICS-SECRET ok"
	lyrics += fmt.Sprintf("%06d", len(lyrics)) + "LYRICS200"
	v1 := append([]byte("TAGID3V1-SECRET"), make([]byte, 128-15)...)
	for name, c := range map[string]struct{ in, want []byte }{
		"tags at the end":     {slices.Concat(frames, ape, []byte(lyrics), v1), frames},
		"two files joined":    {slices.Concat(src, src), slices.Concat(frames, frames)},
		"bytes between":       {slices.Concat(frames, []byte("NOT-A-FRAME-SECRET"), frames), slices.Concat(frames, frames)},
		"frames only already": {frames, frames},
	} {
		out, _, err := CleanBytes("audio.mp3", c.in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(out, c.want) {
			t.Errorf("%s: kept %d bytes, want the %d of the frames", name, len(out), len(c.want))
		}
		if bytes.Contains(out, []byte("SECRET")) {
			t.Errorf("%s: a secret is still in the file", name)
		}
	}
}

func TestRefused(t *testing.T) {
	for name, want := range map[string]string{
		"IMG_0001.HEIC": "HEIC photos cannot be shown by most browsers, and dll cannot remove the location and camera details they carry; export it as JPEG (on an iPhone: Settings > Camera > Formats > Most Compatible), then run dll new evidence again",
		"clip.avi":      "browsers cannot play AVI videos; export it again as MP4 (H.264) from your phone or video editor, then add that copy",
		"notes.docx":    "browsers cannot show word-processor files, which also carry the names of their authors and reviewers; save it as PDF (File > Save as > PDF), then add that",
		"scan.tiff":     "TIFF images cannot be shown by most browsers; export it as JPEG or PNG, then run dll new evidence again",
		"data.xyz":      "dll does not publish XYZ files: it cannot tell what they hold or remove the names and places they may carry; publish it as one of " + accepted,
		"README":        "dll does not publish files without an extension: it cannot tell what they hold or remove the names and places they may carry; publish it as one of " + accepted,
	} {
		err := Refused(name)
		if err == nil || err.Error() != want {
			t.Errorf("%s: got %v\nwant %s", name, err, want)
		}
		if _, _, err2 := CleanBytes(name, []byte("anything")); err2 == nil || err2.Error() != want {
			t.Errorf("%s: CleanBytes: %v", name, err2)
		}
	}
	for _, name := range []string{"a.jpg", "a.pdf", "a.mp4", "a.vtt", "a.txt"} {
		if err := Refused(name); err != nil {
			t.Errorf("%s refused: %v", name, err)
		}
	}
}

// TestKinds: every video and sound format, refused or not, is video or
// audio, so that none escapes the captions rule.
func TestKinds(t *testing.T) {
	for name, want := range map[string]Kind{
		"a.avi": Video, "a.MKV": Video, "a.mov": Video, "a.wmv": Video, "a.ogv": Video, "a.3gp": Video, "a.webm": Video, "a.m4v": Video,
		"a.m4a": Audio, "a.aiff": Audio, "a.opus": Audio, "a.wma": Audio, "a.aac": Audio,
		"a.heic": Image, "a.svg": Image, "a.gif": Image, "a.pdf": Document, "a.vtt": Text, "a.xyz": Other,
	} {
		if got := KindOf(name); got != want {
			t.Errorf("KindOf(%q) = %v, want %v", name, got, want)
		}
	}
	for _, f := range Formats() {
		switch {
		case f.Action == Refuse && (f.Why == "" || f.Fix == ""):
			t.Errorf("%s is refused without a reason and a fix", f.Name)
		case f.Action != Refuse && (f.plan == nil || f.Fix == ""):
			t.Errorf("%s is published without a cleaner or a fix for damaged files", f.Name)
		}
	}
}

// TestDamaged: a file that is not what its name says, or is cut short, is
// refused with the fix, never published as it is.
func TestDamaged(t *testing.T) {
	for _, fx := range fixtures {
		src, err := os.ReadFile(filepath.Join("testdata", fx.file))
		if err != nil {
			t.Fatal(err)
		}
		for what, data := range map[string][]byte{
			"text":    []byte("hello, this is not a " + fx.file),
			"empty":   nil,
			"cut":     src[:len(src)/3],
			"a photo": mustRead(t, "testdata/photo.jpg"),
		} {
			if what == "a photo" && fx.file == "photo.jpg" || what == "cut" && fx.file == "audio.mp3" {
				continue // an MP3 is a run of frames: a cut one plays what it has
			}
			_, _, err := CleanBytes(fx.file, data)
			var me *Error
			if err == nil || !errors.As(err, &me) || !errors.Is(err, ErrDamaged) {
				t.Errorf("%s as %s: err = %v, want a damaged-file error", what, fx.file, err)
				continue
			}
			if !strings.HasPrefix(err.Error(), "this is not a readable ") || !strings.HasSuffix(err.Error(), me.Format.Fix) {
				t.Errorf("%s as %s: %q does not say what is wrong and what to do", what, fx.file, err)
			}
		}
	}
	if err := Check("notes.txt", bytesReaderAt("GIF89a\x00\x01"), 8); err == nil {
		t.Error("a binary file named .txt is published as text")
	}
	long := strings.Repeat("é€𝄞", 20000) // characters cut by every read
	if err := Check("notes.txt", bytesReaderAt(long), int64(len(long))); err != nil {
		t.Errorf("long UTF-8 text refused: %v", err)
	}
	if err := Check("notes.txt", bytesReaderAt(long[:len(long)-1]), int64(len(long)-1)); err == nil {
		t.Error("text ending in half a character accepted")
	}
	if err := Check("notes.txt", bytesReaderAt("Grüße, ça va"), int64(len("Grüße, ça va"))); err != nil {
		t.Errorf("UTF-8 text refused: %v", err)
	}
	// Documents written in text, with their metadata, are not text.
	for name, doc := range map[string]string{
		"notes.txt":  "%PDF-1.4\n1 0 obj << /Author (A. Student) >> endobj\n%%EOF\n",
		"table.csv":  "\xef\xbb\xbf\n%!PS-Adobe-3.0\n%%For: A. Student\n",
		"letter.txt": "{\\rtf1\\ansi{\\info{\\author A. Student}}Dear families}",
	} {
		err := Check(name, bytesReaderAt(doc), int64(len(doc)))
		if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "named as text") {
			t.Errorf("%s holding %.10q: err = %v, want it refused", name, doc, err)
		}
	}
	if prose := "The PDF of %PDF-1.4 is a format."; Check("notes.txt", bytesReaderAt(prose), int64(len(prose))) != nil {
		t.Error("text that speaks of a PDF refused")
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// needTool ends a test that needs a program the machine lacks: a failure
// in CI, where .ci/run installs it, and a skip elsewhere.
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must run this test: %s is not installed (apt-get install %s)", name, pkg)
		}
		t.Skipf("%s is not installed (apt-get install %s)", name, pkg)
	}
	return p
}

// privateTag matches the tag names of exiftool that tell where, with what
// and by whom a file was made.
var privateTag = regexp.MustCompile(`(?i)(^|:)(GPS\w*|Location\w*|Make|Model|\w*SerialNumber|Artist|Author|XPAuthor|Creator|By-line|Comment|UserComment|Description|ImageDescription|Caption-Abstract|Title|Subject|Keywords|City|Country\w*|Copyright|Rights|Owner\w*|CameraOwnerName|Software|CreateDate|DateTimeOriginal|ThumbnailImage|PreviewImage|Picture|CoverArt|Encoder|Vendor|Lyrics|ID3\w*)$`)

// TestIndependentReaderFindsNothing runs exiftool, a reader of metadata
// that owes nothing to dll, on every cleaned fixture: it must find no
// place, camera, author, title, comment or date, and no value holding a
// secret. ffmpeg then decodes each cleaned video and sound to its end.
func TestIndependentReaderFindsNothing(t *testing.T) {
	exiftool := needTool(t, "exiftool", "libimage-exiftool-perl")
	ffmpeg := needTool(t, "ffmpeg", "ffmpeg")
	dir := t.TempDir()
	var files []string
	for _, fx := range fixtures {
		_, out, _ := cleanFixture(t, fx.file)
		p := filepath.Join(dir, fx.file)
		if err := os.WriteFile(p, out, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	// The fixtures themselves must show what the test looks for.
	before := readTags(t, exiftool, "testdata/photo.jpg", "testdata/doc.pdf")
	for _, want := range []string{"GPS:GPSLatitude", "IFD0:Make", "IFD0:Artist", "PDF:Author", "PDF:Title"} {
		if !privateTag.MatchString(want) {
			t.Fatalf("the test does not look for %s", want)
		}
		if _, ok := before[0][want]; !ok {
			if _, ok := before[1][want]; !ok {
				t.Fatalf("exiftool does not report %s of the fixtures: the test would see nothing", want)
			}
		}
	}
	for i, tags := range readTags(t, exiftool, files...) {
		for k, v := range tags {
			s := strings.TrimSpace(strings.Trim(string(v), `"`))
			if privateTag.MatchString(k) && s != "" && s != "0000:00:00 00:00:00" {
				t.Errorf("%s: exiftool still reads %s = %s", filepath.Base(files[i]), k, v)
			}
			for _, secret := range secrets {
				if strings.Contains(string(v), secret) {
					t.Errorf("%s: exiftool reads %s = %s", filepath.Base(files[i]), k, v)
				}
			}
			if strings.HasSuffix(k, ":Warning") || strings.HasSuffix(k, ":Error") {
				t.Errorf("%s: exiftool warns: %s", filepath.Base(files[i]), v)
			}
		}
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".pdf") || strings.HasSuffix(f, ".gif") {
			continue
		}
		cmd := exec.Command(ffmpeg, "-v", "error", "-xerror", "-i", f, "-f", "null", "-")
		if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
			t.Errorf("%s: ffmpeg cannot decode the cleaned file: %v\n%s", filepath.Base(f), err, out)
		}
	}
}

// readTags returns what exiftool reads of each file, by group:tag.
func readTags(t *testing.T, exiftool string, files ...string) []map[string]json.RawMessage {
	t.Helper()
	args := append([]string{"-j", "-a", "-G1", "-ee", "-api", "LargeFileSupport=1", "--System:all", "--File:FileModifyDate"}, files...)
	out, err := exec.Command(exiftool, args...).Output()
	if err != nil {
		t.Fatalf("exiftool: %v", err)
	}
	var tags []map[string]json.RawMessage
	if err := json.Unmarshal(out, &tags); err != nil {
		t.Fatal(err)
	}
	if len(tags) != len(files) {
		t.Fatalf("exiftool read %d files of %d", len(tags), len(files))
	}
	return tags
}

// TestUnchangedPlan: a plan that would write the file byte for byte as it
// is removed nothing, whatever it looked at, and the build must not report
// the file as cleaned; a plan that changes one byte changed it.
func TestUnchangedPlan(t *testing.T) {
	src := []byte("header\x00\x00\x00\x00metadata-free body")
	r, size := bytesReaderAt(src), int64(len(src))
	for _, tc := range []struct {
		name string
		plan *plan
		want bool
	}{
		{"blanking zeros already blank", patched(size, []patch{{off: 6, zeros: 4}}, []string{"creation date"}), true},
		{"writing the bytes that are there", patched(size, []patch{{off: 10, data: []byte("metadata")}}, []string{"XMP"}), true},
		{"the whole file written anew, the same", whole(bytes.Clone(src), []string{"document information"}), true},
		{"blanking a byte that is not zero", patched(size, []patch{{off: 5, zeros: 1}}, []string{"Exif"}), false},
		{"writing other bytes", patched(size, []patch{{off: 10, data: []byte("METADATA")}}, []string{"XMP"}), false},
		{"leaving a part out", func() *plan { p := &plan{removed: []string{"comment"}}; p.copy(0, 6); p.copy(10, size-10); return p }(), false},
		{"cutting the end", func() *plan { p := &plan{removed: []string{"data after the image"}}; p.copy(0, size-1); return p }(), false},
		{"the whole file written anew, shorter", whole(src[:len(src)-1], []string{"document information"}), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := tc.plan.write(&out, r); err != nil {
				t.Fatal(err)
			}
			if same := bytes.Equal(out.Bytes(), src); same != tc.want {
				t.Fatalf("the test is wrong: the plan writes the file unchanged: %v", same)
			}
			if got := tc.plan.unchanged(r, size); got != tc.want {
				t.Errorf("unchanged = %v, want %v", got, tc.want)
			}
		})
	}
}
