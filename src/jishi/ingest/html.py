"""The main text of a web page and the metadata it carries.

One trafilatura pass extracts text and metadata together. Its date search is
told not to guess from the page's free text (``extensive_search`` off): that
search takes a copyright line "2000-2025" for a publication date, so only
the page's own metadata (meta tags, structured data, the URL) dates it, and
such a date is marked as the page's (``published_from="page"``), to be
checked against the story's dateline by the layout stage.
"""

from __future__ import annotations

import re

from jishi.ingest.base import IngestError, Metadata

# A site's tag before a title: [视频]…, 【图集】…, a few characters in brackets.
SITE_TAG_RE = re.compile(r"^\s*[\[【〔][^\]】〕]{1,6}[\]】〕]\s*")
# Markup that only a web page opens with, looked for in the first bytes of stdin.
HTML_START_RE = re.compile(
    r"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta[\s>]|<!--)", re.IGNORECASE
)
SNIFF_CHARS = 2048
# Parts of a page that are never its story: navigation, side boxes, the page's footer
# and header (an article's own <header> inside <article> stays).
PRUNED = ["//nav", "//aside", "//footer", "//body/header", "//*[@role='navigation']"]


def looks_like_html(text: str) -> bool:
    """Whether a text piped in is a web page (it opens with HTML markup)."""
    return bool(HTML_START_RE.match(text[:SNIFF_CHARS]))


def clean_title(title: str | None) -> str | None:
    """A page title without a site's tag before it ([视频]以媒称… → 以媒称…)."""
    if not title:
        return None
    return SITE_TAG_RE.sub("", title).strip() or None


def html_text(markup: str, name: str) -> tuple[str, Metadata]:
    """Main text of a web page (trafilatura, offline), its title first as the headline."""
    import trafilatura
    from trafilatura.settings import set_date_params

    page = trafilatura.bare_extraction(
        markup,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        date_extraction_params=set_date_params(extensive=False),
        prune_xpath=PRUNED,
    )
    body = getattr(page, "text", None) if page is not None else None
    if not body or not body.strip():
        raise IngestError(name, "no main text found in the HTML page")
    title = clean_title(getattr(page, "title", None))
    published = getattr(page, "date", None) or None
    found = Metadata(
        published=published,
        outlet=getattr(page, "sitename", None) or None,
        published_from="page" if published else None,
    )
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    return text, found
