package validate

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"dll/internal/diag"
	"dll/internal/lang"
	"dll/internal/portfolio"
)

// maxSummary is the longest summary, in characters.
const maxSummary = 600

// maxNote is the longest note of how an entry meets a framework code, in
// characters: a sentence or two of context, as certification asks for.
const maxNote = 400

// entryCtx is one entry being checked.
type entryCtx struct {
	*checker
	e   *portfolio.Entry
	d   *diag.List
	pub bool // the entry would be published
	// toPublish is true for an entry that is published, or meant to be
	// once finished (a draft or planned entry, whose problems are then
	// things to do before publishing); false for a private one.
	toPublish bool
	file      string
	story     *bodyCtx      // the story, once read
	lang      *lang.Catalog // the words of its language, once looked up
}

func (x *entryCtx) at(path string) diag.Pos { return x.e.Src.Pos.At(path) }

func (x *entryCtx) errorf(path, rule, format string, args ...any) {
	x.d.Errorf(x.at(path), path, rule, format, args...)
}

func (x *entryCtx) warnf(path, rule, format string, args ...any) {
	x.d.Warnf(x.at(path), path, rule, format, args...)
}

// unset reports whether the author left path out or gave it no value. A
// value that was given but could not be read is not unset: the loader has
// reported it already.
func (x *entryCtx) unset(path string) bool {
	pos := x.e.Src.Pos
	if pos.Has(path + portfolio.MisspeltSuffix) {
		return false
	}
	return !pos.Has(path) || pos.Has(path+portfolio.EmptySuffix)
}

// missingOrEmpty says "missing" for a key left out and "empty" for one given
// with no value.
func (x *entryCtx) missingOrEmpty(path string) string {
	if x.e.Src.Pos.Has(path) {
		return "empty"
	}
	return "missing"
}

func (c *checker) entry(e *portfolio.Entry, d *diag.List) *entryCtx {
	if !e.Src.Parsed {
		return nil
	}
	x := &entryCtx{checker: c, e: e, d: d, pub: c.p.Published(e), file: e.Src.File}
	x.toPublish = x.pub || c.p.Unfinished(e)
	x.texts()
	x.completed()
	x.dates()
	x.whatChanged()
	x.partners()
	x.contributions()
	x.expertise()
	x.outcomes()
	x.evidence()
	x.impact()
	x.alignments()
	x.tagNames()
	x.language()
	x.body()
	x.sourceLocations()
	x.storyConsent()
	if x.toPublish {
		x.privacy()
	}
	placeholdersOnly(d)
	return x
}

// placeholdersOnly leaves, of a value still to write (a TODO), only the
// problem that says so: its other problems ("expected a .vtt file, found
// TODO...") would only repeat it.
func placeholdersOnly(d *diag.List) {
	todo := map[diag.Pos]string{}
	for _, x := range *d {
		if x.Rule == "placeholder" && x.Field != "body" {
			todo[x.Pos] = x.Field
		}
	}
	if len(todo) == 0 {
		return
	}
	kept := (*d)[:0]
	for _, x := range *d {
		if f, ok := todo[x.Pos]; !ok || x.Rule == "placeholder" || x.Field != f {
			kept = append(kept, x)
		}
	}
	*d = kept
}

// language checks the entry's own language, which its page and the checks
// of its story use.
func (x *entryCtx) language() {
	if msg := languageProblem(x.e.Language); msg != "" {
		x.errorf("language", "language", "%s", msg)
	}
}

// words are the words of the entry's language: its own, or else the
// portfolio's.
func (x *entryCtx) words() *lang.Catalog {
	if x.lang != nil {
		return x.lang
	}
	tag := x.e.Language
	if languageProblem(tag) != "" || tag == "" {
		tag = x.p.Settings.Language
	}
	if languageProblem(tag) != "" || tag == "" {
		tag = lang.Default
	}
	x.lang = x.checker.words(lang.Canonical(tag))
	return x.lang
}

