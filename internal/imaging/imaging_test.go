package imaging

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// photo returns a JPEG w×h pixels with a red top-left corner on blue.
func photo(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{20, 40, 200, 255}
			if x < w/4 && y < h/4 {
				c = color.RGBA{220, 20, 20, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withOrientation puts an Exif segment holding orientation o after the
// start of a JPEG file, as a phone does.
func withOrientation(jpg []byte, o int) []byte {
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08")
	tiff = binary.BigEndian.AppendUint16(tiff, 1)                                         // one entry
	tiff = append(tiff, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0, byte(o), 0, 0) // Orientation
	tiff = append(tiff, 0, 0, 0, 0)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, 0xFF, 0xE1)
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

var webWidths = []int{480, 800, 1200, 1600}

func decode(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestBigPhotoGetsWebWidths(t *testing.T) {
	src := photo(t, 2400, 1800)
	m := NewMaker(nil)
	im, err := m.Make(src, webWidths)
	if err != nil {
		t.Fatal(err)
	}
	if im.Width != 2400 || im.Height != 1800 {
		t.Errorf("size %dx%d, want 2400x1800", im.Width, im.Height)
	}
	want := [][2]int{{480, 360}, {800, 600}, {1200, 900}, {1600, 1200}}
	if len(im.Versions) != len(want) {
		t.Fatalf("%d versions, want %d: %+v", len(im.Versions), len(want), im.Versions)
	}
	for i, v := range im.Versions {
		if v.Width != want[i][0] || v.Height != want[i][1] || v.Ext != ".jpg" || v.Key == "" {
			t.Errorf("version %d: %+v, want %dx%d .jpg with a key", i, v, want[i][0], want[i][1])
			continue
		}
		data, ok := m.Data(v)
		if !ok {
			t.Fatalf("version %d has no data", i)
		}
		if b := decode(t, data).Bounds(); b.Dx() != v.Width || b.Dy() != v.Height {
			t.Errorf("version %d decodes to %dx%d, want %dx%d", i, b.Dx(), b.Dy(), v.Width, v.Height)
		}
	}
	if m.Encoded() != 4 || m.Reused() != 0 {
		t.Errorf("encoded %d, reused %d; want 4 and 0", m.Encoded(), m.Reused())
	}
	if small, _ := m.Data(im.Versions[0]); len(small) > 30_000 {
		t.Errorf("the 480 px version is %d bytes; a plain picture that size should be far smaller", len(small))
	}
}

func TestCacheMeansNoEncoding(t *testing.T) {
	src := photo(t, 1000, 700)
	dir := t.TempDir()
	first := NewMaker(DirCache{dir})
	a, err := first.Make(src, webWidths)
	if err != nil {
		t.Fatal(err)
	}
	second := NewMaker(DirCache{dir})
	b, err := second.Make(src, webWidths)
	if err != nil {
		t.Fatal(err)
	}
	if second.Encoded() != 0 || second.Reused() != first.Encoded() {
		t.Errorf("the second run encoded %d and reused %d; want 0 and %d", second.Encoded(), second.Reused(), first.Encoded())
	}
	for i := range a.Versions {
		da, _ := first.Data(a.Versions[i])
		db, _ := second.Data(b.Versions[i])
		if !bytes.Equal(da, db) {
			t.Errorf("version %d differs between runs", i)
		}
	}
	// Without a cache, the same file gives the same bytes too.
	third := NewMaker(nil)
	c, _ := third.Make(src, webWidths)
	for i := range a.Versions {
		da, _ := first.Data(a.Versions[i])
		dc, _ := third.Data(c.Versions[i])
		if !bytes.Equal(da, dc) {
			t.Errorf("version %d is not the same from run to run", i)
		}
	}
}

func TestSmallPictureIsItself(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 300, 200))
	var buf bytes.Buffer
	png.Encode(&buf, img)
	m := NewMaker(nil)
	im, err := m.Make(buf.Bytes(), webWidths)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Versions) != 1 || im.Versions[0] != (Version{Width: 300, Height: 200, Ext: ".png"}) {
		t.Errorf("versions %+v; want only the file itself, 300x200", im.Versions)
	}
	if m.Encoded() != 0 {
		t.Errorf("encoded %d versions of a picture that needs none", m.Encoded())
	}
	// Just wider than a width: no version almost as wide as the file.
	img = image.NewNRGBA(image.Rect(0, 0, 560, 100))
	buf.Reset()
	png.Encode(&buf, img)
	im, _ = m.Make(buf.Bytes(), webWidths)
	if len(im.Versions) != 1 || im.Versions[0].Width != 560 {
		t.Errorf("versions %+v; want only the file itself, 560 wide", im.Versions)
	}
}

func TestOrientationIsApplied(t *testing.T) {
	// Stored 600x400 landscape, to be shown turned a quarter right
	// (orientation 6): upright it is 400x600 and its red corner, stored
	// top left, is top right.
	src := withOrientation(photo(t, 600, 400), 6)
	if o := Orientation(src); o != 6 {
		t.Fatalf("Orientation = %d, want 6", o)
	}
	m := NewMaker(nil)
	im, err := m.Make(src, webWidths)
	if err != nil {
		t.Fatal(err)
	}
	if im.Width != 400 || im.Height != 600 {
		t.Fatalf("upright size %dx%d, want 400x600", im.Width, im.Height)
	}
	v := im.Widest()
	if v.Key == "" || v.Width != 400 || v.Height != 600 {
		t.Fatalf("widest version %+v; want a new 400x600 file, turned upright", v)
	}
	data, _ := m.Data(v)
	img := decode(t, data)
	if b := img.Bounds(); b.Dx() != 400 || b.Dy() != 600 {
		t.Fatalf("decodes to %dx%d", b.Dx(), b.Dy())
	}
	if Orientation(data) != 1 {
		t.Error("the upright version still carries an orientation")
	}
	red := func(x, y int) bool {
		r, _, b, _ := img.At(x, y).RGBA()
		return r > 0xa000 && b < 0x6000
	}
	if !red(390, 10) || red(10, 10) {
		t.Error("the red corner is not top right after turning")
	}
}

func TestOrientationOfBadFiles(t *testing.T) {
	good := withOrientation(photo(t, 20, 10), 3)
	for n := range len(good) {
		if o := Orientation(good[:n]); o < 1 || o > 8 {
			t.Fatalf("Orientation of the first %d bytes = %d", n, o)
		}
	}
	if o := Orientation([]byte("not a jpeg")); o != 1 {
		t.Errorf("Orientation of text = %d, want 1", o)
	}
	if _, err := NewMaker(nil).Make([]byte("GIF89a"), webWidths); err == nil {
		t.Error("Make of a broken file gave no error")
	}
}

func TestTooManyPixels(t *testing.T) {
	// A PNG header that claims 20000×20000 pixels, in a few bytes.
	img := image.NewGray(image.Rect(0, 0, 1, 1))
	var buf bytes.Buffer
	png.Encode(&buf, img)
	data := buf.Bytes()
	binary.BigEndian.PutUint32(data[16:], 20000)
	binary.BigEndian.PutUint32(data[20:], 20000)
	binary.BigEndian.PutUint32(data[29:], crc32.ChecksumIEEE(data[12:29]))
	if _, err := NewMaker(nil).Make(data, webWidths); err != ErrTooLarge {
		t.Errorf("Make of a 400-megapixel picture: %v, want ErrTooLarge", err)
	}
}
