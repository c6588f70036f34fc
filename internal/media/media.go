// Package media removes what a photo file can tell about where and when it
// was taken, and with what: the Exif and XMP metadata of JPEG files (GPS
// position, camera, date) and the metadata chunks of PNG files. The image
// itself is copied byte for byte. It uses the standard library only.
package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"path"
	"strings"
)

// ErrNotImage is returned for data that is not the image its name says.
var ErrNotImage = errors.New("not a readable image")

// CanStrip reports whether Strip can clean a file with this name: JPEG and
// PNG files.
func CanStrip(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png":
		return true
	}
	return false
}

// Strip returns the image in src without its metadata, and the names of
// what it removed (such as "Exif" or "XMP"); none when there was nothing.
// name chooses the format by its extension.
func Strip(name string, src []byte) ([]byte, []string, error) {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg":
		return StripJPEG(src)
	case ".png":
		return StripPNG(src)
	}
	return nil, nil, fmt.Errorf("%s: dll can clean JPEG and PNG files only", name)
}

// JPEG markers.
const (
	markerSOI  = 0xD8
	markerEOI  = 0xD9
	markerSOS  = 0xDA
	markerAPP1 = 0xE1 // Exif, XMP
	markerAPPD = 0xED // Photoshop: IPTC, which can hold place names
)

var (
	exifID = []byte("Exif\x00")
	xmpID  = []byte("http://ns.adobe.com/xap/1.0/")
)

// StripJPEG drops the APP1 segments (Exif and XMP) and APP13 segments
// (Photoshop IPTC) of a JPEG file. The image orientation, which Exif holds,
// is kept in a minimal Exif segment of its own, so that photos taken with a
// phone held upright still show upright.
func StripJPEG(src []byte) ([]byte, []string, error) {
	if len(src) < 4 || src[0] != 0xFF || src[1] != markerSOI {
		return nil, nil, fmt.Errorf("JPEG: %w (no start-of-image marker)", ErrNotImage)
	}
	out := make([]byte, 0, len(src))
	out = append(out, src[:2]...)
	var removed []string
	orientation := 0
	wroteOrientation := false
	i := 2
	for {
		if i >= len(src) {
			return nil, nil, fmt.Errorf("JPEG: %w (it ends before the image data)", ErrNotImage)
		}
		if src[i] != 0xFF {
			return nil, nil, fmt.Errorf("JPEG: %w (bad marker at byte %d)", ErrNotImage, i)
		}
		start := i
		for i < len(src) && src[i] == 0xFF { // fill bytes
			i++
		}
		if i >= len(src) {
			return nil, nil, fmt.Errorf("JPEG: %w (it ends in a marker)", ErrNotImage)
		}
		m := src[i]
		i++
		switch {
		case m == markerEOI:
			out = append(out, 0xFF, m)
			return out, removed, nil
		case m >= 0xD0 && m <= 0xD7 || m == 0x01:
			out = append(out, 0xFF, m)
			continue
		}
		if i+2 > len(src) {
			return nil, nil, fmt.Errorf("JPEG: %w (a segment is cut short)", ErrNotImage)
		}
		n := int(binary.BigEndian.Uint16(src[i:]))
		if n < 2 || i+n > len(src) {
			return nil, nil, fmt.Errorf("JPEG: %w (a segment is cut short)", ErrNotImage)
		}
		body := src[i+2 : i+n]
		end := i + n
		switch m {
		case markerAPP1:
			switch {
			case bytes.HasPrefix(body, exifID):
				removed = appendOnce(removed, "Exif")
				if o := exifOrientation(body[6:]); o > 1 {
					orientation = o
				}
			case bytes.HasPrefix(body, xmpID):
				removed = appendOnce(removed, "XMP")
			default:
				removed = appendOnce(removed, "APP1")
			}
			i = end
			continue
		case markerAPPD:
			removed = appendOnce(removed, "IPTC")
			i = end
			continue
		}
		// The orientation goes before the first segment that is not APP0
		// (JFIF), where Exif belongs.
		if orientation > 1 && !wroteOrientation && m != 0xE0 {
			out = append(out, orientationSegment(orientation)...)
			wroteOrientation = true
		}
		if m == markerSOS {
			// The image data as it is, and nothing after its end: phones
			// append the video of a "motion photo", or more pictures, each
			// with metadata of its own, the place included.
			end := imageEnd(src, start)
			out = append(out, src[start:end]...)
			if end < len(src) {
				removed = appendOnce(removed, "data after the image")
			}
			return out, removed, nil
		}
		out = append(out, src[start:end]...)
		i = end
	}
}

// imageEnd returns where the image that has its first scan at sos ends:
// just after its end-of-image marker, or at the end of src without one. In
// the data of a scan a 0xFF byte is followed by 0x00 or a restart marker;
// any other marker is a segment between the scans of a progressive JPEG
// (tables, the next scan's header), skipped by its length.
func imageEnd(src []byte, sos int) int {
	i := sos
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
			return i + 2
		default:
			if i+4 > len(src) {
				return len(src)
			}
			i += 2 + (int(src[i+2])<<8 | int(src[i+3]))
		}
	}
	return len(src)
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

// orientationSegment is an APP1 Exif segment holding only the orientation.
func orientationSegment(o int) []byte {
	tiff := []byte{
		'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF, first directory at 8
		0, 1, // one entry
		0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(o), 0, 0, // Orientation, SHORT, 1 value
		0, 0, 0, 0, // no next directory
	}
	body := append(append([]byte{}, "Exif\x00\x00"...), tiff...)
	seg := []byte{0xFF, markerAPP1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(body)+2))
	return append(seg, body...)
}

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// pngDropped are the chunks that carry metadata: Exif, and text (which
// cameras and editors use for XMP, dates and places).
var pngDropped = map[string]bool{"eXIf": true, "tEXt": true, "iTXt": true, "zTXt": true}

// StripPNG drops the eXIf, tEXt, iTXt and zTXt chunks of a PNG file, and
// anything after its last chunk.
func StripPNG(src []byte) ([]byte, []string, error) {
	if !bytes.HasPrefix(src, pngSignature) {
		return nil, nil, fmt.Errorf("PNG: %w (no PNG signature)", ErrNotImage)
	}
	out := make([]byte, 0, len(src))
	out = append(out, pngSignature...)
	var removed []string
	i := len(pngSignature)
	for {
		if i+12 > len(src) {
			return nil, nil, fmt.Errorf("PNG: %w (it ends before its last chunk)", ErrNotImage)
		}
		n := int(binary.BigEndian.Uint32(src[i:]))
		if n < 0 || n > len(src)-i-12 {
			return nil, nil, fmt.Errorf("PNG: %w (a chunk is cut short)", ErrNotImage)
		}
		typ := string(src[i+4 : i+8])
		end := i + 12 + n
		if crc32.ChecksumIEEE(src[i+4:i+8+n]) != binary.BigEndian.Uint32(src[i+8+n:]) {
			return nil, nil, fmt.Errorf("PNG: %w (the %q chunk is damaged)", ErrNotImage, typ)
		}
		if pngDropped[typ] {
			removed = appendOnce(removed, typ)
		} else {
			out = append(out, src[i:end]...)
		}
		i = end
		if typ == "IEND" {
			return out, removed, nil
		}
	}
}
