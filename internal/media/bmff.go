package media

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// MP4, MOV and M4A files are trees of boxes (ISO/IEC 14496-12, QuickTime).
// Metadata lives in boxes of its own: udta and meta (titles, artists,
// comments, the place as ©xyz or ISO 6709, the phone's make and model,
// cover pictures), uuid boxes (XMP), and in tracks that are neither
// picture nor sound: timed metadata (GPS tracks of action cameras and
// drones, Apple's live-photo and location data), timecode, chapter and
// subtitle text. The header boxes hold the time the file was made.
//
// Each such box is blanked in place: it becomes a "free" box of the same
// size filled with zeros, which every player skips, so that no offset in
// the file changes; the samples of a dropped track are zeroed where they
// lie. Dates are set to zero. The file keeps its size and layout.

// bmffKept are the boxes kept, by the box they are in ("" is the top
// level). A box not listed is blanked; a listed one that holds others is
// walked in turn.
var bmffKept = map[string]map[string]bool{
	"":     {"ftyp": true, "moov": true, "mdat": true, "free": true, "skip": true, "wide": true, "moof": true, "mfra": true, "sidx": true, "styp": true, "ssix": true, "pdin": true},
	"moov": {"mvhd": true, "trak": true, "mvex": true, "iods": true, "free": true, "skip": true, "wide": true},
	"trak": {"tkhd": true, "mdia": true, "edts": true, "tref": true, "free": true, "skip": true},
	"mdia": {"mdhd": true, "hdlr": true, "minf": true, "elng": true, "free": true, "skip": true},
	"minf": {"vmhd": true, "smhd": true, "hmhd": true, "nmhd": true, "sthd": true, "gmhd": true, "dinf": true, "stbl": true, "hdlr": true, "free": true, "skip": true},
	"moof": {"mfhd": true, "traf": true, "pssh": true, "free": true, "skip": true},
	"traf": {"tfhd": true, "tfdt": true, "trun": true, "sbgp": true, "sgpd": true, "subs": true, "saiz": true, "saio": true, "senc": true, "free": true, "skip": true},
}

// walked are the kept boxes whose children are checked.
var walked = map[string]bool{"moov": true, "trak": true, "mdia": true, "minf": true, "moof": true, "traf": true}

type box struct {
	typ              string
	off, hdr, size   int64 // where it starts, its header length and whole size
	bodyOff, bodyEnd int64
}

// readBox reads the header of the box at off, which must end by end.
func readBox(s *source, off, end int64) (box, error) {
	if end-off < 8 {
		return box{}, errors.New("a box is cut short")
	}
	h, err := s.at(off, 8)
	if err != nil {
		return box{}, err
	}
	b := box{typ: string(h[4:8]), off: off, hdr: 8, size: int64(binary.BigEndian.Uint32(h))}
	switch b.size {
	case 1:
		x, err := s.at(off+8, 8)
		if err != nil {
			return box{}, err
		}
		b.hdr = 16
		b.size = int64(binary.BigEndian.Uint64(x))
	case 0:
		b.size = end - off
	}
	if b.size < b.hdr || b.size > end-off {
		return box{}, fmt.Errorf("the %q box at byte %d is cut short or damaged", printable(b.typ), off)
	}
	if b.typ == "uuid" {
		b.hdr += 16
		if b.size < b.hdr {
			return box{}, errors.New("a uuid box is damaged")
		}
	}
	b.bodyOff, b.bodyEnd = off+b.hdr, off+b.size
	return b, nil
}

func printable(t string) string {
	for _, c := range []byte(t) {
		if c < 0x20 || c > 0x7E && c != 0xA9 {
			return fmt.Sprintf("%x", t)
		}
	}
	return t
}

type bmff struct {
	s        *source
	patches  []patch
	removed  []string
	fragment bool
	cut      int64 // where the file ends, without what follows its last box
	tracks   int   // audio and video tracks kept
	dropped  []box
}

func (m *bmff) blank(b box, what string) {
	typOff := b.off + 4
	m.patches = append(m.patches, patch{off: typOff, data: []byte("free")})
	if b.typ == "uuid" {
		m.patches = append(m.patches, patch{off: b.off + b.hdr - 16, zeros: b.size - b.hdr + 16})
	} else if n := b.size - b.hdr; n > 0 {
		m.patches = append(m.patches, patch{off: b.bodyOff, zeros: n})
	}
	m.removed = appendOnce(m.removed, what)
}

