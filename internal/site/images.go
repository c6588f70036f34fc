package site

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"image"
	"path"
	"strconv"
	"strings"
	"sync"

	"dll/internal/imaging"
	"dll/internal/media"
)

// The widths, in pixels, of the versions of each picture the site offers:
// a phone takes the narrowest, a desktop or a sharp screen a wider one.
var (
	evidenceWidths = []int{480, 800, 1200, 1600}
	portraitWidths = []int{160, 320, 640}
	iconWidths     = []int{180}
)

// printWidths are the versions of a picture in the evidence pack: one,
// sharp on paper (a picture across the page, 16 cm, at 250 dots an inch).
var printWidths = []int{1600}

// evidenceWidths are the widths of the versions of evidence pictures:
// several for the site, one for print.
func (b *builder) evidenceWidths() []int {
	if b.print {
		return printWidths
	}
	return evidenceWidths
}

// picture is an image of the site in the versions made of it.
type picture struct {
	Width, Height int // of the widest version, upright
	Versions      []pictureVersion
	src           string // the portfolio path of the file
}

type pictureVersion struct {
	Path  string // site path
	Width int
	key   string // the version's bytes in the image cache; "" for the file itself
}

// Src is the version for browsers that read no srcset: a middle one.
func (p *picture) Src() string {
	return p.Versions[min(1, len(p.Versions)-1)].Path
}

// Widest is the site path of the widest version.
func (p *picture) Widest() string { return p.Versions[len(p.Versions)-1].Path }

// srcset lists the versions for the srcset attribute, from the page pg.
func (p *picture) srcset(pg *page) template.Srcset {
	var b strings.Builder
	for i, v := range p.Versions {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pg.rel(v.Path))
		b.WriteString(" ")
		b.WriteString(strconv.Itoa(v.Width))
		b.WriteString("w")
	}
	return template.Srcset(b.String()) //nolint:gosec // site paths, escaped
}

// pictures makes each picture once per build, whichever page asks first.
type pictures struct {
	mu    sync.Mutex
	byKey map[string]*pictureOnce
}

type pictureOnce struct {
	once sync.Once
	pic  *picture
	err  error
}

// picture returns the picture of the portfolio file src published in the
// site folder dir, in versions of widths, cleaned of its metadata first.
// A picture the imaging package cannot resize (a GIF, say) is published as
// it is, in one version.
func (b *builder) picture(src, dir string, widths []int) (*picture, error) {
	key := src + "\x00" + dir
	b.pics.mu.Lock()
	if b.pics.byKey == nil {
		b.pics.byKey = map[string]*pictureOnce{}
	}
	po := b.pics.byKey[key]
	if po == nil {
		po = &pictureOnce{}
		b.pics.byKey[key] = po
	}
	b.pics.mu.Unlock()
	po.once.Do(func() { po.pic, po.err = b.makePicture(src, dir, widths) })
	return po.pic, po.err
}

func (b *builder) makePicture(src, dir string, widths []int) (*picture, error) {
	data, err := b.cleaned(src, true)
	if err != nil {
		return nil, err
	}
	base := path.Base(src)
	stem := strings.TrimSuffix(base, path.Ext(base))
	pic := &picture{src: src}
	im, err := b.images.Make(data, widths)
	if errors.Is(err, imaging.ErrUnsupported) || errors.Is(err, imaging.ErrTooLarge) || errors.Is(err, image.ErrFormat) {
		// Published as it is (cleaned), in one size.
		cfg, _, _ := image.DecodeConfig(bytes.NewReader(data))
		pic.Width, pic.Height = cfg.Width, cfg.Height
		pic.Versions = []pictureVersion{{Path: path.Join(dir, base), Width: cfg.Width}}
		return pic, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w; open it in an image editor and save it again as JPEG or PNG", src, err)
	}
	w := im.Widest()
	pic.Width, pic.Height = w.Width, w.Height
	for _, v := range im.Versions {
		pv := pictureVersion{Width: v.Width, key: v.Key, Path: path.Join(dir, base)}
		if v.Key != "" {
			pv.Path = path.Join(dir, stem+".w"+strconv.Itoa(v.Width)+v.Ext)
		}
		pic.Versions = append(pic.Versions, pv)
	}
	return pic, nil
}

// cleaned returns a file of the portfolio as the site may publish it,
// through the one table of formats (media): cleaned of location, camera,
// author and comments, or refused. record adds the file to the summary's
// list of files cleaned.
func (b *builder) cleaned(src string, record bool) ([]byte, error) {
	data, err := readAll(b.p, src)
	if err != nil {
		return nil, err
	}
	clean, removed, err := media.CleanBytes(src, data)
	if err != nil {
		// Never publish what could not be cleaned.
		return nil, fmt.Errorf("%s: %w", src, err)
	}
	if record && len(removed) > 0 {
		b.mu.Lock()
		b.sum.Stripped = append(b.sum.Stripped, src)
		b.mu.Unlock()
	}
	return clean, nil
}

// writePicture writes the versions of a picture the site does not have
// yet.
func (b *builder) writePicture(pic *picture) error {
	for _, v := range pic.Versions {
		b.mu.Lock()
		done := b.copied[v.Path]
		b.copied[v.Path] = true
		b.mu.Unlock()
		if done {
			continue
		}
		var data []byte
		if v.key == "" {
			d, err := b.cleaned(pic.src, false)
			if err != nil {
				return err
			}
			data = d
		} else {
			d, ok := b.images.Data(imaging.Version{Key: v.key})
			if !ok {
				return fmt.Errorf("%s: the %d px version was lost from the image cache; build again", pic.src, v.Width)
			}
			data = d
		}
		if err := b.writeFile(v.Path, data); err != nil {
			return err
		}
		b.mu.Lock()
		b.sum.Files++
		b.sum.Bytes += int64(len(data))
		b.mu.Unlock()
	}
	return nil
}
