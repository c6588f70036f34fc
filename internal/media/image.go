package media

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
)

// JPEG markers.
const (
	markerSOI   = 0xD8
	markerEOI   = 0xD9
	markerSOS   = 0xDA
	markerAPP0  = 0xE0 // JFIF
	markerAPP1  = 0xE1 // Exif, XMP
	markerAPP2  = 0xE2 // ICC profile; also FlashPix and multi-picture data
	markerAPP14 = 0xEE // Adobe: how to read the colours
	markerCOM   = 0xFE // comment
)

var (
	exifID = []byte("Exif\x00")
	xmpID  = []byte("http://ns.adobe.com/xap/1.0/")
	iccID  = []byte("ICC_PROFILE\x00")
	jfifID = []byte("JFIF\x00")
)

func planJPEG(s *source) (*plan, error) {
	src, err := s.all()
	if err != nil {
		return nil, err
	}
	out, removed, err := StripJPEG(src)
	if err != nil {
		return nil, err
	}
	return whole(out, removed), nil
}

// StripJPEG keeps of a JPEG file's segments only those a browser needs to
// show it: the image data and its tables, the JFIF header (without its
// thumbnail), the colour profile and Adobe's colour transform. Everything
// else goes: Exif (GPS position, camera, dates, thumbnails), XMP, IPTC,
// comments, maker data in other APPn segments, and what follows the image.
// The orientation, which Exif holds, is kept in a minimal Exif segment of
// its own, so that photos taken with a phone held upright still show
// upright.
func StripJPEG(src []byte) ([]byte, []string, error) {
	if len(src) < 4 || src[0] != 0xFF || src[1] != markerSOI {
		return nil, nil, errors.New("no start-of-image marker")
	}
	out := make([]byte, 0, len(src))
	out = append(out, src[:2]...)
	var removed []string
	var icc []iccChunk // where the colour profile's chunks are in out
	orientation := 0
	wroteOrientation := false
	i := 2
	for {
		if i >= len(src) {
			return nil, nil, errors.New("it ends before the image data")
		}
		if src[i] != 0xFF {
			return nil, nil, fmt.Errorf("bad marker at byte %d", i)
		}
		start := i
		for i < len(src) && src[i] == 0xFF { // fill bytes
			i++
		}
		if i >= len(src) {
			return nil, nil, errors.New("it ends in a marker")
		}
		m := src[i]
		i++
		switch {
		case m == markerEOI:
			return nil, nil, errors.New("it ends before the image data")
		case m >= 0xD0 && m <= 0xD7 || m == 0x01:
			out = append(out, 0xFF, m)
			continue
		}
		if i+2 > len(src) {
			return nil, nil, errors.New("a segment is cut short")
		}
		n := int(binary.BigEndian.Uint16(src[i:]))
		if n < 2 || i+n > len(src) {
			return nil, nil, errors.New("a segment is cut short")
		}
		body := src[i+2 : i+n]
		end := i + n
		if what := jpegDropped(m, body); what != "" {
			if m == markerAPP1 && bytes.HasPrefix(body, exifID) && len(body) > 6 {
				if o := exifOrientation(body[6:]); o > 1 {
					orientation = o
				}
			}
			removed = appendOnce(removed, what)
			i = end
			continue
		}
		// The orientation goes before the first segment that is not APP0
		// (JFIF), where Exif belongs.
		if orientation > 1 && !wroteOrientation && m != markerAPP0 {
			out = append(out, orientationSegment(orientation)...)
			wroteOrientation = true
		}
		if m == markerAPP0 && len(body) > 14 {
			// A JFIF header with a thumbnail: keep the header, say there
			// is no thumbnail.
			hdr := append([]byte{}, body[:14]...)
			hdr[12], hdr[13] = 0, 0
			out = append(out, 0xFF, markerAPP0, 0, 16)
			out = append(out, hdr...)
			removed = appendOnce(removed, "thumbnail")
			i = end
			continue
		}
		if m == markerSOS {
			if cleanJPEGICC(out, icc) {
				removed = appendOnce(removed, "colour profile's descriptions")
			}
			// The image data, and nothing after its end: phones append
			// the video of a "motion photo", or more pictures, each with
			// metadata of its own, the place included.
			out, end, removed := scans(src, start, out, removed)
			if end < len(src) {
				removed = appendOnce(removed, "data after the image")
			}
			return out, removed, nil
		}
		if m == markerAPP2 && len(body) > len(iccID)+2 && bytes.HasPrefix(body, iccID) {
			at := len(out) + (i + 2 + len(iccID) + 2 - start)
			icc = append(icc, iccChunk{seq: body[len(iccID)], at: at, n: len(body) - len(iccID) - 2})
		}
		out = append(out, src[start:end]...)
		i = end
	}
}

