package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// id3v2Size returns the length of an ID3v2 tag starting at b (header,
// body and footer), or 0 when b does not start one.
func id3v2Size(b []byte) int64 {
	if len(b) < 10 || string(b[:3]) != "ID3" || b[3] == 0xFF || b[4] == 0xFF || (b[6]|b[7]|b[8]|b[9])&0x80 != 0 {
		return 0
	}
	n := int64(b[6])<<21 | int64(b[7])<<14 | int64(b[8])<<7 | int64(b[9])
	n += 10
	if b[5]&0x10 != 0 { // footer
		n += 10
	}
	return n
}

// planMP3 keeps an MP3 file's audio frames and nothing else: ID3 tags at
// its start and end (v2, v1, APE: titles, artists, comments, pictures) and
// whatever is not a frame between or after the frames go too, such as
// Lyrics3 tags or the ID3 tag of a second recording joined to the first.
func planMP3(s *source) (*plan, error) {
	p := &plan{}
	start, end, err := trimTags(s, p)
	if err != nil {
		return nil, err
	}
	w := &window{s: s, end: end}
	head := w.at(start, 4)
	if len(head) < 4 || head[0] != 0xFF || head[1]&0xE0 != 0xE0 {
		return nil, errors.New("no MPEG audio frame where the sound should start")
	}
	if mpegFrameLen(head) == 0 {
		// A stream of free bitrate, whose frames have no length in their
		// headers, cannot be walked: only its tags are dropped.
		p.copy(start, end-start)
		return p, nil
	}
	for off := start; off < end; {
		h := w.at(off, 10)
		if n := mpegFrameLen(h); n > 0 {
			// The last frame may be cut short; players read what is there.
			p.copy(off, min(n, end-off))
			off += n
			continue
		}
		if n := id3v2Size(h); n > 0 && off+n <= end {
			p.remove("ID3v2")
			off += n
			continue
		}
		// Not a frame: skip to the next ID3 tag, the next pair of frames,
		// or the end.
		next := off + 1
		for ; next < end; next++ {
			b := w.at(next, 10)
			if len(b) > 0 && b[0] == 'I' && id3v2Size(b) > 0 {
				break
			}
			if len(b) == 0 || b[0] != 0xFF {
				continue
			}
			if n := mpegFrameLen(b); n > 0 && (next+n >= end || mpegFrameLen(w.at(next+n, 4)) > 0) {
				break
			}
		}
		p.remove("data between the frames")
		off = next
	}
	return p, nil
}

// mpegFrameLen returns the length of the MPEG audio frame whose header is
// h, or 0 when h is not a frame header (or one of free bitrate).
func mpegFrameLen(h []byte) int64 {
	if len(h) < 4 || h[0] != 0xFF || h[1]&0xE0 != 0xE0 {
		return 0
	}
	version := h[1] >> 3 & 3 // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
	layer := h[1] >> 1 & 3   // 3: layer I, 2: layer II, 1: layer III
	rate, sampling, pad := h[2]>>4, h[2]>>2&3, int64(h[2]>>1&1)
	if version == 1 || layer == 0 || rate == 0 || rate == 15 || sampling == 3 {
		return 0
	}
	table := 0 // MPEG-1 layer I, II, III; MPEG-2 layer I; MPEG-2 layers II and III
	switch {
	case version == 3:
		table = int(3 - layer)
	case layer == 3:
		table = 3
	default:
		table = 4
	}
	bitrate := int64(mpegBitrates[table][rate-1]) * 1000
	hz := int64(mpegRates[sampling])
	if version != 3 {
		hz /= 2
		if version == 0 {
			hz /= 2
		}
	}
	switch {
	case layer == 3:
		return (12*bitrate/hz + pad) * 4
	case layer == 1 && version != 3:
		return 72*bitrate/hz + pad
	}
	return 144*bitrate/hz + pad
}

