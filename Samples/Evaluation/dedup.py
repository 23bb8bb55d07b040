"""Near-duplicate clustering peers: datasketch MinHashLSH and text-dedup's MinHash pipeline.

Each peer runs in a fresh spawned process that reads a JSONL file (`id`, `text`) itself and
reports its own wall time and peak resident memory, so neither the runner nor the other peer
is counted. Settings: 128 permutations, word 5-gram shingles, threshold 0.8.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import re
import resource
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

PERMUTATIONS = 128
SHINGLE_WORDS = 5
THRESHOLD = 0.8
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Clustering:
    """A peer's partition (id -> cluster label) with the cost of computing it."""

    labels: dict[str, str]
    seconds: float
    peak_rss_mb: float


@dataclass(frozen=True)
class DedupPeer:
    """A named clustering peer: a JSONL path in, id -> cluster label out."""

    name: str
    cluster: Callable[[Path], dict[str, str]]


def dedup_peers() -> list[DedupPeer]:
    """datasketch and text-dedup, named with their installed versions."""
    return [
        DedupPeer(f"datasketch {version('datasketch')} MinHashLSH", cluster_with_datasketch),
        DedupPeer(f"text-dedup {version('text-dedup')} MinHash", cluster_with_text_dedup),
    ]


def write_jsonl(texts: dict[str, str], path: Path) -> None:
    """Write documents as JSONL records with `id` and `text`, the input both peers read."""
    with path.open("w", encoding="utf-8") as out:
        for doc_id, text in texts.items():
            out.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")


def run_isolated(peer: DedupPeer, jsonl: Path) -> Clustering:
    """Run one peer in a fresh spawned process and return its clustering and own cost."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(_measured, (peer.cluster, jsonl))


def _measured(cluster: Callable[[Path], dict[str, str]], jsonl: Path) -> Clustering:
    """Call `cluster` and measure wall time and this process's peak RSS (ru_maxrss, kB on Linux)."""
    start = time.perf_counter()
    labels = cluster(jsonl)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return Clustering(labels, seconds, peak_kb / 1024)


class UnionFind:
    """Disjoint sets over hashable items, with path halving and union by size."""

    def __init__(self, items) -> None:
        self._parent = {item: item for item in items}
        self._size = dict.fromkeys(self._parent, 1)

    def find(self, item):
        """The representative of `item`'s set."""
        parent = self._parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, first, second) -> None:
        """Merge the sets of `first` and `second`."""
        first, second = self.find(first), self.find(second)
        if first == second:
            return
        if self._size[first] < self._size[second]:
            first, second = second, first
        self._parent[second] = first
        self._size[first] += self._size[second]

    def labels(self) -> dict:
        """Item -> representative, for every item."""
        return {item: self.find(item) for item in self._parent}


# MARK: - datasketch


def word_shingles(text: str) -> set[str]:
    """Word 5-grams over `\\w+` runs of the casefolded text, joined by spaces.

    A document of 1-4 words is one shingle of all its words; a document without words has none.
    """
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def cluster_with_datasketch(jsonl: Path) -> dict[str, str]:
    """MinHash every document, insert all into MinHashLSH, query each and union the candidates.

    Documents without words stay singletons (they have no signature to compare).
    """
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=PERMUTATIONS)
    ids, signatures = [], {}
    with jsonl.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            ids.append(record["id"])
            shingles = word_shingles(record["text"])
            if shingles:
                signature = MinHash(num_perm=PERMUTATIONS)
                signature.update_batch([shingle.encode("utf-8") for shingle in shingles])
                signatures[record["id"]] = signature
    for doc_id, signature in signatures.items():
        lsh.insert(doc_id, signature)
    clusters = UnionFind(ids)
    for doc_id, signature in signatures.items():
        for candidate in lsh.query(signature):
            clusters.union(doc_id, candidate)
    return clusters.labels()


# MARK: - text-dedup


def cluster_with_text_dedup(jsonl: Path) -> dict[str, str]:
    """text-dedup's own MinHash command (`python -m text_dedup.minhash`) run in this process.

    Its defaults apart from threshold 0.8, ngram 5 and 128 permutations: sha1 hashes, LSH bands from
    its `optimal_param`, its own tokenisation (lower-case, split on `\\W`), documents under 5 tokens
    left out (they stay singletons here). `--num_proc 1` keeps all work in the measured process;
    `--debug` makes it dump its union-find, from which the clusters are read.
    """
    with tempfile.TemporaryDirectory(prefix="text-dedup-") as work:
        os.environ.update(
            HF_DATASETS_OFFLINE="1",
            HF_HUB_OFFLINE="1",
            HF_DATASETS_CACHE=f"{work}/hf-cache",
            TQDM_DISABLE="1",
        )
        import datasets
        from text_dedup import logger as text_dedup_logger
        from text_dedup import minhash

        datasets.disable_progress_bars()
        text_dedup_logger.disabled = True
        arguments = [
            "--path", "json", "--data_files", str(jsonl), "--split", "train",
            "--cache_dir", f"{work}/cache", "--output", f"{work}/output",
            "--column", "text", "--idx_column", "id",
            "--threshold", str(THRESHOLD), "--ngram", str(SHINGLE_WORDS), "--num_perm", str(PERMUTATIONS),
            "--num_proc", "1", "--debug",
        ]  # fmt: skip
        minhash.main.main(args=arguments, standalone_mode=False)
        with open(f"{work}/output/uf.pkl", "rb") as dump:
            union_find = pickle.load(dump)  # written a moment ago by text-dedup in this process
    with jsonl.open(encoding="utf-8") as lines:
        ids = [json.loads(line)["id"] for line in lines]
    return {doc_id: union_find.find(doc_id) if doc_id in union_find.parent else doc_id for doc_id in ids}
