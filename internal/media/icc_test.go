package media

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"image/png"
	"io"
	"slices"
	"testing"
	"unicode/utf16"
)

// testProfile is a colour profile as a screen's or a phone's: a
// description (version 2 text), a copyright, the device model in version 4
// Unicode, a date and a maker in its header, and one colour tag, which must
// not change.
func testProfile() (profile, colour []byte) {
	desc := append([]byte("desc\x00\x00\x00\x00\x00\x00\x00\x13DESC-SECRET screen\x00"), make([]byte, 4+4+2+1+67)...)
	cprt := []byte("text\x00\x00\x00\x00COPYRIGHT-SECRET A. Student\x00")
	model := utf16.Encode([]rune("MODEL-SECRET"))
	mluc := []byte("mluc\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x0cenUS")
	mluc = binary.BigEndian.AppendUint32(mluc, uint32(2*len(model)))
	mluc = binary.BigEndian.AppendUint32(mluc, 28)
	for _, u := range model {
		mluc = binary.BigEndian.AppendUint16(mluc, u)
	}
	colour = []byte("XYZ \x00\x00\x00\x00\x00\x00\xf6\xd6\x00\x01\x00\x00\x00\x00\xd3\x2d")
	tags := []struct {
		sig  string
		data []byte
	}{{"desc", desc}, {"cprt", cprt}, {"dmdd", mluc}, {"wtpt", colour}}
	header := make([]byte, 128)
	copy(header[4:], "lcms")
	copy(header[12:], "mntrRGB XYZ ")
	copy(header[24:], "\x07\xe8\x00\x01\x00\x02\x00\x03\x00\x04\x00\x05") // 2024-01-02 03:04:05
	copy(header[36:], "acspAPPL")
	copy(header[48:], "SMKRSMOD") // device maker and model
	copy(header[80:], "SECR")
	table := binary.BigEndian.AppendUint32(nil, uint32(len(tags)))
	var data []byte
	off := 128 + 4 + 12*len(tags)
	for _, t := range tags {
		table = append(table, t.sig...)
		table = binary.BigEndian.AppendUint32(table, uint32(off+len(data)))
		table = binary.BigEndian.AppendUint32(table, uint32(len(t.data)))
		data = append(data, t.data...)
		for len(data)%4 != 0 {
			data = append(data, 0)
		}
	}
	profile = slices.Concat(header, table, data)
	binary.BigEndian.PutUint32(profile, uint32(len(profile)))
	return profile, colour
}

// secretIn reports whether b holds a secret of the test profile, in ASCII
// or in UTF-16.
func secretIn(b []byte) bool {
	utf := make([]byte, 0, 24)
	for _, c := range "MODEL-SECRET" {
		utf = append(utf, 0, byte(c))
	}
	return bytes.Contains(b, []byte("SECRET")) || bytes.Contains(b, utf) || bytes.Contains(b, []byte("SMKR"))
}

func TestCleanICC(t *testing.T) {
	p, colour := testProfile()
	if !secretIn(p) {
		t.Fatal("the test profile holds no secret")
	}
	out, changed := cleanICC(p)
	if !changed || secretIn(out) || len(out) != len(p) {
		t.Fatalf("changed %v, %d bytes of %d, a secret left: %v", changed, len(out), len(p), secretIn(out))
	}
	if !bytes.Contains(out, colour) {
		t.Error("the colour tag changed")
	}
	if !bytes.Equal(out[24:36], make([]byte, 12)) {
		t.Error("the profile's date is still there")
	}
	if again, changed := cleanICC(out); changed || !bytes.Equal(again, out) {
		t.Error("cleaning a clean profile changes it")
	}
	if _, changed := cleanICC([]byte("not a profile")); changed {
		t.Error("something that is not a profile was changed")
	}
}

// TestStripColourProfiles: a picture keeps its colour profile, in JPEG (in
// two pieces, stored out of order), PNG and WebP, with the profile's text
// blanked and the PNG profile's name replaced.
func TestStripColourProfiles(t *testing.T) {
	p, colour := testProfile()
	want, _ := cleanICC(p)
	half := len(p) / 2
	piece := func(seq byte, b []byte) []byte {
		return segment(markerAPP2, slices.Concat(iccID, []byte{seq, 2}, b))
	}
	jpg, removed, err := StripJPEG(withSegments(t, piece(2, p[half:]), piece(1, p[:half])))
	if err != nil {
		t.Fatal(err)
	}
	if secretIn(jpg) || !bytes.Contains(jpg, want[:half]) || !bytes.Contains(jpg, want[half:]) || !slices.Contains(removed, "colour profile's descriptions") {
		t.Errorf("JPEG: the profile was not cleaned in place (removed %v)", removed)
	}

	var pb bytes.Buffer
	zw := zlib.NewWriter(&pb)
	zw.Write(p)
	zw.Close()
	var pngFile bytes.Buffer
	if err := png.Encode(&pngFile, testImage()); err != nil {
		t.Fatal(err)
	}
	src := pngFile.Bytes()
	iccp := pngChunk("iCCP", slices.Concat([]byte("A. Student's screen\x00\x00"), pb.Bytes()))
	src = slices.Concat(src[:33], iccp, src[33:]) // after IHDR
	out, removed, err := StripPNG(src)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(out, []byte("iCCP"))
	if i < 0 {
		t.Fatal("PNG: the profile is gone")
	}
	n := int(binary.BigEndian.Uint32(out[i-4:]))
	name, rest, _ := bytes.Cut(out[i+4:i+4+n], []byte{0})
	zr, err := zlib.NewReader(bytes.NewReader(rest[1:]))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if string(name) != "ICC profile" || !bytes.Equal(got, want) || bytes.Contains(out, []byte("Student")) || !slices.Contains(removed, "colour profile's descriptions") {
		t.Errorf("PNG: profile %q, cleaned %v, removed %v", name, bytes.Equal(got, want), removed)
	}
	if !bytes.Contains(got, colour) {
		t.Error("PNG: the colour tag changed")
	}
	if again, removed, _ := StripPNG(out); !bytes.Equal(again, out) || len(removed) > 0 {
		t.Errorf("PNG: cleaning a clean file again removes %v", removed)
	}
}