// iccChunk is one piece of a JPEG's colour profile, which APP2 segments
// hold in numbered pieces of up to 64 KB: its number, and where its bytes
// are.
type iccChunk struct {
	seq   byte
	at, n int
}

// cleanJPEGICC blanks the text of the colour profile whose chunks are in
// out, in place, and reports whether it changed.
func cleanJPEGICC(out []byte, chunks []iccChunk) bool {
	if len(chunks) == 0 {
		return false
	}
	slices.SortStableFunc(chunks, func(a, b iccChunk) int { return int(a.seq) - int(b.seq) })
	var profile []byte
	for _, c := range chunks {
		profile = append(profile, out[c.at:c.at+c.n]...)
	}
	clean, changed := cleanICC(profile)
	if !changed {
		return false
	}
	for _, c := range chunks {
		copy(out[c.at:c.at+c.n], clean[:c.n])
		clean = clean[c.n:]
	}
	return true
}

// jpegDropped says what a segment is when it is left out, or "" when it is
// kept: only what decoding needs is kept.
func jpegDropped(m byte, body []byte) string {
	switch {
	case m == markerAPP0:
		if bytes.HasPrefix(body, jfifID) && len(body) >= 14 {
			return ""
		}
		return "JFIF extension" // JFXX: a thumbnail
	case m == markerAPP1 && bytes.HasPrefix(body, exifID):
		if isOrientationOnly(body) {
			return "" // what dll wrote: clean already
		}
		return "Exif"
	case m == markerAPP1 && bytes.HasPrefix(body, xmpID), m == markerAPP1 && bytes.HasPrefix(body, []byte("http://ns.adobe.com/xmp/extension/")):
		return "XMP"
	case m == markerAPP2 && bytes.HasPrefix(body, iccID):
		return ""
	case m == 0xED:
		return "IPTC"
	case m == markerAPP14:
		return ""
	case m == markerCOM:
		return "comment"
	case m >= markerAPP0 && m <= 0xEF:
		return fmt.Sprintf("APP%d", m-markerAPP0)
	}
	return ""
}

// isOrientationOnly reports whether an Exif segment is the one dll writes,
// which holds the orientation and nothing else.
func isOrientationOnly(body []byte) bool {
	for o := 1; o <= 8; o++ {
		if bytes.Equal(body, orientationSegment(o)[4:]) {
			return true
		}
	}
	return false
}

// scans appends to out the image data that starts with the first scan at
// sos, and returns where it ends: just after its end-of-image marker, or at
// the end of src without one. In the data of a scan a 0xFF byte is
// followed by 0x00 or a restart marker; any other marker is a segment
// between the scans of a progressive JPEG (tables, the next scan's header),
// kept, or one of the segments that hold metadata (Exif, XMP, comments:
// any application segment), which may stand there as well as before the
// image, and go as they do there.
func scans(src []byte, sos int, out []byte, removed []string) ([]byte, int, []string) {
	i, from := sos, sos
	for i+1 < len(src) {
		if src[i] != 0xFF {
			i++
			continue
		}
		m := src[i+1]
		switch {
		case m == 0x00 || m >= 0xD0 && m <= 0xD7:
			i += 2
		case m == 0xFF: // fill byte
			i++
		case m == markerEOI:
			return append(out, src[from:i+2]...), i + 2, removed
		default:
			if i+4 > len(src) {
				return append(out, src[from:]...), len(src), removed
			}
			end := min(i+2+max(int(src[i+2])<<8|int(src[i+3]), 2), len(src))
			if m >= markerAPP0 && m <= 0xEF || m == markerCOM {
				what := jpegDropped(m, src[min(i+4, end):end])
				if what == "" {
					what = fmt.Sprintf("APP%d", m-markerAPP0)
				}
				out = append(out, src[from:i]...)
				removed = appendOnce(removed, what)
				from = end
			}
			i = end
		}
	}
	return append(out, src[from:]...), len(src), removed
}

