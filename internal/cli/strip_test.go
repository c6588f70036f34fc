package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dll/internal/media"
)

// fixture reads a file of the media package's fixtures, which carry a GPS
// position and camera and author details.
func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "media", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestStrip: dll strip shows, file by file, what it would remove and
// changes nothing; dll strip --yes removes it from the files in the
// portfolio, exactly as the build cleans them, and says git still holds
// the earlier versions; then there is nothing left to remove.
func TestStrip(t *testing.T) {
	t.Parallel()
	repo, dir := examplePortfolioRepo(t)
	glider := filepath.Join(dir, "experiences", "glider-design-challenge")
	photo := filepath.Join(glider, "glider-test.jpg")
	writeFile(t, photo, fixture(t, "photo.jpg"))
	writeFile(t, filepath.Join(glider, "flight.mov"), fixture(t, "video.mov"))
	writeFile(t, filepath.Join(glider, "sketch.heic"), "not really a photo")
	commitAt(t, repo, "2025-02-01T10:00:00Z", "Add the photos from my phone")
	before := readTree(t, dir)

	e := newTestEnv(t, filepath.Join(dir, "experiences"))
	if code := e.run(t, "strip"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	want := "dll strip --yes would remove from 2 files what the site never publishes:\n" +
		"  glider-design-challenge/flight.mov: where it was made, in its metadata; metadata (udta), metadata (meta)\n" +
		"  glider-design-challenge/glider-test.jpg: where it was made, as a GPS position in its Exif data; camera details (Exif), caption, author and copyright details (IPTC), editing and author details (XMP), comment\n" +
		"dll cannot clean 1 file, and never publishes it:\n" +
		"  glider-design-challenge/sketch.heic: HEIC photos cannot be shown by most browsers, and dll cannot remove the location and camera details they carry; export it as JPEG (on an iPhone: Settings > Camera > Formats > Most Compatible), then run dll new evidence again\n" +
		"Nothing was changed yet. What each file shows or plays stays exactly as it is; only these details go. To remove them, run: dll strip --yes\n"
	if e.out.String() != filepath.FromSlash(want) || e.err.Len() > 0 {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr:\n%s", e.out, want, e.err)
	}
	after := readTree(t, dir)
	for name, data := range before {
		if after[name] != data {
			t.Errorf("the preview changed %s", name)
		}
	}

	e = newTestEnv(t, dir)
	if code := e.run(t, "strip", "--yes", "experiences/glider-design-challenge/glider-test.jpg"); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, e.out, e.err)
	}
	want = "Removed from experiences/glider-design-challenge/glider-test.jpg: where it was made, as a GPS position in its Exif data; camera details (Exif), caption, author and copyright details (IPTC), editing and author details (XMP), comment.\n" +
		"Cleaned 1 file; what each shows or plays is unchanged.\n" +
		"Commit the cleaned files. Git still holds their earlier versions in the commits before: if you pushed those to a public repository, anyone can read the details there, so make the repository private, or ask someone who knows git to remove those versions from its history (with git filter-repo).\n"
	if e.out.String() != want || e.err.Len() > 0 {
		t.Errorf("stdout:\n%s\nwant:\n%s\nstderr:\n%s", e.out, want, e.err)
	}
	clean, _, err := media.CleanBytes("photo.jpg", []byte(fixture(t, "photo.jpg")))
	if err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, photo); got != string(clean) {
		t.Error("the photo is not what the build publishes")
	}
	if where := media.Location("photo.jpg", bytes.NewReader(clean), int64(len(clean))); where != "" {
		t.Errorf("the cleaned photo still records %s", where)
	}
	if got := readFile(t, filepath.Join(glider, "flight.mov")); got != fixture(t, "video.mov") {
		t.Error("a file not named was changed")
	}
	v := newTestEnv(t, dir)
	v.run(t, "validate", "experiences/glider-design-challenge")
	if strings.Contains(v.out.String(), "source-location") || strings.Contains(v.out.String(), "records where it was taken") {
		t.Errorf("validate still warns of the photo:\n%s", v.out)
	}

	e = newTestEnv(t, dir)
	e.run(t, "strip", "--yes")
	e = newTestEnv(t, dir)
	e.run(t, "strip")
	if got := e.out.String(); !strings.HasPrefix(got, "dll cannot clean 1 file") || strings.Contains(got, "would remove") {
		t.Errorf("after dll strip --yes, dll strip says:\n%s", got)
	}
}

// TestStripNothing: a portfolio whose files hold nothing to remove says
// so; a path outside any portfolio is a usage error.
func TestStripNothing(t *testing.T) {
	t.Parallel()
	dir := copyExample(t)
	e := newTestEnv(t, dir)
	if code := e.run(t, "strip"); code != 0 || e.out.String() != "No file here holds location, camera or author details: nothing to remove.\n" {
		t.Errorf("exit %d\nstdout:\n%s%s", code, e.out, e.err)
	}
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "photo.jpg"), fixture(t, "photo.jpg"))
	e = newTestEnv(t, outside)
	if code := e.run(t, "strip", "photo.jpg", "--yes"); code != ExitUsage || e.err.String() != "dll: photo.jpg is not inside a portfolio: there is no dll.yaml in its folder or any folder above it; give an entry or a file of your portfolio\n" {
		t.Errorf("exit %d\nstderr:\n%s", code, e.err)
	}
	if readFile(t, filepath.Join(outside, "photo.jpg")) != fixture(t, "photo.jpg") {
		t.Error("a file outside the portfolio was changed")
	}
}
