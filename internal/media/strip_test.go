package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"slices"
	"testing"
)

func testImage() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for y := range 24 {
		for x := range 32 {
			img.Set(x, y, color.RGBA{uint8(x * 8), uint8(y * 10), 128, 255})
		}
	}
	return img
}

// gpsExif is an Exif segment as a phone writes it: orientation 6 (rotated)
// and a GPS directory with a latitude reference.
func gpsExif() []byte {
	var t bytes.Buffer
	t.WriteString("II*\x00")
	binary.Write(&t, binary.LittleEndian, uint32(8))
	binary.Write(&t, binary.LittleEndian, uint16(2)) // two entries
	// Orientation = 6
	binary.Write(&t, binary.LittleEndian, []uint16{0x0112, 3})
	binary.Write(&t, binary.LittleEndian, uint32(1))
	binary.Write(&t, binary.LittleEndian, []uint16{6, 0})
	// GPS IFD pointer
	binary.Write(&t, binary.LittleEndian, []uint16{0x8825, 4})
	binary.Write(&t, binary.LittleEndian, uint32(1))
	binary.Write(&t, binary.LittleEndian, uint32(38))
	binary.Write(&t, binary.LittleEndian, uint32(0)) // next IFD
	// GPS IFD at 38: GPSLatitudeRef = "N", and a marker text to look for
	binary.Write(&t, binary.LittleEndian, uint16(1))
	binary.Write(&t, binary.LittleEndian, []uint16{0x0001, 2})
	binary.Write(&t, binary.LittleEndian, uint32(2))
	t.WriteString("N\x00\x00\x00")
	binary.Write(&t, binary.LittleEndian, uint32(0))
	t.WriteString("GPS-SECRET-48.8584N")
	return segment(0xE1, append([]byte("Exif\x00\x00"), t.Bytes()...))
}

func segment(marker byte, body []byte) []byte {
	s := []byte{0xFF, marker, 0, 0}
	binary.BigEndian.PutUint16(s[2:], uint16(len(body)+2))
	return append(s, body...)
}

// withSegments puts segments right after a real JPEG's start marker (and
// its JFIF segment).
func withSegments(t *testing.T, segs ...[]byte) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, testImage(), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	src := b.Bytes()
	out := append([]byte{}, src[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, src[2:]...)
}

func decodeJPEG(t *testing.T, src []byte) image.Image {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(src))
	if err != nil {
		t.Fatalf("the JPEG does not decode: %v", err)
	}
	return img
}

func samePixels(t *testing.T, a, b image.Image) {
	t.Helper()
	if a.Bounds() != b.Bounds() {
		t.Fatalf("bounds %v and %v", a.Bounds(), b.Bounds())
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				t.Fatalf("pixel %d,%d differs", x, y)
			}
		}
	}
}

func TestStripJPEG(t *testing.T) {
	xmp := segment(0xE1, append(append([]byte{}, xmpID...), "\x00<x:xmpmeta><exif:GPSLatitude>XMP-SECRET</exif:GPSLatitude></x:xmpmeta>"...))
	iptc := segment(0xED, []byte("Photoshop 3.0\x008BIM IPTC-SECRET Paris"))
	src := withSegments(t, gpsExif(), xmp, iptc)
	out, removed, err := StripJPEG(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"GPS-SECRET", "XMP-SECRET", "IPTC-SECRET"} {
		if !bytes.Contains(src, []byte(secret)) {
			t.Fatalf("the test file lacks %s", secret)
		}
		if bytes.Contains(out, []byte(secret)) {
			t.Errorf("%s is still in the cleaned file", secret)
		}
	}
	if want := []string{"Exif", "XMP", "IPTC"}; !slices.Equal(removed, want) {
		t.Errorf("removed %v, want %v", removed, want)
	}
	samePixels(t, decodeJPEG(t, src), decodeJPEG(t, out))
	// The orientation survives, alone in its own Exif segment.
	if o := orientationOf(t, out); o != 6 {
		t.Errorf("orientation %d after cleaning, want 6", o)
	}
	// Cleaning again finds only the orientation segment and keeps it.
	again, _, err := StripJPEG(out)
	if err != nil || orientationOf(t, again) != 6 {
		t.Errorf("cleaning twice: %v, orientation %d", err, orientationOf(t, again))
	}
}