func planBMFF(s *source) (*plan, error) {
	m := &bmff{s: s}
	ftyp, moov := false, false
	off := int64(0)
	m.cut = s.size
	for off < m.cut {
		if s.size-off < 8 {
			if !ftyp && !moov {
				return nil, errors.New("no MP4 box where it should start")
			}
			m.cut = off // a few stray bytes at the end
			break
		}
		b, err := readBox(s, off, s.size)
		if err != nil {
			if off == 0 {
				return nil, errors.New("no MP4 box where it should start")
			}
			if !boxType(s, off) && moov {
				// Not a box: data some phones append after the movie,
				// with details of their own. It is left out.
				m.cut = off
				m.removed = appendOnce(m.removed, "data after the video")
				break
			}
			return nil, err
		}
		if off == 0 && b.typ != "ftyp" && b.typ != "moov" && b.typ != "mdat" && b.typ != "free" && b.typ != "wide" && b.typ != "skip" {
			return nil, errors.New("no MP4 box where it should start")
		}
		switch b.typ {
		case "ftyp":
			ftyp = true
			brand, err := s.at(b.bodyOff, min(4, b.bodyEnd-b.bodyOff))
			if err != nil {
				return nil, err
			}
			switch string(brand) {
			case "heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1", "avif", "avis":
				return nil, errors.New("it is a HEIF or AVIF picture, not a video")
			}
		case "moov":
			moov = true
		case "moof":
			m.fragment = true
		}
		if err := m.walk(b, ""); err != nil {
			return nil, err
		}
		off += b.size
	}
	if !moov {
		return nil, errors.New("it has no movie header (moov box)")
	}
	if m.tracks == 0 {
		return nil, errors.New("it has no video or sound track")
	}
	if m.fragment && len(m.dropped) > 0 {
		return nil, errors.New("it is a fragmented video with a data track (such as GPS) that dll cannot remove")
	}
	for _, t := range m.dropped {
		if err := m.zeroSamples(t); err != nil {
			return nil, err
		}
	}
	return patched(m.cut, m.patches, m.removed), nil
}

// boxType reports whether the four bytes of a box type at off+4 are
// letters, digits, spaces or ©, as every box type is.
func boxType(s *source, off int64) bool {
	t, err := s.at(off+4, 4)
	if err != nil {
		return false
	}
	for _, c := range t {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ' || c == 0xA9) {
			return false
		}
	}
	return true
}

// walk keeps, blanks or walks the box b, found in the box parent.
func (m *bmff) walk(b box, parent string) error {
	if !bmffKept[parent][b.typ] {
		what := b.typ
		switch b.typ {
		case "udta", "meta":
			what = "metadata (" + b.typ + ")"
		case "uuid":
			what = "XMP or other uuid data"
		case "cmov":
			return errors.New("its movie header is compressed, which dll cannot read")
		default:
			what = printable(b.typ)
		}
		m.blank(b, what)
		return nil
	}
	switch b.typ {
	case "free", "skip", "wide":
		return m.zeroFree(b)
	case "mvhd", "tkhd", "mdhd":
		return m.zeroTimes(b)
	case "hdlr":
		return m.blankName(b)
	case "trak":
		keep, err := m.keepTrack(b)
		if err != nil {
			return err
		}
		if !keep {
			m.blank(b, "data track (timed metadata, GPS, timecode or text)")
			m.dropped = append(m.dropped, b)
			return nil
		}
		m.tracks++
	}
	if !walked[b.typ] {
		return nil
	}
	for off := b.bodyOff; off < b.bodyEnd; {
		if b.bodyEnd-off < 8 {
			if b.bodyEnd-off == 4 && b.typ == "moov" {
				break // QuickTime ends some lists with four zero bytes
			}
			return fmt.Errorf("the %q box is damaged", b.typ)
		}
		c, err := readBox(m.s, off, b.bodyEnd)
		if err != nil {
			return err
		}
		if err := m.walk(c, b.typ); err != nil {
			return err
		}
		off += c.size
	}
	return nil
}

// zeroFree zeroes what a free-space box holds. Players skip it, but it is
// where editors leave what they moved or deleted, metadata included, and
// where some cameras write their own.
func (m *bmff) zeroFree(b box) error {
	const chunk = 64 << 10
	for off := b.bodyOff; off < b.bodyEnd; off += chunk {
		data, err := m.s.at(off, min(chunk, b.bodyEnd-off))
		if err != nil {
			return err
		}
		if slices.ContainsFunc(data, func(c byte) bool { return c != 0 }) {
			m.patches = append(m.patches, patch{off: b.bodyOff, zeros: b.bodyEnd - b.bodyOff})
			m.removed = appendOnce(m.removed, "leftovers in free space")
			return nil
		}
	}
	return nil
}

// zeroTimes sets the creation and modification times of a header box to
// zero, which players read as "unknown".
func (m *bmff) zeroTimes(b box) error {
	v, err := m.s.at(b.bodyOff, 1)
	if err != nil {
		return err
	}
	n := int64(4)
	if v[0] == 1 {
		n = 8
	}
	t, err := m.s.at(b.bodyOff+4, 2*n)
	if err != nil {
		return err
	}
	for _, c := range t {
		if c != 0 {
			m.patches = append(m.patches, patch{off: b.bodyOff + 4, zeros: 2 * n})
			m.removed = appendOnce(m.removed, "creation date")
			break
		}
	}
	return nil
}

