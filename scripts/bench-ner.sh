#!/usr/bin/env bash
# NER on CoNLL-2003 eng.testa: spaCy en_core_web_sm (../shared/peers) and
# newsfuse in one run, same file, one core each: entity F1 and tokens/s.
# Usage: scripts/bench-ner.sh [CONLL_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-../shared/corpora/conll2003/eng.testa}
cargo build --release -q -p newsfuse-cli
peer_py=$(../shared/peers/setup.sh)
echo "== spaCy en_core_web_sm (peer)"
peer=$(taskset -c 0 "$peer_py" ../shared/peers/spacy_ner.py "$file" --repeat 2)
echo "$peer"
echo "== newsfuse"
ours=$(taskset -c 0 ./target/release/newsfuse eval ner "$file" --repeat 10)
echo "$ours"
peer_rate=$(echo "$peer" | grep -oE 'tokens/s [0-9.]+' | head -1 | cut -d' ' -f2)
our_rate=$(echo "$ours" | grep -oE '[0-9.]+ tokens/s' | head -1 | cut -d' ' -f1)
echo "speed ratio newsfuse / spaCy: $(python3 -c "print(round($our_rate / $peer_rate, 1))")x"
