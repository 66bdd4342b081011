#!/usr/bin/env bash
# Quote attribution on a PolNeAR compartment: textacy's direct_quotations
# (../shared/peers) and newsfuse, same texts, same metric.
# Usage: scripts/bench-quotes.sh [COMPARTMENT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-../shared/corpora/polnear/dev}
cargo build --release -q -p newsfuse-cli
peer_py=$(../shared/peers/setup.sh)
out=$(mktemp -d)
for t in "$dir"/text/*.txt; do
  stem=$(basename "$t" .txt)
  "$peer_py" ../shared/peers/textacy_quotes.py quotes "$t" --format json > "$out/$stem.json" 2>/dev/null || echo "[]" > "$out/$stem.json"
done
./target/release/newsfuse eval quotes "$dir" --peer-dir "$out"
rm -rf "$out"