// texts checks the lengths of the title and summary, and that no text is
// still a placeholder.
func (x *entryCtx) texts() {
	if msg := portfolio.TitleTooLong(x.e.Title); msg != "" {
		x.errorf("title", "too-long", "%s", msg)
	}
	if n := utf8.RuneCountInString(x.e.Summary); n > maxSummary {
		x.errorf("summary", "too-long", "the summary is %d characters; keep it to one or two sentences (under %d) and tell the rest in the story", n, maxSummary)
	}
	eachText(reflect.ValueOf(x.e).Elem(), func(s string, path func() string) {
		if portfolio.IsPlaceholder(s) {
			x.errorf(path(), "placeholder", "still to write: replace %s with your own words", portfolio.Quote(s))
		}
		textChars(s, path, x.errorf, x.warnf)
	})
}

// textChars reports control characters and hidden characters in the value
// s of a field.
func textChars(s string, path func() string, errorf, warnf func(path, rule, format string, args ...any)) {
	if r, bad := controlChar(s); bad {
		errorf(path(), "control-character", "%s", controlMessage(r))
	} else if r, hidden := hiddenChar(s); hidden {
		warnf(path(), "hidden-character", "%s", hiddenMessage(r))
	}
}

// eachText calls fn for every text value of v (an entry or the settings,
// without the story). fn gets the value's YAML path as a function, because
// most values need no path and building one costs.
func eachText(v reflect.Value, fn func(s string, path func() string)) {
	w := &textWalker{fn: fn}
	w.path = func() string { return string(w.buf) }
	w.walk(v)
}

type textWalker struct {
	buf  []byte
	fn   func(string, func() string)
	path func() string
}

func (w *textWalker) walk(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if v.Len() > 0 {
			w.fn(v.String(), w.path)
		}
	case reflect.Pointer:
		if !v.IsNil() {
			w.walk(v.Elem())
		}
	case reflect.Slice:
		n := len(w.buf)
		for i := 0; i < v.Len(); i++ {
			w.buf = append(w.buf[:n], '[')
			w.buf = strconv.AppendInt(w.buf, int64(i), 10)
			w.buf = append(w.buf, ']')
			w.walk(v.Index(i))
		}
		w.buf = w.buf[:n]
	case reflect.Map:
		// A framework's alignments, each with its note: by framework, in
		// order, so that problems come in the same order every time.
		n := len(w.buf)
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			w.buf = append(append(w.buf[:n], '.'), k.String()...)
			w.walk(v.MapIndex(k))
		}
		w.buf = w.buf[:n]
	case reflect.Struct:
		n := len(w.buf)
		for _, f := range portfolio.Fields(v.Type()) {
			if f.Key == "body" {
				continue
			}
			w.buf = w.buf[:n]
			if n > 0 {
				w.buf = append(w.buf, '.')
			}
			w.buf = append(w.buf, f.Key...)
			w.walk(f.In(v))
		}
		w.buf = w.buf[:n]
	}
}

// completed checks the fields a completed entry needs, as marked in the
// model's struct tags.
func (x *entryCtx) completed() {
	if x.e.Status != "completed" {
		return
	}
	v := reflect.ValueOf(x.e).Elem()
	for _, f := range portfolio.Fields(v.Type()) {
		if !f.Tags.Completed || !x.unset(f.Key) {
			continue
		}
		x.errorf(f.Key, "required", "missing; a completed entry needs %s", completedNeeds[f.Key])
	}
}

var completedNeeds = map[string]string{
	"end":      "its end date (YYYY-MM-DD)",
	"outcomes": "outcomes: learners, met_or_exceeded, assessment_basis and what learners or partners now do differently",
	"evidence": "at least one piece of evidence",
}

// Dates that read well but cannot be right: an end before the start, a
// completed experience that ends after today, and years that look mistyped
// (an experience of many years, a start long ago or far ahead).
const (
	maxYears     = 5    // longer than this, an experience's years are checked
	earliestYear = 1950 // before this, a start's year is checked
)

