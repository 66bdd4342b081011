#!/usr/bin/env bash
# Scaling of the firehose path (analysis + online story clustering) at 1k, 10k
# and 100k documents recombined from base articles with new names and dates.
# Each size runs in its own process so that its peak memory is its own.
# Usage: scripts/bench-scale.sh [BASE_DIR] [SIZES...]
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-../shared/corpora/polnear/train/text}
shift || true
sizes=${*:-1000 10000 100000}
cargo build --release -q -p newsfuse-cli
from=()
if [ -d "$base" ]; then from=(--from "$base"); else echo "base $base not found: using the demo corpus"; fi
for n in $sizes; do
  ./target/release/newsfuse bench scale --docs "$n" "${from[@]}"
done
