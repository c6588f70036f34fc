package sample

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// The realistic entries below are what a leader who writes carefully
// produces: about 75 lines of front matter with several partners,
// contributions in every phase, equity, outcomes, impact, evidence and
// alignments to three frameworks, and a story of 800 to 1,200 words with
// headings, lists, emphasis, a table, links to other entries and to the
// web. Tags follow a long tail, as real ones do: a few are on many
// entries, most on few. Every entry is valid, with no warning.

var (
	realPartners = []string{"Ms. R. Alvarez", "Mr. D. Okoro", "Dr. S. Patel", "Ms. L. Nguyen", "Mr. J. Chen", "Coach T.",
		"Ms. A. Haddad", "Mr. K. Osei", "Dr. M. Lindqvist", "Ms. P. Ramos", "Mr. B. Kowalski", "Ms. Y. Tanaka"}
	partnerRoles = []string{"classroom-teacher", "classroom-teacher", "instructor", "faculty", "trainer"}
	realSubjects = []string{"Grade 3 Science", "Grade 5 Mathematics", "Grade 7 English", "Grade 8 History", "Biology 101",
		"Onboarding for new staff", "Grade 10 Chemistry", "Grade 2 Reading", "Art and design", "Health and wellness"}
	barriers  = []string{"device-access", "connectivity", "language", "disability", "poverty", "culture"}
	impacts   = []string{"motivation", "self-efficacy", "empowerment", "mindset"}
	actionIDs = []string{"communication", "innovation", "accountability", "growth-opportunities", "strategic-planning", "vision"}
	isteCodes = []string{"4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7"}
	aaslCodes = []string{"inquire", "include", "collaborate", "curate", "explore", "engage"}
	frCodes   = []string{"curriculum-instruction-assessment", "personalized-professional-learning", "robust-infrastructure",
		"budget-resources", "community-partnerships", "data-privacy", "use-of-space-time", "collaborative-leadership"}
	tools = []string{"Padlet", "Google Docs", "Flip", "Canva", "Seesaw", "Scratch", "Google Sheets", "Kahoot", "Nearpod", "Book Creator"}

	// The words stories are made of.
	starts = []string{"We", "The teacher and I", "Learners", "Our team", "The class", "Every group", "Partners", "Students",
		"The department", "Families"}
	verbs = []string{"planned", "tested", "revised", "compared", "discussed", "modelled", "scored", "shared", "questioned",
		"designed", "rebuilt", "recorded", "presented", "mapped", "explained"}
	objects = []string{"the umbrella question", "a shared rubric", "three reading levels of sources", "the exit tickets",
		"their own research notes", "a draft of the final product", "the evidence from each cycle", "a feedback protocol",
		"the data from the first week", "a set of worked examples", "the co-teaching plan", "short video explainers"}
	tails = []string{"before the next session", "with the whole class", "in small groups", "over two weeks",
		"against the earlier cohort", "so that every learner took part", "with help from the library", "in their notebooks",
		"during the planning meeting", "at the end of each cycle"}
	asides = []string{"which surprised us", "as we had hoped", "more than once", "without prompting", "for the first time"}
	webs   = []string{"https://www.iste.org/standards", "https://standards.aasl.org/", "https://example.org/research/inquiry",
		"https://example.edu/library/guides/fair-test", "https://example.org/toolkit/co-teaching"}
)

// realTags are the tags of realistic entries, the most common first.
var realTags = func() []string {
	base := []string{"research", "reading", "stem", "writing", "inquiry", "assessment", "co-teaching", "makerspace",
		"digital-citizenship", "media-literacy", "data", "equity", "coding", "science", "history", "mathematics", "art",
		"oral-history", "families", "onboarding", "feedback", "rubrics", "project-based", "primary-sources", "podcasts",
		"video", "climate", "health", "civics", "debate", "poetry", "fractions", "engineering", "robotics", "gardens",
		"museum", "community", "mentoring", "wellbeing", "multilingual"}
	for i := range 80 {
		base = append(base, fmt.Sprintf("unit-%02d", i+1))
	}
	return base
}()

// pick returns an element of list.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// tagWeights are the running totals of the tags' weights: the k-th tag
// comes up in proportion to 1/(k+20), so that the commonest is on about
// one entry in ten and most are on few.
var tagWeights = func() []float64 {
	w := make([]float64, len(realTags))
	sum := 0.0
	for k := range w {
		sum += 1 / float64(k+20)
		w[k] = sum
	}
	return w
}()

// tagIndex picks a tag index from the long tail.
func tagIndex(r *rand.Rand) int {
	x := r.Float64() * tagWeights[len(tagWeights)-1]
	i, _ := slices.BinarySearch(tagWeights, x)
	return min(i, len(realTags)-1)
}

// RealisticName is the folder of the i-th realistic entry.
func RealisticName(i int) string { return fmt.Sprintf("experience-%05d", i) }

