"""Benchmark corpora of a given number of chunks, built from PIAF and XQuAD, with their questions.

Real paragraphs come first: every paragraph a sampled question is about (the gold documents),
then the other real paragraphs. The shared datasets hold about 2,000 chunks' worth of distinct
text, so larger sizes are topped up with *filler* documents: sentences of non-gold paragraphs
drawn at random (one language per document) and packed into one chunk each. Filler repeats
real sentences in new combinations; it is never a copy of a gold paragraph and never holds one
of its sentences, so a question's gold document stays the one right answer and the filler is
pure, same-domain distraction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from rag.benchmark.evaluation import load_squad
from rag.errors import EvalFileError
from rag.ingest.chunking import chunk_document, sentence_spans
from rag.types import Document


@dataclass(frozen=True)
class BenchQuery:
    """One question with the document that answers it."""

    dataset: str  # "piaf" (fr -> fr) or "xquad en->es"
    question: str
    gold: str  # doc_id (file name in the corpus folder)


@dataclass(frozen=True)
class BenchCorpus:
    files: dict[str, str]  # doc_id -> text
    queries: list[BenchQuery]
    chunks: int  # chunks the product's chunker makes of ``files``
    real_docs: int
    filler_docs: int


@dataclass(frozen=True)
class _Para:
    doc_id: str
    lang: str
    text: str


def _sample(rng: random.Random, questions: list[tuple[str, str, int]], n: int) -> list[tuple[int, str]]:
    """``n`` (paragraph number, question) pairs, seeded."""
    return [(para, question) for _, question, para in rng.sample(questions, min(n, len(questions)))]


def load_material(datasets: Path, queries_per_set: int, seed: int) -> tuple[list[_Para], list[_Para], list[BenchQuery]]:
    """Gold paragraphs, other real paragraphs, and the sampled questions."""
    rng = random.Random(seed)
    piaf, piaf_questions = load_squad(datasets / "piaf" / "piaf-v1.1.json")
    en, en_questions = load_squad(datasets / "xquad" / "xquad.en.json")
    es, de = (load_squad(datasets / "xquad" / f"xquad.{lang}.json")[0] for lang in ("es", "de"))
    if not (len(en) == len(es) == len(de)):
        raise EvalFileError(f"XQuAD files in {datasets / 'xquad'} are not parallel ({len(en)}/{len(es)}/{len(de)} paragraphs)")
    piaf_q = _sample(rng, piaf_questions, queries_per_set)
    xquad_q = _sample(rng, en_questions, queries_per_set)  # English questions, answered by the Spanish paragraph
    gold_piaf = sorted({i for i, _ in piaf_q})
    gold_es = sorted({i for i, _ in xquad_q})
    queries = [BenchQuery("piaf", q, f"piaf-{i:05d}.txt") for i, q in piaf_q]
    queries += [BenchQuery("xquad en->es", q, f"xquad-es-{i:03d}.txt") for i, q in xquad_q]
    gold = [_Para(f"piaf-{i:05d}.txt", "fr", piaf[i]) for i in gold_piaf]
    gold += [_Para(f"xquad-es-{i:03d}.txt", "es", es[i]) for i in gold_es]
    not_piaf, not_es = set(range(len(piaf))) - set(gold_piaf), set(range(len(es))) - set(gold_es)
    others = [_Para(f"piaf-{i:05d}.txt", "fr", piaf[i]) for i in sorted(not_piaf)]
    others += [_Para(f"xquad-es-{i:03d}.txt", "es", es[i]) for i in sorted(not_es)]
    # German translations of gold Spanish paragraphs would be a second right answer: left out.
    others += [_Para(f"xquad-de-{i:03d}.txt", "de", de[i]) for i in sorted(not_es)]
    rng.shuffle(others)
    return gold, others, queries


def _chunk_count(para: _Para, chunk_size: int, overlap: int) -> int:
    return len(chunk_document(Document(para.doc_id, "", None, para.lang, para.text, ""), chunk_size, overlap))


def _sentence_pools(paragraphs: list[_Para], limit: int) -> dict[str, list[str]]:
    pools: dict[str, list[str]] = {}
    for para in paragraphs:
        for group in sentence_spans(para.text, para.lang, limit):
            pools.setdefault(para.lang, []).extend(para.text[a:b] for a, b in group)
    return pools


def _filler(rng: random.Random, pools: dict[str, list[str]], langs: list[str], target: int, budget: int) -> str:
    """One document of random sentences of one language, about ``target`` (at most ``budget``) characters."""
    pool = pools[rng.choice(langs)]
    parts: list[str] = []
    size = 0
    for _ in range(50):  # sentences too long for what is left are passed over
        sentence = rng.choice(pool)
        if size + len(sentence) + 1 <= budget:
            parts.append(sentence)
            size += len(sentence) + 1
        if size >= target:
            break
    return " ".join(parts)


def make_corpus(
    datasets: Path, n_chunks: int, chunk_size: int, overlap: int, queries_per_set: int = 200, seed: int = 0
) -> BenchCorpus:
    """Documents making about ``n_chunks`` chunks (exactly, once filler is needed), plus questions."""
    gold, others, queries = load_material(datasets, queries_per_set, seed)
    files: dict[str, str] = {}
    chunks = 0
    for para in gold:
        files[para.doc_id] = para.text
        chunks += _chunk_count(para, chunk_size, overlap)
    if chunks > n_chunks:
        raise EvalFileError(
            f"{n_chunks} chunks cannot hold the {len(gold)} gold paragraphs of {len(queries)} questions "
            f"({chunks} chunks); ask for a larger size or fewer queries"
        )
    real = len(gold)
    for para in others:
        count = _chunk_count(para, chunk_size, overlap)
        if chunks + count > n_chunks:
            continue
        files[para.doc_id] = para.text
        chunks += count
        real += 1
    rng = random.Random(seed + 1)
    pools = _sentence_pools(others, chunk_size)
    langs = sorted(pools)
    fillers = n_chunks - chunks
    seen = set(files.values())
    n = 0
    while n < fillers:
        # 40-90% of a chunk: one chunk each, not all of one length, never a copy of another document
        text = _filler(rng, pools, langs, rng.randint(chunk_size * 2 // 5, chunk_size * 9 // 10), chunk_size - 10)
        if text.count(" ") > 10 and text not in seen:
            seen.add(text)
            files[f"filler-{n:06d}.txt"] = text
            n += 1
    return BenchCorpus(files, queries, chunks + fillers, real, fillers)


def write_corpus(corpus: BenchCorpus, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, text in corpus.files.items():
        (folder / doc_id).write_text(text, encoding="utf-8")