// orientationOf returns the orientation in a JPEG's Exif, or 0.
func orientationOf(t *testing.T, src []byte) int {
	i := 2
	for i+4 <= len(src) && src[i] == 0xFF && src[i+1] != markerSOS {
		n := int(binary.BigEndian.Uint16(src[i+2:]))
		body := src[i+4 : i+2+n]
		if src[i+1] == markerAPP1 && bytes.HasPrefix(body, exifID) {
			return exifOrientation(body[6:])
		}
		i += 2 + n
	}
	return 0
}

func TestStripJPEGWithoutMetadata(t *testing.T) {
	src := withSegments(t)
	out, removed, err := StripJPEG(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(removed) != 0 || !bytes.Equal(out, src) {
		t.Errorf("a clean file was changed (removed %v)", removed)
	}
}

func TestStripRefusesBrokenFiles(t *testing.T) {
	good := withSegments(t, gpsExif())
	var pb bytes.Buffer
	png.Encode(&pb, testImage())
	for name, tc := range map[string]struct {
		name string
		src  []byte
	}{
		"not a jpeg":        {"a.jpg", []byte("hello, world")},
		"cut in a segment":  {"a.jpg", good[:10]},
		"cut before data":   {"a.jpg", good[:2+len(gpsExif())]},
		"png without IEND":  {"a.png", pb.Bytes()[:pb.Len()-12]},
		"png damaged chunk": {"a.png", flip(pb.Bytes(), 40)},
		"empty png":         {"a.png", nil},
	} {
		if _, _, err := CleanBytes(tc.name, tc.src); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: err = %v, want ErrDamaged", name, err)
		}
	}
}

func flip(b []byte, i int) []byte {
	c := append([]byte{}, b...)
	c[i] ^= 0xFF
	return c
}