// Realistic returns the text of the i-th realistic entry of a portfolio of
// n: an index.md with about 75 lines of front matter and a story of 800
// to 1,200 words. The same i and n always give the same text.
func Realistic(i, n int) string {
	r := rand.New(rand.NewPCG(uint64(i), 0x5eed))
	var b strings.Builder
	t := types[i%len(types)]
	subject := pick(r, realSubjects)
	status := "completed"
	if i%10 == 9 {
		status = "in-progress"
	}
	mode := modes[i%len(modes)]
	year := 2015 + r.IntN(10)
	month := 1 + r.IntN(9)
	fmt.Fprintf(&b, "---\ntitle: \"%s: %s, cycle %d\"\n", subject, strings.ReplaceAll(t, "-", " "), i)
	fmt.Fprintf(&b, "summary: \"%s and I %s a %s unit so that learners %s %s, and the teacher now plans it with the library.\"\n",
		pick(r, realPartners), pick(r, []string{"redesigned", "enhanced", "built"}), strings.ToLower(subject), pick(r, verbs), pick(r, objects))
	fmt.Fprintf(&b, "status: %s\nstart: %d-%02d-%02d\n", status, year, month, 1+r.IntN(27))
	if status == "completed" {
		fmt.Fprintf(&b, "end: %d-%02d-%02d\n", year, month+1+r.IntN(3), 1+r.IntN(27))
	}
	fmt.Fprintf(&b, "type: %s\n", t)
	if r.IntN(3) == 0 {
		fmt.Fprintf(&b, "also: [%s]\n", types[(i+1+r.IntN(4))%len(types)])
	}
	fmt.Fprintf(&b, "mode: %s\n", mode)
	if mode != "build" {
		fmt.Fprintf(&b, "what_changed: |\n  The earlier unit ended in a worksheet and a test. %s now %s %s\n  and present what they found to an audience beyond the classroom, %s.\n",
			pick(r, starts), pick(r, verbs), pick(r, objects), pick(r, tails))
	}
	b.WriteString("my_role: teacher-librarian\npartners:\n")
	np := 1 + r.IntN(2)
	for k := range np {
		fmt.Fprintf(&b, "  - name: \"%s\"\n    role: %s\n    subject: \"%s\"\n", realPartners[(i+k*5)%len(realPartners)], pick(r, partnerRoles), subject)
	}
	fmt.Fprintf(&b, "setting:\n  organization_type: %s\n  organization: \"School %d, Lakeshore District\"\n  delivery: %s\n  level: %s\n  subject: \"%s\"\n  sessions: %d\n  weeks: %d\n",
		pick(r, orgs), r.IntN(60), pick(r, delivery), pick(r, levels), subject, 4+r.IntN(20), 2+r.IntN(10))
	b.WriteString("contributions:\n")
	for _, ph := range []string{"planning", "teaching", "assessment"} {
		fmt.Fprintf(&b, "  %s:\n", ph)
		for range 2 + r.IntN(2) {
			fmt.Fprintf(&b, "    - \"%s %s %s\"\n", pick(r, []string{"Co-designed", "Co-taught", "Co-built", "Led", "Modelled", "Curated"}), pick(r, objects), pick(r, tails))
		}
	}
	ex := []string{expertise[i%len(expertise)], expertise[(i+2)%len(expertise)], "equity"}
	fmt.Fprintf(&b, "expertise: [%s]\n", strings.Join(ex, ", "))
	fmt.Fprintf(&b, "equity:\n  barriers: [%s, %s]\n  actions:\n", barriers[i%len(barriers)], barriers[(i+3)%len(barriers)])
	for range 2 {
		fmt.Fprintf(&b, "    - \"Offered %s %s\"\n", pick(r, objects), pick(r, tails))
	}
	fmt.Fprintf(&b, "technologies: [\"%s\", \"%s\"]\n", pick(r, tools), pick(r, tools))
	if status == "completed" {
		learners := 18 + r.IntN(90)
		fmt.Fprintf(&b, "outcomes:\n  learners: %d\n  met_or_exceeded: %d\n  baseline_percent: %d\n", learners, learners*(60+r.IntN(38))/100, 30+r.IntN(20))
		fmt.Fprintf(&b, "  assessment_basis: \"A score of 3 or 4 on the co-designed rubric, scored by both teachers after calibrating on %d samples\"\n", 6+r.IntN(10))
		fmt.Fprintf(&b, "  learner_change: \"Learners now %s %s %s.\"\n", pick(r, verbs), pick(r, objects), pick(r, tails))
		fmt.Fprintf(&b, "  partner_change: \"The teacher now %s %s %s.\"\n", pick(r, verbs), pick(r, objects), pick(r, tails))
	}
	fmt.Fprintf(&b, "impact:\n  - area: %s\n    stakeholders: [students]\n    note: \"On the closing survey most learners said they %s %s.\"\n    evidence: \"Final products\"\n",
		pick(r, impacts), pick(r, verbs), pick(r, objects))
	fmt.Fprintf(&b, "actions: [%s, %s]\n", actionIDs[i%len(actionIDs)], actionIDs[(i+1)%len(actionIDs)])
	b.WriteString("evidence:\n")
	fmt.Fprintf(&b, "  - title: \"Final products\"\n    kind: student-work\n    url: https://example.org/portfolio/%d/products\n    phase: assessment\n    consent: anonymized\n", i)
	fmt.Fprintf(&b, "  - title: \"Partner reflection\"\n    kind: partner-statement\n    url: https://example.org/portfolio/%d/reflection\n    phase: impact\n    consent: obtained\n", i)
	fmt.Fprintf(&b, "  - title: \"Rubric results by criterion\"\n    kind: assessment-data\n    url: https://example.org/portfolio/%d/results\n    phase: assessment\n    consent: not-applicable\n", i)
	fmt.Fprintf(&b, "alignments:\n  iste-coaches: [\"%s\", \"%s\"]\n  aasl: [%s]\n  future-ready: [%s]\n",
		isteCodes[i%len(isteCodes)], isteCodes[(i+3)%len(isteCodes)], aaslCodes[i%len(aaslCodes)], frCodes[i%len(frCodes)])
	tags := []string{}
	for len(tags) < 3+r.IntN(3) {
		t := realTags[tagIndex(r)]
		if !strings.Contains(strings.Join(tags, ","), t) {
			tags = append(tags, t)
		}
	}
	fmt.Fprintf(&b, "tags: [%s]\n---\n", strings.Join(tags, ", "))
	story(&b, r, i, n, status == "completed")
	return b.String()
}

