package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dll/internal/portfolio"
)

// strangeEntry is an experience whose words and names have in them what
// each escaper of html/template treats in its own way: quotes, ampersands,
// plus signs, brackets, percent signs (escapes made and not), colons,
// hashes, spaces, and words in other scripts, in text, attributes and
// addresses. It is a planned draft, so that its page says what is still
// to do.
const strangeEntry = `---
title: "\"Q&A\" + <Lab> 100% 'réel' #1"
summary: "Ça & ça: «cited» + 'quoted' <b>not bold</b> %41 %zz"
status: planned
start: 2026-01-05
end: 2026-01-01
type: inquiry
also: [personalized]
mode: build
what_changed: "From \"A\" to <B> & C+"
my_role: instructional-coach
partners:
  - name: "O'Brien & <Sons>"
    role: classroom-teacher
    subject: "Maths + \"Science\""
  - name: "Ms. 李"
    role: faculty
setting:
  organization_type: k12
  organization: "École «Saint-Jean» & Co"
  delivery: face-to-face
  level: 6-8
  subject: "C++ & Rust"
  sessions: 1
  weeks: 12
contributions:
  planning: ["Plan <one> & \"two\"", "Plan 100% + more"]
  teaching: ["Teach 'it'"]
expertise: [instructional-design, technology, equity]
equity:
  barriers: [disability]
  actions: ["Act <now> & \"later\""]
technologies: ["C++", "Q&A <tool>", ""]
outcomes:
  learners: 7
  met_or_exceeded: 0
  baseline_percent: 0
  assessment_basis: "Rubric \"3+\" & <above>"
  learner_change: "Learners <now> ask \"why\" & +"
  partner_change: "The teacher <now> plans & \"leads\""
impact:
  - area: self-efficacy
    stakeholders: [students, teachers]
    note: "Note <i>x</i> & 'y'"
    evidence: "Partner's words & more"
actions: [growth-opportunities]
evidence:
  - title: "Partner's words & more"
    kind: partner-statement
    file: statement.txt
    phase: impact
    consent: obtained
  - title: "Learners' <voices>"
    kind: learner-feedback
    file: voices.txt
    phase: impact
    consent: anonymized
  - title: "Site + notes & 'more' <x>"
    kind: resource
    url: "https://example.org/a b/c%20d/%zz?q=1+2&r='x'#frag ment"
    phase: planning
    consent: not-applicable
  - title: "Plan: \"draft\""
    kind: lesson-plan
    file: "plan 1 & 2.txt"
    phase: planning
    consent: not-applicable
    caption: "Caption <with> & 'quotes'"
alignments:
  iste-coaches: ["4.4", "4.7"]
  aasl: [curate]
tags: ["C++ & «maths»", "100% #1", "日本語", "a/b?c"]
---
Story with **bold** & <b>raw</b>.
`

// TestEntryPageInGoOnStrangeEntries makes the experience pages of entries
// whose every field has something for an escaper to do, as a draft with
// its list of what is still to do and with its history shown: TestMain has
// each page made both from entry.html and in Go, and the build fails when
// the two differ.
func TestEntryPageInGoOnStrangeEntries(t *testing.T) {
	noted := strings.Replace(strangeEntry, `alignments:
  iste-coaches: ["4.4", "4.7"]`, `alignments:
  iste-coaches:
    - "4.4": "Note <with> & \"quotes\" + 100%"
    - "4.7"`, 1)
	dir := writePortfolio(t, map[string]string{
		"dll.yaml":                           settings + "site:\n  show_revisions: true\n",
		"experiences/strange/index.md":       strangeEntry,
		"experiences/strange/statement.txt":  "Words of a partner <who> & \"how\".\n",
		"experiences/strange/voices.txt":     "We liked it + more.\n",
		"experiences/strange/plan 1 & 2.txt": "A plan.\n",
		"experiences/noted/index.md":         strings.Replace(noted, "status: planned", "status: in-progress", 1),
		"experiences/noted/statement.txt":    "Words.\n",
		"experiences/noted/voices.txt":       "Voices.\n",
		"experiences/noted/plan 1 & 2.txt":   "A plan.\n",
	})
	p, _ := portfolio.Load(os.DirFS(dir))
	if len(p.Entries) != 2 {
		t.Fatalf("read %d entries, want 2", len(p.Entries))
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	opts := Options{Drafts: true, Workers: 1,
		Todo: map[string][]string{"experiences/strange/index.md": {"outcomes: say <how> many & \"why\"", "TODO + more"}},
		History: map[string]*History{
			"experiences/strange/index.md": {First: day("2026-01-02"), Last: day("2026-02-03"), Revisions: []Revision{{day("2026-02-03"), "Fix <typo> & \"quote\""}, {day("2026-01-02"), "Start"}}},
			"experiences/noted/index.md":   {First: day("2026-01-02"), Last: day("2026-01-02"), Revisions: []Revision{{day("2026-01-02"), "Start"}}},
		}}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), p, out, opts); err != nil {
		t.Fatal(err)
	}
	files := tree(t, out)
	for _, name := range []string{"experiences/strange/index.html", "experiences/noted/index.html"} {
		page := string(files[name])
		if page == "" {
			t.Fatalf("%s was not made; made: %v", name, sortedKeys(files))
		}
		for _, want := range []string{"Fix &lt;typo&gt; &amp; &#34;quote&#34;", "Note &lt;with&gt; &amp; &#34;quotes&#34; &#43; 100%", "TODO &#43; more"} {
			if name == "experiences/strange/index.html" && strings.HasPrefix(want, "Note") || name == "experiences/noted/index.html" && !strings.HasPrefix(want, "Note") {
				continue
			}
			if !strings.Contains(page, want) {
				t.Errorf("%s does not show %q", name, want)
			}
		}
	}
}
