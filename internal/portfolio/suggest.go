package portfolio

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// Suggest returns the option nearest to s, or "" when none is near enough to
// be what the author meant. Case, spaces, hyphens and underscores are ignored
// first; otherwise the nearest by edit distance wins, and a tie gives no suggestion.
func Suggest(s string, options []string) string {
	return NewSuggester(options).Suggest(s)
}

// Suggester is Suggest for a list of options asked about again and again,
// such as every entry's name, for each link that names no entry. The
// options are folded once into a tree of their letters, in which options
// that start alike share their start: a name is measured against each
// start once, and against no option that has gone further from it than
// the nearest so far. A name asked about twice is worked out once. So a
// portfolio with many such links is checked in time that grows with the
// links and the entries, not with their product. It is safe for use by
// several goroutines.
type Suggester struct {
	options []string
	exact   map[string]int // a folded option, and the first option folded to it
	sorted  []string       // the folded options, sorted: those that start with a name are side by side
	root    letterNode     // the folded options of up to 64 letters, letter by letter

	mu   sync.Mutex
	seen map[string]string // names asked about, and the answer
}

// letterNode is a place in a Suggester's tree: the options folded to the
// letters on the way to it end here; next leads on, by the next letter.
type letterNode struct {
	letter rune
	ends   []int // options, by their place in Suggester.options
	next   []*letterNode
}

// NewSuggester returns a Suggester of options.
func NewSuggester(options []string) *Suggester {
	g := &Suggester{options: options, exact: make(map[string]int, len(options)), sorted: make([]string, len(options))}
	for i, o := range options {
		f := fold(o)
		g.sorted[i] = f
		if _, ok := g.exact[f]; !ok {
			g.exact[f] = i
		}
		rs := []rune(f)
		if len(rs) > 64 {
			continue // too long to be near by edits (see nearest): near only by its start
		}
		n := &g.root
		for _, r := range rs {
			k := slices.IndexFunc(n.next, func(c *letterNode) bool { return c.letter == r })
			if k < 0 {
				k = len(n.next)
				n.next = append(n.next, &letterNode{letter: r})
			}
			n = n.next[k]
		}
		n.ends = append(n.ends, i)
	}
	slices.Sort(g.sorted)
	return g
}

// Suggest returns the option nearest to s, as the function Suggest does.
func (g *Suggester) Suggest(s string) string {
	ns := fold(s)
	if ns == "" {
		return ""
	}
	if i, ok := g.exact[ns]; ok {
		return g.options[i]
	}
	g.mu.Lock()
	hint, ok := g.seen[s]
	g.mu.Unlock()
	if !ok {
		hint = g.nearest(ns)
		g.mu.Lock()
		if g.seen == nil {
			g.seen = map[string]string{}
		}
		g.seen[s] = hint
		g.mu.Unlock()
	}
	return hint
}

// nearest returns the one option nearest to ns, folded and not an option
// itself, or "" when none is near enough or several are as near.
//
// An option that starts with ns (of 3 bytes or more) is one edit from it.
// Any other option is as many edits from it as letters must be added,
// removed, changed or swapped with the next to make one into the other
// (the optimal string alignment distance), and near enough within a third
// of the shorter of the two, one edit at least. Words of more than 64
// letters are as many edits apart as the longer is long, which is never
// near enough.
func (g *Suggester) nearest(ns string) string {
	q := &search{g: g, q: []rune(ns), bestDist: -1}
	prefixed := len(ns) >= 3
	if prefixed {
		i, _ := slices.BinarySearch(g.sorted, ns)
		for ; i < len(g.sorted) && strings.HasPrefix(g.sorted[i], ns); i++ {
			q.found(g.exact[g.sorted[i]], 1)
			if q.ties > 1 {
				return "" // none can be nearer than one edit
			}
		}
	}
	if len(q.q) <= 64 {
		row := make([]int, len(q.q)+1)
		for j := range row {
			row[j] = j
		}
		for _, i := range g.root.ends { // options folded to nothing
			if len(q.q) <= q.limit(0) {
				q.found(i, len(q.q))
			}
		}
		for _, n := range g.root.next {
			q.walk(n, 1, row, nil, 0, prefixed)
		}
	}
	if q.ties != 1 {
		return ""
	}
	return q.best
}

// search is one name looked for in a Suggester's tree.
type search struct {
	g        *Suggester
	q        []rune // the name, folded
	best     string
	bestDist int
	ties     int
}

// found counts option i, dist edits from the name.
func (q *search) found(i, dist int) {
	switch {
	case q.bestDist < 0 || dist < q.bestDist:
		q.best, q.bestDist, q.ties = q.g.options[i], dist, 1
	case dist == q.bestDist:
		q.ties++ // an option listed twice too: as in Suggest, a tie
	}
}

// limit is how many edits an option of n letters may be from the name and
// still be near enough.
func (q *search) limit(n int) int { return max(1, min(len(q.q), n)/3) }

// walk measures the name against the options through n, at depth letters
// from the root: prev is the row of edit distances of the letters before
// n, prev2 the row before that and up the letter before n's. onName is
// set while the letters so far are the start of the name, and the options
// that start with the name are found already (see nearest).
func (q *search) walk(n *letterNode, depth int, prev, prev2 []int, up rune, onName bool) {
	onName = onName && depth <= len(q.q) && q.q[depth-1] == n.letter
	if onName && depth == len(q.q) {
		return
	}
	row := make([]int, len(q.q)+1)
	row[0] = depth
	least := depth
	for j := 1; j <= len(q.q); j++ {
		cost := 1
		if q.q[j-1] == n.letter {
			cost = 0
		}
		row[j] = min(prev[j]+1, row[j-1]+1, prev[j-1]+cost)
		if depth > 1 && j > 1 && q.q[j-1] == up && q.q[j-2] == n.letter {
			row[j] = min(row[j], prev2[j-2]+1)
		}
		least = min(least, row[j])
	}
	for _, i := range n.ends {
		if d := row[len(q.q)]; d <= q.limit(depth) {
			q.found(i, d)
		}
	}
	// No row has less than the row before (a swap from the row before
	// costs as much as a change in this one): once a row is further than
	// any option may be, or than the nearest so far, no option on from
	// here counts.
	reach := q.limit(len(q.q))
	if q.bestDist >= 0 {
		reach = min(reach, q.bestDist)
	}
	if least > reach {
		return
	}
	for _, c := range n.next {
		q.walk(c, depth+1, row, prev, n.letter, onName)
	}
}

func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// didYouMean returns `; did you mean "x"?` for the option nearest to s, or "".
func didYouMean(s string, options []string) string {
	if hint := Suggest(s, options); hint != "" {
		return fmt.Sprintf("; did you mean %q?", hint)
	}
	return ""
}
