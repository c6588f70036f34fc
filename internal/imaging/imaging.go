// Package imaging makes the pictures of a portfolio fit for the web: from
// one JPEG or PNG file (already cleaned of its metadata by package media)
// it makes a few narrower versions, upright whatever way the camera was
// held, for a page to offer with srcset. The same file always gives the
// same bytes, and versions made once are kept in a cache by the content of
// the file, so a picture that did not change is never encoded again.
//
// Resizing uses golang.org/x/image/draw's Catmull-Rom filter, a sharp and
// well-known resampler maintained with Go itself.
package imaging

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"strconv"
	"sync/atomic"

	"golang.org/x/image/draw"
)

// ErrUnsupported is returned for files other than JPEG and PNG.
var ErrUnsupported = errors.New("only JPEG and PNG pictures are resized")

// ErrTooLarge is returned for a picture of more than MaxPixels: decoding
// it would take more memory than a laptop should give one picture (a file
// of a few kilobytes can claim billions of pixels).
var ErrTooLarge = errors.New("the picture has too many pixels to resize")

// MaxPixels is the most pixels a picture may have to be resized: twice a
// 50-megapixel phone camera's.
const MaxPixels = 100_000_000

// Quality is the JPEG quality of the versions made: sharp on a screen at a
// small fraction of a camera's file size.
const Quality = 80

// format is part of every cache key: a change to how versions are made
// must change it, so that no version made the old way is used again.
const format = "v2"

// Image is a picture and its versions.
type Image struct {
	Width, Height int       // the picture's size, upright
	Versions      []Version // narrowest first; the last is the widest
}

// Widest returns the widest version.
func (im *Image) Widest() Version { return im.Versions[len(im.Versions)-1] }

// Version is one size of a picture.
type Version struct {
	Width, Height int
	Ext           string // ".jpg" or ".png"
	// Key names the version's bytes in the cache; "" when the version is
	// the file itself, unchanged (already upright and no wider than asked).
	Key string
}

// Cache keeps the bytes of versions by key.
type Cache interface {
	Get(key string) ([]byte, bool)
	Put(key string, data []byte) error
}

// Maker makes versions of pictures through a cache.
type Maker struct {
	cache   Cache
	mem     *MemCache // versions the cache could not keep
	encoded atomic.Int64
	reused  atomic.Int64
}

// NewMaker returns a Maker that keeps versions in cache; nil keeps them in
// memory.
func NewMaker(cache Cache) *Maker {
	m := &Maker{cache: cache, mem: NewMemCache()}
	if cache == nil {
		m.cache = m.mem
	}
	return m
}

// Encoded is how many versions the Maker has encoded; Reused how many it
// found in its cache.
func (m *Maker) Encoded() int { return int(m.encoded.Load()) }
func (m *Maker) Reused() int  { return int(m.reused.Load()) }

// Make plans the versions of the picture src, one for each of widths
// narrower than it and one at its own width (or the widest of widths, if
// it is wider), and makes those its cache lacks. Widths must be sorted,
// narrowest first.
func (m *Maker) Make(src []byte, widths []int) (*Image, error) {
	cfg, kind, err := image.DecodeConfig(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("reading the picture: %w", err)
	}
	ext := ""
	switch kind {
	case "jpeg":
		ext = ".jpg"
	case "png":
		ext = ".png"
	default:
		return nil, ErrUnsupported
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return nil, ErrTooLarge
	}
	orient := 1
	if kind == "jpeg" {
		orient = Orientation(src)
	}
	im := &Image{Width: cfg.Width, Height: cfg.Height}
	if orient >= 5 { // a quarter turn: the sides swap
		im.Width, im.Height = cfg.Height, cfg.Width
	}
	if im.Width <= 0 || im.Height <= 0 {
		return nil, fmt.Errorf("reading the picture: it has no pixels")
	}
	sum := sha256.Sum256(src)
	id := hex.EncodeToString(sum[:16])
	for _, w := range plan(im.Width, widths) {
		v := Version{Width: w, Height: max(1, (im.Height*w+im.Width/2)/im.Width), Ext: ext}
		if w == im.Width {
			v.Height = im.Height
			if orient == 1 {
				im.Versions = append(im.Versions, v) // the file itself
				continue
			}
		}
		v.Key = id + "-" + strconv.Itoa(w) + "-" + format + ext
		im.Versions = append(im.Versions, v)
	}
	var missing []Version
	for _, v := range im.Versions {
		if v.Key == "" {
			continue
		}
		if _, ok := m.Data(v); ok {
			m.reused.Add(1)
			continue
		}
		missing = append(missing, v)
	}
	if len(missing) == 0 {
		return im, nil
	}
	pic, _, err := image.Decode(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("reading the picture: %w", err)
	}
	// Widest first, each made from the one before: far less work than
	// making every version from a camera's twelve million pixels, and as
	// sharp.
	from := pic
	for i := len(missing) - 1; i >= 0; i-- {
		v := missing[i]
		w, h := v.Width, v.Height
		if orient >= 5 {
			w, h = h, w
		}
		scaled := resize(from, w, h)
		from = scaled
		var buf bytes.Buffer
		upright := orientate(scaled, orient)
		if ext == ".jpg" {
			err = jpeg.Encode(&buf, upright, &jpeg.Options{Quality: Quality})
		} else {
			err = png.Encode(&buf, upright)
		}
		if err != nil {
			return nil, fmt.Errorf("making a %d px version: %w", v.Width, err)
		}
		m.encoded.Add(1)
		if err := m.cache.Put(v.Key, buf.Bytes()); err != nil {
			m.mem.Put(v.Key, buf.Bytes())
		}
	}
	return im, nil
}

