#!/usr/bin/env bash
# Times dll build and dll validate against two yardsticks, on generated
# portfolios of realistic entries (internal/sample.Realistic: about 75
# lines of front matter and a story of 800 to 1,200 words with headings,
# lists, emphasis, a table, links to other entries and to the web):
#
#   loop      bench/goldmark: on every core, read each entry, parse its front
#             matter with yaml.v3, convert its story with goldmark and write
#             one page per entry (the floor: no templates, no checks)
#   hugo      Hugo over the same files (hard links to them), with minimal
#             layouts: a page per entry, the experiences section, the home
#             page, tag pages, a feed, 404.html and robots.txt (dll also makes
#             pages by type, framework and date, and portfolio.json)
#   dll       dll build DIR -o OUT, and dll validate DIR
#
# Usage, from anywhere in the repository:
#
#   bash bench/build.sh [N...]          default: 1000 10000 50000
#   RUNS=5 bash bench/build.sh 10000    paired runs per size (default 3)
#
# The runs are paired: each round runs the loop, Hugo, dll build and dll
# validate one after the other, each into an empty folder, so that load
# from other work on the machine falls on all of them alike. For each
# command the summary gives the median wall time, CPU time (user + system,
# all cores) and peak memory (maximum resident set, from /usr/bin/time),
# and the median of the per-round ratios to the loop and to Hugo.
#
# Hugo: a hugo on the PATH is used; otherwise the script downloads the
# Hugo release below from GitHub into ~/.cache/dll-bench, and when the
# network refuses, installs Debian's hugo package with apt. It says which
# it used. hyperfine is not needed; /usr/bin/time comes from apt (time).
#
# Everything goes into $TMPDIR (use TMPDIR=/dev/shm to keep the disk out
# of the figures); the results are kept in $TMP/results.md and printed;
# the rest is removed at the end, unless KEEP=1.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
((${#sizes[@]})) || sizes=(1000 10000 50000)
runs=${RUNS:-3}
hugo_version=0.140.2
for n in "${sizes[@]}"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "usage: bench/build.sh [N...]" >&2; exit 2; }
done

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  echo "installing $* from apt" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "$@" >/dev/null
}
[ -x /usr/bin/time ] || apt_install time

# Hugo: on the PATH, a release in the cache, a fresh download, or apt.
hugo_from=""
HUGO=$(command -v hugo || true)
if [ -n "$HUGO" ]; then
  hugo_from="already installed"
else
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/dll-bench/hugo-$hugo_version
  case $(uname -m) in
    x86_64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) arch=$(uname -m) ;;
  esac
  url=https://github.com/gohugoio/hugo/releases/download/v$hugo_version/hugo_${hugo_version}_linux-$arch.tar.gz
  if [ ! -x "$cache/hugo" ]; then
    mkdir -p "$cache"
    if curl -fsSL --max-time 120 "$url" -o "$cache/hugo.tar.gz" 2>/dev/null && tar -xzf "$cache/hugo.tar.gz" -C "$cache" hugo; then
      rm -f "$cache/hugo.tar.gz"
    else
      rm -f "$cache/hugo.tar.gz"
      echo "note: the network refused the Hugo release ($url); using Debian's hugo package instead" >&2
    fi
  fi
  if [ -x "$cache/hugo" ]; then
    HUGO=$cache/hugo
    hugo_from="release $hugo_version from GitHub, in $cache"
  else
    apt_install hugo
    HUGO=$(command -v hugo)
    hugo_from="Debian's hugo package (the Hugo release could not be downloaded)"
  fi
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dll-bench-build.XXXXXX")
results=$TMP/results.md
[ "${KEEP:-0}" = 1 ] || trap 'find "$TMP" -mindepth 1 -maxdepth 1 ! -name "results.md" -exec rm -rf {} +' EXIT

go build -o "$TMP/dll" ./cmd/dll
go build -o "$TMP/loop" ./bench/goldmark

