package media

import (
	"bytes"
	"encoding/binary"
)

// A colour profile (ICC) tells a browser how to show a picture's colours,
// and is kept. Besides the colours it holds text: a description, a
// copyright, the maker and model of the camera, scanner or screen it was
// made for (a monitor's profile on a screenshot names the screen), the
// program that made it and when. cleanICC blanks that text in place, so
// that the profile keeps its length and its colours.

// iccTextTypes are the tag types that hold only text for people: their
// contents are blanked wherever they are used (desc, cprt, dmnd, dmdd,
// vued, targ, meta, pseq...).
var iccTextTypes = map[string]bool{
	"desc": true, // textDescriptionType (version 2)
	"mluc": true, // multiLocalizedUnicodeType (version 4)
	"text": true, // textType
	"dict": true, // dictType (the metadata tag)
	"pseq": true, // profileSequenceDescType: makers, models, descriptions
	"psid": true, // profileSequenceIdentifierType
	"dtim": true, // dateTimeType (the calibration date)
}

// cleanICC returns the profile p with its text, dates, maker, model and
// creator blanked, and whether anything changed. A profile it cannot read
// is returned as it is, with false: browsers ignore a broken profile too.
func cleanICC(p []byte) ([]byte, bool) {
	if len(p) < 132 || string(p[36:40]) != "acsp" {
		return p, false
	}
	out := bytes.Clone(p)
	// The header's date, device maker and model, creator and the profile
	// ID, a checksum of the rest that no longer holds once it changes.
	for _, r := range [][2]int{{24, 36}, {48, 56}, {80, 100}} {
		clear(out[r[0]:r[1]])
	}
	n := int(binary.BigEndian.Uint32(p[128:]))
	if n > (len(p)-132)/12 {
		return p, false
	}
	for i := range n {
		e := p[132+12*i:]
		off, size := int(binary.BigEndian.Uint32(e[4:])), int(binary.BigEndian.Uint32(e[8:]))
		if off < 128 || size < 8 || off > len(p)-size {
			continue
		}
		tag := out[off : off+size]
		switch typ := string(p[off : off+4]); {
		case typ == "mluc":
			blankMLUC(tag)
		case typ == "desc" && size >= 12+1+8+3+67:
			// An empty description: the ASCII part holds only its
			// terminating zero, the Unicode and ScriptCode parts nothing.
			clear(tag[8:])
			tag[11] = 1
		case iccTextTypes[typ]:
			clear(tag[8:])
		}
	}
	return out, !bytes.Equal(out, p)
}

// blankMLUC empties each string of a multiLocalizedUnicodeType tag, keeping
// its records.
func blankMLUC(tag []byte) {
	if len(tag) < 16 {
		return
	}
	n, recLen := int(binary.BigEndian.Uint32(tag[8:])), int(binary.BigEndian.Uint32(tag[12:]))
	if recLen < 12 || n > (len(tag)-16)/recLen {
		clear(tag[8:])
		return
	}
	for i := range n {
		rec := tag[16+recLen*i:]
		length, off := int(binary.BigEndian.Uint32(rec[4:])), int(binary.BigEndian.Uint32(rec[8:]))
		if off >= 0 && length >= 0 && off <= len(tag) && length <= len(tag)-off {
			clear(tag[off : off+length])
		}
		clear(rec[4:8]) // an empty string
	}
}
