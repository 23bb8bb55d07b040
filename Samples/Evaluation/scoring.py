"""Metric definitions shared with `palimpsest eval`.

Every function here mirrors a definition in README.md; change both sides together.
A snippet or pair ratio with nothing to count (a zero denominator) is 1, as on the Swift side.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

_WHITESPACE_RUN = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def ratio(numerator: float, denominator: float) -> float:
    """Return numerator / denominator, or 1 when there is nothing to count (denominator 0)."""
    return numerator / denominator if denominator else 1.0


def harmonic_mean(precision: float, recall: float) -> float:
    """F1 of a precision and a recall; 0 when either is 0."""
    if precision == 0 or recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def mean(values: list[float]) -> float:
    """Plain arithmetic mean; 0 for an empty list."""
    return sum(values) / len(values) if values else 0.0


# MARK: - Text normalisation and word tokens


def normalise_for_snippets(text: str) -> str:
    """NFKC, casefold, every whitespace run to one space, strip."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _WHITESPACE_RUN.sub(" ", folded).strip()


def word_tokens(text: str) -> list[str]:
    """Unicode `\\w+` runs of the NFKC-normalised, casefolded text."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


@dataclass(frozen=True)
class WordScores:
    """Bag-of-words precision, recall and F1 of one page."""

    precision: float
    recall: float
    f1: float


def bag_of_words_scores(kept_text: str, gold_text: str) -> WordScores:
    """Multiset word overlap of kept text against gold text.

    overlap = sum of min counts; P = overlap / |kept|, R = overlap / |gold|.
    When both are empty the page is perfect (P = R = F1 = 1); when only one is, P = R = F1 = 0.
    """
    kept = Counter(word_tokens(kept_text))
    gold = Counter(word_tokens(gold_text))
    kept_total, gold_total = sum(kept.values()), sum(gold.values())
    if kept_total == 0 and gold_total == 0:
        return WordScores(1.0, 1.0, 1.0)
    overlap = sum((kept & gold).values())
    precision = overlap / kept_total if kept_total else 0.0
    recall = overlap / gold_total if gold_total else 0.0
    return WordScores(precision, recall, harmonic_mean(precision, recall))


# MARK: - Snippets


@dataclass
class SnippetCounts:
    """Micro counts of must-keep (`with`) and boilerplate (`without`) snippets."""

    true_positives: int = 0
    false_negatives: int = 0
    false_positives: int = 0
    true_negatives: int = 0

    def add_page(self, kept_text: str, with_snippets: list[str], without_snippets: list[str]) -> None:
        """Count one page: a snippet is kept iff its normalised form occurs in the normalised kept text."""
        haystack = normalise_for_snippets(kept_text)
        for snippet in with_snippets:
            if normalise_for_snippets(snippet) in haystack:
                self.true_positives += 1
            else:
                self.false_negatives += 1
        for snippet in without_snippets:
            if normalise_for_snippets(snippet) in haystack:
                self.false_positives += 1
            else:
                self.true_negatives += 1

    def metrics(self) -> dict[str, float]:
        """Precision, recall, F1, accuracy and the share of boilerplate snippets removed (1 when nothing to count)."""
        tp, fn, fp, tn = self.true_positives, self.false_negatives, self.false_positives, self.true_negatives
        precision = ratio(tp, tp + fp)
        recall = ratio(tp, tp + fn)
        return {
            "precision": precision,
            "recall": recall,
            "f1": harmonic_mean(precision, recall),
            "accuracy": ratio(tp + tn, tp + fn + fp + tn),
            "boilerplate_removed": ratio(tn, tn + fp),
        }


# MARK: - Clusterings


def _pairs(count: int) -> int:
    """Number of unordered pairs among `count` items."""
    return count * (count - 1) // 2


@dataclass(frozen=True)
class PairAgreement:
    """Pair counts of a predicted partition against a true one over the same items."""

    predicted_pairs: int
    truth_pairs: int
    shared_pairs: int
    item_count: int

    @property
    def precision(self) -> float:
        """Share of predicted same-cluster pairs that are true pairs (1 when nothing was paired)."""
        return ratio(self.shared_pairs, self.predicted_pairs)

    @property
    def recall(self) -> float:
        """Share of true same-cluster pairs that were predicted (1 when there are none)."""
        return ratio(self.shared_pairs, self.truth_pairs)

    @property
    def f1(self) -> float:
        """Harmonic mean of pair precision and recall."""
        return harmonic_mean(self.precision, self.recall)

    @property
    def adjusted_rand_index(self) -> float:
        """Hubert & Arabie (1985) ARI from the contingency table; 1 when both partitions are trivial alike."""
        all_pairs = _pairs(self.item_count)
        expected = self.predicted_pairs * self.truth_pairs / all_pairs if all_pairs else 0.0
        maximum = (self.predicted_pairs + self.truth_pairs) / 2
        if maximum == expected:
            return 1.0
        return (self.shared_pairs - expected) / (maximum - expected)


def pair_agreement(predicted: dict[str, object], truth: dict[str, object]) -> PairAgreement:
    """Compare two partitions given as item -> cluster label maps over the same items.

    Raises ValueError when the item sets differ.
    """
    if predicted.keys() != truth.keys():
        missing = len(truth.keys() - predicted.keys())
        extra = len(predicted.keys() - truth.keys())
        raise ValueError(f"partitions cover different items ({missing} missing, {extra} extra)")
    cells = Counter((predicted[item], truth[item]) for item in truth)
    return PairAgreement(
        predicted_pairs=sum(_pairs(n) for n in Counter(predicted.values()).values()),
        truth_pairs=sum(_pairs(n) for n in Counter(truth.values()).values()),
        shared_pairs=sum(_pairs(n) for n in cells.values()),
        item_count=len(truth),
    )
