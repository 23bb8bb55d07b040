"""Readers for the labelled data sets, in the layouts their README.md files describe.

Each reader returns items in the order `palimpsest eval` uses, so `--limit N` slices agree.
"""

from __future__ import annotations

import csv
import gzip
import html
import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


class DataError(Exception):
    """A data set is missing or does not have the expected layout."""


def find_dataset(folder: str, data_dirs: list[Path]) -> Path:
    """Return the first `DIR/folder` that exists among the `--data` directories."""
    for data_dir in data_dirs:
        candidate = data_dir / folder
        if candidate.is_dir():
            return candidate
    searched = ", ".join(str(d) for d in data_dirs) or "(no --data given)"
    raise DataError(f"data set folder '{folder}/' not found in: {searched}")


def decode_lenient(raw: bytes) -> str:
    """UTF-8, falling back to latin-1 for files that are not valid UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


# MARK: - Boilerplate snippets


@dataclass(frozen=True)
class SnippetPage:
    """One HTML page with must-keep and boilerplate snippets (and, for WCXB, the full main content)."""

    key: str
    read_html: Callable[[], bytes]
    with_snippets: list[str]
    without_snippets: list[str]
    main_content: str | None = None


def trafilatura_eval_pages(root: Path) -> list[SnippetPage]:
    """Pages of `tests/evaldata.json`, sorted by file name; files from `tests/eval/` then `tests/cache/`."""
    tests = root / "tests"
    entries = json.loads((tests / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for key, entry in sorted(entries.items(), key=lambda item: item[1]["file"]):
        path = tests / "eval" / entry["file"]
        if not path.exists():
            path = tests / "cache" / entry["file"]
        if not path.exists():
            raise DataError(f"{key}: file {entry['file']} is in neither tests/eval/ nor tests/cache/")
        pages.append(SnippetPage(key, path.read_bytes, entry.get("with", []), entry.get("without", [])))
    return pages


def wcxb_pages(root: Path) -> list[SnippetPage]:
    """Pages of `dev/html/<id>.html.gz` sorted by file name, labelled by `dev/ground-truth/<id>.json`."""
    pages = []
    for path in sorted((root / "dev" / "html").glob("*.html.gz")):
        page_id = path.name.removesuffix(".html.gz")
        label_path = root / "dev" / "ground-truth" / f"{page_id}.json"
        truth = json.loads(label_path.read_text(encoding="utf-8"))["ground_truth"]
        pages.append(
            SnippetPage(
                key=page_id,
                read_html=lambda path=path: gzip.decompress(path.read_bytes()),
                with_snippets=truth.get("with") or [],
                without_snippets=truth.get("without") or [],
                main_content=truth.get("main_content") or "",
            )
        )
    return pages


# MARK: - Site templates (CleanPortalEval)


@dataclass(frozen=True)
class GoldPage:
    """One HTML page with its gold cleaned text and the site it belongs to."""

    key: str
    site: str
    read_html: Callable[[], bytes]
    gold_text: str


_CLEANEVAL_TAG = re.compile(r"^[ \t]*<[phl]>", re.MULTILINE)


def cleaneval_gold_text(raw: bytes) -> str:
    """Gold text of a CleanEval-format file.

    Drops the `URL:` line (the first non-blank line in these files: every CleanPortalEval gold file
    starts with an empty line), strips the `<p>`, `<h>`, `<l>` tags at line starts and decodes entities.
    """
    lines = decode_lenient(raw).splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and lines[0].startswith("URL:"):
        lines.pop(0)
    return html.unescape(_CLEANEVAL_TAG.sub("", "\n".join(lines)))


def clean_portal_pages(root: Path) -> list[GoldPage]:
    """CleanPortalEval pages `input/*.html` sorted by file name, gold from `GoldStandard/<name>.txt`."""
    base = root / "CleanPortalEval-master"
    pages = []
    for path in sorted((base / "input").glob("*.html")):
        gold_path = base / "GoldStandard" / f"{path.stem}.txt"
        site = path.name.split("_", 1)[0]
        pages.append(GoldPage(path.stem, site, path.read_bytes, cleaneval_gold_text(gold_path.read_bytes())))
    return pages


# MARK: - Document corpora


@dataclass(frozen=True)
class LabelledCorpus:
    """Documents (id -> text) with a ground-truth partition (id -> cluster label)."""

    texts: dict[str, str]
    truth: dict[str, str]


def bbc_exact_duplicates(root: Path) -> LabelledCorpus:
    """BBC articles keyed by path relative to `bbc-news/`; truth = byte-identical groups, others singletons."""
    texts = {
        path.relative_to(root).as_posix(): decode_lenient(path.read_bytes())
        for path in sorted((root / "bbc").glob("*/*.txt"))
    }
    truth = {doc_id: doc_id for doc_id in texts}
    for line in (root / "EXACT_DUPLICATE_GROUPS.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        digest, *members = line.split("\t")
        for member in members:
            if member not in texts:
                raise DataError(f"EXACT_DUPLICATE_GROUPS.tsv lists {member}, which is not a BBC article")
            truth[member] = digest
    return LabelledCorpus(texts, truth)


def repost_corpus(directory: Path) -> LabelledCorpus:
    """`corpus.jsonl` (id, text, site, published) and `truth.tsv` (id, cluster, origin) written by
    `palimpsest eval reposts --write-corpus DIR`."""
    texts = {}
    with (directory / "corpus.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                texts[str(record["id"])] = record["text"]
    with (directory / "truth.tsv").open(encoding="utf-8", newline="") as table:
        rows = csv.DictReader(table, delimiter="\t", quoting=csv.QUOTE_NONE)
        truth = {row["id"]: row["cluster"] for row in rows}
    if texts.keys() != truth.keys():
        raise DataError(f"{directory}: corpus.jsonl and truth.tsv list different document ids")
    return LabelledCorpus(texts, truth)


def repost_copies(directory: Path) -> dict[str, set[str]]:
    """Each generated copy of `truth.tsv` with the ids of its story: its family (the original and
    every copy made from it) and every document in the true cluster of a family member (the BBC
    articles hold natural near-duplicates), as `palimpsest eval reposts` counts copies."""
    with (directory / "truth.tsv").open(encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table, delimiter="\t", quoting=csv.QUOTE_NONE))
    by_cluster: dict[str, set[str]] = defaultdict(set)
    by_family: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        by_cluster[row["cluster"]].add(row["id"])
        by_family[row["family"]].add(row["id"])
    cluster_of = {row["id"]: row["cluster"] for row in rows}
    stories = {family: set().union(*(by_cluster[cluster_of[member]] for member in members)) for family, members in by_family.items()}
    return {row["id"]: stories[row["family"]] for row in rows if row["parent"]}
