package privacy

import (
	"bytes"
	"regexp"
	"slices"

	"github.com/yuin/goldmark/text"

	"dll/internal/portfolio"
)

// vttTiming matches a WebVTT cue's timing line.
var vttTiming = regexp.MustCompile(`^\s*(\d+:)?\d{2}:\d{2}[.,]\d{3}\s+-->`)

// InCaptions finds the names in a WebVTT captions file, both as the file
// is written (cue ids, notes and voice tags included) and as the site shows
// it, as a transcript: the text of its cues run together, without timings
// and styling, so that a name split across two cues ("... said Ana" and
// "Lopez ...") or by styling (<b>An</b>a) is found. Offsets are into src.
func (n *Names) InCaptions(src []byte) []Hit {
	if n.Empty() {
		return nil
	}
	return union(n.InText(string(src)), n.InText(string(transcriptView(src))))
}

// InMarkdownFile finds the names in a Markdown file an entry publishes,
// both as it is written (the file itself is published) and as a page
// shows it when it quotes it, its markup read. Offsets are into src.
func (n *Names) InMarkdownFile(src []byte) []Hit {
	if n.Empty() {
		return nil
	}
	doc := portfolio.Markdown().Parser().Parse(text.NewReader(src))
	return union(n.InText(string(src)), n.InMarkdown(doc, src))
}

// union returns the hits of a and those of b that overlap none of a, in
// the order of their offsets.
func union(a, b []Hit) []Hit {
	for _, h := range b {
		if !slices.ContainsFunc(a, func(o Hit) bool { return o.Offset <= h.Last && h.Offset <= o.Last }) {
			a = append(a, h)
		}
	}
	slices.SortStableFunc(a, func(x, y Hit) int { return x.Offset - y.Offset })
	return a
}

// transcriptView is src, a captions file, as the site's transcript reads
// it, byte for byte in place: what is not a cue's text (the header, notes,
// styles, cue ids and timings) becomes spaces, and tags (<b>, <v Name>)
// become a character that is nothing, so that offsets stay those of src.
func transcriptView(src []byte) []byte {
	view := bytes.Clone(src)
	var block [][2]int // the lines of the block being read: start and end
	flush := func() {
		timing := -1
		for i, l := range block {
			if vttTiming.Match(view[l[0]:l[1]]) {
				timing = i
				break
			}
		}
		for i, l := range block {
			line := view[l[0]:l[1]]
			if i <= timing || timing < 0 {
				for k := range line {
					line[k] = ' '
				}
				continue
			}
			for k := 0; k < len(line); k++ {
				if line[k] != '<' {
					continue
				}
				end := bytes.IndexByte(line[k:], '>')
				if end < 0 {
					break
				}
				for j := k; j <= k+end; j++ {
					line[j] = 0x7f
				}
				k += end
			}
		}
		block = block[:0]
	}
	for at := 0; at < len(view); {
		end := bytes.IndexByte(view[at:], '\n')
		if end < 0 {
			end = len(view)
		} else {
			end += at
		}
		if len(bytes.TrimSpace(view[at:end])) == 0 {
			flush()
		} else {
			block = append(block, [2]int{at, end})
		}
		at = end + 1
	}
	flush()
	return view
}