func (x *entryCtx) dates() {
	s, e := x.e.Start, x.e.End
	today := x.p.Today
	if !today.IsZero() {
		today = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	}
	switch {
	case !s.IsZero() && !e.IsZero() && e.Before(s.Time):
		x.errorf("end", "date-order", "the end date %s is before the start date %s", e, s)
	case !s.IsZero() && !e.IsZero() && e.After(s.AddDate(maxYears, 0, 0)):
		x.warnf("end", "date-range", "from %s to %s is %s; check the years%s", s, e, diag.Plural(e.Year()-s.Year(), "year"), typedYear(s.Time, e.Time))
	}
	if x.e.Status == "completed" && !today.IsZero() {
		switch {
		case !e.IsZero() && e.After(today):
			x.errorf("end", "date-future", "the experience is completed, but its end date %s is after today (%s); correct the date, or set status: in-progress until it ends", e, today.Format(time.DateOnly))
		case e.IsZero() && !s.IsZero() && s.After(today):
			x.errorf("start", "date-future", "the experience is completed, but its start date %s is after today (%s); correct the date, or set status: planned", s, today.Format(time.DateOnly))
		}
	}
	switch {
	case s.IsZero():
	case s.Year() < earliestYear:
		x.warnf("start", "date-range", "the start date %s is before %d; check the year", s, earliestYear)
	case !today.IsZero() && s.After(today.AddDate(maxYears, 0, 0)):
		x.warnf("start", "date-range", "the start date %s is more than %d years from today (%s); check the year", s, maxYears, today.Format(time.DateOnly))
	}
}

// typedYear suggests the end date meant when its year is the start's with
// two digits swapped (2205 typed for 2025), and the swap gives an
// experience of at most maxYears.
func typedYear(start, end time.Time) string {
	y := []byte(fmt.Sprint(end.Year()))
	found := 0
	for i := 0; i+1 < len(y); i++ {
		y[i], y[i+1] = y[i+1], y[i]
		year, _ := strconv.Atoi(string(y))
		y[i], y[i+1] = y[i+1], y[i]
		t := time.Date(year, end.Month(), end.Day(), 0, 0, 0, 0, time.UTC)
		if year != end.Year() && !t.Before(start) && !t.After(start.AddDate(maxYears, 0, 0)) && t.Day() == end.Day() {
			if found != 0 && found != year {
				return ""
			}
			found = year
		}
	}
	if found == 0 {
		return ""
	}
	return fmt.Sprintf(": did you mean %s?", time.Date(found, end.Month(), end.Day(), 0, 0, 0, 0, time.UTC).Format(time.DateOnly))
}

func (x *entryCtx) whatChanged() {
	if x.e.Mode != "enhance" && x.e.Mode != "redesign" {
		return
	}
	text := strings.TrimSpace(x.e.WhatChanged)
	switch {
	case text == "" && x.unset("what_changed"):
		x.errorf("what_changed", "required", "missing; to %s an experience, say what is different from the earlier version", x.e.Mode)
	case text == "":
	case fieldCount(text) < 8 && !portfolio.IsPlaceholder(text):
		x.errorf("what_changed", "what-changed", "say in a sentence or two what is different from the earlier version (found only %d words)", fieldCount(text))
	}
}

var honorifics = map[string]bool{"mr": true, "mrs": true, "ms": true, "mx": true, "miss": true, "dr": true, "prof": true, "coach": true, "sr": true, "jr": true}

// looksLikeFullName reports whether a name has two or more spelled-out
// capitalized words, like "Maria Alvarez", rather than "Ms. R. Alvarez".
func looksLikeFullName(name string) bool {
	words := 0
	for _, w := range strings.Fields(name) {
		w = strings.TrimRight(w, ",")
		r, _ := utf8.DecodeRuneInString(w)
		if strings.HasSuffix(w, ".") || !unicode.IsUpper(r) || utf8.RuneCountInString(w) < 2 || honorifics[strings.ToLower(w)] {
			continue
		}
		letters := true
		for _, c := range w {
			if !unicode.IsLetter(c) && c != '-' && c != '\'' && c != '’' {
				letters = false
			}
		}
		if letters {
			words++
		}
	}
	return words >= 2
}

