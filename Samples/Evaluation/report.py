"""Rows of peer results and their two printed forms: an aligned table and one JSON object."""

from __future__ import annotations

import json
from dataclasses import dataclass

NOT_APPLICABLE = "—"


@dataclass
class Row:
    """One tool's result on one data set.

    `metrics` values are floats (ratios), ints (counts) or None (not applicable to this tool).
    `pages` counts pages or documents scored; `peak_rss_mb` is set for suites that measure memory.
    """

    tool: str
    dataset: str
    metrics: dict[str, float | int | None]
    pages: int
    errors: int = 0
    seconds: float = 0.0
    peak_rss_mb: float | None = None

    def as_json(self) -> dict[str, object]:
        """The row in the shape of Palimpsest's `SuiteReport` rows, so `palimpsest eval --peers` can
        merge it: metrics as a list of `{name, value}` (value absent when not applicable), with
        `errors` and `peak_mb` as metrics of their own."""
        metrics = [{"name": name} | ({} if value is None else {"value": value}) for name, value in self.metrics.items()]
        metrics.append({"name": "errors", "value": self.errors})
        if self.peak_rss_mb is not None:
            metrics.append({"name": "peak_mb", "value": round(self.peak_rss_mb, 1)})
        return {
            "tool": self.tool,
            "dataset": self.dataset,
            "items": self.pages,
            "metrics": metrics,
            "seconds": round(self.seconds, 3),
        }


def render_json(suite: str, rows: list[Row], note: str | None = None) -> str:
    """`{"suite", "settings", "rows", "notes"}`: the JSON shape of Palimpsest's own reports."""
    document: dict[str, object] = {"suite": suite, "settings": {}, "rows": [row.as_json() for row in rows], "notes": [note] if note else []}
    return json.dumps(document, ensure_ascii=False, sort_keys=True)


def _cell(value: object) -> str:
    """A table cell: ratios with 3 decimals, counts as integers, absent values as a dash."""
    if value is None:
        return NOT_APPLICABLE
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def render_table(suite: str, rows: list[Row]) -> str:
    """An aligned text table: tool, dataset, every metric, then pages, errors, seconds (and peak MB)."""
    metric_names = list(dict.fromkeys(name for row in rows for name in row.metrics))
    with_memory = any(row.peak_rss_mb is not None for row in rows)
    header = ["tool", "dataset", *metric_names, "pages", "errors", "seconds"] + (["peak_mb"] if with_memory else [])
    body = []
    for row in rows:
        cells = [row.tool, row.dataset, *(_cell(row.metrics.get(name)) for name in metric_names)]
        cells += [str(row.pages), str(row.errors), f"{row.seconds:.1f}"]
        if with_memory:
            cells.append(NOT_APPLICABLE if row.peak_rss_mb is None else f"{row.peak_rss_mb:.1f}")
        body.append(cells)
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]

    def align(cells: list[str]) -> str:
        return "  ".join(
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    lines = [f"suite: {suite}", align(header), align(["-" * w for w in widths]), *map(align, body)]
    return "\n".join(lines)
