package site

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// metadataFixtures are internal/media's real files, each carrying a GPS
// position, a camera make and model, the blocked name "A. Student" as
// artist or author, and titles and comments ending in SECRET.
var metadataFixtures = []string{"photo.jpg", "photo.png", "photo.webp", "anim.gif", "video.mp4", "video.mov", "video.webm", "audio.m4a", "audio.mp3", "audio.wav", "audio.flac", "audio.ogg", "audio.opus", "doc.pdf"}

// privateTag matches what exiftool names the place, camera, author,
// titles, comments and dates of a file.
var privateTag = regexp.MustCompile(`(?i)(^|:)(GPS\w*|Location\w*|Make|Model|\w*SerialNumber|Artist|Author|XPAuthor|Creator|By-line|Comment|UserComment|Description|ImageDescription|Caption-Abstract|Title|Subject|Keywords|City|Copyright|Software|CreateDate|DateTimeOriginal|ThumbnailImage|PreviewImage|Picture|CoverArt|Lyrics)$`)

// TestNoMetadataReachesAPublishedFile builds a portfolio whose entry has
// every fixture as evidence, and reads every published file twice: its
// bytes for the blocked name and the secrets, and with exiftool, a reader
// of metadata that owes nothing to dll, for any place, camera, author,
// title, comment or date left in it.
func TestNoMetadataReachesAPublishedFile(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, example, dir)
	entry := filepath.Join(dir, "experiences", "glider-design-challenge")
	var items strings.Builder
	for _, f := range metadataFixtures {
		data, err := os.ReadFile(filepath.Join("..", "media", "testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte("SECRET")) && !bytes.Contains(data, []byte("A. Student")) && f != "doc.pdf" {
			t.Fatalf("%s carries no secret: the test would prove nothing", f)
		}
		if err := os.WriteFile(filepath.Join(entry, "fixture-"+f), data, 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&items, "  - title: Fixture for %s\n    kind: resource\n    file: fixture-%s\n    phase: teaching\n    consent: not-applicable\n    alt: A test card of coloured bars.\n    captions: none\n", strings.ReplaceAll(f, ".", " "), f)
	}
	index := filepath.Join(entry, "index.md")
	src, err := os.ReadFile(index)
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte("\nevidence:\n"), []byte("\nevidence:\n"+items.String()), 1)
	if err := os.WriteFile(index, src, 0o644); err != nil {
		t.Fatal(err)
	}
	p := loadChecked(t, dir)
	out := filepath.Join(t.TempDir(), "public")
	sum, err := Build(context.Background(), p, out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var published []string
	for name, data := range tree(t, out) {
		for _, secret := range []string{"A. Student", "SECRET", "48.8584", "Grace Hopper"} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s holds %q", name, secret)
			}
		}
		if strings.Contains(name, "fixture-") {
			published = append(published, filepath.Join(out, filepath.FromSlash(name)))
		}
	}
	if len(published) != len(metadataFixtures) {
		t.Fatalf("published %d fixtures of %d", len(published), len(metadataFixtures))
	}
	if len(sum.Stripped) < len(metadataFixtures) {
		t.Errorf("the summary lists %d cleaned files, want at least %d", len(sum.Stripped), len(metadataFixtures))
	}

	exiftool, err := exec.LookPath("exiftool")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must run this test: exiftool is not installed (apt-get install libimage-exiftool-perl)")
		}
		t.Skip("exiftool is not installed (apt-get install libimage-exiftool-perl); the bytes were checked, not the metadata")
	}
	args := append([]string{"-j", "-a", "-G1", "-ee", "--System:all"}, published...)
	raw, err := exec.Command(exiftool, args...).Output()
	if err != nil {
		t.Fatalf("exiftool: %v", err)
	}
	var tags []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &tags); err != nil {
		t.Fatal(err)
	}
	if len(tags) != len(published) {
		t.Fatalf("exiftool read %d files of %d", len(tags), len(published))
	}
	for _, file := range tags {
		var name string
		json.Unmarshal(file["SourceFile"], &name)
		for k, v := range file {
			val := strings.TrimSpace(strings.Trim(string(v), `"`))
			if privateTag.MatchString(k) && val != "" && val != "0000:00:00 00:00:00" {
				t.Errorf("%s: exiftool still reads %s = %s", filepath.Base(name), k, v)
			}
		}
	}
}