# hugo_site makes a Hugo site whose content is hard links to the entries
# of the portfolio dir.
hugo_site() {
  local dir=$1 site=$2
  mkdir -p "$site/content" "$site/layouts/_default"
  cp -al "$dir/experiences" "$site/content/experiences" 2>/dev/null || cp -a "$dir/experiences" "$site/content/experiences"
  ln "$dir/philosophy.md" "$site/content/philosophy.md" 2>/dev/null || cp "$dir/philosophy.md" "$site/content/philosophy.md"
  printf -- '---\ntitle: Generated portfolio\n---\n' >"$site/content/_index.md"
  cat >"$site/config.toml" <<'EOF'
baseURL = "https://example.org/"
title = "Generated portfolio"
languageCode = "en"
disableHugoGeneratorInject = true
enableRobotsTXT = true
# Like dll: one feed (of the latest 50, see index.rss.xml), a 404 page and
# robots.txt, no sitemap; entries use tags, not categories.
disableKinds = ["sitemap"]
[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]
[taxonomies]
tag = "tags"
EOF
  cat >"$site/layouts/_default/baseof.html" <<'EOF'
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body>
</html>
EOF
  cat >"$site/layouts/_default/single.html" <<'EOF'
{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<dl>{{ range $k, $v := .Params }}
<dt>{{ $k }}</dt><dd>{{ $v }}</dd>{{ end }}
</dl>
{{ .Content }}
</article>{{ end }}
EOF
  cat >"$site/layouts/_default/list.html" <<'EOF'
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .RegularPages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}
</ul>{{ end }}
EOF
  cat >"$site/layouts/index.html" <<'EOF'
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range where site.RegularPages "Section" "experiences" }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}
</ul>{{ end }}
EOF
  cat >"$site/layouts/404.html" <<'EOF'
{{ define "main" }}<h1>Not found</h1><p><a href="{{ "" | relURL }}">Home</a></p>{{ end }}
EOF
  cat >"$site/layouts/index.rss.xml" <<'EOF'
{{ printf "<?xml version=\"1.0\" encoding=\"utf-8\"?>" | safeHTML }}
<rss version="2.0"><channel><title>{{ site.Title }}</title><link>{{ .Permalink }}</link>
{{ range first 50 (where site.RegularPages "Section" "experiences") }}<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><guid>{{ .Permalink }}</guid><description>{{ .Params.summary }}</description></item>
{{ end }}</channel></rss>
EOF
}

# measure runs a command into an empty output folder and appends
# "name round wall cpu peak_kib" to $TMP/runs.
measure() {
  local n=$1 round=$2 name=$3 out=$4
  shift 4
  rm -rf "$out"
  sync
  if ! /usr/bin/time -f "%e %U %S %M" -o "$TMP/time" "$@" >"$TMP/log" 2>&1; then
    echo "$name failed at $n entries:" >&2
    tail -5 "$TMP/log" >&2
    exit 1
  fi
  read -r wall user sys kib <"$TMP/time"
  echo "$n $round $name $wall $(awk "BEGIN { print $user + $sys }") $kib" >>"$TMP/runs"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$TMP/runs"
for n in "${sizes[@]}"; do
  dir=$TMP/portfolio-$n
  echo "generating $n entries" >&2
  go run ./bench/gen -n "$n" -o "$dir"
  hugo_site "$dir" "$TMP/hugo-$n"
  for round in $(seq "$runs"); do
    echo "round $round of $runs at $n entries" >&2
    measure "$n" "$round" loop "$TMP/out" "$TMP/loop" "$dir" "$TMP/out"
    measure "$n" "$round" hugo "$TMP/out" "$HUGO" --quiet --cacheDir "$TMP/hugo-cache" -s "$TMP/hugo-$n" -d "$TMP/out"
    measure "$n" "$round" build "$TMP/out" "$TMP/dll" build "$dir" -o "$TMP/out"
    measure "$n" "$round" validate "$TMP/out" "$TMP/dll" validate "$dir"
  done
  rm -rf "$dir" "$TMP/hugo-$n" "$TMP/out" "$TMP/hugo-cache"
done

{
  echo "# dll against the loop and Hugo: $(nproc) cores, $(uname -m), $($HUGO version | awk '{print $1, $2}') ($hugo_from)"
  echo
  echo "Paired runs: $runs rounds per size, each round the loop, Hugo, dll build and dll validate one after the other."
  echo "Load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows every command)."
  echo
  echo "| entries | command | wall s | CPU s | peak MiB | wall vs loop | wall vs Hugo | ms per entry |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|"
  awk '
    function median(list,   n, a, i, j, t) {
      n = split(list, a, " ")
      for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
      return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
    }
    { key = $1 " " $3; wall[key] = wall[key] " " $4; cpu[key] = cpu[key] " " $5; mem[key] = mem[key] " " $6
      w[$1, $2, $3] = $4; if (!($1 in seen)) { seen[$1] = 1; order[++ns] = $1 } rounds[$1] = $2 }
    END {
      split("loop hugo build validate", names, " ")
      for (s = 1; s <= ns; s++) {
        n = order[s]
        for (c = 1; c <= 4; c++) {
          name = names[c]; key = n " " name
          rl = ""; rh = ""
          for (r = 1; r <= rounds[n]; r++) {
            rl = rl " " w[n, r, name] / w[n, r, "loop"]
            rh = rh " " w[n, r, name] / w[n, r, "hugo"]
          }
          label = name == "build" ? "dll build" : name == "validate" ? "dll validate" : name == "hugo" ? "Hugo" : "yaml+goldmark loop"
          printf "| %d | %s | %.2f | %.2f | %.0f | %.2fx | %.2fx | %.3f |\n", n, label, median(wall[key]), median(cpu[key]), median(mem[key]) / 1024, median(rl), median(rh), median(wall[key]) * 1000 / n
        }
      }
    }' "$TMP/runs"
  echo
  echo "Every run (entries, round, command, wall s, CPU s, peak KiB):"
  echo
  echo '```'
  cat "$TMP/runs"
  echo '```'
} >"$results"
echo
cat "$results"
echo
echo "results kept in $results"
