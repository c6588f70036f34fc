package portfolio

// Accessors for the facts of a key's dll struct tag, for packages that
// describe the model elsewhere (the JSON Schema) and must read the same tags
// the decoder reads.

// Required reports whether the key must be present and not empty.
func (t fieldTags) Required() bool { return t.required }

// Vocab returns the vocabulary every value of the key comes from, or "".
func (t fieldTags) Vocab() string { return t.vocab }

// YAMLOnly reports whether the key may appear only in an entry written as
// one YAML file (the body key).
func (t fieldTags) YAMLOnly() bool { return t.yamlOnly }

// Min returns the smallest whole number the key accepts, if it has one.
func (t fieldTags) Min() (int, bool) {
	if t.min == nil {
		return 0, false
	}
	return *t.min, true
}

// Max returns the largest whole number the key accepts, if it has one.
func (t fieldTags) Max() (int, bool) {
	if t.max == nil {
		return 0, false
	}
	return *t.max, true
}
