package media

import (
	"errors"
	"fmt"
)

// WebM files are Matroska (EBML) elements. Metadata lives in Tags (titles,
// artists, comments, dates, places), Attachments (cover pictures, any
// file), Chapters (chapter titles), the segment's Title and DateUTC, file
// names, and track names. Each is blanked in place as a Void element of
// the same length, which players skip, so no position in the file changes.

const (
	idEBML        = 0x1A45DFA3
	idSegment     = 0x18538067
	idSeekHead    = 0x114D9B74
	idSeek        = 0x4DBB
	idSeekID      = 0x53AB
	idInfo        = 0x1549A966
	idTracks      = 0x1654AE6B
	idTrackEntry  = 0xAE
	idTrackName   = 0x536E
	idCluster     = 0x1F43B675
	idCues        = 0x1C53BB6B
	idChapters    = 0x1043A770
	idTags        = 0x1254C367
	idAttachments = 0x1941A469
	idVoid        = 0xEC
	idCRC32       = 0xBF
)

// level1 are the elements a segment holds; one of them ends a cluster of
// unknown size.
var level1 = map[uint64]bool{idSeekHead: true, idInfo: true, idTracks: true, idCluster: true, idCues: true, idChapters: true, idTags: true, idAttachments: true, idVoid: true, idCRC32: true}

// infoKept are the elements of Info kept: the time scale, the duration and
// the programs that wrote the file. Title, DateUTC, file names and links
// to other files go.
var infoKept = map[uint64]bool{0x2AD7B1: true, 0x4489: true, 0x4D80: true, 0x5741: true, 0x73A4: true, idVoid: true}

type element struct {
	id            uint64
	off, dataOff  int64
	dataEnd       int64
	unknownLength bool
}

// vint reads an EBML variable-length integer at off: its value (without
// the length marker unless keepMarker), its length, and whether all its
// value bits are set (an unknown size).
func readVint(s *source, off int64, keepMarker bool) (uint64, int64, bool, error) {
	b, err := s.at(off, 1)
	if err != nil {
		return 0, 0, false, err
	}
	n := int64(1)
	for mask := byte(0x80); mask != 0 && b[0]&mask == 0; mask >>= 1 {
		n++
	}
	if n > 8 {
		return 0, 0, false, errors.New("a damaged element")
	}
	all, err := s.at(off, n)
	if err != nil {
		return 0, 0, false, err
	}
	v := uint64(all[0])
	if !keepMarker {
		v &= uint64(0xFF >> n)
	}
	ones := v == uint64(0xFF>>n)
	for _, c := range all[1:] {
		v = v<<8 | uint64(c)
		ones = ones && c == 0xFF
	}
	return v, n, ones, nil
}

func readElement(s *source, off, end int64) (element, error) {
	id, n, _, err := readVint(s, off, true)
	if err != nil || n > 4 {
		return element{}, fmt.Errorf("a damaged element at byte %d", off)
	}
	size, m, unknown, err := readVint(s, off+n, false)
	if err != nil {
		return element{}, fmt.Errorf("a damaged element at byte %d", off)
	}
	e := element{id: id, off: off, dataOff: off + n + m}
	if unknown {
		e.unknownLength = true
		e.dataEnd = end
	} else {
		if size > uint64(end-e.dataOff) {
			return element{}, fmt.Errorf("an element at byte %d is cut short", off)
		}
		e.dataEnd = e.dataOff + int64(size)
	}
	return e, nil
}

type ebml struct {
	s       *source
	patches []patch
	removed []string
}

// blank turns the element from off to end into a Void element.
func (w *ebml) blank(off, end int64, what string) {
	l := end - off
	var h []byte
	if l >= 9 {
		h = []byte{idVoid, 0x01, 0, 0, 0, 0, 0, 0, 0}
		v := uint64(l - 9)
		for i := 8; i >= 2; i-- {
			h[i] = byte(v)
			v >>= 8
		}
	} else {
		h = []byte{idVoid, 0x80 | byte(l-2)}
	}
	w.patches = append(w.patches, patch{off: off, data: h})
	if n := l - int64(len(h)); n > 0 {
		w.patches = append(w.patches, patch{off: off + int64(len(h)), zeros: n})
	}
	w.removed = appendOnce(w.removed, what)
}