func appendOnce(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

// exifOrientation reads the Orientation tag (0x0112) of the first image
// directory of an Exif TIFF structure, or returns 0.
func exifOrientation(tiff []byte) int {
	if len(tiff) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	off := int(bo.Uint32(tiff[4:]))
	if off < 8 || off+2 > len(tiff) {
		return 0
	}
	count := int(bo.Uint16(tiff[off:]))
	for k := 0; k < count; k++ {
		e := off + 2 + 12*k
		if e+12 > len(tiff) {
			return 0
		}
		if bo.Uint16(tiff[e:]) == 0x0112 && bo.Uint16(tiff[e+2:]) == 3 {
			if v := int(bo.Uint16(tiff[e+8:])); v >= 1 && v <= 8 {
				return v
			}
		}
	}
	return 0
}

// orientationTIFF is an Exif TIFF structure holding only the orientation.
func orientationTIFF(o int) []byte {
	return []byte{
		'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF, first directory at 8
		0, 1, // one entry
		0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(o), 0, 0, // Orientation, SHORT, 1 value
		0, 0, 0, 0, // no next directory
	}
}

// orientationSegment is an APP1 Exif segment holding only the orientation.
func orientationSegment(o int) []byte {
	body := append([]byte("Exif\x00\x00"), orientationTIFF(o)...)
	seg := []byte{0xFF, markerAPP1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(body)+2))
	return append(seg, body...)
}

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// pngKept are the chunks a PNG keeps besides the critical ones: those that
// change how it looks (transparency, colour, pixel size) and those of
// animated PNG. Every other chunk goes: text (where editors put XMP,
// authors, dates and places), eXIf, tIME, suggested palettes (which have
// a name of their own, and which browsers do not use), and private chunks.
var pngKept = map[string]bool{
	"tRNS": true, "gAMA": true, "cHRM": true, "sRGB": true, "iCCP": true, "sBIT": true, "bKGD": true,
	"pHYs": true, "hIST": true, "cICP": true, "mDCV": true, "cLLI": true,
	"acTL": true, "fcTL": true, "fdAT": true,
}

func planPNG(s *source) (*plan, error) {
	src, err := s.all()
	if err != nil {
		return nil, err
	}
	out, removed, err := StripPNG(src)
	if err != nil {
		return nil, err
	}
	return whole(out, removed), nil
}

// StripPNG keeps a PNG file's critical chunks and those of pngKept, and
// drops every other chunk and anything after the last one. An eXIf chunk's
// orientation is kept in a new eXIf chunk of its own.
func StripPNG(src []byte) ([]byte, []string, error) {
	if !bytes.HasPrefix(src, pngSignature) {
		return nil, nil, errors.New("no PNG signature")
	}
	out := make([]byte, 0, len(src))
	out = append(out, pngSignature...)
	var removed []string
	orientation := 0
	i := len(pngSignature)
	for {
		if i+12 > len(src) {
			return nil, nil, errors.New("it ends before its last chunk")
		}
		n := int(binary.BigEndian.Uint32(src[i:]))
		if n < 0 || n > len(src)-i-12 {
			return nil, nil, errors.New("a chunk is cut short")
		}
		typ := string(src[i+4 : i+8])
		end := i + 12 + n
		if crc32.ChecksumIEEE(src[i+4:i+8+n]) != binary.BigEndian.Uint32(src[i+8+n:]) {
			return nil, nil, fmt.Errorf("the %q chunk is damaged", typ)
		}
		critical := typ[0] >= 'A' && typ[0] <= 'Z'
		switch {
		case typ == "eXIf":
			if o := exifOrientation(src[i+8 : i+8+n]); o > 1 {
				orientation = o
			}
			if !bytes.Equal(src[i+8:i+8+n], orientationTIFF(orientation)) {
				removed = appendOnce(removed, typ)
			}
		case critical && typ != "IHDR" && typ != "PLTE" && typ != "IDAT" && typ != "IEND":
			return nil, nil, fmt.Errorf("it has a %q chunk that browsers cannot read", typ)
		case typ == "iCCP":
			c, changed, err := cleanPNGICC(src[i+8 : i+8+n])
			if err != nil {
				return nil, nil, err
			}
			if changed {
				removed = appendOnce(removed, "colour profile's descriptions")
			}
			out = append(out, pngChunk(typ, c)...)
		case critical || pngKept[typ]:
			if typ == "IDAT" && orientation > 1 {
				// eXIf must come before the image data.
				out = append(out, pngChunk("eXIf", orientationTIFF(orientation))...)
				orientation = 0
			}
			out = append(out, src[i:end]...)
		default:
			removed = appendOnce(removed, typ)
		}
		i = end
		if typ == "IEND" {
			if i < len(src) {
				removed = appendOnce(removed, "data after the image")
			}
			return out, removed, nil
		}
	}
}

