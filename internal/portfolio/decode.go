package portfolio

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"dll/internal/diag"
)

// EmptySuffix marks, in Positions, a key that was given with no value:
// "end" + EmptySuffix is present when the entry says "end:" and nothing more.
const EmptySuffix = "#empty"

// KeySuffix marks, in Positions, where a key of a free-form mapping (such as
// a framework under alignments) stands, as against its value.
const KeySuffix = "#key"

// MisspeltSuffix marks, in Positions, a key that was given under a misspelt
// name: "title" + MisspeltSuffix is where "titel" stands. The unknown key is
// reported with a did-you-mean, so the key is not reported missing as well.
const MisspeltSuffix = "#misspelt"

// maxNodes bounds the work one document can cause. Anchors and aliases,
// which could make a small text a huge tree, are refused before decoding
// (see refuseConstructs); this is the second line of defence.
const maxNodes = 100_000

// decoder fills a Go value from a YAML node tree, guided by the struct tags
// of types.go. It never stops at the first problem: every unknown key, wrong
// type and value outside its vocabulary is added to diags, and the value is
// left empty where it could not be read.
type decoder struct {
	file     string
	src      []byte   // the YAML read, for messages that quote a line of it
	fast     bool     // fastParse read src: no value in it lost a comment or runs over lines
	lines    []string // src's lines, made when a message needs one
	offset   int      // added to yaml's line numbers
	model    *Model
	diags    *diag.List
	pos      *Positions
	yamlOnly bool // the document is a whole-YAML entry, which may have body
	// index is set when the entry is read for the index (see
	// Portfolio.LoadIndex), whose problems are reported when it is read
	// again in full: of where its values stand, nothing is recorded
	// but what reading it needs (keys misspelt), since Entry.Slim keeps
	// none.
	index bool
	nodes int
	// path is the YAML path of the value being read. It is built up in
	// this one buffer on the way down the tree, and made a string only for
	// a problem to report.
	path []byte
}

// where returns the YAML path of the value being read.
func (d *decoder) where() string { return string(d.path) }

// sub returns the path of key in the mapping being read.
func (d *decoder) sub(key string) string {
	return string(appendKey(d.path, key))
}

// appendKey adds key to path, after a dot unless path is empty.
func appendKey(path []byte, key string) []byte {
	if len(path) > 0 {
		path = append(path, '.')
	}
	return append(path, key...)
}

func nodePos(file string, offset int, n *yaml.Node) diag.Pos {
	return diag.Pos{File: file, Line: n.Line + offset, Col: n.Column}
}

func (d *decoder) at(n *yaml.Node) diag.Pos { return nodePos(d.file, d.offset, n) }

// Tags are the facts of a key's dll struct tag (see types.go), as the
// decoder, the validator and the JSON Schema all read them.
type Tags struct {
	Required, Completed, YAMLOnly bool
	Vocab                         string
	// After is the key a key of an inline struct stands after, among
	// the keys of the struct that holds it (see Entry.Details); keys
	// after the same key stand in the order of the inline struct.
	After    string
	Min, Max *int // bounds of a whole number, when it has them
}

func parseTags(tag string) Tags {
	var t Tags
	for _, part := range strings.Split(tag, ",") {
		k, v, _ := strings.Cut(part, "=")
		switch k {
		case "required":
			t.Required = true
		case "completed":
			t.Completed = true
		case "yamlonly":
			t.YAMLOnly = true
		case "vocab":
			t.Vocab = v
		case "after":
			t.After = v
		case "min", "max":
			n, err := strconv.Atoi(v)
			if err != nil {
				panic("bad " + k + " tag: " + tag)
			}
			if k == "min" {
				t.Min = &n
			} else {
				t.Max = &n
			}
		}
	}
	return t
}

// Field is one key of a struct as the decoder and the schema see it.
type Field struct {
	Key  string
	Tags Tags
	Doc  string
	Type reflect.Type
	// index is where the key stands in the struct: one field, or an
	// inline struct's (through a pointer to it) and then its field.
	index []int
}

// In returns the value of the key in v, a struct of the field's type: the
// zero value when v has no inline struct to hold it.
func (f Field) In(v reflect.Value) reflect.Value { return f.reach(v, false) }

// to returns the value of the key in v, to be set: an inline struct that
// v does not have yet is made.
func (f Field) to(v reflect.Value) reflect.Value { return f.reach(v, true) }

