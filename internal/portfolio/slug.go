package portfolio

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ReservedSlugs are page names the site uses for itself; no entry may take
// one.
var ReservedSlugs = []string{"index", "404", "feed", "sitemap", "robots", "portfolio", "assets", "evidence",
	"types", "tags", "frameworks", "timeline", "philosophy", "changes", "experiences"}

// translit spells letters that do not decompose into a Latin letter and a
// mark, so that titles in other alphabets still give a readable address.
var translit = map[rune]string{
	'ß': "ss", 'æ': "ae", 'ø': "o", 'œ': "oe", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i", 'ŋ': "ng",
	// Greek
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i", 'κ': "k",
	'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t",
	'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
	// Cyrillic
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "yo", 'ж': "zh", 'з': "z", 'и': "i",
	'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "",
	'э': "e", 'ю': "yu", 'я': "ya", 'і': "i", 'ї': "yi", 'є': "ye", 'ґ': "g",
}

// Slugify turns a title or file name into the lowercase ASCII words, joined
// by hyphens, that name an entry's page: "Café Señor" gives "cafe-senor".
// Korean, Arabic and Hebrew are spelled in Latin letters; letters with no
// Latin spelling (Chinese, for one) are dropped, so the result may be empty.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(romanize(s))) {
		var piece string
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			piece = string(r)
		case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r) || r == '\u1160' || r == '\u115f':
			continue // an accent, or an invisible character: "ma\u200bth" is "math"
		case translit[r] != "":
			piece = translit[r]
		case r == '\'' || r == '’':
			continue
		default:
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(piece)
	}
	return b.String()
}

// romanize spells Korean, Arabic and Hebrew letters in Latin ones, which
// portfolio.Slugify would drop, so that such titles still give a readable
// slug. Scripts that need a dictionary (Chinese, Japanese kanji) stay as
// they are, and a title in them gets the slug "experience".
func romanize(s string) string {
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		switch {
		case r >= 0xAC00 && r <= 0xD7A3: // a Hangul syllable
			n := int(r - 0xAC00)
			b.WriteString(hangulInitial[n/(21*28)] + hangulVowel[n%(21*28)/28] + hangulFinal[n%28])
		case romanLetters[r] != "" || r == 'ء' || r == 'ع' || r == 'א' || r == 'ע':
			b.WriteString(romanLetters[r])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// The Revised Romanization of Korean, letter by letter.
var (
	hangulInitial = []string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	hangulVowel   = []string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	hangulFinal   = []string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
)

// romanLetters spells Arabic (with Persian and Urdu letters) and Hebrew
// consonants; their vowel marks are dropped, as slugs do with accents.
var romanLetters = map[rune]string{
	'ا': "a", 'آ': "a", 'أ': "a", 'إ': "i", 'ٱ': "a", 'ب': "b", 'پ': "p", 'ت': "t", 'ث': "th", 'ج': "j",
	'چ': "ch", 'ح': "h", 'خ': "kh", 'د': "d", 'ذ': "dh", 'ر': "r", 'ز': "z", 'ژ': "zh", 'س': "s", 'ش': "sh",
	'ص': "s", 'ض': "d", 'ط': "t", 'ظ': "z", 'غ': "gh", 'ف': "f", 'ق': "q", 'ك': "k", 'ک': "k",
	'گ': "g", 'ل': "l", 'م': "m", 'ن': "n", 'ه': "h", 'ة': "a", 'و': "w", 'ؤ': "w", 'ي': "y", 'ی': "y",
	'ى': "a", 'ئ': "y", 'ے': "e", 'ں': "n", 'ٹ': "t", 'ڈ': "d", 'ڑ': "r",
	'ב': "b", 'ג': "g", 'ד': "d", 'ה': "h", 'ו': "o", 'ז': "z", 'ח': "ch", 'ט': "t", 'י': "i",
	'כ': "k", 'ך': "k", 'ל': "l", 'מ': "m", 'ם': "m", 'נ': "n", 'ן': "n", 'ס': "s", 'פ': "p", 'ף': "f",
	'צ': "ts", 'ץ': "ts", 'ק': "k", 'ר': "r", 'ש': "sh", 'ת': "t",
}
