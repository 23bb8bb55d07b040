"""The main-text extractors people use today, each run with its defaults on one page at a time.

Each extractor takes the page's raw bytes and returns the text it keeps.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version

_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3})\b", re.IGNORECASE)
_DECLARED_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Extractor:
    """A named main-text extractor: raw HTML bytes in, kept text out."""

    name: str
    extract: Callable[[bytes], str]


def extractors() -> list[Extractor]:
    """jusText, boilerpy3's ArticleExtractor and trafilatura, named with their installed versions."""
    for noisy in ("trafilatura", "boilerpy3"):  # per-page parser warnings; failures still count as errors
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    return [
        Extractor(f"jusText {version('jusText')}", justext_kept_text),
        Extractor(f"boilerpy3 {version('boilerpy3')} ArticleExtractor", boilerpy3_kept_text),
        Extractor(f"trafilatura {version('trafilatura')}", trafilatura_kept_text),
    ]


# MARK: - jusText


@cache
def _justext_stoplist_names() -> dict[str, str]:
    """jusText's stoplist names keyed by their ASCII, lower-case form (e.g. 'norwegian bokmal')."""
    import justext

    return {name.replace("_", " ").lower(): name for name in justext.get_stoplists()}


@cache
def justext_stoplist_for(language_code: str | None) -> frozenset[str]:
    """The jusText stoplist for an ISO 639 code when jusText has one, else the English stoplist.

    Codes are matched through their English language name (babel), accents removed.
    """
    import justext
    from babel import Locale, UnknownLocaleError

    name = "English"
    if language_code:
        try:
            english_name = Locale.parse(language_code.lower()).english_name or ""
        except (UnknownLocaleError, ValueError):
            english_name = ""
        ascii_name = unicodedata.normalize("NFKD", english_name).encode("ascii", "ignore").decode().lower()
        name = _justext_stoplist_names().get(ascii_name, "English")
    return justext.get_stoplist(name)


def html_language(raw: bytes) -> str | None:
    """Primary language subtag of the `<html lang>` (or `xml:lang`) attribute, if any."""
    match = _HTML_LANG.search(raw)
    return match.group(1).decode("ascii") if match else None


def justext_kept_text(raw: bytes) -> str:
    """Non-boilerplate jusText paragraphs joined by blank lines; jusText decodes the bytes itself."""
    import justext

    paragraphs = justext.justext(raw, justext_stoplist_for(html_language(raw)))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


# MARK: - boilerpy3


def decode_html(raw: bytes) -> str:
    """Text of a page for tools that take `str`: its declared `<meta>` charset, else UTF-8, else cp1252."""
    match = _DECLARED_CHARSET.search(raw[:8192])
    if match:
        try:
            return raw.decode(codecs.lookup(match.group(1).decode("ascii")).name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def boilerpy3_kept_text(raw: bytes) -> str:
    """boilerpy3's ArticleExtractor (a port of Boilerpipe's) on the decoded page."""
    from boilerpy3 import extractors as boilerpy3_extractors

    return boilerpy3_extractors.ArticleExtractor().get_content(decode_html(raw))


# MARK: - trafilatura


def trafilatura_kept_text(raw: bytes) -> str:
    """`trafilatura.extract` with its defaults (text output, comments and tables included); it decodes the bytes."""
    import trafilatura

    return trafilatura.extract(raw) or ""
