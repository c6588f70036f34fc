#!/usr/bin/env bash
# Builds every scenario portfolio of the tests and the example portfolio
# with the dll of a git revision (default: main) and with the dll of this
# tree, and compares what they print and write, file for file:
#
#   bash bench/golden.sh [REV]
#
# For each portfolio it runs dll validate, dll build and dll build --drafts
# (from inside the portfolio, as an author would) and compares the exit
# status, standard output and standard error, and the built folders. It
# prints each difference and ends with how many portfolios differ; it
# exits 1 when any does. KEEP=1 keeps the folders (in $TMP) to look at.
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-main}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dll-golden.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$TMP"' EXIT

mkdir -p "$TMP/src-old" "$TMP/home"
git archive "$rev" | tar -x -C "$TMP/src-old"
(cd "$TMP/src-old" && go build -o "$TMP/dll-old" ./cmd/dll)
go build -o "$TMP/dll-new" ./cmd/dll
go run ./bench/scenarios -o "$TMP/portfolios"

export HOME=$TMP/home XDG_CACHE_HOME=$TMP/home/cache NO_COLOR=1
differ=0
for dir in "$TMP"/portfolios/*/; do
  name=$(basename "$dir")
  for which in old new; do
    res=$TMP/$which/$name
    mkdir -p "$res"
    for cmd in validate build drafts; do
      args=("$cmd")
      case $cmd in
        build) args=(build -o "$TMP/out") ;;
        drafts) args=(build --drafts -o "$TMP/out") ;;
      esac
      rm -rf "$TMP/out"
      set +e
      (cd "$dir" && "$TMP/dll-$which" "${args[@]}" >"$res/$cmd.stdout" 2>"$res/$cmd.stderr")
      echo $? >"$res/$cmd.exit"
      set -e
      sed -i "s|$TMP/out|OUT|g" "$res/$cmd.stdout" "$res/$cmd.stderr"
      [ -d "$TMP/out" ] && mv "$TMP/out" "$res/$cmd.site"
    done
  done
  if ! diff -r "$TMP/old/$name" "$TMP/new/$name" >"$TMP/diff-$name" 2>&1; then
    differ=$((differ + 1))
    echo "== $name differs:"
    head -40 "$TMP/diff-$name"
  fi
done
count=$(ls -d "$TMP"/portfolios/*/ | wc -l)
echo "$differ of $count portfolios differ between $rev and this tree."
[ "$differ" = 0 ]
