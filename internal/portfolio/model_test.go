package portfolio

import (
	"strings"
	"testing"
)

// TestBuiltinModel: the embedded model decodes strictly (a typo in a key
// would panic in Builtin), holds every vocabulary MODEL.md names with its
// values, and no label lost text to YAML's flow syntax.
func TestBuiltinModel(t *testing.T) {
	m := Builtin()
	want := map[string]int{
		"types": 6, "modes": 3, "phases": 3, "expertise": 5, "roles": 7, "partner_roles": 7,
		"organization_types": 7, "delivery": 4, "levels": 8, "actions": 6, "impact_areas": 4,
		"stakeholders": 5, "statuses": 3, "visibility": 2, "barriers": 7, "evidence_kinds": 13,
		"evidence_phases": 4, "consent": 5,
	}
	for id, n := range want {
		v := m.Vocab(id)
		if v == nil {
			t.Errorf("vocabulary %s is missing", id)
			continue
		}
		if len(v.Values) != n {
			t.Errorf("vocabulary %s has %d values, want %d", id, len(v.Values), n)
		}
	}
	codes := map[string]int{"seven-pillars": 7, "future-ready": 8, "iste-coaches": 7, "iste-leaders": 5, "iste-educators": 7, "aasl": 6}
	for id, n := range codes {
		if f := m.Framework(id); f == nil || len(f.Codes) != n {
			t.Errorf("framework %s: got %v, want %d codes", id, f, n)
		}
	}
	if got := m.Framework("future-ready").Codes[0].Label; got != "Curriculum, instruction and assessment" {
		t.Errorf("label cut short: %q", got)
	}
	if got := m.Vocab("delivery").Label("online-synchronous"); !strings.Contains(got, ",") {
		t.Errorf("label cut short: %q", got)
	}
}

func TestSlugify(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Café Señor", "cafe-senor"},
		{"Book tasting: Grade 3!", "book-tasting-grade-3"},
		{"Москва проект", "moskva-proekt"},
		{"Ελληνικά", "ellinika"},
		{"한국어 수업", "hangukeo-sueop"},
		{"שיעור ברית", "shior-brit"},
		{"Ms. Lopez's class", "ms-lopezs-class"},
		{"读书会", ""},
		{"ma\u200bth", "math"}, {"\u2066reading\u2069", "reading"}, {"sci\u00adence", "science"},
		{"read\u3164ing", "reading"}, {"read\uffa0ing", "reading"}, {"art\U000E0041\U000E0042s", "arts"},
	} {
		if got := Slugify(c.in); got != c.want {
			t.Errorf("Slugify(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