func (f Field) reach(v reflect.Value, create bool) reflect.Value {
	for i, x := range f.index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !create {
					return reflect.Zero(f.Type)
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v
}

// fieldsOf lists the keys of a struct type in order. The keys of an
// inline struct (yaml:",inline") stand among the others where their
// after= tags say.
func fieldsOf(t reflect.Type) []Field {
	var fs, inline []Field
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		key := sf.Tag.Get("yaml")
		if key == ",inline" {
			it := sf.Type
			if it.Kind() == reflect.Pointer {
				it = it.Elem()
			}
			for _, f := range fieldsOf(it) {
				if f.Tags.After == "" {
					panic("an inline key needs after=: " + f.Key)
				}
				f.index = append([]int{i}, f.index...)
				inline = append(inline, f)
			}
			continue
		}
		if key == "" || key == "-" {
			continue
		}
		fs = append(fs, Field{Key: key, index: []int{i}, Tags: parseTags(sf.Tag.Get("dll")), Doc: sf.Tag.Get("doc"), Type: sf.Type})
	}
	// Each after the key it names, which may be one placed before it,
	// and after the keys placed there already: keys after the same key
	// keep the order of their struct.
	for len(inline) > 0 {
		rest := inline[:0]
		for _, f := range inline {
			if at := findField(fs, f.Tags.After); at >= 0 {
				for at+1 < len(fs) && fs[at+1].Tags.After == f.Tags.After {
					at++
				}
				fs = slices.Insert(fs, at+1, f)
			} else {
				rest = append(rest, f)
			}
		}
		if len(rest) == len(inline) {
			panic("an inline key stands after no key: " + rest[0].Key)
		}
		inline = rest
	}
	return fs
}

var (
	dateType       = reflect.TypeFor[Date]()
	alignmentsType = reflect.TypeFor[[]Alignment]()
	fieldMap       = map[reflect.Type][]Field{}
)

func init() {
	// Every struct type reachable from the two documents, found rather
	// than listed, so that a new settings type cannot be forgotten.
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || fieldMap[t] != nil || t.PkgPath() != reflect.TypeFor[Entry]().PkgPath() {
			return
		}
		fieldMap[t] = fieldsOf(t)
		for _, f := range fieldMap[t] {
			add(f.Type)
			modelKeys[f.Key] = true
		}
	}
	add(reflect.TypeFor[Settings]())
	add(reflect.TypeFor[Entry]())
}

// Fields returns the keys of one of the model's struct types, for the schema.
func Fields(t reflect.Type) []Field { return fieldMap[t] }

// decode fills v from n, the value at path.
func (d *decoder) decode(path string, n *yaml.Node, v reflect.Value, tags Tags) {
	if !d.index {
		budget := maxNodes
		values, size := treeSize(n, len(path), &budget)
		// A little more, for the few paths recorded with a suffix; and no
		// more than a megabyte up front for a tree of aliases whose values
		// are never read (under an unknown key, say).
		d.pos.grow(values+8, min(size, 1<<20)+128)
	}
	d.path = append(d.path[:0], path...)
	d.value(n, v, tags)
}

// treeSize returns how many values the tree at n holds, and the length of
// their paths in all when n's path is base bytes long: what decoding it
// will record in Positions. budget bounds the walk, as maxNodes bounds
// decoding, since aliases can make a small document a huge tree.
func treeSize(n *yaml.Node, base int, budget *int) (values, size int) {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	*budget--
	if *budget < 0 {
		return 0, 0
	}
	values, size = 1, base
	if isEmpty(n) {
		values, size = 2, 2*base+len(EmptySuffix)
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			sub := len(n.Content[i].Value)
			if base > 0 {
				sub += base + 1 // path.key
			}
			v, s := treeSize(n.Content[i+1], sub, budget)
			values, size = values+v, size+s
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			v, s := treeSize(item, base+len(strconv.Itoa(i))+2, budget) // path[i]
			values, size = values+v, size+s
		}
	}
	return values, size
}

