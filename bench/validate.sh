#!/usr/bin/env bash
# Times dll validate on generated portfolios of realistic entries, with
# hyperfine (installed from apt if missing), beside the loop that is the
# floor of bench/build.sh (read, parse the front matter with yaml.v3,
# convert the story with goldmark, write a page): dll validate reads and
# checks every entry, and keeps of each only its index.
#
#   bash bench/validate.sh [N...]       default: 1000 10000
#
# bench/build.sh runs dll validate too, in paired rounds with dll build,
# the loop and Hugo, with each command's peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
((${#sizes[@]})) || sizes=(1000 10000)
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
work=$(mktemp -d "${TMPDIR:-/tmp}/dll-bench-validate.XXXXXX")
trap 'rm -rf "$work"' EXIT
go build -o "$work/dll" ./cmd/dll
go build -o "$work/loop" ./bench/goldmark
for n in "${sizes[@]}"; do
  go run ./bench/gen -n "$n" -o "$work/p$n"
  hyperfine --warmup 1 --runs 5 --prepare "rm -rf $work/out" -n loop "$work/loop $work/p$n $work/out" -n "dll validate" "$work/dll validate $work/p$n"
  /usr/bin/time -f "dll validate: peak memory %M KiB" "$work/dll" validate "$work/p$n" >/dev/null
  rm -rf "$work/p$n" "$work/out"
done
