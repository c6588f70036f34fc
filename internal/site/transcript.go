package site

import (
	"html"
	"regexp"
	"strings"
	"unicode/utf8"
)

// transcript is a captions file as text to read: what was said, by whom,
// without cue numbers, timings or styling.
type transcript struct {
	Paragraphs []said
	Words      int
}

// said is one speaker's turn, or a run of cues by nobody named.
type said struct {
	Speaker, Text string
}

// longTranscript is the length, in words, above which a transcript gets a
// page of its own and the evidence shows its start.
const longTranscript = 250

// Long reports whether the transcript is read on a page of its own.
func (t *transcript) Long() bool { return t.Words > longTranscript }

// Start is the first turns of a long transcript, about a hundred words.
func (t *transcript) Start() []said {
	n := 0
	for i, p := range t.Paragraphs {
		n += len(strings.Fields(p.Text))
		if n >= 100 {
			return t.Paragraphs[:i+1]
		}
	}
	return t.Paragraphs
}

var (
	vttTiming = regexp.MustCompile(`^\s*(\d+:)?\d{2}:\d{2}[.,]\d{3}\s+-->`)
	vttVoice  = regexp.MustCompile(`^<v(?:\.[^ \t>]*)?[ \t]+([^>]*)>`)
	vttTag    = regexp.MustCompile(`</?[a-zA-Z][^>]*>|<\d[^>]*>`)
)

// parseVTT reads a WebVTT captions file. It is forgiving: whatever is not
// a cue's text (the header, notes, styles, regions, cue ids and timings)
// is left out, and what remains is joined into turns by speaker.
func parseVTT(src []byte) *transcript {
	if !utf8.Valid(src) {
		src = []byte(strings.ToValidUTF8(string(src), "\uFFFD"))
	}
	text := strings.ReplaceAll(strings.ReplaceAll(string(src), "\r\n", "\n"), "\r", "\n")
	text = strings.TrimPrefix(text, "\uFEFF")
	t := &transcript{}
	for _, block := range strings.Split(text, "\n\n") {
		lines := strings.Split(strings.Trim(block, "\n"), "\n")
		timing := -1
		for i, l := range lines {
			if vttTiming.MatchString(l) {
				timing = i
				break
			}
		}
		if timing < 0 {
			continue // the header, a NOTE, a STYLE or a REGION block
		}
		speaker := ""
		var parts []string
		for _, l := range lines[timing+1:] {
			l = strings.TrimSpace(l)
			if m := vttVoice.FindStringSubmatch(l); m != nil {
				speaker = strings.TrimSpace(m[1])
			}
			l = strings.Join(strings.Fields(html.UnescapeString(vttTag.ReplaceAllString(l, ""))), " ")
			if l != "" {
				parts = append(parts, l)
			}
		}
		if len(parts) == 0 {
			continue
		}
		line := strings.Join(parts, " ")
		t.Words += len(strings.Fields(line))
		if n := len(t.Paragraphs); n > 0 && t.Paragraphs[n-1].Speaker == speaker {
			last := &t.Paragraphs[n-1]
			// A long turn breaks into paragraphs at the end of a sentence.
			if !(len(strings.Fields(last.Text)) >= 80 && strings.ContainsAny(last.Text[len(last.Text)-1:], ".!?")) {
				last.Text += " " + line
				continue
			}
		}
		t.Paragraphs = append(t.Paragraphs, said{Speaker: speaker, Text: line})
	}
	if len(t.Paragraphs) == 0 {
		return nil
	}
	return t
}
