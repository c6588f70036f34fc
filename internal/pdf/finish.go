package pdf

import (
	"bytes"
	"errors"
	"regexp"
	"time"
)

// Creator is what a PDF made by dll pdf says made it.
const Creator = "dll"

// The browser writes the document information as its own: the title of
// the page, the browser's name and version and the computer's system (as
// the creator), its PDF library (as the producer), and the time of
// printing. Finish keeps the title and the producer, says dll made it, and
// dates it with the portfolio's own date, so that the same pack gives the
// same bytes, and nothing of the computer stays.

var (
	infoRefRE = regexp.MustCompile(`/Info\s+(\d+)\s+0\s+R`)
	objEndRE  = regexp.MustCompile(`\bendobj\b`)
)

// Finish rewrites the document information of a PDF the browser printed,
// in place and at its length, so that every offset of the file stays
// right: the title and producer stay, the creator is dll, and the dates are
// date (in UTC), or left out when it is zero.
func Finish(data []byte, date time.Time) ([]byte, error) {
	refs := infoRefRE.FindAllSubmatchIndex(data, -1)
	if len(refs) == 0 {
		return data, nil // no document information: nothing to replace
	}
	last := refs[len(refs)-1] // the trailer's
	num := string(data[last[2]:last[3]])
	start := bytes.Index(data, []byte("\n"+num+" 0 obj"))
	if start < 0 {
		return nil, errors.New("the printed pack's document information cannot be found")
	}
	open := bytes.Index(data[start:], []byte("<<"))
	end := objEndRE.FindIndex(data[start:])
	if open < 0 || end == nil || open > end[0] {
		return nil, errors.New("the printed pack's document information cannot be read")
	}
	dictStart := start + open
	dictEnd := start + bytes.LastIndex(data[start:start+end[0]], []byte(">>")) + 2
	if dictEnd < dictStart+4 {
		return nil, errors.New("the printed pack's document information cannot be read")
	}
	old := data[dictStart:dictEnd]
	entries, ok := infoEntries(old[2 : len(old)-2])
	if !ok {
		return nil, errors.New("the printed pack's document information cannot be read")
	}
	var b bytes.Buffer
	b.WriteString("<<")
	for _, key := range []string{"Title", "Producer"} {
		if v, ok := entries[key]; ok {
			b.WriteString("/" + key + " " + string(v) + "\n")
		}
	}
	b.WriteString("/Creator (" + Creator + ")")
	if !date.IsZero() {
		d := "(D:" + date.UTC().Format("20060102150405") + "+00'00')"
		b.WriteString("\n/CreationDate " + d + "\n/ModDate " + d)
	}
	if b.Len()+2 > len(old) {
		return nil, errors.New("the printed pack's document information has no room for dll's")
	}
	b.Write(bytes.Repeat([]byte(" "), len(old)-b.Len()-2))
	b.WriteString(">>")
	out := bytes.Clone(data)
	copy(out[dictStart:dictEnd], b.Bytes())
	return out, nil
}

// infoEntries reads the entries of a document information dictionary:
// names, each followed by a (literal) or <hex> string. ok is false for
// anything else.
func infoEntries(s []byte) (map[string][]byte, bool) {
	out := map[string][]byte{}
	i := 0
	skip := func() {
		for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t' || s[i] == '\f') {
			i++
		}
	}
	for {
		skip()
		if i == len(s) {
			return out, true
		}
		if s[i] != '/' {
			return nil, false
		}
		j := i + 1
		for j < len(s) && bytes.IndexByte([]byte(" \n\r\t\f/<>[]()"), s[j]) < 0 {
			j++
		}
		key := string(s[i+1 : j])
		i = j
		skip()
		if i == len(s) {
			return nil, false
		}
		switch s[i] {
		case '(':
			depth, j := 0, i
			for ; j < len(s); j++ {
				switch s[j] {
				case '\\':
					j++
				case '(':
					depth++
				case ')':
					depth--
				}
				if depth == 0 {
					break
				}
			}
			if j >= len(s) {
				return nil, false
			}
			out[key] = s[i : j+1]
			i = j + 1
		case '<':
			j := bytes.IndexByte(s[i:], '>')
			if j < 0 {
				return nil, false
			}
			out[key] = s[i : i+j+1]
			i += j + 1
		default:
			return nil, false
		}
	}
}

// MadeByDLL reports whether data is a PDF that dll pdf made, which a new
// one may replace.
func MadeByDLL(data []byte) bool {
	return bytes.HasPrefix(data, []byte("%PDF-")) && bytes.Contains(data, []byte("/Creator ("+Creator+")"))
}
