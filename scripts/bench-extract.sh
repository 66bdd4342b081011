#!/usr/bin/env bash
# Main-text extraction on trafilatura-eval: newsfuse (both extractors) and
# Python trafilatura (../shared/peers) in one run, same pages, same metric,
# one core each.
# Usage: scripts/bench-extract.sh [CORPUS_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpora/trafilatura-eval}
cargo build --release -q -p newsfuse-cli
peer_py=$(../shared/peers/setup.sh)
peer_out=$(mktemp --suffix=.json)
echo "== Python trafilatura (peer)"
peer_line=$(taskset -c 0 "$peer_py" ../shared/peers/trafilatura_extract.py "$corpus/html" "$peer_out")
echo "$peer_line"
echo "== newsfuse, default extractor (and the peer's output scored with the same metric)"
ours=$(taskset -c 0 ./target/release/newsfuse eval extract "$corpus" --peer-output "$peer_out")
echo "$ours"
peer_rate=$(echo "$peer_line" | sed -E 's/.* ([0-9.]+) pages\/s.*/\1/')
our_rate=$(echo "$ours" | grep "pages/s" | sed -E 's/^newsfuse +([0-9.]+) pages\/s.*/\1/')
echo "== newsfuse --extractor trafilatura (trafilatura-rs first, our reader as fallback)"
traf=$(taskset -c 0 ./target/release/newsfuse --extractor trafilatura eval extract "$corpus")
echo "$traf"
traf_rate=$(echo "$traf" | grep "pages/s" | sed -E 's/^newsfuse-trafilatura +([0-9.]+) pages\/s.*/\1/')
echo "speed ratio newsfuse / trafilatura: $(python3 -c "print(round($our_rate / $peer_rate, 2))")x"
echo "speed ratio newsfuse --extractor trafilatura / trafilatura: $(python3 -c "print(round($traf_rate / $peer_rate, 2))")x"
rm -f "$peer_out"