// value fills v from n, the value at d.path.
func (d *decoder) value(n *yaml.Node, v reflect.Value, tags Tags) {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	d.nodes++
	if d.nodes == maxNodes {
		d.diags.Errorf(d.at(n), d.where(), "too-large", "this document holds more than %d values, far more than an entry needs; dll stops reading it here", maxNodes)
	}
	if d.nodes >= maxNodes {
		return
	}
	if !d.index {
		d.pos.add(d.path, "", d.at(n))
		if isEmpty(n) {
			// Rules that require a value report it here, at the empty value.
			d.pos.add(d.path, EmptySuffix, d.at(n))
		}
	}
	if isNull(n) {
		if v.Kind() == reflect.String && !d.fast && len(d.path) > 0 && d.path[len(d.path)-1] == ']' {
			d.emptyComment(n, true, tags.Vocab != "") // an item of a list of text
		}
		return
	}
	if v.Type() == dateType {
		d.date(n, v)
		return
	}
	if v.Type() == alignmentsType {
		d.alignments(n, v)
		return
	}
	switch v.Kind() {
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.notText(n)
			return
		}
		if !d.fast && d.swallowed(n) {
			return
		}
		s := n.Value
		if tags.Vocab == "" && !d.fast {
			d.textComment(n)
			d.escapes(n)
		}
		if tags.Vocab != "" && !d.inVocab(n, tags.Vocab, s) {
			return
		}
		v.SetString(s)
	case reflect.Int:
		d.integer(n, v, tags)
	case reflect.Bool:
		s, ok := d.scalar(n, "true or false")
		if !ok {
			return
		}
		switch {
		case n.Tag == "!!bool" && strings.EqualFold(s, "true"):
			v.SetBool(true)
		case n.Tag == "!!bool" && strings.EqualFold(s, "false"):
		default:
			d.diags.Errorf(d.at(n), d.where(), "type", "expected true or false, found %s", Quote(s))
		}
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		d.value(n, p.Elem(), tags)
		v.Set(p)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.diags.Errorf(d.at(n), d.where(), "type", "expected a list, found %s; write each item on its own line starting with \"- \"", describeNode(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		mark := len(d.path)
		for i, item := range n.Content {
			d.path = append(strconv.AppendInt(append(d.path[:mark], '['), int64(i), 10), ']')
			d.value(item, s.Index(i), tags)
		}
		d.path = d.path[:mark]
		v.Set(s)
	case reflect.Map:
		d.mapping(n, v)
	case reflect.Struct:
		d.object(n, v)
	default:
		panic("decoder: unsupported type " + v.Type().String())
	}
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// scalar returns the text of a scalar node, or reports what was found
// instead of the expected thing.
func (d *decoder) scalar(n *yaml.Node, want string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.diags.Errorf(d.at(n), d.where(), "type", "expected %s, found %s", want, describeNode(n))
		return "", false
	}
	return n.Value, true
}

func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a set of keys"
	case yaml.AliasNode:
		return "an alias"
	}
	return Quote(n.Value)
}

func (d *decoder) inVocab(n *yaml.Node, vocab, s string) bool {
	voc := d.model.Vocab(vocab)
	if voc == nil {
		panic("decoder: no vocabulary " + vocab)
	}
	if _, ok := voc.Term(s); ok {
		return true
	}
	d.diags.Errorf(d.at(n), d.where(), "vocabulary", "%s", notInVocab(voc, s))
	return false
}

// notInVocab says that s is not a value of voc, with the nearest value or,
// when none is near, the list of values.
func notInVocab(voc *Vocab, s string) string {
	a := voc.Article()
	if s == "" {
		return fmt.Sprintf("empty; choose %s %s: %s", a, voc.Name, strings.Join(voc.IDs(), ", "))
	}
	if hint := Suggest(s, voc.IDs()); hint != "" {
		return fmt.Sprintf("%s is not %s %s; did you mean %q?", Quote(s), a, voc.Name, hint)
	}
	return fmt.Sprintf("%s is not %s %s; choose one of: %s", Quote(s), a, voc.Name, strings.Join(voc.IDs(), ", "))
}

// plainInt reports whether s is a whole number in digits, with perhaps a
// minus sign: -?[0-9]+.
func plainInt(s string) bool {
	return digits(strings.TrimPrefix(s, "-"))
}

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func (d *decoder) integer(n *yaml.Node, v reflect.Value, tags Tags) {
	s, ok := d.scalar(n, "a whole number")
	if !ok {
		return
	}
	if !plainInt(s) || n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		d.diags.Errorf(d.at(n), d.where(), "type", "expected a whole number written in digits, like 24, found %s", Quote(s))
		return
	}
	digits := strings.TrimPrefix(s, "-")
	if len(digits) > 1 && digits[0] == '0' {
		d.diags.Errorf(d.at(n), d.where(), "type", "write the number without leading zeros (%s, not %s)", strings.TrimLeft(digits, "0"), s)
		return
	}
	i, err := strconv.Atoi(s)
	if err != nil || i > 1_000_000_000 {
		d.diags.Errorf(d.at(n), d.where(), "type", "the number %s is too large", s)
		return
	}
	if tags.Min != nil && i < *tags.Min {
		d.diags.Errorf(d.at(n), d.where(), "range", "must be %d or more, found %d", *tags.Min, i)
		return
	}
	if tags.Max != nil && i > *tags.Max {
		d.diags.Errorf(d.at(n), d.where(), "range", "must be %d or less, found %d", *tags.Max, i)
		return
	}
	v.SetInt(int64(i))
}

