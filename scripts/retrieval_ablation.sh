#!/usr/bin/env bash
# Passage hit@1/hit@5/MRR of the hybrid retriever and its ablations, 300 seeded questions each:
# PIAF (French questions, 1,518 French paragraphs) and XQuAD (English questions, 240 Spanish ones).
# Usage: bash scripts/retrieval_ablation.sh   (from the repository root, after `make install`)
set -euo pipefail
cd "$(dirname "$0")/.."
RAG=.venv/bin/rag
DATA=../shared/datasets
run() {  # name, env settings...
  local name=$1; shift
  for pair in piaf xquad; do
    if [ "$pair" = piaf ]; then args=("$DATA/piaf/piaf-v1.1.json"); else args=("$DATA/xquad/xquad.en.json" --passages "$DATA/xquad/xquad.es.json"); fi
    env "$@" "$RAG" eval "${args[@]}" --json 2>/dev/null \
      | python3 -c "import json,sys; r=json.load(sys.stdin); print(f'| $name | $pair | {r[\"hit@1\"]:.3f} | {r[\"hit@5\"]:.3f} | {r[\"mrr\"]:.3f} |')"
  done
}
echo "| variant | data | hit@1 | hit@5 | MRR |"
echo "|---|---|---|---|---|"
run "hybrid (default)"
run "BM25 only" RAG_DENSE_WEIGHT=0 RAG_BM25_CROSS_LINGUAL_FACTOR=1
run "dense only" RAG_BM25_WEIGHT=0
run "dense only, chunk cosine" RAG_BM25_WEIGHT=0 RAG_SENTENCE_WEIGHT=0
run "no language damping" RAG_BM25_CROSS_LINGUAL_FACTOR=1
run "no sentence mix" RAG_SENTENCE_WEIGHT=0