func (x *entryCtx) partners() {
	if len(x.e.Partners) == 0 {
		return
	}
	// A role that is missing or outside the vocabulary is reported
	// already; judging the partnership on it would only add noise.
	teaching, unread := false, false
	for i, p := range x.e.Partners {
		t, ok := x.roles.Term(p.Role)
		teaching = teaching || ok && t.Teaching
		unread = unread || !ok
		if looksLikeFullName(p.Name) && !p.ConsentToName {
			x.warnf(fmt.Sprintf("partners[%d].name", i), "full-name", "this looks like a full name; use initials or a pseudonym, or add consent_to_name: true if they agreed to be named")
		}
	}
	if !teaching && !unread {
		var roles []string
		for _, t := range x.roles.Values {
			if t.Teaching {
				roles = append(roles, t.ID)
			}
		}
		x.errorf("partners", "teaching-partner", "no partner has a teaching role (%s); a digital learning leader partners with the person who teaches", strings.Join(roles, ", "))
	}
}

// sharingForms returns every form of the model's sharing words that a
// contribution may start with: each verb, its usual forms (shares, shared,
// sharing, and dropped, copied) and the forms the model lists.
func sharingForms(m *portfolio.Model) map[string]bool {
	out := map[string]bool{}
	v := m.Vocab("sharing_words")
	if v == nil {
		return out
	}
	for _, t := range v.Values {
		w := strings.ToLower(t.ID)
		stem := strings.TrimSuffix(w, "e")
		out[w], out[w+"s"], out[w+"es"], out[w+"ed"], out[w+"ing"] = true, true, true, true, true
		out[stem+"ed"], out[stem+"ing"] = true, true
		if n := len(w); n > 1 && !strings.ContainsRune("aeiouwxy", rune(w[n-1])) && strings.ContainsRune("aeiou", rune(w[n-2])) {
			out[w+w[n-1:]+"ed"], out[w+w[n-1:]+"ing"] = true, true // drop: dropped
		}
		if y, ok := strings.CutSuffix(w, "y"); ok {
			out[y+"ied"], out[y+"ies"] = true, true
		}
		for _, f := range t.Forms {
			out[strings.ToLower(f)] = true
		}
	}
	return out
}

// fillers are the words a contribution may start with before its verb.
var fillers = map[string]bool{
	"i": true, "we": true, "i've": true, "we've": true, "also": true, "then": true, "first": true,
	"just": true, "have": true, "had": true, "has": true, "and": true, "personally": true, "regularly": true,
	"weekly": true, "quickly": true, "finally": true, "later": true, "often": true, "again": true,
}

// openers are the words that start a phrase before a contribution's verb,
// as in "After the unit, I posted the slides".
var openers = map[string]bool{
	"after": true, "before": true, "during": true, "once": true, "when": true, "while": true,
	"at": true, "in": true, "on": true, "each": true, "every": true, "throughout": true, "over": true,
	"following": true, "for": true, "since": true, "as": true, "to": true, "with": true, "by": true,
}

// isPassive reports whether a contribution only observes, suggests or
// shares: whether its verb, its first word after fillers such as "I" or
// "also", or after an opening phrase such as "After the unit," (or the
// words for "I" of the entry's language), is one of the model's sharing
// words or one of the language's words for sharing.
func (c *checker) isPassive(s string, words *lang.Catalog) bool {
	rest := s
	opened := false
	for {
		w, r := firstWord(rest)
		if w == "" {
			return false
		}
		w = strings.Trim(w, ",.;:!?\"'()،؛")
		low := strings.ReplaceAll(strings.ToLower(w), "’", "'")
		if fillers[low] || words != nil && words.Pronoun(w) {
			rest = r
			continue
		}
		if _, after, ok := strings.Cut(rest, ","); !opened && openers[low] && ok {
			rest, opened = after, true
			continue
		}
		return c.sharing[low] || words != nil && words.Passive(w)
	}
}

