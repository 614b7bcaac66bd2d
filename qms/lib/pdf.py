"""PDF plumbing with no domain knowledge: WeasyPrint with a local-only URL fetcher, and
pypdf helpers that lay one PDF's pages over another's.

WeasyPrint would fetch any URL a template (or a converted Word file) names; a PDF is rendered
on the server, so a remote or arbitrary ``file:`` URL would be a server-side request forgery
or a file disclosure. The fetcher below reads ``data:`` URIs and the app's own static files,
and refuses everything else.
"""

import io
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from pypdf import PdfReader, PdfWriter, Transformation
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

MM = 72 / 25.4  # PDF points per millimetre


class URLRefused(ValueError):
    """A template asked for a resource outside the app's own static files."""


def static_roots() -> list[Path]:
    """The folders the fetcher reads from; a child process that renders is given them, so
    that it needs neither Django's settings nor its apps."""
    roots = []
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location))
    return [root.resolve() for root in roots]


class LocalOnlyFetcher(URLFetcher):
    """Reads ``data:`` URIs and ``file:`` URLs inside the static roots; refuses the rest."""

    def __init__(self, roots: list[Path] | None = None):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self.roots = roots

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            roots = self.roots if self.roots is not None else static_roots()
            if any(path.is_relative_to(root) for root in roots) and path.is_file():
                return super().fetch(path.as_uri(), headers)
        raise URLRefused(f"Refused to fetch {url[:200]!r}: only the app's static files.")


def static_file_url(path: str) -> str:
    """The ``file:`` URL of a static file, for a PDF template; raise if it does not exist."""
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(path)
    return Path(found).resolve().as_uri()


@lru_cache(maxsize=1)
def _font_configuration() -> FontConfiguration:
    # Building the fontconfig set costs about a tenth of a short render; the templates declare
    # no @font-face, so one configuration serves every render of the process.
    return FontConfiguration()


def html_to_pdf(html: str, *, roots: list[Path] | None = None) -> bytes:
    """Render an HTML string (fonts from fontconfig; no base URL, so nothing relative);
    static files are read from ``roots``, by default the app's static folders."""
    return HTML(string=html, url_fetcher=LocalOnlyFetcher(roots)).write_pdf(
        font_config=_font_configuration()
    )


@lru_cache(maxsize=1)
def warm_up() -> None:
    """Render an empty page, once per process: a child process forked afterwards to render
    finds the fonts already loaded, which saves about half of a short render."""
    html_to_pdf("<p></p>")


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _to_bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def overlay(pdf: bytes, stamp: bytes) -> bytes:
    """Lay the first page of ``stamp`` over every page of ``pdf``, scaled to each page.

    The result is a new file: an incremental signature on ``pdf`` no longer validates.
    """
    stamp_page = PdfReader(io.BytesIO(stamp)).pages[0]
    stamp_width, stamp_height = float(stamp_page.mediabox.width), float(stamp_page.mediabox.height)
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    for page in writer.pages:
        box = page.mediabox
        scale = min(float(box.width) / stamp_width, float(box.height) / stamp_height)
        page.merge_transformed_page(
            stamp_page,
            Transformation().scale(scale).translate(float(box.left), float(box.bottom)),
        )
    return _to_bytes(writer)


def frame_pages(source: bytes, frames: bytes, *, box: tuple[float, float, float, float]) -> bytes:
    """Put page i of ``source`` inside page i of ``frames``, shrunk to fit ``box``.

    ``box`` is (left, bottom, width, height) in points on the frame page: the space the
    frame leaves free between its header and footer. Pages of ``frames`` beyond the
    source's stay as they are. Pages are never enlarged, and sit centred at the top of the box.
    """
    # pypdf edits only pages that belong to a writer: both files are cloned into one.
    sources = PdfWriter(clone_from=io.BytesIO(source))
    writer = PdfWriter(clone_from=io.BytesIO(frames))
    left, bottom, width, height = box
    for page, target in zip(sources.pages, writer.pages, strict=False):
        page.transfer_rotation_to_content()
        media = page.mediabox
        page_width, page_height = float(media.width), float(media.height)
        scale = min(1.0, width / page_width, height / page_height)
        x = left + (width - page_width * scale) / 2
        y = bottom + height - page_height * scale
        target.merge_transformed_page(
            page,
            Transformation()
            .translate(-float(media.left), -float(media.bottom))
            .scale(scale)
            .translate(x, y),
        )
    return _to_bytes(writer)
