// Package sample writes realistic generated portfolios of any size, for
// benchmarks and load tests. The same n always gives the same files.
package sample

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

var (
	types     = []string{"directed-instruction", "inquiry", "design-thinking", "literacy", "personalized", "collaborative-project"}
	modes     = []string{"enhance", "redesign", "build"}
	levels    = []string{"k-2", "3-5", "6-8", "9-12", "undergraduate", "adult"}
	orgs      = []string{"k12", "k12", "higher-ed", "business", "government", "nonprofit"}
	delivery  = []string{"face-to-face", "blended", "online-synchronous", "online-asynchronous"}
	expertise = []string{"instructional-design", "technology", "learning-strategies", "social-emotional-learning"}
	partners  = []string{"Ms. R. Alvarez", "J. Chen", "Coach T.", "Mr. D. Okoro", "Dr. S. Patel", "L. Nguyen"}
	subjects  = []string{"Science", "English", "History", "Mathematics", "Art", "Health"}
)

// Settings is the dll.yaml of a generated portfolio.
const Settings = `title: Generated portfolio
leader:
  name: A. Leader
  role: instructional-coach
  organization: Example District
  bio: A generated portfolio for measuring dll.
frameworks: [iste-coaches, aasl]
`

// Philosophy is the philosophy.md of a generated portfolio.
const Philosophy = "# Philosophy\n\nLearning is social, and leading is partnering.\n"

// Entry returns the text of the i-th generated entry, an index.md with a
// story of a few paragraphs.
func Entry(i int) string {
	t := types[i%len(types)]
	mode := modes[i%len(modes)]
	var b strings.Builder
	year := 2020 + i%6
	fmt.Fprintf(&b, "---\ntitle: \"Experience %d: %s with %s\"\n", i, strings.ReplaceAll(t, "-", " "), subjects[i%len(subjects)])
	fmt.Fprintf(&b, "summary: Learners in a %s class worked on a real question and showed what they learned.\n", subjects[i%len(subjects)])
	fmt.Fprintf(&b, "status: completed\nstart: %d-02-03\nend: %d-03-14\ntype: %s\nalso: [%s]\nmode: %s\n", year, year, t, types[(i+1)%len(types)], mode)
	if mode != "build" {
		b.WriteString("what_changed: |\n  The unit used to end in a worksheet. Learners now investigate a question\n  of their own and present evidence to an audience beyond the classroom.\n")
	}
	fmt.Fprintf(&b, "my_role: instructional-coach\npartners:\n  - name: %s\n    role: classroom-teacher\n    subject: %s\n", partners[i%len(partners)], subjects[i%len(subjects)])
	fmt.Fprintf(&b, "setting:\n  organization_type: %s\n  organization: School %d\n  delivery: %s\n  level: %s\n  sessions: %d\n  weeks: %d\n",
		orgs[i%len(orgs)], i%40, delivery[i%len(delivery)], levels[i%len(levels)], 6+i%10, 2+i%6)
	b.WriteString("contributions:\n  planning:\n    - Co-designed the unit around an umbrella question\n    - Built a curated set of sources at three reading levels\n")
	b.WriteString("  teaching:\n    - Co-taught the research workshops\n    - Modelled note-taking with a shared organizer\n")
	b.WriteString("  assessment:\n    - Co-wrote the rubric and scored the final products with the teacher\n")
	fmt.Fprintf(&b, "expertise: [%s, equity]\nequity:\n  barriers: [device-access, language]\n  actions:\n    - Loaned devices for home research\n    - Offered sources in learners' home languages\n", expertise[i%len(expertise)])
	b.WriteString("technologies: [Padlet, Google Docs]\n")
	learners := 20 + i%40
	fmt.Fprintf(&b, "outcomes:\n  learners: %d\n  met_or_exceeded: %d\n  baseline_percent: 50\n  assessment_basis: a co-designed rubric scored by both teachers\n", learners, learners*3/4)
	b.WriteString("  learner_change: Learners now pose their own questions and cite evidence.\n  partner_change: The teacher now plans research units with the library.\n")
	b.WriteString("impact:\n  - area: self-efficacy\n    stakeholders: [students]\n    note: Learners said they felt able to research on their own.\n    evidence: Final products\n")
	b.WriteString("actions: [innovation, communication]\n")
	b.WriteString("evidence:\n  - title: Final products\n    kind: student-work\n    url: https://example.org/products\n    phase: assessment\n    consent: anonymized\n")
	b.WriteString("  - title: Teacher reflection\n    kind: partner-statement\n    url: https://example.org/reflection\n    phase: impact\n    consent: obtained\n")
	fmt.Fprintf(&b, "alignments:\n  iste-coaches: [\"4.3\", \"4.4\"]\n  aasl: [inquire, collaborate]\ntags: [research, %s]\n---\n", strings.ToLower(subjects[i%len(subjects)]))
	b.WriteString("## Context\n\nThe class had done this unit for years as a set of worksheets. The teacher wanted\nlearners to ask their own questions, and asked the library to help.\n\n")
	b.WriteString("## What we did\n\nWe planned together over three meetings, **co-taught** six workshops and\nscored the work side by side. See the [rubric](https://example.org/rubric).\n\n")
	b.WriteString("- Learners chose a question\n- They found and weighed sources\n- They presented to families\n\n")
	b.WriteString("## Evidence of impact\n\nMost learners met the rubric's expectations, above the earlier cohort.\n\n")
	b.WriteString("## Big Think\n\n### So what?\n\nOwning the question changed how hard learners worked.\n\n### What next?\n\nWe will open the unit to a second class next year.\n")
	return b.String()
}

// Write writes a portfolio of n entries into dir, as folder entries.
func Write(dir string, n int) error {
	return write(dir, n, Settings, func(i int) string { return fmt.Sprintf("experience-%05d", i) }, Entry)
}

// write writes a portfolio of n folder entries into dir: settings as its
// dll.yaml, the philosophy statement, and entry i, named name(i), as
// entry(i).
func write(dir string, n int, settings string, name, entry func(i int) string) error {
	if err := os.MkdirAll(filepath.Join(dir, "experiences"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "dll.yaml"), []byte(settings), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "philosophy.md"), []byte(Philosophy), 0o644); err != nil {
		return err
	}
	for i := range n {
		d := filepath.Join(dir, "experiences", name(i))
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(d, "index.md"), []byte(entry(i)), 0o644); err != nil {
			return err
		}
	}
	return nil
}
