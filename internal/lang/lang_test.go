package lang

import (
	"html/template"
	"io/fs"
	"testing"
	"time"

	"dll/internal/diag"
	dlltemplates "dll/templates"
)

// TestBuiltinCatalogues reads every catalogue of dll's own: each parses
// without a problem.
func TestBuiltinCatalogues(t *testing.T) {
	for _, tag := range Builtin() {
		src, err := fs.ReadFile(dlltemplates.FS, Dir+"/"+tag+".yaml")
		if err != nil {
			t.Fatal(err)
		}
		var d diag.List
		f := parseFile(Dir+"/"+tag+".yaml", tag, false, src, &d)
		checkFile(f, &d)
		for _, p := range d {
			t.Errorf("%s", p)
		}
	}
}

// TestBuiltinComplete: every language dll ships has every message and
// setting, so that its site has no English in it.
func TestBuiltinComplete(t *testing.T) {
	for _, tag := range Builtin() {
		c := ForLanguage(tag)
		if m := c.Missing(); len(m) > 0 {
			t.Errorf("%s lacks %v", tag, m)
		}
		if c.Lang() != tag {
			t.Errorf("%s: Lang() = %q", tag, c.Lang())
		}
	}
}

func TestPluralForms(t *testing.T) {
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "0 experiences"},
		{"en", 1, "1 experience"},
		{"en", 2, "2 experiences"},
		{"fr", 0, "0 expérience"}, // French counts 0 as one
		{"fr", 1, "1 expérience"},
		{"fr", 2, "2 expériences"},
		{"pt", 0, "0 experiência"},
		{"pt", 1, "1 experiência"},
		{"pt", 5, "5 experiências"},
		{"es", 0, "0 experiencias"},
		{"es", 1, "1 experiencia"},
		{"es", 1000, "1000 experiencias"},
		{"ar", 0, "لا توجد تجارب"},
		{"ar", 1, "تجربة واحدة"},
		{"ar", 2, "تجربتان"},
		{"ar", 3, "٣ تجارب"},
		{"ar", 10, "١٠ تجارب"},
		{"ar", 11, "١١ تجربة"},
		{"ar", 99, "٩٩ تجربة"},
		{"ar", 100, "١٠٠ تجربة"},
		{"ar", 103, "١٠٣ تجارب"},
	}
	for _, tt := range tests {
		if got := ForLanguage(tt.lang).T("type.count", "count", tt.n); got != tt.want {
			t.Errorf("%s, %d: got %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		lang       string
		n          int
		num, pct   string
		size       int64
		sizeString string
	}{
		{"en", 1234, "1,234", "86%", 1_234_567, "1.2 MB"},
		{"es", 1234, "1234", "86\u00a0%", 1_234_567, "1,2 MB"},
		{"es", 12345, "12.345", "86\u00a0%", 340_000, "340 kB"},
		{"fr", 12345, "12\u00a0345", "86\u00a0%", 1_234_567, "1,2\u00a0Mo"},
		{"pt", 12345, "12.345", "86%", 999, "999 bytes"},
		{"ar", 12345, "١٢٬٣٤٥", "٨٦٪\u061c", 1_234_567, "١٫٢ م.بايت"},
		{"ar", 7, "٧", "٨٦٪\u061c", 1, "بايت واحد"},
	}
	for _, tt := range tests {
		c := ForLanguage(tt.lang)
		if got := c.Number(tt.n); got != tt.num {
			t.Errorf("%s: Number(%d) = %q, want %q", tt.lang, tt.n, got, tt.num)
		}
		if got := c.Percent(86); got != tt.pct {
			t.Errorf("%s: Percent(86) = %q, want %q", tt.lang, got, tt.pct)
		}
		if got := c.Size(tt.size); got != tt.sizeString {
			t.Errorf("%s: Size(%d) = %q, want %q", tt.lang, tt.size, got, tt.sizeString)
		}
	}
}

func TestDates(t *testing.T) {
	feb3 := time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC)
	mar1 := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		lang              string
		day, first, month string
	}{
		{"en", "3 February 2025", "1 March 2025", "February 2025"},
		{"es", "3 de febrero de 2025", "1 de marzo de 2025", "febrero de 2025"},
		{"es-MX", "3 de febrero de 2025", "1 de marzo de 2025", "febrero de 2025"},
		{"fr", "3 février 2025", "1er mars 2025", "février 2025"},
		{"pt", "3 de fevereiro de 2025", "1º de março de 2025", "fevereiro de 2025"},
		{"ar", "٣ فبراير ٢٠٢٥", "١ مارس ٢٠٢٥", "فبراير ٢٠٢٥"},
	}
	for _, tt := range tests {
		c := ForLanguage(tt.lang)
		if got := c.Date(feb3); got != tt.day {
			t.Errorf("%s: Date = %q, want %q", tt.lang, got, tt.day)
		}
		if got := c.Date(mar1); got != tt.first {
			t.Errorf("%s: Date of the first = %q, want %q", tt.lang, got, tt.first)
		}
		if got := c.Month(feb3); got != tt.month {
			t.Errorf("%s: Month = %q, want %q", tt.lang, got, tt.month)
		}
	}
}