func planEBML(s *source) (*plan, error) {
	w := &ebml{s: s}
	head, err := readElement(s, 0, s.size)
	if err != nil || head.id != idEBML || head.unknownLength {
		return nil, errors.New("no WebM header where it should start")
	}
	off := head.dataEnd
	segments := 0
	for off < s.size {
		e, err := readElement(s, off, s.size)
		if err != nil {
			return nil, err
		}
		switch e.id {
		case idSegment:
			segments++
			end, err := w.segment(e)
			if err != nil {
				return nil, err
			}
			off = end
		case idVoid:
			off = e.dataEnd
		default:
			return nil, fmt.Errorf("an unknown element at byte %d", off)
		}
	}
	if segments == 0 {
		return nil, errors.New("it has no segment")
	}
	return patched(s.size, w.patches, w.removed), nil
}

// segment walks a segment's elements and returns where it ends.
func (w *ebml) segment(seg element) (int64, error) {
	off := seg.dataOff
	for off < seg.dataEnd {
		e, err := readElement(w.s, off, seg.dataEnd)
		if err != nil {
			return 0, err
		}
		end := e.dataEnd
		switch e.id {
		case idCluster:
			if e.unknownLength {
				if end, err = w.clusterEnd(e); err != nil {
					return 0, err
				}
			}
		case idInfo:
			if err := w.children(e, func(c element) string {
				if infoKept[c.id] {
					return ""
				}
				if c.id == 0x7BA9 {
					return "title"
				}
				if c.id == 0x4461 {
					return "date"
				}
				return "segment information"
			}); err != nil {
				return 0, err
			}
		case idTracks:
			if err := w.trackNames(e); err != nil {
				return 0, err
			}
		case idSeekHead:
			if err := w.children(e, func(c element) string {
				if c.id != idSeek {
					return ""
				}
				if id := w.seekID(c); id == idTags || id == idChapters || id == idAttachments {
					return "tags"
				}
				return ""
			}); err != nil {
				return 0, err
			}
		case idCues, idVoid, idCRC32:
		case idTags:
			w.blank(e.off, end, "tags")
		case idAttachments:
			w.blank(e.off, end, "attachments")
		case idChapters:
			w.blank(e.off, end, "chapters")
		default:
			if e.unknownLength {
				return 0, fmt.Errorf("an element of unknown length at byte %d", off)
			}
			w.blank(e.off, end, "unknown element")
		}
		off = end
	}
	return seg.dataEnd, nil
}

// children blanks the children of e for which drop says what they are.
// A CRC-32 of e is blanked too when a child is, as it would no longer
// match.
func (w *ebml) children(e element, drop func(element) string) error {
	if e.unknownLength {
		return errors.New("a header element of unknown length")
	}
	crc := int64(-1)
	dropped := false
	for off := e.dataOff; off < e.dataEnd; {
		c, err := readElement(w.s, off, e.dataEnd)
		if err != nil {
			return err
		}
		if c.unknownLength {
			return errors.New("a header element of unknown length")
		}
		if c.id == idCRC32 {
			crc = c.off
		} else if what := drop(c); what != "" {
			w.blank(c.off, c.dataEnd, what)
			dropped = true
		}
		off = c.dataEnd
	}
	if dropped && crc >= 0 {
		c, _ := readElement(w.s, crc, e.dataEnd)
		w.blank(c.off, c.dataEnd, "checksum")
	}
	return nil
}

func (w *ebml) trackNames(tracks element) error {
	for off := tracks.dataOff; off < tracks.dataEnd; {
		t, err := readElement(w.s, off, tracks.dataEnd)
		if err != nil {
			return err
		}
		if t.id == idTrackEntry {
			if err := w.children(t, func(c element) string {
				if c.id == idTrackName {
					return "track name"
				}
				return ""
			}); err != nil {
				return err
			}
		}
		off = t.dataEnd
	}
	return nil
}

func (w *ebml) seekID(seek element) uint64 {
	for off := seek.dataOff; off < seek.dataEnd; {
		c, err := readElement(w.s, off, seek.dataEnd)
		if err != nil {
			return 0
		}
		if c.id == idSeekID && c.dataEnd-c.dataOff <= 4 {
			b, err := w.s.at(c.dataOff, c.dataEnd-c.dataOff)
			if err != nil {
				return 0
			}
			var v uint64
			for _, x := range b {
				v = v<<8 | uint64(x)
			}
			return v
		}
		off = c.dataEnd
	}
	return 0
}

// clusterEnd finds the end of a cluster of unknown length: the start of
// the next element of the segment, or the end of the file.
func (w *ebml) clusterEnd(c element) (int64, error) {
	off := c.dataOff
	for off < c.dataEnd {
		e, err := readElement(w.s, off, c.dataEnd)
		if err != nil {
			return 0, err
		}
		if level1[e.id] && e.id != idVoid && e.id != idCRC32 {
			return off, nil
		}
		if e.unknownLength {
			return 0, fmt.Errorf("an element of unknown length at byte %d", off)
		}
		off = e.dataEnd
	}
	return off, nil
}
