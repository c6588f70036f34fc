#!/usr/bin/env bash
# Times `dll build` against two yardsticks on the same generated portfolio of
# N entries (default 10000):
#
#   goldmark  bench/goldmark, a bare sequential goldmark loop over the entry
#             files (the floor: dll build should stay within 1.5x of it)
#   hugo      Hugo over the same files (hard links to them), with minimal
#             layouts: one page per entry (title, front matter as a list,
#             content), the experiences section, the home page, tag pages,
#             a feed, 404.html and robots.txt (dll also makes pages by type,
#             framework and date, and portfolio.json, which this Hugo site
#             does not, so Hugo does somewhat less work than dll here)
#   dll       dll build DIR -o OUT
#
# Every run is a full build into an empty folder: hyperfine's --prepare
# removes the outputs and syncs, so no run pays for the last one's writes.
# The summary gives each command's mean wall time, its ratio to the goldmark
# loop, its mean CPU time (user + system, all cores) and its peak memory
# (max RSS, measured once per command with /usr/bin/time). hugo,
# hyperfine and time are installed from apt if missing.
#
# Usage, from anywhere in the repository:  bash bench/build.sh [N]
# RUNS=10 bash bench/build.sh 1000 sets hyperfine's runs (default 5).
# The results (hyperfine's Markdown table and the summary) are kept in
# $TMP/results-N.md; everything else in $TMP is removed at the end, unless
# KEEP=1 (to look at the generated portfolio, the Hugo site and the outputs).
# TMPDIR=/dev/shm bash bench/build.sh puts everything on tmpfs, which takes
# the disk's noise out of the comparison (on a VM disk the goldmark loop is
# mostly file system time). Hugo's cache goes into $TMP as well.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${RUNS:-5}
[[ $n =~ ^[0-9]+$ ]] || { echo "usage: bench/build.sh [N]" >&2; exit 2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
need=()
command -v hugo >/dev/null || need+=(hugo)
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
if ((${#need[@]})); then
  echo "installing ${need[*]} from apt" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${need[@]}" >/dev/null
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/dll-bench-build.XXXXXX")
results=$TMP/results-$n.md
[ "${KEEP:-0}" = 1 ] || trap 'find "$TMP" -mindepth 1 -maxdepth 1 ! -name "results-*" -exec rm -rf {} +' EXIT

go build -o "$TMP/dll" ./cmd/dll
go build -o "$TMP/goldmark" ./bench/goldmark
have_dll=1
"$TMP/dll" build --help >/dev/null 2>&1 || {
  have_dll=0
  echo "note: this dll has no build command yet; timing goldmark and hugo only" >&2
}

dir=$TMP/portfolio
go run ./bench/gen -n "$n" -o "$dir"

# The Hugo site: content/experiences holds hard links to the generated entry
# files (the very same files dll reads), philosophy.md likewise.
site=$TMP/hugo
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

names=(goldmark hugo)
cmds=("$TMP/goldmark $dir $TMP/out-goldmark"
  "hugo --quiet --cacheDir $TMP/hugo-cache -s $site -d $TMP/out-hugo")
if ((have_dll)); then
  names+=(dll)
  cmds+=("$TMP/dll build $dir -o $TMP/out-dll")
fi

# Each command once, untimed, to fail early with its own message.
for i in "${!names[@]}"; do
  rm -rf "$TMP/out-${names[i]}"
  ${cmds[i]} >/dev/null || { echo "${names[i]} failed: ${cmds[i]}" >&2; exit 1; }
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
args=()
for i in "${!names[@]}"; do args+=(-n "${names[i]}" "${cmds[i]}"); done
hyperfine --warmup 1 --runs "$runs" --prepare "rm -rf $TMP/out-goldmark $TMP/out-hugo $TMP/out-dll && sync" \
  --export-markdown "$TMP/hyperfine.md" --export-csv "$TMP/hyperfine.csv" "${args[@]}"

for i in "${!names[@]}"; do
  rm -rf "$TMP/out-${names[i]}"
  /usr/bin/time -f %M -o "$TMP/mem-${names[i]}" ${cmds[i]} >/dev/null
done

{
  echo "# dll build benchmark: $n entries, $(nproc) cores, $(hugo version | awk '{print $1, $2}')"
  echo
  echo "Load average before timing: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the figures)."
  echo
  cat "$TMP/hyperfine.md"
  echo
  echo '```'
  printf '%-10s %10s %14s %10s %10s\n' command mean_s x_goldmark cpu_s peak_MiB
  awk -F, -v tmp="$TMP" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { name[NR] = $col["command"]; mean[NR] = $col["mean"]; cpu[NR] = $col["user"] + $col["system"] }
    $col["command"] == "goldmark" { base = $col["mean"] }
    END {
      for (r = 2; r <= NR; r++) {
        f = tmp "/mem-" name[r]; getline kib < f; close(f)
        printf "%-10s %10.3f %13.2fx %10.3f %10.1f\n", name[r], mean[r], mean[r] / base, cpu[r], kib / 1024
      }
    }' "$TMP/hyperfine.csv"
  echo '```'
  ((have_dll)) || echo "dll build was not available in this tree, so it was not measured."
} >"$results"
echo
cat "$results"
echo
echo "results kept in $results"