// story writes a story of 800 to 1,200 words.
func story(b *strings.Builder, r *rand.Rand, i, n int, completed bool) {
	words := 0
	target := 800 + r.IntN(400)
	para := func(sentences int) {
		for k := range sentences {
			if k > 0 {
				if r.IntN(4) == 0 {
					b.WriteString("\n") // editors wrap lines
				} else {
					b.WriteString(" ")
				}
			}
			start, verb, obj, tail := pick(r, starts), pick(r, verbs), pick(r, objects), pick(r, tails)
			var s string
			switch r.IntN(6) {
			case 0:
				s = fmt.Sprintf("%s %s *%s* %s.", start, verb, obj, tail)
			case 1:
				s = fmt.Sprintf("%s %s %s **%s**, %s.", start, verb, obj, tail, pick(r, asides))
			case 2:
				s = fmt.Sprintf("%s %s %s (see [%s](%s)) %s.", start, verb, obj, pick(r, []string{"the guide", "this summary", "the standards"}), pick(r, webs), tail)
			case 3:
				if n > 1 {
					other := (i + 1 + r.IntN(n-1)) % n
					s = fmt.Sprintf("%s %s %s, as in [an earlier cycle](../%s/index.md), %s.", start, verb, obj, RealisticName(other), tail)
					break
				}
				fallthrough
			default:
				s = fmt.Sprintf("%s %s %s %s, and then %s %s.", start, verb, obj, tail, pick(r, verbs), pick(r, objects))
			}
			b.WriteString(s)
			words += len(strings.Fields(s))
		}
		b.WriteString("\n\n")
	}
	list := func() {
		for range 3 + r.IntN(3) {
			item := fmt.Sprintf("%s %s %s", pick(r, starts), pick(r, verbs), pick(r, objects))
			fmt.Fprintf(b, "- %s\n", item)
			words += len(strings.Fields(item))
		}
		b.WriteString("\n")
	}
	words += 6 // the table's head
	b.WriteString("## Context\n\n")
	para(4)
	para(3)
	b.WriteString("## What we did\n\n")
	para(4)
	list()
	para(3)
	b.WriteString("### Week by week\n\n| Week | Focus | Learners who met the goal |\n|---|---|---:|\n")
	for w := range 4 {
		obj := pick(r, objects)
		fmt.Fprintf(b, "| %d | %s | %d%% |\n", w+1, obj, 40+r.IntN(55))
		words += 2 + len(strings.Fields(obj))
	}
	b.WriteString("\n")
	for words < target-250 {
		para(3 + r.IntN(3))
	}
	b.WriteString("## Evidence of impact\n\n")
	list()
	para(3)
	b.WriteString("## Big Think\n\n### So what?\n\n")
	for words < target-60 {
		para(2)
	}
	b.WriteString("### What next?\n\n")
	para(3)
}

// RealisticSettings is the dll.yaml of a realistic generated portfolio.
const RealisticSettings = `title: Generated portfolio
leader:
  name: A. Leader
  role: teacher-librarian
  organization: Lakeshore District
  bio: A generated portfolio for measuring dll, with entries of a realistic size.
frameworks: [iste-coaches, aasl, future-ready]
`

// WriteRealistic writes a portfolio of n realistic entries into dir, as
// folder entries.
func WriteRealistic(dir string, n int) error {
	return write(dir, n, RealisticSettings, RealisticName, func(i int) string { return Realistic(i, n) })
}
