package media

import (
	"bytes"
	"encoding/binary"
	"io"
	"regexp"
)

// Location says how a file records the place it was made, as a phone or
// camera writes it: "as a GPS position in its Exif data" (or XMP data)
// for a photo, "in its metadata" or "in a GPS track" for a video. It
// returns "" when the file records none, or is not a photo or video dll
// can read. The
// build publishes files without it; the file itself keeps it until it is
// cleaned (dll strip).
func Location(name string, r io.ReaderAt, size int64) string {
	f := Lookup(name)
	if f.Action != Clean {
		return ""
	}
	s := &source{r: r, size: size}
	switch f.Kind {
	case Image:
		if size > maxInMemory {
			return ""
		}
		data, err := s.all()
		if err != nil {
			return ""
		}
		return imageLocation(data)
	case Video, Audio:
		if f.plan == nil || (f.Exts[0] != ".mp4" && f.Exts[0] != ".mov" && f.Exts[0] != ".m4a") {
			return ""
		}
		return bmffLocation(s)
	}
	return ""
}

const (
	inExif = "as a GPS position in its Exif data"
	inXMP  = "as a GPS position in its XMP data"
)

// imageLocation finds a position in a JPEG, PNG, WebP or GIF file, held
// in memory: in every Exif block (a JPEG's, one in a second picture
// appended to it, a PNG's eXIf chunk, a WebP's EXIF chunk), then in XMP,
// which is text.
func imageLocation(data []byte) string {
	var tiffs [][]byte
	for rest := data; ; {
		i := bytes.Index(rest, []byte("Exif\x00\x00"))
		if i < 0 {
			break
		}
		rest = rest[i+6:]
		tiffs = append(tiffs, rest)
	}
	switch {
	case bytes.HasPrefix(data, pngSignature):
		for i := len(pngSignature); i+12 <= len(data); {
			n := int(binary.BigEndian.Uint32(data[i:]))
			if n < 0 || n > len(data)-i-12 {
				break
			}
			if string(data[i+4:i+8]) == "eXIf" {
				tiffs = append(tiffs, data[i+8:i+8+n])
			}
			i += 12 + n
		}
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		for i := 12; i+8 <= len(data); {
			n := int(binary.LittleEndian.Uint32(data[i+4:]))
			if n < 0 || n > len(data)-i-8 {
				break
			}
			if string(data[i:i+4]) == "EXIF" {
				tiffs = append(tiffs, data[i+8:i+8+n])
			}
			i += 8 + n + n&1
		}
	}
	for _, t := range tiffs {
		if exifHasGPS(t) {
			return inExif
		}
	}
	if xmpGPS.Match(data) {
		return inXMP
	}
	return ""
}

// xmpGPS matches a latitude or longitude with a value in XMP, as an
// attribute or an element, in Exif's namespace or a drone maker's.
var xmpGPS = regexp.MustCompile(`(?i)gps(latitude|longitude)\s*(=\s*("[^"\s]+[^"]*"|'[^'\s]+[^']*')|>\s*[^<\s]+)`)

// exifHasGPS reports whether the TIFF structure of an Exif block has a
// GPS directory with a latitude or a longitude that is not zero.
func exifHasGPS(t []byte) bool {
	if len(t) < 8 {
		return false
	}
	var bo binary.ByteOrder
	switch string(t[:4]) {
	case "II*\x00":
		bo = binary.LittleEndian
	case "MM\x00*":
		bo = binary.BigEndian
	default:
		return false
	}
	gps := -1
	for _, e := range ifdEntries(t, bo, int(bo.Uint32(t[4:]))) {
		if e.tag == 0x8825 {
			gps = int(e.value)
		}
	}
	if gps < 0 {
		return false
	}
	for _, e := range ifdEntries(t, bo, gps) {
		// GPSLatitude (2) and GPSLongitude (4): three rationals each.
		if (e.tag == 2 || e.tag == 4) && e.typ == 5 && e.count == 3 {
			off := int(e.value)
			if off < 0 || off+24 > len(t) {
				continue
			}
			for k := 0; k < 3; k++ {
				if bo.Uint32(t[off+8*k:]) != 0 {
					return true
				}
			}
		}
	}
	return false
}

type ifdEntry struct {
	tag, typ     uint16
	count, value uint32
}

// ifdEntries reads the entries of the directory at off in t.
func ifdEntries(t []byte, bo binary.ByteOrder, off int) []ifdEntry {
	if off < 8 || off+2 > len(t) {
		return nil
	}
	n := int(bo.Uint16(t[off:]))
	var out []ifdEntry
	for k := 0; k < n; k++ {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			break
		}
		out = append(out, ifdEntry{tag: bo.Uint16(t[e:]), typ: bo.Uint16(t[e+2:]), count: bo.Uint32(t[e+4:]), value: bo.Uint32(t[e+8:])})
	}
	return out
}

// bmffContainers are the boxes of an MP4 or QuickTime file that hold
// others, where a place can be recorded.
var bmffContainers = map[string]bool{"moov": true, "trak": true, "mdia": true, "minf": true, "stbl": true, "udta": true, "meta": true, "ilst": true, "edts": true}

// bmffLocation finds the place of a video or recording: Apple's ©xyz and
// its location key (ISO 6709), 3GPP's loci, or a GPS track (GoPro's gpmd,
// camm).
func bmffLocation(s *source) string {
	var found string
	var walk func(off, end int64, depth int)
	walk = func(off, end int64, depth int) {
		for off+8 <= end && found == "" && depth < 16 {
			b, err := readBox(s, off, end)
			if err != nil {
				return
			}
			switch b.typ {
			case "\xa9xyz", "loci":
				if b.bodyEnd-b.bodyOff > 4 {
					found = "in its metadata"
				}
			case "keys":
				if body, err := s.at(b.bodyOff, min(b.bodyEnd-b.bodyOff, 1<<20)); err == nil && bytes.Contains(body, []byte("location.ISO6709")) {
					found = "in its metadata"
				}
			case "stsd":
				if body, err := s.at(b.bodyOff, min(b.bodyEnd-b.bodyOff, 1<<16)); err == nil && len(body) >= 16 {
					if t := string(body[12:16]); t == "gpmd" || t == "camm" {
						found = "in a GPS track"
					}
				}
			case "meta":
				// A full box in MP4 (version and flags first), a plain one
				// in QuickTime.
				start := b.bodyOff
				if h, err := s.at(start, 4); err == nil && binary.BigEndian.Uint32(h) == 0 {
					start += 4
				}
				walk(start, b.bodyEnd, depth+1)
			default:
				if bmffContainers[b.typ] {
					walk(b.bodyOff, b.bodyEnd, depth+1)
				}
			}
			off += b.size
		}
	}
	walk(0, s.size, 0)
	return found
}