// blankName zeroes the free-text name of a handler box.
func (m *bmff) blankName(b box) error {
	const nameAt = 24
	if b.bodyEnd-b.bodyOff <= nameAt {
		return nil
	}
	name, err := m.s.at(b.bodyOff+nameAt, b.bodyEnd-b.bodyOff-nameAt)
	if err != nil {
		return err
	}
	for _, c := range name {
		if c != 0 {
			m.patches = append(m.patches, patch{off: b.bodyOff + nameAt, zeros: int64(len(name))})
			break
		}
	}
	return nil
}

// find returns the first box of each type in path under b.
func (m *bmff) find(b box, path ...string) (box, bool) {
	for _, want := range path {
		found := false
		for off := b.bodyOff; off+8 <= b.bodyEnd; {
			c, err := readBox(m.s, off, b.bodyEnd)
			if err != nil {
				return box{}, false
			}
			if c.typ == want {
				b, found = c, true
				break
			}
			off += c.size
		}
		if !found {
			return box{}, false
		}
	}
	return b, true
}

// keepTrack reports whether a track is picture or sound.
func (m *bmff) keepTrack(trak box) (bool, error) {
	h, ok := m.find(trak, "mdia", "hdlr")
	if !ok || h.bodyEnd-h.bodyOff < 12 {
		return false, errors.New("a track has no handler")
	}
	t, err := m.s.at(h.bodyOff+8, 4)
	if err != nil {
		return false, err
	}
	return string(t) == "vide" || string(t) == "soun", nil
}

// zeroSamples zeroes the samples of a dropped track where they lie, using
// its sample table: chunk offsets, samples per chunk and sample sizes.
func (m *bmff) zeroSamples(trak box) error {
	stbl, ok := m.find(trak, "mdia", "minf", "stbl")
	if !ok {
		return errors.New("a data track has no sample table")
	}
	var offsets []int64
	if co, ok := m.find(stbl, "stco"); ok {
		v, err := m.table(co, 4)
		if err != nil {
			return err
		}
		for _, x := range v {
			offsets = append(offsets, int64(binary.BigEndian.Uint32(x)))
		}
	} else if co, ok := m.find(stbl, "co64"); ok {
		v, err := m.table(co, 8)
		if err != nil {
			return err
		}
		for _, x := range v {
			offsets = append(offsets, int64(binary.BigEndian.Uint64(x)))
		}
	}
	if len(offsets) == 0 {
		return nil // no samples
	}
	stsc, ok := m.find(stbl, "stsc")
	if !ok {
		return errors.New("a data track has no sample-to-chunk table")
	}
	runs, err := m.table(stsc, 12)
	if err != nil {
		return err
	}
	var sizes []int64
	var fixed int64
	if sz, ok := m.find(stbl, "stsz"); ok {
		h, err := m.s.at(sz.bodyOff, min(12, sz.bodyEnd-sz.bodyOff))
		if err != nil || len(h) < 12 {
			return errors.New("a sample size table is damaged")
		}
		fixed = int64(binary.BigEndian.Uint32(h[4:]))
		if fixed == 0 {
			count := int64(binary.BigEndian.Uint32(h[8:]))
			if 12+4*count > sz.bodyEnd-sz.bodyOff {
				return errors.New("a sample size table is damaged")
			}
			raw, err := m.s.at(sz.bodyOff+12, 4*count)
			if err != nil {
				return err
			}
			sizes = make([]int64, count)
			for i := range sizes {
				sizes[i] = int64(binary.BigEndian.Uint32(raw[4*i:]))
			}
		}
	} else {
		return errors.New("a data track has no sample size table (dll reads stsz only)")
	}
	sample := 0
	for i, off := range offsets {
		chunk := uint32(i + 1)
		var per int64
		for _, r := range runs {
			if binary.BigEndian.Uint32(r) <= chunk {
				per = int64(binary.BigEndian.Uint32(r[4:]))
			}
		}
		var n int64
		for k := int64(0); k < per; k++ {
			if fixed != 0 {
				n += fixed
			} else if sample < len(sizes) {
				n += sizes[sample]
			}
			sample++
		}
		if off < 0 || n < 0 || off+n > m.s.size {
			return errors.New("a data track points outside the file")
		}
		if n > 0 {
			m.patches = append(m.patches, patch{off: off, zeros: n})
		}
	}
	return nil
}

// table returns the entries of a full box that holds a count and then
// entries of width bytes each.
func (m *bmff) table(b box, width int64) ([][]byte, error) {
	h, err := m.s.at(b.bodyOff, min(8, b.bodyEnd-b.bodyOff))
	if err != nil || len(h) < 8 {
		return nil, fmt.Errorf("the %q table is damaged", b.typ)
	}
	count := int64(binary.BigEndian.Uint32(h[4:]))
	if 8+count*width > b.bodyEnd-b.bodyOff {
		return nil, fmt.Errorf("the %q table is damaged", b.typ)
	}
	raw, err := m.s.at(b.bodyOff+8, count*width)
	if err != nil {
		return nil, err
	}
	out := make([][]byte, count)
	for i := range out {
		out[i] = raw[int64(i)*width : int64(i+1)*width]
	}
	return out, nil
}
