"""Reading input documents: files, encodings, HTML, PDF and metadata.

Everything downstream works on one decoded string per document, so this
module's job is to turn whatever arrived (a GBK text dump, a web page, a PDF,
text piped on stdin) into that string plus the metadata needed to resolve
dates: the publication date and the outlet, taken from options, else from a
sidecar ``FILE.meta.json``, else (for web pages) from the page itself.
Every failure is an :class:`IngestError` whose message names the input.
"""

from __future__ import annotations

import codecs
import glob
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jishi.ingest.base import IngestError, Metadata
from jishi.ingest.html import html_text, looks_like_html
from jishi.ingest.markdown import markdown_text
from jishi.ingest.pdf import pdf_text
from jishi.ingest.traditional import simplified_for_analysis
from jishi.model import Document, printable
from jishi.settings import InputFormat, Settings

TEXT_SUFFIXES = frozenset({".txt", ".md"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES
# The bytes of stdin looked at to tell a web page from text.
SNIFF_BYTES = 2048
SIDECAR_SUFFIX = ".meta.json"
SIDECAR_KEYS = frozenset({"published", "outlet"})
STDIN_NAME = "-"

# A news text has line breaks: a single line longer than this is a dump of
# something else (minified data, a binary) and would only stall layout.
MAX_LINE_BYTES = 300_000
# One input is one document, held in memory with its tokens while it is processed
# (about 1.5 KB per character at the peak): past this a file is refused, at once,
# with a message to split it (docs/performance.md). A newspaper page is 5,000-20,000.
MAX_INPUT_CHARS = 400_000
# No encoding jishi reads takes more than 4 bytes per character.
MAX_INPUT_BYTES = 4 * MAX_INPUT_CHARS
# Chinese legacy encodings tried when the bytes are not UTF-8.
LEGACY_ENCODINGS = ("gb18030", "big5")
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
GLOB_CHARS = frozenset("*?[")


# ---------------------------------------------------------------- documents


def content_hash(text: str) -> str:
    """SHA-256 of the decoded text: the same content gets the same hash in any encoding."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_date(value: str | None, name: str) -> str | None:
    """A publication date must be a real YYYY-MM-DD day; anything else is an error."""
    if value is None:
        return None
    try:
        parsed = date.fromisoformat(value)
    except (TypeError, ValueError):
        raise IngestError(name, f"publication date {value!r} is not a YYYY-MM-DD date") from None
    if len(value) != len("YYYY-MM-DD"):
        raise IngestError(name, f"publication date {value!r} is not a YYYY-MM-DD date")
    return parsed.isoformat()


def document_id(name: str, text_hash: str) -> str:
    """Stable id: the file stem plus a short content hash, so re-runs give the same id.
    Control characters of the name (a newline, ESC) become "_": an id is one clean word."""
    stem = Path(name).name.split(".")[0] if name != STDIN_NAME else "stdin"
    return f"{printable(stem, replacement='_') or 'doc'}-{text_hash[:10]}"


def document_from_text(
    text: str,
    doc_id: str,
    published: str | None = None,
    outlet: str | None = None,
    path: str | None = None,
) -> Document:
    """A fresh document around text already decoded; later stages fill its articles.

    A Traditional text is handed to the stages in Simplified (jishi.ingest.traditional)
    and kept as written for the record.
    """
    if "\x00" in text:
        # A file with NUL bytes is refused as binary (decode); a text handed over directly
        # (the web API, jishi.process) gets the same answer, not a database error later.
        raise IngestError(path or doc_id, "holds NUL characters (\\x00): not text")
    simplified = simplified_for_analysis(text)
    return Document(
        id=doc_id,
        path=path,
        published=check_date(published, path or doc_id),
        outlet=outlet,
        content_hash=content_hash(text),
        text=simplified or text,
        original_text=text if simplified else None,
        traditional=simplified is not None,
    )


# ---------------------------------------------------------------- decoding


def decode(data: bytes, name: str, check_lines: bool = True) -> str:
    """Text from bytes in UTF-8 (with or without BOM), UTF-16/32 with BOM, GB18030/GBK or Big5.

    UTF-8 wins whenever the bytes are valid UTF-8; otherwise charset-normalizer
    chooses among the Chinese legacy encodings that decode without error.
    """
    if not data.strip():
        raise IngestError(name, "file is empty")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, name)
    if b"\x00" in data:
        raise IngestError(name, "binary file (contains NUL bytes), not text")
    if check_lines:
        check_line_lengths(data, name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _legacy(data, name)


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise IngestError(name, f"invalid {encoding} at byte {error.start}") from None


def _legacy(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    decodable = [enc for enc in LEGACY_ENCODINGS if _decodes(data, enc)]
    if not decodable:
        tried = ", ".join(["UTF-8", *(enc.upper() for enc in LEGACY_ENCODINGS)])
        raise IngestError(name, f"undecodable bytes: not valid text in {tried}")
    if len(decodable) == 1:
        return data.decode(decodable[0])
    best = from_bytes(data, cp_isolation=decodable).best()
    return str(best) if best is not None else data.decode(decodable[0])


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def check_line_lengths(data: bytes, name: str) -> None:
    """Reject a text with a line beyond MAX_LINE_BYTES (see the constant for why)."""
    longest = max(map(len, data.splitlines()), default=0)
    if longest > MAX_LINE_BYTES:
        raise IngestError(
            name,
            f"a line is {longest} bytes long; jishi reads text with line breaks "
            f"and at most {MAX_LINE_BYTES} bytes per line",
        )


# ---------------------------------------------------------------- formats


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Source:
    """One input to read: a file path, or stdin."""

    name: str
    path: Path | None

    @property
    def is_stdin(self) -> bool:
        return self.path is None


def expand_inputs(arguments: list[str]) -> Iterator[Source | IngestError]:
    """Files named by the arguments: paths, directories (recursive, sorted), globs, '-'.

    Problems with one argument are yielded as errors so a batch goes on.
    """
    for argument in arguments:
        if argument == STDIN_NAME:
            yield Source(STDIN_NAME, None)
        elif GLOB_CHARS & set(argument) and not Path(argument).exists():
            yield from _expand_glob(argument)
        else:
            yield from _expand_path(Path(argument), argument)


def expand_paths(arguments: list[str]) -> list[Path]:
    """The files named by the arguments (no stdin); the first problem raises IngestError."""
    paths: list[Path] = []
    for item in expand_inputs(arguments):
        if isinstance(item, IngestError):
            raise item
        if item.path is None:
            raise IngestError(item.name, "stdin cannot be read here; name files")
        paths.append(item.path)
    return paths


def _expand_glob(pattern: str) -> Iterator[Source | IngestError]:
    matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True))
    files = [p for p in matches if p.is_file() and _supported(p)]
    if not files:
        yield IngestError(pattern, "no supported files match this pattern")
    for path in files:
        yield Source(str(path), path)


def _expand_path(path: Path, name: str) -> Iterator[Source | IngestError]:
    if not path.exists():
        yield IngestError(name, "no such file or directory")
    elif path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and _supported(p))
        if not files:
            kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
            yield IngestError(name, f"directory has no input files ({kinds})")
        for file in files:
            yield Source(str(file), file)
    elif not _supported(path) and not path.name.endswith(SIDECAR_SUFFIX):
        kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
        yield IngestError(name, f"unsupported file type {path.suffix or '(none)'!r} ({kinds})")
    else:
        yield Source(name, path)


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES and not path.name.endswith(SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> Metadata:
    """Metadata from FILE.meta.json beside the file, if there is one."""
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return Metadata()
    name = str(sidecar)
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise IngestError(name, f"sidecar is not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise IngestError(name, 'sidecar must be a JSON object like {"published": "YYYY-MM-DD"}')
    unknown = set(data) - SIDECAR_KEYS
    if unknown:
        raise IngestError(
            name, f"sidecar has unknown keys {sorted(unknown)} (known: published, outlet)"
        )
    for key, value in data.items():
        if value is not None and not isinstance(value, str):
            raise IngestError(name, f"sidecar value of {key!r} must be a string")
    return Metadata(check_date(data.get("published"), name), data.get("outlet"))


@dataclass(frozen=True)
class Read:
    """One input read: its text, the metadata found with it, and what it was read as."""

    text: str
    metadata: Metadata
    input_format: InputFormat


def read_source(
    source: Source, stdin_bytes: bytes | None = None, forced: InputFormat | None = None
) -> Read:
    """Decoded text of one input, the metadata found with it (sidecar, page) and its format
    (``forced``, else by the file's suffix, else, for stdin, by its first bytes)."""
    read = _read_source(source, stdin_bytes, forced)
    if len(read.text) > MAX_INPUT_CHARS:
        raise IngestError(source.name, too_large(f"{len(read.text):,} characters of text"))
    return read


def too_large(size: str) -> str:
    return (
        f"too large to be one document ({size}; the limit is {MAX_INPUT_CHARS:,} characters, "
        f"or {MAX_INPUT_BYTES:,} bytes of a text file): split it into files of a few "
        "articles or pages each"
    )


def format_of(path: Path) -> InputFormat:
    """What a file is read as, by its suffix."""
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in HTML_SUFFIXES:
        return "html"
    return "markdown" if suffix in MARKDOWN_SUFFIXES else "text"


def sniffed_format(data: bytes) -> InputFormat:
    """What bytes piped in are: a PDF (%PDF), a web page (HTML markup first), else text."""
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    head = data[:SNIFF_BYTES].decode("utf-8", errors="ignore")
    return "html" if looks_like_html(head) else "text"


def _read_source(source: Source, stdin_bytes: bytes | None, forced: InputFormat | None) -> Read:
    path = source.path
    try:
        if path is not None and (forced or format_of(path)) == "pdf":
            return Read(pdf_text(path, source.name), read_sidecar(path), "pdf")
        if path is not None and path.stat().st_size > MAX_INPUT_BYTES and format_of(path) != "html":
            raise IngestError(source.name, too_large(f"{path.stat().st_size:,} bytes"))
        data = path.read_bytes() if path is not None else stdin_bytes or b""
    except OSError as error:
        raise IngestError(source.name, f"cannot read ({error.strerror})") from None
    kind = forced or (format_of(path) if path is not None else sniffed_format(data))
    sidecar = read_sidecar(path) if path is not None else Metadata()
    if kind == "pdf":
        return Read(pdf_text(data, source.name), sidecar, kind)
    # Minified HTML is one long line; the limit applies to the extracted text.
    text = decode(data, source.name, check_lines=kind != "html")
    if kind == "html":
        text, page = html_text(text, source.name)
        return Read(text, sidecar.over(page), kind)
    return Read(markdown_text(text) if kind == "markdown" else text, sidecar, kind)


def read_document(
    source: Source | Path, settings: Settings | None = None, stdin_bytes: bytes | None = None
) -> Document:
    """A document for one input, not yet processed.

    Publication date and outlet: the settings' (command options) override the
    sidecar's, which override those found in a web page.
    """
    if isinstance(source, Path):
        source = Source(str(source), source)
    read = read_source(source, stdin_bytes, settings.input_format if settings else None)
    options = Metadata(settings.published, settings.outlet) if settings else Metadata()
    meta = options.over(read.metadata)
    doc = document_from_text(
        read.text,
        doc_id=document_id(source.name, content_hash(read.text)),
        published=check_date(meta.published, source.name),
        outlet=meta.outlet,
        path=None if source.is_stdin else str(source.path),
    )
    doc.input_format = read.input_format
    if meta.published_from is not None:
        doc.published_inferred = True
        doc.published_inferred_from = meta.published_from
    return doc