func TestLists(t *testing.T) {
	tests := []struct {
		lang  string
		items []string
		want  string
	}{
		{"en", []string{"Planning"}, "Planning"},
		{"en", []string{"Planning", "Teaching"}, "Planning and Teaching"},
		{"en", []string{"Planning", "Teaching", "Assessment"}, "Planning, Teaching and Assessment"},
		{"es", []string{"Planificación", "Enseñanza", "Evaluación"}, "Planificación, Enseñanza y Evaluación"},
		{"es", []string{"Física", "Historia"}, "Física e Historia"},
		{"es", []string{"Tecnología", "Indagación"}, "Tecnología e Indagación"},
		{"es", []string{"Tecnología", "íntegra"}, "Tecnología e íntegra"},
		{"es", []string{"agua", "hielo"}, "agua y hielo"}, // hie- sounds y
		{"es", []string{"Equidad", "Diseño"}, "Equidad y Diseño"},
		{"fr", []string{"Planification", "Enseignement", "Évaluation"}, "Planification, Enseignement et Évaluation"},
		{"pt", []string{"Planejamento", "Ensino"}, "Planejamento e Ensino"},
		{"ar", []string{"التخطيط", "التدريس", "التقييم"}, "التخطيط والتدريس والتقييم"},
	}
	for _, tt := range tests {
		if got := ForLanguage(tt.lang).And(tt.items); got != tt.want {
			t.Errorf("%s %q: got %q, want %q", tt.lang, tt.items, got, tt.want)
		}
	}
	if got := ForLanguage("ar").Commas("أ", "", "ب"); got != "أ، ب" {
		t.Errorf("ar Commas: %q", got)
	}
}

func TestDirection(t *testing.T) {
	for lang, want := range map[string]string{"en": "ltr", "ar": "rtl", "ar-MA": "rtl", "he": "rtl", "fa": "rtl", "ur": "rtl", "es": "ltr", "ko": "ltr", "az-Arab": "rtl"} {
		if got := Direction(lang); got != want {
			t.Errorf("Direction(%s) = %s, want %s", lang, got, want)
		}
		if got := ForLanguage(lang).Dir(); got != want {
			t.Errorf("ForLanguage(%s).Dir() = %s, want %s", lang, got, want)
		}
	}
}

func TestHTML(t *testing.T) {
	c := ForLanguage("en")
	if got := c.HTML("title.tag", "tag", `<b>"x" & y+z</b>`); got != `Tagged “&lt;b&gt;&#34;x&#34; &amp; y&#43;z&lt;/b&gt;”` {
		t.Errorf("a text value is escaped: %s", got)
	}
	if got := c.HTML("entry.see_evidence", "title", template.HTML("<em>x</em>")); got != "See the evidence: <em>x</em>" {
		t.Errorf("an HTML value is put in as it is: %s", got)
	}
	if got := c.T("outcome", "met", 20, "count", 24, "percent", c.Percent(83)); got != "20 of 24 learners (83%) met or exceeded expectations" {
		t.Errorf("T: %s", got)
	}
}

func TestKnown(t *testing.T) {
	for lang, want := range map[string]bool{"en": true, "en-GB": true, "es": true, "es-MX": true, "pt-PT": true, "ar-EG": true, "mi": false, "ko": false, "de": false} {
		if got := Known(lang); got != want {
			t.Errorf("Known(%s) = %v", lang, got)
		}
	}
}
