#!/usr/bin/env python3
"""Score the tools people use today on the data sets and metrics of `palimpsest eval`.

    run_peers.py SUITE --data DIR [--data DIR2 ...] [--format table|json] [--limit N] [--corpus DIR]

Run it with the virtualenv that install-peers.sh makes (`.venv-peers/bin/python`). See README.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from corpora import (
    DataError,
    LabelledCorpus,
    bbc_exact_duplicates,
    clean_portal_pages,
    find_dataset,
    repost_copies,
    repost_corpus,
    trafilatura_eval_pages,
    wcxb_pages,
)
from dedup import dedup_peers, run_isolated, write_jsonl
from extractors import Extractor, extractors
from report import Row, render_json, render_table
from scoring import SnippetCounts, WordScores, bag_of_words_scores, mean, pair_agreement

NO_PEER_SUITES = {
    "reuse-graded": "no peer applies: none of the peers grades reuse (cut / light / heavy / non) or its direction",
    "passage-alignment": "no peer applies: none of the peers aligns reused passages between two documents",
}


def progress(message: str) -> None:
    """A progress line on stderr, only when stderr is a terminal."""
    if sys.stderr.isatty():
        print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class PageOutput:
    """What one extractor kept of one page, whether it failed (kept text then empty), and its seconds."""

    kept_text: str
    failed: bool
    seconds: float


def run_extractor(extractor: Extractor, pages: list) -> list[PageOutput]:
    """Run an extractor page by page; reading the page is not timed, a crash scores as empty output."""
    outputs = []
    for number, page in enumerate(pages, start=1):
        raw = page.read_html()
        start = time.perf_counter()
        try:
            text, failed = extractor.extract(raw), False
        except Exception:  # any crash of the tool on this page
            text, failed = "", True
        outputs.append(PageOutput(text, failed, time.perf_counter() - start))
        if number % 50 == 0:
            progress(f"  {extractor.name}: {number}/{len(pages)} pages")
    return outputs


def extraction_row(extractor: Extractor, dataset: str, outputs: list[PageOutput], metrics: dict) -> Row:
    """A row for pages an extractor ran on: page count, failures and summed seconds beside the metrics."""
    errors = sum(output.failed for output in outputs)
    seconds = sum(output.seconds for output in outputs)
    return Row(extractor.name, dataset, metrics, len(outputs), errors, seconds)


def word_metrics(scores: list[WordScores]) -> dict[str, float]:
    """Means of per-page bag-of-words F1, precision and recall."""
    return {
        "word_f1": mean([s.f1 for s in scores]),
        "word_precision": mean([s.precision for s in scores]),
        "word_recall": mean([s.recall for s in scores]),
    }


# MARK: - Suites


def dataset_name(name: str, total: int, limit: int | None) -> str:
    """The name rows carry, as `palimpsest eval` names it: `name[:N]` when only the first N items are scored."""
    return f"{name}[:{limit}]" if limit is not None and limit < total else name


def boilerplate_snippets(data_dirs: list[Path], limit: int | None) -> list[Row]:
    """Snippet precision/recall on trafilatura-eval and WCXB dev, plus word F1 on WCXB."""
    rows = []
    for folder, name, read_pages in (
        ("trafilatura-eval", "trafilatura-eval", trafilatura_eval_pages),
        ("wcxb", "wcxb-dev", wcxb_pages),
    ):
        all_pages = read_pages(find_dataset(folder, data_dirs))
        pages, dataset = all_pages[:limit], dataset_name(name, len(all_pages), limit)
        for extractor in extractors():
            progress(f"{extractor.name} on {dataset} ({len(pages)} pages)")
            outputs = run_extractor(extractor, pages)
            counts = SnippetCounts()
            for page, output in zip(pages, outputs, strict=True):
                counts.add_page(output.kept_text, page.with_snippets, page.without_snippets)
            metrics = counts.metrics()
            if folder == "wcxb":
                metrics |= word_metrics(
                    [bag_of_words_scores(o.kept_text, p.main_content) for p, o in zip(pages, outputs, strict=True)]
                )
            rows.append(extraction_row(extractor, dataset, outputs, metrics))
    return rows


def site_templates(data_dirs: list[Path], limit: int | None) -> list[Row]:
    """Word F1 against CleanPortalEval gold text, overall and per site (`cleanportaleval:SITE`)."""
    all_pages = clean_portal_pages(find_dataset("html-cleaning-merged", data_dirs))
    pages, dataset = all_pages[:limit], dataset_name("cleanportaleval", len(all_pages), limit)
    rows = []
    for extractor in extractors():
        progress(f"{extractor.name} on {dataset} ({len(pages)} pages)")
        outputs = run_extractor(extractor, pages)
        scores = [
            bag_of_words_scores(output.kept_text, page.gold_text) for page, output in zip(pages, outputs, strict=True)
        ]
        rows.append(extraction_row(extractor, dataset, outputs, word_metrics(scores)))
        by_site: dict[str, list[int]] = defaultdict(list)
        for index, page in enumerate(pages):
            by_site[page.site].append(index)
        for site, indices in sorted(by_site.items()):
            site_metrics = word_metrics([scores[i] for i in indices])
            rows.append(extraction_row(extractor, f"{dataset}:{site}", [outputs[i] for i in indices], site_metrics))
    return rows


def cluster_with_peers(corpus: LabelledCorpus, dataset: str, metrics_of) -> list[Row]:
    """Run every dedup peer on the corpus in its own process; `metrics_of(agreement, labels)` makes
    the metrics from the pair agreement and the peer's id -> cluster labels."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="peers-") as work:
        jsonl = Path(work) / "documents.jsonl"
        write_jsonl(corpus.texts, jsonl)
        for peer in dedup_peers():
            progress(f"{peer.name} on {dataset} ({len(corpus.texts)} documents)")
            clustering = run_isolated(peer, jsonl)
            agreement = pair_agreement(clustering.labels, corpus.truth)
            rows.append(
                Row(peer.name, dataset, metrics_of(agreement, clustering.labels), len(corpus.texts), 0,
                    clustering.seconds, clustering.peak_rss_mb)
            )  # fmt: skip
    return rows