// firstWord returns the first of strings.Fields(s) and the text after it.
func firstWord(s string) (word, rest string) {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	end := strings.IndexFunc(s, unicode.IsSpace)
	if end < 0 {
		return s, ""
	}
	return s[:end], s[end:]
}

// fieldCount returns len(strings.Fields(s)) without making the list.
func fieldCount(s string) int {
	n := 0
	for w, rest := firstWord(s); w != ""; w, rest = firstWord(rest) {
		n++
	}
	return n
}

func (x *entryCtx) contributions() {
	phases := x.e.Phases()
	all, passive := 0, 0
	for _, ph := range x.e.Contributions.ByPhase() {
		for _, s := range ph.Items {
			all++
			if x.isPassive(s, x.words()) {
				passive++
			}
		}
	}
	switch {
	case len(phases) == 0 && !x.unset("contributions"):
		x.errorf("contributions", "no-contribution", "list what you did in at least one phase: planning, teaching or assessment")
	case len(phases) == 1:
		x.warnf("contributions", "one-phase", "you contributed only to %s; a co-teaching partnership plans, teaches and assesses together, so add what you did in the other phases", phases[0])
	}
	if all > 0 && passive == all {
		x.warnf("contributions", "passive", "every contribution only observes, suggests or shares; say what you designed, taught or assessed together (sharing is not leadership)")
	}
}

func (x *entryCtx) expertise() {
	ex := x.e.Expertise
	hasEquity := false
	for _, v := range ex {
		hasEquity = hasEquity || v == "equity"
	}
	if len(ex) > 0 && !hasEquity && x.e.Equity == nil {
		x.warnf("expertise", "no-equity", "nothing here speaks to equity; add equity to expertise with the barriers you addressed and what you did about them")
	}
	onlyTech := len(ex) > 0
	for _, v := range ex {
		onlyTech = onlyTech && v == "technology"
	}
	if onlyTech {
		x.warnf("expertise", "technology-only", "the only expertise is technology; leading goes beyond introducing a tool, so name what else you brought (instructional-design, learning-strategies, social-emotional-learning, equity)")
	}
	if !hasEquity {
		return
	}
	eq := x.e.Equity
	switch {
	case eq == nil && x.unset("equity"):
		x.errorf("equity", "equity", "missing; with equity in expertise, list the barriers you addressed and the actions you took")
	case eq == nil:
	default:
		if len(eq.Barriers) == 0 && x.unset("equity.barriers") {
			x.errorf("equity.barriers", "equity", "%s; list the barriers you addressed (%s)", x.missingOrEmpty("equity.barriers"), strings.Join(x.m.Vocab("barriers").IDs(), ", "))
		}
		if len(eq.Actions) == 0 && x.unset("equity.actions") {
			x.errorf("equity.actions", "equity", "%s; list what you did about the barriers", x.missingOrEmpty("equity.actions"))
		}
	}
}

func (x *entryCtx) outcomes() {
	o := x.e.Outcomes
	if o == nil {
		return
	}
	if o.MetOrExceeded > o.Learners && o.Learners > 0 {
		x.errorf("outcomes.met_or_exceeded", "outcomes", "%d met or exceeded expectations, but there were only %d learners", o.MetOrExceeded, o.Learners)
	}
	if x.e.Status == "completed" && strings.TrimSpace(o.LearnerChange) == "" && strings.TrimSpace(o.PartnerChange) == "" {
		x.errorf("outcomes", "no-change", "say what learners or partners now do differently (learner_change or partner_change); sharing is not leadership")
	}
	if o.BaselinePercent != nil && o.Learners > 0 && o.MetOrExceeded <= o.Learners {
		if pc := o.Percent(); pc < *o.BaselinePercent {
			x.warnf("outcomes.baseline_percent", "below-baseline", "%d%% met or exceeded expectations, below the baseline of %d%%; this is information, not failure: say in the story what you learned", pc, *o.BaselinePercent)
		}
	}
}