func chunk(typ string, data []byte) []byte {
	c := make([]byte, 8, 12+len(data))
	binary.BigEndian.PutUint32(c, uint32(len(data)))
	copy(c[4:], typ)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

func chunkTypes(t *testing.T, src []byte) []string {
	var types []string
	for i := 8; i+8 <= len(src); {
		n := int(binary.BigEndian.Uint32(src[i:]))
		types = append(types, string(src[i+4:i+8]))
		i += 12 + n
	}
	return types
}

func TestStripPNG(t *testing.T) {
	var b bytes.Buffer
	if err := png.Encode(&b, testImage()); err != nil {
		t.Fatal(err)
	}
	clean := b.Bytes()
	// Insert metadata chunks after IHDR (8 + 25 bytes), and junk after IEND.
	ihdrEnd := 8 + 25
	var src []byte
	src = append(src, clean[:ihdrEnd]...)
	src = append(src, chunk("tEXt", []byte("Location\x00TEXT-SECRET 48.8584 N"))...)
	src = append(src, chunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00<exif:GPSLatitude>ITXT-SECRET</exif:GPSLatitude>"))...)
	src = append(src, chunk("zTXt", []byte("Comment\x00\x00x\x9c\x03\x00\x00\x00\x00\x01"))...)
	src = append(src, chunk("eXIf", gpsExif()[10:])...)
	src = append(src, chunk("sPLT", []byte("SPLT-SECRET A. Student's palette\x00\x08\x01\x02\x03\xff\x00\x01"))...)
	src = append(src, clean[ihdrEnd:]...)
	src = append(src, "TRAILING-SECRET"...)
	if _, err := png.Decode(bytes.NewReader(src)); err != nil {
		t.Fatalf("the test file does not decode: %v", err)
	}

	out, removed, err := CleanBytes("photo.PNG", src)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"TEXT-SECRET", "ITXT-SECRET", "GPS-SECRET", "SPLT-SECRET", "TRAILING-SECRET"} {
		if bytes.Contains(out, []byte(secret)) {
			t.Errorf("%s is still in the cleaned file", secret)
		}
	}
	if want := []string{"tEXt", "iTXt", "zTXt", "eXIf", "sPLT", "data after the image"}; !slices.Equal(removed, want) {
		t.Errorf("removed %v, want %v", removed, want)
	}
	// The clean file's chunks, with the orientation (6) in an eXIf chunk
	// of its own before the image data.
	idat := bytes.Index(clean, []byte("IDAT")) - 4
	want := append(append(append([]byte{}, clean[:idat]...), pngChunk("eXIf", orientationTIFF(6))...), clean[idat:]...)
	if !bytes.Equal(out, want) {
		t.Errorf("the cleaned file has chunks %v, want %v", chunkTypes(t, out), chunkTypes(t, want))
	}
	a, _ := png.Decode(bytes.NewReader(src))
	c, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	samePixels(t, a, c)
}

// FuzzClean: no input makes a cleaner panic, and what a cleaner accepts
// it accepts again, unchanged, once cleaned.
func FuzzClean(f *testing.F) {
	names := []string{"a.jpg", "a.png", "a.gif", "a.webp", "a.mp4", "a.webm", "a.mp3", "a.wav", "a.flac", "a.ogg", "a.pdf", "a.txt"}
	for i, n := range names {
		if data, err := os.ReadFile("testdata/" + fixtureFor(n)); err == nil {
			f.Add(data, uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, src []byte, which uint8) {
		name := names[int(which)%len(names)]
		out, _, err := CleanBytes(name, src)
		if err != nil {
			var me *Error
			if !errors.As(err, &me) {
				t.Fatalf("%s: an error that is not a *media.Error: %v", name, err)
			}
			return
		}
		again, removed, err := CleanBytes(name, out)
		if err != nil || !bytes.Equal(again, out) {
			t.Errorf("%s: cleaning the cleaned file again: %v, removed %v, same %v", name, err, removed, bytes.Equal(again, out))
		}
	})
}

// TestStripJPEGCutsWhatFollowsTheImage: a motion photo's video, or a
// second picture with its own Exif, after the end of the image is left
// out; the image itself, progressive scans and restart markers included,
// is kept whole.
func TestStripJPEGCutsWhatFollowsTheImage(t *testing.T) {
	trailer := append([]byte("\x00\x00\x00\x18ftypmp42"), gpsExif()...)
	src := append(withSegments(t), trailer...)
	out, removed, err := StripJPEG(src)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("GPS-SECRET")) || bytes.Contains(out, []byte("ftypmp42")) {
		t.Error("what followed the image is still in the cleaned file")
	}
	if !slices.Equal(removed, []string{"data after the image"}) {
		t.Errorf("removed %v", removed)
	}
	samePixels(t, decodeJPEG(t, withSegments(t)), decodeJPEG(t, out))

	// A progressive image made by hand: two scans with a table between
	// them whose bytes hold FF D9, stuffed FF 00 and a restart marker in
	// the data, then the end, then a trailer.
	var p []byte
	p = append(p, 0xFF, markerSOI)
	p = append(p, segment(0xC2, []byte{8, 0, 1, 0, 1, 1, 1, 0x11, 0})...) // SOF2
	p = append(p, segment(markerSOS, []byte{1, 1, 0, 0, 0, 0})...)
	p = append(p, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD3, 0x56)            // data, stuffing, RST3
	p = append(p, segment(0xC4, []byte{0x10, 0xFF, 0xD9, 0x01, 2})...) // DHT holding FF D9
	p = append(p, segment(markerSOS, []byte{1, 1, 0, 0, 0, 0})...)
	p = append(p, 0x78, 0xFF, 0x00, 0x9A, 0xFF, 0xFF, markerEOI) // a fill byte before the end
	whole := len(p)
	p = append(p, "MOTION-PHOTO-VIDEO"...)
	out, removed, err = StripJPEG(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, p[:whole]) {
		t.Errorf("progressive image: kept %d bytes, want the %d of the image\n% x", len(out), whole, out)
	}
	if !slices.Equal(removed, []string{"data after the image"}) {
		t.Errorf("progressive image: removed %v", removed)
	}
	// Without a trailer nothing is said to be removed.
	if _, removed, _ := StripJPEG(p[:whole]); len(removed) != 0 {
		t.Errorf("an image with nothing after it: removed %v", removed)
	}
}

// TestStripJPEGBetweenScans: Exif, XMP and comments may stand between the
// scans of a progressive image, or after the last one, as well as before
// the image: there they go too, and the scans and their tables stay.
func TestStripJPEGBetweenScans(t *testing.T) {
	var p, want []byte
	add := func(b []byte, kept bool) {
		p = append(p, b...)
		if kept {
			want = append(want, b...)
		}
	}
	add([]byte{0xFF, markerSOI}, true)
	add(segment(0xC2, []byte{8, 0, 1, 0, 1, 1, 1, 0x11, 0}), true) // SOF2
	add(segment(markerSOS, []byte{1, 1, 0, 0, 0, 0}), true)
	add([]byte{0x12, 0xFF, 0x00, 0x34}, true)
	add(gpsExif(), false)
	add(segment(markerCOM, []byte("COMMENT-SECRET")), false)
	add(segment(0xC4, []byte{0x10, 0x01, 2}), true) // DHT
	add(segment(markerSOS, []byte{1, 1, 0, 0, 0, 0}), true)
	add([]byte{0x78, 0x9A}, true)
	add(segment(0xE1, append(append([]byte{}, xmpID...), "\x00XMP-SECRET"...)), false)
	add(segment(0xEB, []byte("JUMBF-SECRET")), false)
	add([]byte{0xFF, markerEOI}, true)
	out, removed, err := StripJPEG(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, want) {
		t.Errorf("kept\n% x\nwant\n% x", out, want)
	}
	if w := []string{"Exif", "comment", "XMP", "APP11"}; !slices.Equal(removed, w) {
		t.Errorf("removed %v, want %v", removed, w)
	}
}

// minimalPDF is a one-page PDF that shows the JPEG file jpg as it is.
func minimalPDF(jpg []byte) []byte {
	content := "q 32 0 0 24 10 10 cm /Im1 Do Q"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width 32 /Height 24 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter [/DCTDecode] /Length %d >>\nstream\n%s\nendstream", len(jpg), jpg),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	var offsets []int
	for i, o := range objs {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// TestCleanPDFPictures: a photo placed in a PDF (as scanning apps and
// "print to PDF" do, byte for byte) loses its Exif, XMP and comments as a
// photo published on its own does, and still shows the same picture.
func TestCleanPDFPictures(t *testing.T) {
	xmp := segment(0xE1, append(append([]byte{}, xmpID...), "\x00<x:xmpmeta>XMP-SECRET</x:xmpmeta>"...))
	photo := withSegments(t, gpsExif(), xmp, segment(markerCOM, []byte("COMMENT-SECRET")))
	out, removed, err := CleanBytes("scan.pdf", minimalPDF(photo))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"GPS-SECRET", "XMP-SECRET", "COMMENT-SECRET"} {
		if bytes.Contains(out, []byte(secret)) {
			t.Errorf("%s is still in the cleaned PDF", secret)
		}
	}
	if want := []string{"Exif of a picture", "XMP of a picture", "comment of a picture"}; !slices.Equal(removed, want) {
		t.Errorf("removed %v, want %v", removed, want)
	}
	start := bytes.Index(out, []byte{0xFF, markerSOI})
	end := bytes.LastIndex(out, []byte{0xFF, markerEOI})
	if start < 0 || end < start {
		t.Fatal("the picture is not in the cleaned PDF")
	}
	samePixels(t, decodeJPEG(t, photo), decodeJPEG(t, out[start:end+2]))
}

// TestCleanPDFScripts: the scripts a PDF viewer would run (on opening the
// document, in its list of scripts, on opening a page) are left out.
func TestCleanPDFScripts(t *testing.T) {
	pdf := minimalPDF(withSegments(t))
	pdf = bytes.Replace(pdf, []byte("<< /Type /Catalog /Pages 2 0 R >>"),
		[]byte("<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert('SCRIPT-SECRET')) >> /Names << /JavaScript << /Names [(a) << /S /JavaScript /JS (NAMED-SECRET) >>] >> >> >>"), 1)
	pdf = bytes.Replace(pdf, []byte("/Type /Page /Parent 2 0 R"), []byte("/Type /Page /AA << /O << /S /JavaScript /JS (PAGE-SECRET) >> >> /Parent 2 0 R"), 1)
	// The offsets of the index no longer hold; a PDF reader finds the
	// objects anyway, as pdfcpu does.
	out, removed, err := CleanBytes("doc.pdf", pdf)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"SCRIPT-SECRET", "NAMED-SECRET", "PAGE-SECRET"} {
		if !bytes.Contains(pdf, []byte(secret)) {
			t.Fatalf("the test file lacks %s", secret)
		}
		if bytes.Contains(out, []byte(secret)) {
			t.Errorf("%s is still in the cleaned PDF", secret)
		}
	}
	if !slices.Contains(removed, "scripts") {
		t.Errorf("removed %v", removed)
	}
}
