//go:build browser

package main_test

// The site in the other languages dll speaks, as its readers get it.

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// localLanguages are the languages the example is checked in besides
// English; Arabic is written right to left.
var localLanguages = []string{"es", "fr", "pt", "ar"}

// ownWords are the leader's own words of the example's dll.yaml in a
// language, as a leader writing in it would have them: the title, the bio
// and the portrait's description.
var ownWords = map[string][3]string{
	"es": {
		"Tess Marchetti: portafolio de liderazgo del aprendizaje digital",
		"Soy bibliotecaria escolar y coach de aprendizaje digital en el distrito escolar unificado de Lakeshore, donde colaboro con docentes de K-12 para planificar, impartir y evaluar unidades en el centro de aprendizaje de la escuela. Gracias al programa de colaboración comunitaria del distrito también diseño aprendizaje con profesorado universitario, formadores del ayuntamiento, una organización juvenil y una empresa local. Juzgo mi trabajo por lo que estudiantes y colaboradores hacen de otra manera después, no por lo que les entregué.",
		"Retrato ilustrado de Tess Marchetti: una persona sonriente con el pelo corto y oscuro y gafas redondas, con una blusa verde azulado, delante de estanterías de la biblioteca con libros de colores.",
	},
	"ar": {
		"Tess Marchetti: ملف إنجاز قيادة التعلّم الرقمي",
		"أعمل اختصاصية مكتبة مدرسية ومدرّبة للتعلّم الرقمي في منطقة ليكشور التعليمية الموحّدة، حيث أشارك معلمي التعليم العام في تخطيط الوحدات وتدريسها وتقييمها في مركز التعلّم بالمدرسة. ومن خلال برنامج الشراكة المجتمعية في المنطقة أصمّم أيضًا تجارب تعلّم مع أعضاء هيئة تدريس جامعيين ومدرّبي البلدية ومنظمة شبابية غير ربحية وجهة توظيف محلية. أحكم على عملي بما يفعله المتعلمون والشركاء بشكل مختلف بعد ذلك، لا بما سلّمتهم إياه.",
		"صورة مرسومة لـ Tess Marchetti: شخص مبتسم بشعر قصير داكن ونظارة مستديرة، يرتدي قميصًا أزرق مخضرًا، أمام رفوف مكتبة عليها كتب ملونة.",
	},
}

// buildInLanguage builds the example portfolio with its site in lang and
// each experience declaring that it is written in English, as it is.
func buildInLanguage(t *testing.T, lang string) string {
	t.Helper()
	return buildExample(t, "", func(dir string) {
		settings := filepath.Join(dir, "dll.yaml")
		src, err := os.ReadFile(settings)
		if err != nil {
			t.Fatal(err)
		}
		src = regexp.MustCompile(`(?m)^language: .*$`).ReplaceAll(src, []byte("language: "+lang))
		if own, ok := ownWords[lang]; ok {
			src = regexp.MustCompile(`(?m)^title: .*$`).ReplaceAll(src, []byte("title: "+strconv.Quote(own[0])))
			src = regexp.MustCompile(`(?m)^  bio: \|\n(    .*\n)+`).ReplaceAll(src, []byte("  bio: "+strconv.Quote(own[1])+"\n"))
			src = regexp.MustCompile(`(?m)^  photo_alt: .*$`).ReplaceAll(src, []byte("  photo_alt: "+strconv.Quote(own[2])))
		}
		if err := os.WriteFile(settings, src, 0o644); err != nil {
			t.Fatal(err)
		}
		entries, _ := filepath.Glob(filepath.Join(dir, "experiences", "*"))
		for _, e := range entries {
			file := e
			if info, err := os.Stat(e); err == nil && info.IsDir() {
				file = filepath.Join(e, "index.md")
			}
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			text := "language: en\n" + string(src)
			if strings.HasSuffix(file, ".md") {
				text = strings.Replace(string(src), "---\n", "---\nlanguage: en\n", 1)
			}
			if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestBrowserLanguages checks every page of the example site in Spanish,
// French, Portuguese and Arabic as TestBrowser does the English one, opened
// from disk: axe-core (WCAG 2.2 A and AA, which checks every lang
// attribute), no sideways scrolling at 320 px (in Arabic too, laid out
// right to left), links, images and no request to another host; and the
// Nu Html Checker over every page. With -screenshots it saves the README's
// screenshot of the Spanish home page, and the Arabic home and experience
// pages.
func TestBrowserLanguages(t *testing.T) {
	chrome := findChromium(t)
	axe := loadAxe(t)
	browser := startBrowser(t, chrome)
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range localLanguages {
		t.Run(lang, func(t *testing.T) {
			out := buildInLanguage(t, lang)
			pages := htmlPages(t, out)
			if !slices.Contains(pages, "experiences/glider-design-challenge/index.html") {
				t.Fatalf("the built site has no glider page: %v", pages)
			}
			home, err := os.ReadFile(filepath.Join(out, "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			want := `<html lang="` + lang + `">`
			if lang == "ar" {
				want = `<html lang="ar" dir="rtl">`
			}
			if !strings.Contains(string(home), want) {
				t.Errorf("the home page does not start %s", want)
			}
			s := openSite(t, "file", out)
			report := checkSite(t, browser, s, pages, axe)
			for _, p := range pages {
				if msgs := report[p]; len(msgs) > 0 {
					t.Errorf("%s (%s):\n\t%s", p, s.url(p), strings.Join(msgs, "\n\t"))
				}
			}
			checkHTML(t, out)
			if *screenshots && (lang == "es" || lang == "ar") {
				shots := filepath.Join(t.TempDir(), "shots")
				takeScreenshots(t, browser, out, shots)
				save := map[string]string{"home.png": "home-" + lang + ".png"}
				if lang == "ar" {
					save["entry.png"] = "entry-ar.png"
				}
				for from, to := range save {
					png, err := os.ReadFile(filepath.Join(shots, from))
					if err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(root, "examples", "screenshots", to), png, 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
		})
	}
}