// The bitrates of MPEG audio in kbit/s, by index 1 to 14, and the sampling
// rates of MPEG-1 (halved for MPEG-2, quartered for MPEG-2.5).
var (
	mpegBitrates = [5][14]int{
		{32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
		{32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
		{32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
		{32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
		{8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
	}
	mpegRates = [3]int{44100, 48000, 32000}
)

// window reads a file up to end through a buffer, for walking many small
// headers.
type window struct {
	s   *source
	end int64
	off int64
	buf []byte
}

// at returns up to n bytes at off (fewer at the end).
func (w *window) at(off int64, n int) []byte {
	n = int(min(int64(n), w.end-off))
	if n <= 0 {
		return nil
	}
	if off < w.off || off+int64(n) > w.off+int64(len(w.buf)) {
		size := min(max(int64(n), 64<<10), w.end-off)
		if size <= 0 {
			return nil
		}
		b, err := w.s.at(off, size)
		if err != nil {
			return nil
		}
		w.off, w.buf = off, b
	}
	i := off - w.off
	return w.buf[i:min(i+int64(n), int64(len(w.buf)))]
}

// trimTags finds the ID3v2 tags at the start of s and the ID3v1, APE and
// ID3v2 (with footer) tags at its end, and returns the range between.
func trimTags(s *source, p *plan) (start, end int64, err error) {
	end = s.size
	for start+10 <= end {
		h, err := s.at(start, 10)
		if err != nil {
			return 0, 0, err
		}
		n := id3v2Size(h)
		if n == 0 {
			break
		}
		if start+n > end {
			return 0, 0, errors.New("its ID3 tag is cut short")
		}
		p.remove("ID3v2")
		start += n
		// Padding after the tag, which some writers leave as zeros.
		for start < end {
			b, err := s.at(start, 1)
			if err != nil || b[0] != 0 {
				break
			}
			start++
		}
	}
	for changed := true; changed; {
		changed = false
		if end-start >= 128 {
			t, err := s.at(end-128, 3)
			if err == nil && string(t) == "TAG" {
				end -= 128
				p.remove("ID3v1")
				changed = true
			}
		}
		if end-start >= 32 {
			f, err := s.at(end-32, 32)
			if err == nil && string(f[:8]) == "APETAGEX" {
				n := int64(binary.LittleEndian.Uint32(f[12:]))
				if f[23]&0x80 != 0 { // has a header too
					n += 32
				}
				if n < 32 || n > end-start {
					return 0, 0, errors.New("its APE tag is damaged")
				}
				end -= n
				p.remove("APE tag")
				changed = true
			}
		}
		if end-start >= 20 {
			f, err := s.at(end-10, 10)
			if err == nil && string(f[:3]) == "3DI" {
				n := int64(f[6])<<21 | int64(f[7])<<14 | int64(f[8])<<7 | int64(f[9]) + 20
				if n > end-start {
					return 0, 0, errors.New("its ID3 tag is damaged")
				}
				end -= n
				p.remove("ID3v2")
				changed = true
			}
		}
	}
	return start, end, nil
}

// planWAV keeps a WAV file's format, fact and data chunks and drops the
// rest: LIST/INFO (title, artist, comments, software, dates), id3, bext
// (who recorded it, where and when), iXML, XMP and cue labels.
func planWAV(s *source) (*plan, error) {
	h, err := s.at(0, min(12, s.size))
	if err != nil || len(h) < 12 || string(h[:4]) != "RIFF" || string(h[8:12]) != "WAVE" {
		return nil, errors.New("no WAV header")
	}
	riffEnd := 8 + int64(binary.LittleEndian.Uint32(h[4:]))
	if riffEnd > s.size {
		riffEnd = s.size // some recorders never fix the size; read what is there
	}
	p := &plan{}
	var keep [][2]int64
	var total int64 = 4
	hasFmt, hasData := false, false
	for off := int64(12); off+8 <= riffEnd; {
		c, err := s.at(off, 8)
		if err != nil {
			return nil, err
		}
		id := string(c[:4])
		n := int64(binary.LittleEndian.Uint32(c[4:]))
		end := off + 8 + n + n&1
		if off+8+n > s.size {
			if id != "data" {
				return nil, fmt.Errorf("its %q chunk is cut short", id)
			}
			return nil, errors.New("its sound data is cut short")
		}
		end = min(end, s.size)
		switch id {
		case "fmt ", "fact", "data":
			hasFmt = hasFmt || id == "fmt "
			hasData = hasData || id == "data"
			keep = append(keep, [2]int64{off, end - off})
			total += end - off
		default:
			p.remove(id)
		}
		off = end
	}
	if !hasFmt || !hasData {
		return nil, errors.New("it has no sound format or no sound data")
	}
	if riffEnd < s.size {
		p.remove("data after the sound")
	}
	hdr := []byte("RIFF\x00\x00\x00\x00WAVE")
	binary.LittleEndian.PutUint32(hdr[4:], uint32(total))
	p.bytes(hdr)
	for _, k := range keep {
		p.copy(k[0], k[1])
	}
	return p, nil
}

// planFLAC keeps a FLAC file's stream information and seek table and drops
// its other metadata blocks: Vorbis comments (title, artist, comments),
// pictures, application data, cue sheets and padding; and ID3 tags that
// some programs add around it.
func planFLAC(s *source) (*plan, error) {
	p := &plan{}
	start, end, err := trimTags(s, p)
	if err != nil {
		return nil, err
	}
	m, err := s.at(start, min(4, end-start))
	if err != nil || string(m) != "fLaC" {
		return nil, errors.New("no FLAC signature")
	}
	out := []byte("fLaC")
	last := -1
	off := start + 4
	for {
		h, err := s.at(off, 4)
		if err != nil {
			return nil, errors.New("its metadata is cut short")
		}
		typ := h[0] & 0x7F
		n := int64(h[1])<<16 | int64(h[2])<<8 | int64(h[3])
		b, err := s.at(off+4, n)
		if err != nil {
			return nil, errors.New("its metadata is cut short")
		}
		switch typ {
		case 0, 3: // STREAMINFO, SEEKTABLE
			last = len(out)
			out = append(out, h[0]&0x7F, h[1], h[2], h[3])
			out = append(out, b...)
		case 1:
			p.remove("padding")
		case 2:
			p.remove("application data")
		case 4:
			p.remove("Vorbis comment")
		case 5:
			p.remove("cue sheet")
		case 6:
			p.remove("picture")
		default:
			if typ == 127 {
				return nil, errors.New("its metadata is damaged")
			}
			p.remove("metadata block")
		}
		off += 4 + n
		if h[0]&0x80 != 0 {
			break
		}
	}
	if last < 0 || out[last] != 0 {
		return nil, errors.New("its stream information does not come first")
	}
	out[last] |= 0x80
	f, err := s.at(off, min(2, end-off))
	if err != nil || len(f) < 2 || f[0] != 0xFF || f[1]&0xFC != 0xF8 {
		return nil, errors.New("no audio frame after its metadata")
	}
	p.bytes(out)
	p.copy(off, end-off)
	return p, nil
}

// oggChecksum is the CRC of an Ogg page (RFC 3533): polynomial
// 0x04C11DB7, not reflected, which hash/crc32 does not compute.
func oggChecksum(b []byte) uint32 {
	var crc uint32
	for _, c := range b {
		crc = crc<<8 ^ oggTable[byte(crc>>24)^c]
	}
	return crc
}

var oggTable = func() [256]uint32 {
	var t [256]uint32
	for i := range t {
		r := uint32(i) << 24
		for range 8 {
			if r&0x80000000 != 0 {
				r = r<<1 ^ 0x04C11DB7
			} else {
				r <<= 1
			}
		}
		t[i] = r
	}
	return t
}()

// planOgg blanks the comment header of each Opus or Vorbis stream in an
// Ogg file (the vendor, titles, artists, comments, pictures) in place: the
// packet keeps its length, holds no comment and zeros after them, which
// players skip. Pages keep their layout; only their checksums change.
func planOgg(s *source) (*plan, error) {
	type stream struct {
		codec   string
		packets int    // packets seen whole
		comment []span // where the comment packet's bytes are, so far
		done    bool
	}
	streams := map[uint32]*stream{}
	var patches []patch
	var removed []string
	pages := map[int64][]byte{} // pages touched, by offset, with their new bytes
	var order []int64
	off := int64(0)
	for off < s.size {
		h, err := s.at(off, min(27, s.size-off))
		if err != nil || len(h) < 27 || string(h[:4]) != "OggS" || h[4] != 0 {
			if off == 0 {
				return nil, errors.New("no Ogg page where it should start")
			}
			return nil, fmt.Errorf("a damaged page at byte %d", off)
		}
		serial := binary.LittleEndian.Uint32(h[14:])
		nseg := int64(h[26])
		lace, err := s.at(off+27, nseg)
		if err != nil {
			return nil, errors.New("a page is cut short")
		}
		var bodyLen int64
		for _, l := range lace {
			bodyLen += int64(l)
		}
		pageLen := 27 + nseg + bodyLen
		if off+pageLen > s.size {
			return nil, errors.New("a page is cut short")
		}
		st := streams[serial]
		if st == nil {
			if h[5]&0x02 == 0 {
				return nil, fmt.Errorf("a stream starts without its first page at byte %d", off)
			}
			first, err := s.at(off+27+nseg, min(8, bodyLen))
			if err != nil {
				return nil, err
			}
			st = &stream{}
			switch {
			case bytes.HasPrefix(first, []byte("OpusHead")):
				st.codec = "opus"
			case bytes.HasPrefix(first, []byte("\x01vorbis")):
				st.codec = "vorbis"
			default:
				return nil, errors.New("it holds a kind of Ogg stream dll cannot clean (only Opus and Vorbis sound)")
			}
			streams[serial] = st
		}
		// Walk the packets of this page.
		pos := off + 27 + nseg
		touched := false
		for _, l := range lace {
			if !st.done && st.packets == 1 {
				st.comment = append(st.comment, span{pos, int64(l)})
				touched = touched || l > 0
			}
			pos += int64(l)
			if l < 255 {
				st.packets++
				if st.packets == 2 && !st.done {
					st.done = true
					data, err := blankComment(s, st.codec, st.comment)
					if err != nil {
						return nil, err
					}
					if data != nil {
						removed = appendOnce(removed, "comments")
						k := 0
						for _, sp := range st.comment {
							patches = append(patches, patch{off: sp.off, data: data[k : k+int(sp.n)]})
							k += int(sp.n)
						}
					}
				}
			}
		}
		if touched {
			pages[off] = nil
			order = append(order, off)
		}
		off += pageLen
	}
	if len(streams) == 0 {
		return nil, errors.New("no Ogg page where it should start")
	}
	for _, st := range streams {
		if !st.done {
			return nil, errors.New("a stream ends before its comment header")
		}
	}
	// Lay the patches over the touched pages and make their checksums.
	for _, po := range order {
		h, _ := s.at(po, 27)
		nseg := int64(h[26])
		lace, _ := s.at(po+27, nseg)
		var bodyLen int64
		for _, l := range lace {
			bodyLen += int64(l)
		}
		pg, err := s.at(po, 27+nseg+bodyLen)
		if err != nil {
			return nil, err
		}
		pg = append([]byte{}, pg...)
		for _, pt := range patches {
			if pt.off >= po && pt.off < po+int64(len(pg)) {
				copy(pg[pt.off-po:], pt.data)
			}
		}
		binary.LittleEndian.PutUint32(pg[22:], 0)
		binary.LittleEndian.PutUint32(pg[22:], oggChecksum(pg))
		pages[po] = pg
	}
	var out []patch
	for _, po := range order {
		out = append(out, patch{off: po, data: pages[po]})
	}
	return patched(s.size, out, removed), nil
}

type span struct{ off, n int64 }

// blankComment returns the comment packet of a stream, of the same
// length, with an empty vendor and no comments, or nil when it holds none
// already.
func blankComment(s *source, codec string, spans []span) ([]byte, error) {
	var pkt []byte
	for _, sp := range spans {
		b, err := s.at(sp.off, sp.n)
		if err != nil {
			return nil, err
		}
		pkt = append(pkt, b...)
	}
	var magic []byte
	switch codec {
	case "opus":
		magic = []byte("OpusTags")
	case "vorbis":
		magic = []byte("\x03vorbis")
	}
	if !bytes.HasPrefix(pkt, magic) || len(pkt) < len(magic)+8 {
		return nil, errors.New("its comment header is damaged")
	}
	out := make([]byte, len(pkt))
	copy(out, magic)
	// vendor length 0, comment count 0, then (Vorbis) the framing bit.
	if codec == "vorbis" {
		if len(pkt) < len(magic)+9 {
			return nil, errors.New("its comment header is damaged")
		}
		out[len(magic)+8] = 1
	}
	if bytes.Equal(out, pkt) {
		return nil, nil
	}
	return out, nil
}