def limited(corpus: LabelledCorpus, limit: int | None) -> LabelledCorpus:
    """The first `limit` documents of a corpus (in its order) with their truth labels."""
    ids = list(corpus.texts)[:limit]
    return LabelledCorpus({i: corpus.texts[i] for i in ids}, {i: corpus.truth[i] for i in ids})


def reposts(corpus_dir: Path | None, limit: int | None) -> list[Row]:
    """Pair precision/recall/F1 and ARI of each peer's clusters on a corpus written by the Swift side."""
    if corpus_dir is None:
        raise DataError("the reposts suite needs --corpus DIR (from `palimpsest eval reposts --write-corpus DIR`)")
    corpus = repost_corpus(corpus_dir)
    dataset = dataset_name("bbc-reposts", len(corpus.texts), limit)
    copies = repost_copies(corpus_dir)

    def metrics_of(agreement, labels):
        return {
            "pair_precision": agreement.precision,
            "pair_recall": agreement.recall,
            "pair_f1": agreement.f1,
            "ari": agreement.adjusted_rand_index,
            "origin_accuracy": None,
            "copy_recall": copy_recall(copies, labels),
        }

    return cluster_with_peers(limited(corpus, limit), dataset, metrics_of)


def copy_recall(copies: dict[str, set[str]], labels: dict[str, str]) -> float | None:
    """Share of generated copies a peer puts in one cluster with some other text of their story, as
    the Swift suite counts them (which also accepts passage-level links, which no peer reports)."""
    present = {copy: story for copy, story in copies.items() if copy in labels}
    if not present:
        return None
    linked = sum(1 for copy, story in present.items() if any(other != copy and labels.get(other) == labels[copy] for other in story))
    return linked / len(present)


def exact_duplicates(data_dirs: list[Path], limit: int | None) -> list[Row]:
    """How many of the byte-identical BBC pairs each peer puts in one cluster, and which other pairs it joins."""
    corpus = bbc_exact_duplicates(find_dataset("bbc-news", data_dirs))
    dataset = dataset_name("bbc-news", len(corpus.texts), limit)

    def metrics_of(agreement, _labels):
        return {
            "true_pairs": agreement.truth_pairs,
            "found_in_cluster": agreement.shared_pairs,
            "near_duplicate_pairs": agreement.predicted_pairs - agreement.shared_pairs,
            "precision": agreement.precision,
            "recall": agreement.recall,
        }

    return cluster_with_peers(limited(corpus, limit), dataset, metrics_of)


# MARK: - Command line


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """The command line: a suite, `--data` directories, output format, page limit, repost corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "suite",
        choices=["boilerplate-snippets", "site-templates", "reposts", "exact-duplicates", *NO_PEER_SUITES],
    )
    parser.add_argument(
        "--data",
        action="append",
        type=Path,
        default=[],
        metavar="DIR",
        help="folder holding data set folders (repeatable; the first that has a set wins)",
    )
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument("--limit", type=int, metavar="N", help="score only the first N pages of each data set")
    parser.add_argument("--corpus", type=Path, metavar="DIR", help="repost corpus written by the Swift command")
    arguments = parser.parse_args(argv)
    if arguments.limit is not None and arguments.limit < 1:
        parser.error(f"--limit must be at least 1 (got {arguments.limit})")
    return arguments


def main(argv: list[str]) -> int:
    """Run the suite and print its rows; 1 with a message on stderr when the data is missing."""
    arguments = parse_arguments(argv)
    suite = arguments.suite
    if suite in NO_PEER_SUITES:
        note = NO_PEER_SUITES[suite]
        print(render_json(suite, [], note) if arguments.format == "json" else f"suite: {suite}: {note}")
        return 0
    try:
        if suite == "boilerplate-snippets":
            rows = boilerplate_snippets(arguments.data, arguments.limit)
        elif suite == "site-templates":
            rows = site_templates(arguments.data, arguments.limit)
        elif suite == "reposts":
            rows = reposts(arguments.corpus, arguments.limit)
        else:
            rows = exact_duplicates(arguments.data, arguments.limit)
    except (DataError, OSError) as error:
        print(f"run_peers.py: {error}", file=sys.stderr)
        return 1
    print(render_json(suite, rows) if arguments.format == "json" else render_table(suite, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