// pngProfileName is the name cleanPNGICC gives every colour profile: the
// name a program gave it is free text, which may name a person or a screen.
const pngProfileName = "ICC profile"

// cleanPNGICC returns the data of an iCCP chunk (a name, then the
// compressed profile) with the profile's text blanked and a plain name,
// and whether that changed anything.
func cleanPNGICC(data []byte) ([]byte, bool, error) {
	name, rest, ok := bytes.Cut(data, []byte{0})
	if !ok || len(rest) < 1 || rest[0] != 0 {
		return nil, false, errors.New("its colour profile (iCCP chunk) is damaged")
	}
	zr, err := zlib.NewReader(bytes.NewReader(rest[1:]))
	if err != nil {
		return nil, false, errors.New("its colour profile (iCCP chunk) is damaged")
	}
	profile, err := io.ReadAll(io.LimitReader(zr, maxICC+1))
	if err != nil || len(profile) > maxICC {
		return nil, false, errors.New("its colour profile (iCCP chunk) is damaged or too large")
	}
	clean, changed := cleanICC(profile)
	if !changed && string(name) == pngProfileName {
		return data, false, nil
	}
	var b bytes.Buffer
	b.WriteString(pngProfileName + "\x00\x00")
	zw, _ := zlib.NewWriterLevel(&b, zlib.BestCompression)
	zw.Write(clean)
	zw.Close()
	return b.Bytes(), true, nil
}

// maxICC is the largest colour profile dll reads: the largest in use
// (printers' tables) are a few megabytes.
const maxICC = 16 << 20