var isoDate = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)

func (d *decoder) date(n *yaml.Node, v reflect.Value) {
	s, ok := d.scalar(n, "a date like 2025-03-14")
	if !ok {
		return
	}
	t, msg := ParseDate(s)
	if msg != "" {
		d.diags.Errorf(d.at(n), d.where(), "date", "%s", msg)
		return
	}
	*v.Addr().Interface().(*Date) = Date{t} // v.Set would box the value
}

// ParseDate reads a calendar date written YYYY-MM-DD. The message says what
// is wrong with s when it is not one, and when s is a date written another
// way, the date to write: the one date it can be, or each of the two.
func ParseDate(s string) (time.Time, string) {
	ys, ms, ds, ok := splitDate(s)
	switch {
	case !ok && len(s) > 10 && isoDate.MatchString(s[:10]):
		return time.Time{}, fmt.Sprintf("expected a date only, like %s, found %s", s[:10], Quote(s))
	case !ok:
		return time.Time{}, otherDate(s)
	}
	y, _ := strconv.Atoi(ys)
	mo, _ := strconv.Atoi(ms)
	day, _ := strconv.Atoi(ds)
	if len(ms) != 2 || len(ds) != 2 {
		return time.Time{}, fmt.Sprintf("write the month and day with two digits: %04d-%02d-%02d, not %s", y, mo, day, s)
	}
	if y < 1900 || y > 2200 {
		return time.Time{}, fmt.Sprintf("the year %d looks mistyped", y)
	}
	if mo < 1 || mo > 12 {
		msg := fmt.Sprintf("there is no month %d; the month comes second, as in 2025-03-14 (YYYY-MM-DD)", mo)
		if r := validDates(reading{y, day, mo}); len(r) == 1 {
			msg += fmt.Sprintf("; for %s, write %s", spoken(r[0]), r[0].Format(time.DateOnly))
		}
		return time.Time{}, msg
	}
	t := time.Date(y, time.Month(mo), day, 0, 0, 0, 0, time.UTC)
	if day < 1 || t.Month() != time.Month(mo) {
		return time.Time{}, fmt.Sprintf("there is no day %d in %s %d", day, time.Month(mo), y)
	}
	return t, ""
}

// splitDate cuts a date written as isoDate into its year, month and day.
func splitDate(s string) (y, m, d string, ok bool) {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' && digits(s[:4]) && digits(s[5:7]) && digits(s[8:]) {
		return s[:4], s[5:7], s[8:], true // the usual form, read without the regexp
	}
	if p := isoDate.FindStringSubmatch(s); p != nil {
		return p[1], p[2], p[3], true
	}
	return "", "", "", false
}

// object decodes a mapping into a struct, reporting unknown and repeated
// keys and missing required ones.
func (d *decoder) object(n *yaml.Node, v reflect.Value) {
	fields := fieldMap[v.Type()]
	if n.Kind != yaml.MappingNode {
		d.diags.Errorf(d.at(n), d.where(), "type", "expected keys (%s, ...), found %s", fields[0].Key, describeNode(n))
		return
	}
	// The value given for each field (the first, if it is given twice),
	// without a map for the usual few dozen keys; other keys, which are
	// mistakes, are tracked in a map when there are any.
	var buf [32]*yaml.Node
	values := buf[:0]
	if len(fields) <= len(buf) {
		values = buf[:len(fields)]
	} else {
		values = make([]*yaml.Node, len(fields))
	}
	var others map[string]bool
	var commented []bool // fields whose value a comment took, reported
	var under []underComment
	mark := len(d.path)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		key := k.Value
		d.path = appendKey(d.path[:mark], key)
		fi := findField(fields, key)
		var dup bool
		if fi >= 0 {
			dup = values[fi] != nil
		} else {
			dup = others[key]
		}
		if dup {
			d.diags.Errorf(d.at(k), d.where(), "duplicate-key", "%s is given twice (first on line %d); keep one", Quote(key), d.keyLine(n, key))
			continue
		}
		switch {
		case fi >= 0 && fields[fi].Tags.YAMLOnly && !d.yamlOnly:
			values[fi] = val
			d.diags.Errorf(d.at(k), d.where(), "unknown-key", "the story goes below the closing --- line, not in a body key")
		case fi >= 0 && fields[fi].Type.Kind() == reflect.String && fields[fi].Tags.Vocab == "" && d.nullWord(val, fields[fi].Tags.Required),
			fi >= 0 && !d.fast && fields[fi].Type.Kind() == reflect.String && d.emptyComment(val, fields[fi].Tags.Required, fields[fi].Tags.Vocab != ""):
			values[fi] = val
			if commented == nil {
				commented = make([]bool, len(fields))
			}
			commented[fi] = true
			d.value(val, fields[fi].to(v), fields[fi].Tags) // where it stands
		case fi >= 0:
			values[fi] = val
			d.value(val, fields[fi].to(v), fields[fi].Tags)
		default:
			if others == nil {
				others = map[string]bool{}
			}
			others[key] = true
			keys := d.keys(fields)
			hint := Suggest(key, keys)
			if line, parent := d.unknownUnder(k); line > 0 && hint == "" && modelKeys[parent] {
				under = addUnder(under, line, parent, key)
				continue
			}
			d.diags.Errorf(d.at(k), d.where(), "unknown-key", "%s", unknownKey(key, keys))
			if hint != "" {
				d.path = appendKey(d.path[:mark], hint)
				d.pos.add(d.path, MisspeltSuffix, d.at(k))
			}
		}
	}
	d.path = d.path[:mark]
	d.reportUnder(under)
	for i, f := range fields {
		val := values[i]
		// A value that was given but could not be read is reported already.
		switch {
		case !f.Tags.Required:
		case commented != nil && commented[i]:
		case val == nil && d.pos.Has(d.sub(f.Key)+MisspeltSuffix):
		case val == nil:
			d.diags.Errorf(d.at(n), d.sub(f.Key), "required", "%s", d.missing(f))
		case isEmpty(val):
			d.diags.Errorf(d.at(val), d.sub(f.Key), "required", "empty%s", strings.TrimPrefix(d.missing(f), "missing"))
		}
	}
}