// Data returns the bytes of a version made by Make (not of one that is
// the file itself).
func (m *Maker) Data(v Version) ([]byte, bool) {
	if data, ok := m.mem.Get(v.Key); ok {
		return data, true
	}
	if m.cache == Cache(m.mem) {
		return nil, false
	}
	return m.cache.Get(v.Key)
}

// plan returns the widths to make of a picture width px wide: each of
// widths narrower than it by a fifth or more, then its own width or the
// widest of widths.
func plan(width int, widths []int) []int {
	top := width
	if n := len(widths); n > 0 && widths[n-1] < width {
		top = widths[n-1]
	}
	var out []int
	for _, w := range widths {
		if w*5 <= top*4 {
			out = append(out, w)
		}
	}
	return append(out, top)
}

// resize scales src to w×h pixels.
func resize(src image.Image, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	b := src.Bounds()
	if b.Dx() == w && b.Dy() == h {
		draw.Draw(dst, dst.Bounds(), src, b.Min, draw.Src)
		return dst
	}
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst
}

// orientate turns and flips src as the Exif orientation o says, so that it
// shows upright without it.
func orientate(src *image.RGBA, o int) *image.RGBA {
	if o <= 1 || o > 8 {
		return src
	}
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range h {
		for x := range w {
			var dx, dy int
			switch o {
			case 2: // mirrored
				dx, dy = w-1-x, y
			case 3: // upside down
				dx, dy = w-1-x, h-1-y
			case 4: // upside down, mirrored
				dx, dy = x, h-1-y
			case 5: // mirrored, turned a quarter left
				dx, dy = y, x
			case 6: // turned a quarter left: turn it right
				dx, dy = h-1-y, x
			case 7: // mirrored, turned a quarter right
				dx, dy = h-1-y, w-1-x
			case 8: // turned a quarter right: turn it left
				dx, dy = y, w-1-x
			}
			si := src.PixOffset(x, y)
			di := dst.PixOffset(dx, dy)
			copy(dst.Pix[di:di+4], src.Pix[si:si+4])
		}
	}
	return dst
}

// Orientation returns the Exif orientation of a JPEG file (1 to 8), or 1
// when it has none.
func Orientation(jpg []byte) int {
	i := 2
	for i+4 <= len(jpg) {
		if jpg[i] != 0xFF {
			return 1
		}
		marker := jpg[i+1]
		if marker == 0xFF { // fill byte
			i++
			continue
		}
		if marker == 0xD8 || marker >= 0xD0 && marker <= 0xD7 || marker == 0x01 {
			i += 2
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // the image data: no Exif after it
			return 1
		}
		size := int(binary.BigEndian.Uint16(jpg[i+2:]))
		end := i + 2 + size
		if size < 2 || end > len(jpg) {
			return 1
		}
		seg := jpg[i+4 : end]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			if o := tiffOrientation(seg[6:]); o != 0 {
				return o
			}
		}
		i = end
	}
	return 1
}

// tiffOrientation reads the orientation tag of the first IFD of a TIFF
// header, or 0.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 0
	}
	n := int(bo.Uint16(t[off:]))
	for k := range n {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			return 0
		}
		if bo.Uint16(t[e:]) == 0x0112 && bo.Uint16(t[e+2:]) == 3 { // Orientation, SHORT
			if o := int(bo.Uint16(t[e+8:])); o >= 1 && o <= 8 {
				return o
			}
			return 0
		}
	}
	return 0
}
