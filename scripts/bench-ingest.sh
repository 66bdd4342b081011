#!/usr/bin/env bash
# Growth of `newsfuse ingest` as the store fills: STEPS successive slices of STEP
# recombined documents (as for bench-scale.sh) are ingested one run after another
# into one database; each run prints its time per document and peak memory, so a
# per-document cost that grew with the store would show as a rising column.
# Usage: scripts/bench-ingest.sh [DB_URL_OR_PATH] [STEP] [STEPS] [BASE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-$(mktemp -d)/bench.db}
step=${2:-1000}
steps=${3:-10}
base=${4:-../shared/corpora/polnear/train/text}
cargo build --release -q -p newsfuse-cli
from=()
if [ -d "$base" ]; then from=(--from "$base"); else echo "base $base not found: using the demo corpus"; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "database: $db; $steps runs of $step documents"
printf "%10s %12s %10s %s\n" "stored" "us/doc" "peak MB" "report"
for ((k = 0; k < steps; k++)); do
  ./target/release/newsfuse bench scale --docs "$step" --offset $((k * step)) --emit "$tmp/slice.jsonl" "${from[@]}"
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$tmp/rss" ./target/release/newsfuse ingest "$tmp/slice.jsonl" --db "$db" --format json > "$tmp/report.json"
  end=$(date +%s.%N)
  python3 - "$start" "$end" "$step" "$tmp/rss" "$tmp/report.json" <<'PY'
import json, sys
start, end, step, rss, report = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
r = json.load(open(report))
kb = int(open(rss).read().split()[-1])
print(f"{r['total']:>10} {(end - start) * 1e6 / step:>12.0f} {kb / 1024:>10.0f} added {r['added']}, {r['stories_new']} new stories")
PY
done
