package media

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// TestLocationFixtures: each fixture that carries a GPS position or a
// place says so, the others do not, and no cleaned file does.
func TestLocationFixtures(t *testing.T) {
	want := map[string]string{
		"photo.jpg":  inExif,
		"photo.png":  inExif,
		"photo.webp": inExif,
		"anim.gif":   inXMP,
		"video.mp4":  "in its metadata",
		"video.mov":  "in its metadata",
		"audio.m4a":  "in its metadata",
		"video.webm": "", "audio.mp3": "", "audio.wav": "", "audio.flac": "", "audio.ogg": "", "audio.opus": "", "doc.pdf": "",
	}
	for file, w := range want {
		src, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		if got := Location(file, bytes.NewReader(src), int64(len(src))); got != w {
			t.Errorf("%s: %q, want %q", file, got, w)
		}
		clean, _, err := CleanBytes(file, src)
		if err != nil {
			t.Fatal(err)
		}
		if got := Location(file, bytes.NewReader(clean), int64(len(clean))); got != "" {
			t.Errorf("%s cleaned: %q, want nothing", file, got)
		}
	}
}

// exifJPEG is a JPEG start with an Exif segment whose GPS directory holds
// a latitude of lat degrees, and the end of the image.
func exifJPEG(lat uint32, order binary.ByteOrder) []byte {
	var t bytes.Buffer
	if order == binary.LittleEndian {
		t.WriteString("II*\x00")
	} else {
		t.WriteString("MM\x00*")
	}
	w := func(v any) { binary.Write(&t, order, v) }
	w(uint32(8)) // IFD0 at 8
	w(uint16(1)) // one entry
	w(uint16(0x8825))
	w(uint16(4))
	w(uint32(1))
	w(uint32(26)) // GPS IFD at 26
	w(uint32(0))  // no next IFD
	w(uint16(1))  // GPS IFD: one entry
	w(uint16(2))
	w(uint16(5))
	w(uint32(3))
	w(uint32(44)) // latitude at 44
	w(uint32(0))
	w(lat)
	w(uint32(1))
	w(uint32(0))
	w(uint32(1))
	w(uint32(0))
	w(uint32(1))
	seg := append([]byte("Exif\x00\x00"), t.Bytes()...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1, byte((len(seg) + 2) >> 8), byte(len(seg) + 2)}
	out = append(out, seg...)
	return append(out, 0xFF, 0xD9)
}

// TestLocationExifAndXMP: a position is found in either byte order, and
// not when its values are zero (a camera that had no fix) or empty.
func TestLocationExifAndXMP(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"little-endian Exif", exifJPEG(48, binary.LittleEndian), inExif},
		{"big-endian Exif", exifJPEG(48, binary.BigEndian), inExif},
		{"a GPS directory at zero", exifJPEG(0, binary.LittleEndian), ""},
		{"XMP attribute", []byte("\xff\xd8<x:xmpmeta exif:GPSLatitude=\"48,51.5N\"/>\xff\xd9"), inXMP},
		{"XMP element", []byte("\xff\xd8<exif:GPSLongitude>2,17.7E</exif:GPSLongitude>\xff\xd9"), inXMP},
		{"a drone maker's XMP", []byte("\xff\xd8 drone-dji:GpsLatitude=\"+48.85\" \xff\xd9"), inXMP},
		{"XMP with no value", []byte("\xff\xd8<x:xmpmeta exif:GPSLatitude=\"\"/>\xff\xd9"), ""},
		{"no metadata", []byte("\xff\xd8\xff\xd9"), ""},
	} {
		if got := Location("photo.jpg", bytes.NewReader(tc.data), int64(len(tc.data))); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	// Text and formats dll does not clean are not read.
	if got := Location("notes.txt", bytes.NewReader([]byte("GPSLatitude=\"48\"")), 16); got != "" {
		t.Errorf("a text file: %q", got)
	}
}
