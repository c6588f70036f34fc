package portfolio

import (
	"strconv"

	"go.yaml.in/yaml/v3"

	"dll/internal/diag"
)

// maxAnchorReports is how many anchors and aliases one file reports one by
// one; the rest are counted in one more line.
const maxAnchorReports = 10

// refuseAnchors reports every YAML anchor (&name) and alias (*name) in the
// tree at root, and returns false when there is any. Nothing in the model
// needs them, and an alias repeats its anchor's whole value wherever it
// stands: a few kilobytes of them can stand for gigabytes of text for every
// rule to read. The walk visits each node of the parsed text once and never
// follows an alias, so refusing costs no more than reading the text did.
func refuseAnchors(file string, offset int, root *yaml.Node, diags *diag.List) bool {
	w := anchorWalk{file: file, offset: offset, diags: diags}
	w.walk(root, nil)
	if w.found > maxAnchorReports {
		diags.Errorf(w.more, "yaml", "yaml-anchor", "this and %d more anchors (&) and aliases (*) below it; write each value out in full where it belongs", w.found-maxAnchorReports-1)
	}
	return w.found == 0
}

type anchorWalk struct {
	file   string
	offset int
	diags  *diag.List
	found  int
	more   diag.Pos // the first one not reported by itself
}

// walk looks at n, whose YAML path is path, and everything under it.
func (w *anchorWalk) walk(n *yaml.Node, path []byte) {
	if n == nil {
		return
	}
	switch {
	case n.Kind == yaml.AliasNode:
		w.report(n, path, "*"+n.Value+" repeats the value marked &"+n.Value+"; dll does not read YAML anchors and aliases, so write the value out in full here")
		return // never into what the alias stands for
	case n.Anchor != "":
		w.report(n, path, "&"+n.Anchor+" marks this value to be repeated with *"+n.Anchor+"; dll does not read YAML anchors and aliases, so delete &"+n.Anchor+" and write the value out in full wherever it is needed")
	}
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			w.walk(c, path)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			w.walk(k, path) // a key may carry an anchor or be an alias too
			w.walk(n.Content[i+1], appendKey(path[:len(path):len(path)], k.Value))
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			p := append(path[:len(path):len(path)], '[')
			p = append(strconv.AppendInt(p, int64(i), 10), ']')
			w.walk(c, p)
		}
	}
}

func (w *anchorWalk) report(n *yaml.Node, path []byte, msg string) {
	w.found++
	at := nodePos(w.file, w.offset, n)
	if w.found == maxAnchorReports+1 {
		w.more = at
	}
	if w.found > maxAnchorReports {
		return
	}
	field := string(path)
	if field == "" {
		field = "yaml"
	}
	w.diags.Errorf(at, field, "yaml-anchor", "%s", msg)
}