// keys lists the keys an author may give in a mapping of fields.
func (d *decoder) keys(fields []Field) []string {
	keys := make([]string, 0, len(fields))
	for _, f := range fields {
		if !f.Tags.YAMLOnly || d.yamlOnly {
			keys = append(keys, f.Key)
		}
	}
	return keys
}

// keyLine returns the line where key first stands in the mapping n.
func (d *decoder) keyLine(n *yaml.Node, key string) int {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i].Line + d.offset
		}
	}
	return 0
}

// isEmpty reports whether a value node says nothing: null, blank text or an
// empty list.
func isEmpty(n *yaml.Node) bool {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return isNull(n) || strings.TrimSpace(n.Value) == ""
	case yaml.SequenceNode:
		return len(n.Content) == 0
	}
	return false
}

// missing says a required key is missing, with its choices where it has
// a vocabulary.
func (d *decoder) missing(f Field) string {
	switch {
	case f.Tags.Vocab != "" && f.Type.Kind() == reflect.Slice:
		return "missing; list at least one of: " + strings.Join(d.model.Vocab(f.Tags.Vocab).IDs(), ", ")
	case f.Tags.Vocab != "":
		return "missing; choose one of: " + strings.Join(d.model.Vocab(f.Tags.Vocab).IDs(), ", ")
	case f.Type.Kind() == reflect.Slice:
		return "missing; list at least one"
	}
	return "missing; it is required"
}

func unknownKey(key string, keys []string) string {
	if hint := Suggest(key, keys); hint != "" {
		return fmt.Sprintf("unknown key; did you mean %q?", hint)
	}
	return "unknown key; the keys here are: " + strings.Join(keys, ", ")
}

// findField returns the index in fields of the field named key, or -1.
func findField(fields []Field, key string) int {
	for i := range fields {
		if fields[i].Key == key {
			return i
		}
	}
	return -1
}

func (d *decoder) mapping(n *yaml.Node, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.diags.Errorf(d.at(n), d.where(), "type", "expected keys, each followed by a list, found %s", describeNode(n))
		return
	}
	m := reflect.MakeMap(v.Type())
	seen := map[string]*yaml.Node{}
	mark := len(d.path)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		d.path = appendKey(d.path[:mark], k.Value)
		if first, dup := seen[k.Value]; dup {
			d.diags.Errorf(d.at(k), d.where(), "duplicate-key", "%s is given twice (first on line %d); keep one", Quote(k.Value), first.Line+d.offset)
			continue
		}
		seen[k.Value] = k
		if !d.index {
			d.pos.add(d.path, KeySuffix, d.at(k))
		}
		elem := reflect.New(v.Type().Elem()).Elem()
		d.value(val, elem, Tags{})
		m.SetMapIndex(reflect.ValueOf(k.Value), elem)
	}
	d.path = d.path[:mark]
	v.Set(m)
}
