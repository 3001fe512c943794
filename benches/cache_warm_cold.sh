#!/usr/bin/env bash
# Times a cold run (empty link cache) against a warm one (every verdict
# fresh in the cache) over the seed article plus a link-heavy article whose
# links all point at a web server on 127.0.0.1. Only the loopback links are
# checked (an include pattern), so the figures do not depend on the network.
#
#   benches/cache_warm_cold.sh [LINKS] [ROUNDS] [LATENCY_MS]
#                              (defaults: 500 links, 3 rounds, 0 ms)
#
# LATENCY_MS delays every answer, as a distant site would; citecheck's
# default of 4 requests at once per host then bounds the cold run.
# Prints one line per run and the median of each kind, plus the static
# audit alone (--offline) for comparison.
set -euo pipefail

links=${1:-500}
rounds=${2:-3}
latency=${3:-0}
root=$(cd "$(dirname "$0")/.." && pwd)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/citecheck"

work=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# The pages, and a server for them.
mkdir -p "$work/site" "$work/sources"
for i in $(seq 1 "$links"); do
  printf '<html><head><title>Source %s</title></head><body><h1>Source %s</h1><p>%s</p></body></html>\n' \
    "$i" "$i" "A page long enough to be a real source, cited by the benchmark article." > "$work/site/$i.html"
done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 - "$work/site" "$port" "$latency" >/dev/null 2>&1 <<'PY' &
import functools, http.server, sys, time
root, port, latency = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) / 1000
class Slow(http.server.SimpleHTTPRequestHandler):
    def handle_one_request(self):
        time.sleep(latency)
        super().handle_one_request()
handler = functools.partial(Slow, directory=root)
http.server.ThreadingHTTPServer(("127.0.0.1", port), handler).serve_forever()
PY
server_pid=$!
for _ in $(seq 1 50); do
  curl -fsS "http://127.0.0.1:$port/1.html" >/dev/null 2>&1 && break
  sleep 0.1
done

# The seed plus the link-heavy article.
cp "$root"/sources/*.md "$work/sources/"
{
  echo "# Link-heavy benchmark article"
  echo
  for i in $(seq 1 "$links"); do echo "Claim number $i is made here.[^$i]"; done
  echo
  for i in $(seq 1 "$links"); do echo "[^$i]: Source $i, <http://127.0.0.1:$port/$i.html>."; done
} > "$work/sources/links.md"
printf 'allow_private = true\ninclude = ["^http://127\\\\.0\\\\.0\\\\.1:"]\nfail_on = ["dangling"]\n' > "$work/citecheck.toml"

cd "$work"
run() { # kind, flags...
  local kind=$1; shift
  local start end
  start=$(date +%s.%N)
  "$bin" check sources --out "$work/reports" "$@" >/dev/null 2>"$work/stderr" || true
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.3f}')"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

: > cold.txt; : > warm.txt; : > static.txt
for r in $(seq 1 "$rounds"); do
  rm -rf .citecheck
  cold=$(run cold); echo "$cold" >> cold.txt
  warm=$(run warm); echo "$warm" >> warm.txt
  echo "round $r: cold ${cold}s, warm ${warm}s ($(tail -n1 "$work/stderr"))"
  run static --offline >> static.txt
done
echo "links checked: $links distinct loopback URLs answering after ${latency} ms (+ the seed's, excluded)"
echo "median cold:   $(median < cold.txt)s"
echo "median warm:   $(median < warm.txt)s"
echo "median static: $(median < static.txt)s (--offline, no cache)"