func (x *entryCtx) impact() {
	for i, im := range x.e.Impact {
		if im.Evidence == "" {
			continue
		}
		var names []string
		found := false
		for _, ev := range x.e.Evidence {
			found = found || im.Evidence == ev.Title || im.Evidence == ev.File || im.Evidence == ev.URL
			names = append(names, ev.Title)
		}
		if found {
			continue
		}
		path := fmt.Sprintf("impact[%d].evidence", i)
		if hint := portfolio.Suggest(im.Evidence, names); hint != "" {
			x.errorf(path, "impact-evidence", "no evidence item is called %s; did you mean %q?", portfolio.Quote(im.Evidence), hint)
		} else {
			x.errorf(path, "impact-evidence", "no evidence item is called %s; give the title of one of this entry's evidence items", portfolio.Quote(im.Evidence))
		}
	}
}

func (x *entryCtx) alignments() {
	enabled := x.p.Settings.Frameworks
	for fw, codes := range x.e.Alignments {
		path := "alignments." + fw
		f := x.m.Framework(fw)
		if f == nil {
			var ids []string
			for _, f := range x.m.Frameworks {
				ids = append(ids, f.ID)
			}
			keyPos := x.e.Src.Pos.At(path + portfolio.KeySuffix)
			msg := fmt.Sprintf("%s is not an alignment framework", portfolio.Quote(fw))
			if hint := portfolio.Suggest(fw, ids); hint != "" {
				msg += fmt.Sprintf("; did you mean %q?", hint)
			} else {
				msg += "; choose one of: " + strings.Join(ids, ", ") + " (or add your own in model.yaml)"
			}
			x.d.Errorf(keyPos, path, "alignment", "%s", msg)
			continue
		}
		if len(enabled) > 0 && !slices.Contains(enabled, fw) {
			x.d.Errorf(x.e.Src.Pos.At(path+portfolio.KeySuffix), path, "alignment", "the framework %s is not enabled; add it to frameworks in dll.yaml", fw)
			continue
		}
		var valid []string // the codes of f, made when a code is not one
		for i, a := range codes {
			code := a.Code
			if n := utf8.RuneCountInString(a.Note); n > maxNote {
				x.warnf(fmt.Sprintf("%s[%d].note", path, i), "too-long", "the note is %d characters; say in a sentence or two (under %d) how the experience meets %s, and tell the rest in the story", n, maxNote, code)
			}
			if j := slices.IndexFunc(codes[:i], func(b portfolio.Alignment) bool { return b.Code == code }); j >= 0 {
				first := x.at(fmt.Sprintf("%s[%d]", path, j))
				x.warnf(fmt.Sprintf("%s[%d]", path, i), "alignment", "%s is listed twice (first on line %d); keep one, with its note", portfolio.Quote(code), first.Line)
				continue
			}
			if hasCode(f, code) {
				continue
			}
			if valid == nil {
				for _, c := range f.Codes {
					valid = append(valid, c.ID)
				}
			}
			p := fmt.Sprintf("%s[%d]", path, i)
			if hint := portfolio.Suggest(code, valid); hint != "" {
				x.errorf(p, "alignment", "%s is not a code of %s; did you mean %q?", portfolio.Quote(code), f.Name, hint)
			} else {
				x.errorf(p, "alignment", "%s is not a code of %s; its codes are: %s", portfolio.Quote(code), f.Name, strings.Join(valid, ", "))
			}
		}
	}
}

// hasCode reports whether code is one of f's codes.
func hasCode(f *portfolio.Framework, code string) bool {
	for i := range f.Codes {
		if f.Codes[i].ID == code {
			return true
		}
	}
	return false
}
