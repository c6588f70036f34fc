#!/usr/bin/env bash
# Times `dll validate` on generated portfolios of several sizes, with
# hyperfine (installed from apt if missing). Usage: bench/validate.sh [N...]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000}")
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/dll" ./cmd/dll
for n in ${sizes[@]}; do
  go run ./bench/gen -n "$n" -o "$work/p$n"
  hyperfine --warmup 1 --runs 5 "$work/dll validate $work/p$n"
  /usr/bin/time -f "peak memory: %M KiB" "$work/dll" validate "$work/p$n" >/dev/null
done
