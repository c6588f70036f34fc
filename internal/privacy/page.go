package privacy

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
)

// InPage finds the names in a file the site publishes as text: an HTML
// page, the feed, the sitemap, portfolio.json, or a text file. It reads
// what a reader or a program can get from it: the text between tags, the
// values of attributes (alt text, titles, addresses, descriptions), and
// comments too, which are published though not shown. Inline tags do not
// end a word (Ma<em>ria</em> is one word); the cells of a table's row and
// the lines of a paragraph run on into each other (a gradebook's "Lopez |
// Ana" is a name); other block tags end what a name can span, as a heading
// and the paragraph after it are read apart. Each attribute value and
// comment is read on its own, apart from the text around its tag.
func (n *Names) InPage(b []byte) []Hit {
	if n.Empty() {
		return nil
	}
	m, apart := n.matcher(), n.matcher()
	for i := 0; i < len(b); {
		if b[i] != '<' {
			j := bytes.IndexByte(b[i:], '<')
			if j < 0 {
				j = len(b) - i
			}
			m.sc.text(b[i:i+j], i)
			i += j
			continue
		}
		if bytes.HasPrefix(b[i:], []byte("<!--")) {
			end := bytes.Index(b[i+4:], []byte("-->"))
			if end < 0 {
				end = len(b) - i - 4
			}
			apart.alone(b[i+4:i+4+end], i+4)
			i += 4 + end + 3
			continue
		}
		if i+1 < len(b) && !isTagStart(b[i+1]) {
			m.sc.r('<', i) // a lone < in text
			i++
			continue
		}
		i = tag(m, apart, b, i)
	}
	return merge(m.done(), apart.done())
}

// alone reads b, found at offset at, as a text of its own.
func (m *matcher) alone(b []byte, at int) {
	m.reset()
	m.sc.text(b, at)
	m.reset()
}

// reset ends the current word, and any name begun before it.
func (m *matcher) reset() {
	m.sc.brk()
	m.partial = m.partial[:0]
}

// merge returns the hits of a and b in the order of their offsets.
func merge(a, b []Hit) []Hit {
	if len(b) == 0 {
		return a
	}
	out := append(a, b...)
	slices.SortStableFunc(out, func(x, y Hit) int { return x.Offset - y.Offset })
	return out
}

func isTagStart(c byte) bool {
	return c == '/' || c == '!' || c == '?' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// tag reads the tag that starts at b[i] ('<'), giving the values of its
// attributes to apart, each on its own, and returns the offset after it.
func tag(m, apart *matcher, b []byte, i int) int {
	j := i + 1
	if j < len(b) && b[j] == '/' {
		j++
	}
	nameStart := j
	for j < len(b) && (isAlnum(b[j]) || b[j] == '-' || b[j] == ':') {
		j++
	}
	switch name := b[nameStart:j]; {
	case inline(name):
	case runOn(name):
		m.sc.brk()
	default:
		m.reset()
	}
	for j < len(b) && b[j] != '>' {
		switch c := b[j]; c {
		case '"', '\'':
			end := bytes.IndexByte(b[j+1:], c)
			if end < 0 {
				end = len(b) - j - 1
			}
			apart.alone(b[j+1:j+1+end], j+1)
			j += end + 2
		case '=':
			// An unquoted value runs to the next space or >.
			k := j + 1
			for k < len(b) && b[k] != ' ' && b[k] != '>' && b[k] != '"' && b[k] != '\'' && b[k] != '\t' && b[k] != '\n' {
				k++
			}
			apart.alone(b[j+1:k], j+1)
			j = max(k, j+1)
		default:
			j++
		}
	}
	return j + 1
}

// runOn reports whether a tag ends a word but not a name: a line break in
// a paragraph, a cell of a table's row.
func runOn(name []byte) bool {
	return bytes.EqualFold(name, []byte("br")) || bytes.EqualFold(name, []byte("td")) || bytes.EqualFold(name, []byte("th"))
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// inline reports whether a tag sits inside a word as well as between
// words.
func inline(name []byte) bool {
	var buf [8]byte
	if len(name) > len(buf) {
		return false
	}
	for i, c := range name {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	switch string(buf[:len(name)]) {
	case "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark",
		"q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr":
		return true
	}
	return false
}

// InJSON finds the names in a JSON document, such as portfolio.json: in
// each of its strings (keys and values) on its own, as a program reading
// it gets them. A document that is not JSON is read as InPage reads it.
func (n *Names) InJSON(b []byte) []Hit {
	if n.Empty() {
		return nil
	}
	m := n.matcher()
	dec := json.NewDecoder(bytes.NewReader(b))
	for {
		at := int(dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			return m.done()
		}
		if err != nil {
			return n.InPage(b)
		}
		if s, ok := tok.(string); ok {
			for at < len(b) && b[at] != '"' {
				at++ // past the : or , before the string
			}
			m.alone([]byte(s), at+1)
		}
	}
}
