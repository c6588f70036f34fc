//go:build browser

package main_test

// A phone photo taken upright (stored on its side, with Exif orientation
// 6, as phones store them) leads its experience's page upright, in its own
// proportions, and leaves the story in sight.

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// uprightPhoto is a 4000×3000 phone photo with Exif orientation 6: shown
// upright, it is 3000 wide and 4000 high.
func uprightPhoto(t *testing.T) []byte {
	t.Helper()
	jpg := phonePhoto(t)
	// A little-endian TIFF with one IFD entry: Orientation (0x0112),
	// SHORT, 1 value: 6 (rotate 90° clockwise to show).
	var tiff bytes.Buffer
	tiff.WriteString("II*\x00")
	binary.Write(&tiff, binary.LittleEndian, uint32(8))
	binary.Write(&tiff, binary.LittleEndian, uint16(1))
	binary.Write(&tiff, binary.LittleEndian, []uint16{0x0112, 3})
	binary.Write(&tiff, binary.LittleEndian, uint32(1))
	binary.Write(&tiff, binary.LittleEndian, []uint16{6, 0})
	binary.Write(&tiff, binary.LittleEndian, uint32(0))
	app1 := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xFF, 0xE1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}
	out := append([]byte{}, jpg[:2]...) // SOI
	out = append(out, seg...)
	out = append(out, app1...)
	return append(out, jpg[2:]...)
}

func TestUprightPhotoLeads(t *testing.T) {
	chrome := findChromium(t)
	browser := startBrowser(t, chrome)
	photo := uprightPhoto(t)
	out := buildExample(t, "", func(dir string) {
		folder := filepath.Join(dir, "experiences", "glider-design-challenge")
		os.WriteFile(filepath.Join(folder, "notebook.jpg"), photo, 0o644)
		entry := filepath.Join(folder, "index.md")
		src, _ := os.ReadFile(entry)
		src = bytes.Replace(src, []byte("evidence:\n"), []byte(`evidence:
  - title: "A team's notebook page"
    kind: photo
    file: notebook.jpg
    phase: teaching
    consent: anonymized
    alt: "An engineering notebook page with a table of three launches and a sketch of the wing moved back."
`), 1)
		os.WriteFile(entry, src, 0o644)
	})
	page := "file://" + filepath.ToSlash(filepath.Join(out, "experiences", "glider-design-challenge", "index.html"))

	type box struct {
		Src                string
		AttrW, AttrH       float64
		Width, Height      float64
		NaturalW, NaturalH float64
		ViewportH          float64
		Fit                string
	}
	const leadJS = `(async () => {
	  const img = document.querySelector(".lead-picture img");
	  if (!img) return null;
	  await img.decode().catch(() => {});
	  const r = img.getBoundingClientRect();
	  return {Src: img.currentSrc, AttrW: +img.getAttribute("width"), AttrH: +img.getAttribute("height"),
	    Width: r.width, Height: r.height, NaturalW: img.naturalWidth, NaturalH: img.naturalHeight,
	    ViewportH: innerHeight, Fit: getComputedStyle(img).objectFit};
	})()`
	for _, vp := range []struct {
		width, height int64
		mobile        bool
	}{{1280, 900, false}, {390, 844, true}, {320, 640, true}} {
		tab := openTab(t, browser)
		ctx, cancel := context.WithTimeout(tab, pageTimeout)
		if err := chromedp.Do(ctx, viewport(vp.width, vp.height, vp.mobile), chromedp.Navigate(page)); err != nil {
			cancel()
			t.Fatal(err)
		}
		b, err := chromedp.Run(ctx, chromedp.Evaluate[*box](leadJS, chromedp.EvalAwaitPromise))
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if b == nil {
			t.Fatalf("at %d px the page has no lead picture", vp.width)
		}
		t.Logf("at %dx%d: %s, %gx%g attributes, shown in %.0fx%.0f (object-fit: %s)", vp.width, vp.height, filepath.Base(b.Src), b.AttrW, b.AttrH, b.Width, b.Height, b.Fit)
		if filepath.Base(b.Src) == "notebook.jpg" || !bytes.Contains([]byte(b.Src), []byte("notebook.w")) {
			t.Errorf("at %d px the lead picture is %s, not a web version of the upright photo", vp.width, b.Src)
		}
		if b.AttrH <= b.AttrW || b.NaturalH <= b.NaturalW {
			t.Errorf("at %d px the upright photo is %gx%g by its attributes and %gx%g as decoded: it should be taller than wide", vp.width, b.AttrW, b.AttrH, b.NaturalW, b.NaturalH)
		}
		// Shown in a box of other proportions, it must fit in it whole.
		if got, want := b.Height/b.Width, b.AttrH/b.AttrW; (got < want*0.98 || got > want*1.02) && b.Fit != "contain" && b.Fit != "scale-down" {
			t.Errorf("at %d px the photo is shown %.0fx%.0f (object-fit: %s), out of its proportions %gx%g", vp.width, b.Width, b.Height, b.Fit, b.AttrW, b.AttrH)
		}
		if b.Height > b.ViewportH*0.8 {
			t.Errorf("at %dx%d the lead photo is %.0f px high: the story after it is out of sight", vp.width, vp.height, b.Height)
		}
	}
}