func pngChunk(typ string, data []byte) []byte {
	c := make([]byte, 8, 12+len(data))
	binary.BigEndian.PutUint32(c, uint32(len(data)))
	copy(c[4:], typ)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// planGIF keeps a GIF's header, colour tables, images and the extensions
// that animate it (graphic control, the NETSCAPE loop count), and drops
// comments, plain-text and other application extensions (XMP among them).
func planGIF(s *source) (*plan, error) {
	src, err := s.all()
	if err != nil {
		return nil, err
	}
	if len(src) < 13 || !bytes.HasPrefix(src, []byte("GIF87a")) && !bytes.HasPrefix(src, []byte("GIF89a")) {
		return nil, errors.New("no GIF signature")
	}
	out := make([]byte, 0, len(src))
	var removed []string
	i := 13
	if src[10]&0x80 != 0 { // global colour table
		i += 3 << (src[10]&7 + 1)
	}
	if i > len(src) {
		return nil, errors.New("it is cut short")
	}
	out = append(out, src[:i]...)
	// subBlocks returns the end of the data sub-blocks starting at j.
	subBlocks := func(j int) (int, error) {
		for {
			if j >= len(src) {
				return 0, errors.New("it is cut short")
			}
			n := int(src[j])
			j++
			if n == 0 {
				return j, nil
			}
			j += n
		}
	}
	for {
		if i >= len(src) {
			return nil, errors.New("it ends before its trailer")
		}
		switch src[i] {
		case 0x3B: // trailer
			out = append(out, 0x3B)
			if i+1 < len(src) {
				removed = appendOnce(removed, "data after the image")
			}
			return whole(out, removed), nil
		case 0x2C: // image descriptor
			if i+10 > len(src) {
				return nil, errors.New("it is cut short")
			}
			j := i + 10
			if src[i+9]&0x80 != 0 {
				j += 3 << (src[i+9]&7 + 1)
			}
			j++ // LZW minimum code size
			end, err := subBlocks(j)
			if err != nil {
				return nil, err
			}
			out = append(out, src[i:end]...)
			i = end
		case 0x21: // extension
			if i+2 > len(src) {
				return nil, errors.New("it is cut short")
			}
			label := src[i+1]
			end, err := subBlocks(i + 2)
			if err != nil {
				return nil, err
			}
			keep := label == 0xF9 // graphic control: delays, transparency
			if label == 0xFF && end-i >= 14 && src[i+2] == 11 {
				id := string(src[i+3 : i+14])
				keep = id == "NETSCAPE2.0" || id == "ANIMEXTS1.0"
			}
			switch {
			case keep:
				out = append(out, src[i:end]...)
			case label == 0xFE:
				removed = appendOnce(removed, "comment")
			case label == 0xFF && end-i >= 14 && string(src[i+3:i+14]) == "XMP DataXMP":
				removed = appendOnce(removed, "XMP")
			default:
				removed = appendOnce(removed, "extension")
			}
			i = end
		default:
			return nil, fmt.Errorf("unknown block at byte %d", i)
		}
	}
}

// planWebP keeps a WebP's image chunks (VP8, VP8L, ALPH, the animation
// chunks, the colour profile) and drops EXIF, XMP and unknown chunks,
// clearing their flags in the VP8X header. The orientation is not kept:
// browsers do not turn WebP images by their Exif.
func planWebP(s *source) (*plan, error) {
	src, err := s.all()
	if err != nil {
		return nil, err
	}
	if len(src) < 12 || string(src[:4]) != "RIFF" || string(src[8:12]) != "WEBP" {
		return nil, errors.New("no WebP header")
	}
	size := int(binary.LittleEndian.Uint32(src[4:]))
	if size < 4 || 8+size > len(src) {
		return nil, errors.New("it is cut short")
	}
	var removed []string
	if 8+size < len(src) {
		removed = appendOnce(removed, "data after the image")
	}
	body := []byte("WEBP")
	vp8x := -1
	image := false
	for i := 12; i < 8+size; {
		if i+8 > 8+size {
			return nil, errors.New("a chunk is cut short")
		}
		typ := string(src[i : i+4])
		n := int(binary.LittleEndian.Uint32(src[i+4:]))
		end := i + 8 + n + n&1
		if n < 0 || i+8+n > 8+size {
			return nil, errors.New("a chunk is cut short")
		}
		end = min(end, 8+size)
		switch typ {
		case "VP8X":
			if n < 10 {
				return nil, errors.New("its header is damaged")
			}
			vp8x = len(body) + 8
			body = append(body, src[i:end]...)
		case "ICCP":
			c, changed := cleanICC(src[i+8 : i+8+n])
			if changed {
				removed = appendOnce(removed, "colour profile's descriptions")
			}
			body = append(body, src[i:i+8]...)
			body = append(body, c...)
			body = append(body, src[i+8+n:end]...)
		case "VP8 ", "VP8L", "ALPH", "ANIM", "ANMF":
			image = image || typ != "ANIM"
			body = append(body, src[i:end]...)
		case "EXIF":
			removed = appendOnce(removed, "Exif")
		case "XMP ":
			removed = appendOnce(removed, "XMP")
		default:
			removed = appendOnce(removed, typ)
		}
		i = end
	}
	if !image {
		return nil, errors.New("it holds no image")
	}
	if vp8x >= 0 {
		body[vp8x] &^= 0x08 | 0x04 // the EXIF and XMP flags
	}
	out := make([]byte, 0, 8+len(body))
	out = append(out, "RIFF"...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(body)))
	out = append(out, body...)
	return whole(out, removed), nil
}
