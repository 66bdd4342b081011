#!/usr/bin/env bash
# Requests per second and latency of `newsfuse serve` over a store of DOCS
# recombined documents (as for bench-ingest.sh), for the pages and API routes
# a reader hits: the story list, a story's dossier (built on request), search.
# Needs wrk (Debian's package). Usage: scripts/bench-serve.sh [DOCS] [BASE_DIR] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-10000}
base=${2:-../shared/corpora/polnear/train/text}
threads=${3:-2}
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)"; exit 2; }
cargo build --release -q -p newsfuse-cli
tmp=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
from=()
if [ -d "$base" ]; then from=(--from "$base"); else echo "base $base not found: using the demo corpus"; fi
./target/release/newsfuse bench scale --docs "$docs" --emit "$tmp/docs.jsonl" "${from[@]}"
./target/release/newsfuse ingest "$tmp/docs.jsonl" --db "$tmp/news.db"
./target/release/newsfuse serve --addr 127.0.0.1:0 --db "$tmp/news.db" --threads "$threads" > "$tmp/out" 2> "$tmp/access.log" &
server=$!
for _ in $(seq 50); do grep -q listening "$tmp/out" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o '127.0.0.1:[0-9]*' "$tmp/out" | cut -d: -f2)
# The largest story, and a word that occurs in many documents.
story=$(./target/release/newsfuse stories --db "$tmp/news.db" --format json \
  | python3 -c 'import json,sys; print(max(json.load(sys.stdin), key=lambda s: s["documents"])["story"])')
printf "%-32s %10s %12s %12s\n" "route" "req/s" "mean ms" "p99 ms"
for route in "/" "/api/stories?limit=100" "/api/stories/$story" "/stories/$story" "/api/search?q=election" "/search?q=%22white%20house%22"; do
  wrk -t2 -c4 -d5s --latency "http://127.0.0.1:$port$route" > "$tmp/wrk"
  python3 - "$route" "$tmp/wrk" <<'PY'
import re, sys
route, text = sys.argv[1], open(sys.argv[2]).read()
def ms(v, unit):
    return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
mean = re.search(r"Latency\s+([\d.]+)(us|ms|s)", text)
p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{route:<32} {float(rps):>10.0f} {ms(*mean.groups()):>12.2f} {ms(*p99.groups()):>12.2f}" + (f"  ({bad.group(1)} errors)" if bad else ""))
PY
done
